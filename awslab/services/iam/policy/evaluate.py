"""The full IAM evaluation logic: :func:`evaluate` a :class:`.Request` against a
:class:`.PolicySet` and say which layer, policy and statement decided.

Reproduces aws-facts 9.1, 9.2, 10.2 and 10.5 (the IAM User Guide's "Policy evaluation
logic" pages and Organizations' SCP/RCP evaluation pages):

1. An explicit Deny that applies in any layer (RCP, SCP, resource-based, identity-based,
   permissions boundary, session policy) decides: ``explicitDeny``.
2. RCPs (of the resource's account; not for the management account's resources nor for
   service-linked roles) and SCPs (of the caller's account; not for the management
   account, service-linked roles or service principals) need an Allow at **every**
   level from the root to the account.
3. Within one account, a resource-based policy that names the caller itself (the IAM
   user, the role session or federated-user session ARN, or ``"*"``) allows on its own;
   one that names the role (or the IAM user behind a federated session) stands in for the
   identity policy but is still limited by the boundary and the session policy; one that
   names only the account delegates to the identity policies. Role trust policies (and
   KMS key policies) must allow the caller in any case.
4. Otherwise an identity-based Allow is needed, then the permissions boundary (if any),
   then the session policy (if any; a GetFederationToken session without one has no
   permissions).
5. Across accounts both sides must allow: the caller's account (identity policies and
   their limits) and the resource's (its resource-based policy, naming the caller or its
   account).
6. The root user of a standalone account may do anything not explicitly denied; a member
   account's root user is still bound by SCPs.

Known gaps: VPC endpoint policies, ACLs, and the root-only tasks that SCPs cannot
restrict are not modelled.
"""
from __future__ import annotations

from typing import Optional

from awslab.services.iam.policy.decision import (ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY,
                                                 LAYER_NAMES, Decision)
from awslab.services.iam.policy.matching import ACCOUNT, ANYONE, PARENT, SELF
from awslab.services.iam.policy.plan import IAM_KINDS
from awslab.services.iam.policy.request import PolicySet, Request
from awslab.services.iam.policy.scan import Scan, best as strongest


class _Outcome(Scan):
    """The decision under construction: the scan, and the answers it gives."""

    __slots__ = ()

    def deny(self, layer: str, reason: str, policy=None) -> tuple:
        self.outcomes[layer] = "implicitDeny"
        self.notes[layer] = reason
        return (IMPLICIT_DENY, layer, policy, None, reason, ())

    def allow(self, layer: str, reason: str, granting: tuple) -> tuple:
        found = []
        for name in granting:
            self.outcomes[name] = "allow"
            for hit in self.allows[name]:
                found.append(hit[4])
        first = found[0] if found else None
        return (ALLOWED, layer, first.policy if first else None, first, reason, tuple(found))


def _org_gap(out: _Outcome, name: str, req: Request) -> tuple:
    """An RCP or SCP layer without an Allow at one level (one is needed at every level)."""
    kind = "SCP" if name == "scp" else "RCP"
    return out.deny(name, f"no {kind} attached at the {out.gaps[name]} level allows "
                          f"{req.action} (an Allow is needed at every level)")


def _identity_side(out: _Outcome, req: Request, stand_in: bool) -> Optional[tuple]:
    """Identity policy (unless a resource policy naming the role stands in), boundary,
    session policy."""
    layers = out.layers
    if req.kind != "Root" and not stand_in and not out.allows["identity"]:
        return out.deny("identity", f"no identity-based policy allows {req.action} on "
                                    f"{req.resource}")
    if layers["boundary"].applicable:
        if not out.allows["boundary"]:
            return out.deny("boundary", f"the permissions boundary does not allow "
                                        f"{req.action}", layers["boundary"].items[0][0].name)
        out.outcomes["boundary"] = "allow"
    if layers["session"].applicable:
        if not layers["session"].items:
            return out.deny("session", "a GetFederationToken session without a session "
                                       "policy has no permissions")
        if not out.allows["session"]:
            return out.deny("session", f"no session policy allows {req.action}")
        out.outcomes["session"] = "allow"
    return None


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _decide(out: _Outcome, req: Request, ps: PolicySet) -> tuple:
    denies = out.denies
    if denies:
        name, policy = denies[0][0], denies[0][1][0]
        for n, _ in denies:
            out.outcomes[n] = "deny"
        found = tuple([hit[4] for _, hit in denies])
        return (EXPLICIT_DENY, name, policy.name, found[0],
                f"an explicit Deny in {_a(LAYER_NAMES[name])} wins over any Allow", found)
    for gate in out.plan.gates:
        if gate in out.gaps:
            return _org_gap(out, gate, req)
        out.outcomes[gate] = "allow"
        out.notes[gate] = out.notes[gate] or "every level allows"
    hits = out.allows["resource"]
    kind, best = req.kind, strongest(hits) if hits else None
    if kind not in IAM_KINDS:
        if best:
            return out.allow("resource", f"the resource-based policy allows the {kind} "
                                         f"principal {req.principal}", ("resource",))
        return out.deny("resource", f"no resource-based policy allows the {kind} principal "
                                    f"{req.principal}")
    if out.plan.requires_resource_policy and not best:
        return out.deny("resource", f"the {ps.resource.kind if ps.resource else 'resource'}"
                                    f" policy must allow {req.principal}, and it does not")
    owner = req.resource_account or ps.resource_account or req.owner
    if owner and req.account and owner != req.account:
        return _cross_account(out, req, best, owner)
    if kind == "Root":
        return out.allow("root", "the root user may do anything that is not explicitly "
                                 "denied", ("resource",) if best else ())
    if best in (SELF, ANYONE):
        return out.allow("resource", f"within one account, a resource-based policy that "
                                     f"names the caller ({best}) allows on its own",
                         ("resource",))
    denied = _identity_side(out, req, best == PARENT)
    if denied:
        return denied
    if best == PARENT:
        return out.allow("resource", "the resource-based policy names the caller's role "
                                     "(limited by the boundary and session policy)",
                         ("resource",))
    granting = ("identity", "resource") if best == ACCOUNT else ("identity",)
    return out.allow("identity", f"an identity-based policy allows {req.action}", granting)


def _cross_account(out: _Outcome, req: Request, best: Optional[str], owner: str) -> tuple:
    denied = _identity_side(out, req, False)
    if denied:
        out.notes[denied[1]] += f" (in the caller's account {req.account})"
        return denied
    if not best:
        return out.deny("resource", f"cross-account request: the resource-based policy of "
                                    f"account {owner} does not allow {req.principal} "
                                    f"(both accounts must allow)")
    granting = ("identity", "resource") if req.kind != "Root" else ("resource",)
    return out.allow("resource", f"cross-account request allowed by both sides: the caller's"
                                 f" account {req.account} and the resource's {owner}",
                     granting)


def evaluate(request: Request, policies: PolicySet, trace: bool = True) -> Decision:
    """Decide ``request`` against ``policies`` as AWS does (aws-facts 9.1, 9.2, 10).

    Parameters
    ----------
    request
        The caller, action, resource and condition keys.
    policies
        Every policy that may apply, by layer.
    trace
        Build the decision trace and the missing context keys. ``False`` is the fast
        path for enforcement: the same decision, without explanations, matching only
        the statements the action selects (see :mod:`.scan`).

    Returns
    -------
    Decision
    """
    out = _Outcome(request, policies, trace)
    eval_decision, layer, policy, stmt, reason, found = _decide(out, request, policies)
    denies, active = out.denies, out.plan.active
    denied = {n for n, _ in denies} if denies else ()
    org = bnd = None
    if "scp" in active:
        org = "scp" not in denied and "scp" not in out.gaps
    if "boundary" in active:
        bnd = "boundary" not in denied and bool(out.allows["boundary"])
    missing, steps = (), ()
    if trace:
        missing = tuple(out.missing)
        deny_note = "; ".join(m.describe() for m in found) \
            if eval_decision == EXPLICIT_DENY else ""
        steps = out.steps(deny_note)
    return Decision(eval_decision == ALLOWED, eval_decision, layer, policy, stmt, reason,
                    found, missing, org, bnd, steps, request.describe())
