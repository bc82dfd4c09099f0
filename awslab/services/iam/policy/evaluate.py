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
                                                 LAYER_NAMES, LAYER_TITLES, Decision,
                                                 MatchedStatement, PolicyTrace, TraceStep)
from awslab.services.iam.policy.matching import ACCOUNT, ANYONE, PARENT, RANK, SELF
from awslab.services.iam.policy.request import PolicySet, Request
from awslab.services.iam.policy.statements import applies, explain

IAM_KINDS = ("Root", "IAMUser", "AssumedRole", "FederatedUser")
SESSION_KINDS = ("AssumedRole", "FederatedUser")
ORDER = ("rcp", "scp", "resource", "identity", "boundary", "session")


class _Layer:
    """One layer's policies and what applied in them."""

    __slots__ = ("name", "items", "applicable", "note", "allows", "denies", "traces",
                 "missing", "levels")

    def __init__(self, name: str, items: list, applicable: bool, note: str = ""):
        self.name, self.items, self.applicable, self.note = name, items, applicable, note
        self.allows: list = []
        self.denies: list = []
        self.traces: list = []
        self.missing: list = []
        self.levels: list = []          # labels, for SCP/RCP layers

    def best(self) -> Optional[str]:
        """The strongest principal class among the Allow statements that applied."""
        classes = [h[3] for h in self.allows]
        return max(classes, key=lambda c: RANK.get(c, 0)) if classes else None

    def allowed_levels(self) -> set:
        return {h[2] for h in self.allows}


def _scan(layer: _Layer, req: Request, has_boundary: bool, trace: bool) -> None:
    for policy, level in layer.items:
        traces = []
        for stmt in policy.statements:
            if trace:
                st = explain(stmt, req.action, req.resource, req.caller, req.ctx,
                             has_boundary)
                traces.append(st)
                for key in st.missing_keys:
                    if key not in layer.missing:
                        layer.missing.append(key)
                cls = st.match_class
            else:
                cls = applies(stmt, req, has_boundary)
            if cls is not None:
                hit = (policy, stmt, level, cls)
                (layer.denies if stmt.effect == "Deny" else layer.allows).append(hit)
        if trace:
            layer.traces.append(PolicyTrace(policy.name, policy.source, policy.kind, level,
                                            tuple(traces)))


def _org_items(levels) -> list:
    return [(p, lvl.label) for lvl in levels for p in lvl.policies]


def _layers(req: Request, ps: PolicySet) -> dict:
    kind = req.kind
    slr = req.is_service_linked_role
    rcp_levels, scp_levels = ps.rcp_levels, ps.scp_levels
    rcp_note = ("no RCPs (no organization, or RCPs not enabled)" if rcp_levels is None
                else "the resource is in the management account"
                if ps.resource_in_management_account
                else "service-linked roles are exempt" if slr else "")
    scp_note = ("no SCPs (no organization, or SCPs not enabled)" if scp_levels is None
                else "the management account is exempt" if ps.management_account
                else "service-linked roles are exempt" if slr
                else f"SCPs apply to IAM principals, not to a {kind} caller"
                if kind not in IAM_KINDS else "")
    is_iam = kind in IAM_KINDS and kind != "Root"
    layers = {
        "rcp": _Layer("rcp", _org_items(rcp_levels or ()), not rcp_note, rcp_note),
        "scp": _Layer("scp", _org_items(scp_levels or ()), not scp_note, scp_note),
        "resource": _Layer("resource", [(ps.resource, None)] if ps.resource else [],
                           ps.resource is not None, "" if ps.resource else
                           "no resource-based policy"),
        "identity": _Layer("identity", [(p, None) for p in ps.identity], is_iam,
                           "" if is_iam else f"a {kind} caller has no identity policies"),
        "boundary": _Layer("boundary", [(ps.boundary, None)] if ps.boundary else [],
                           is_iam and ps.boundary is not None,
                           "" if ps.boundary else "no permissions boundary"),
        "session": _Layer("session", [(p, None) for p in (ps.session or ())],
                          kind in SESSION_KINDS and (bool(ps.session) or
                                                     kind == "FederatedUser"),
                          "" if kind in SESSION_KINDS else "not a session"),
    }
    if kind in SESSION_KINDS and not ps.session and kind != "FederatedUser":
        layers["session"].note = "no session policy passed"
    if rcp_levels:
        layers["rcp"].levels = [lvl.label for lvl in rcp_levels]
    if scp_levels:
        layers["scp"].levels = [lvl.label for lvl in scp_levels]
    return layers


def _matched(hits: list, layer: str) -> tuple:
    return tuple(MatchedStatement(p.name, p.source, layer, s.index, s.sid, s.effect, lvl,
                                  s.start, s.end) for p, s, lvl, _ in hits)


class _Outcome:
    """The decision under construction."""

    def __init__(self, layers: dict):
        self.layers = layers
        self.outcomes = {name: ("not applicable" if not layer.applicable else "neutral")
                         for name, layer in layers.items()}
        self.notes = {name: layer.note for name, layer in layers.items()}

    def deny(self, layer: str, reason: str, policy=None) -> tuple:
        self.outcomes[layer] = "implicitDeny"
        self.notes[layer] = reason
        return (IMPLICIT_DENY, layer, policy, None, reason, ())

    def allow(self, layer: str, reason: str, granting: list) -> tuple:
        hits = [h for name in granting for h in self.layers[name].allows]
        first = hits[0] if hits else None
        for name in granting:
            self.outcomes[name] = "allow"
        matched = tuple(m for name in granting for m in _matched(self.layers[name].allows, name))
        stmt = matched[0] if matched else None
        return (ALLOWED, layer, first[0].name if first else None, stmt, reason, matched)


def _org_gate(out: _Outcome, name: str, req: Request) -> Optional[tuple]:
    layer = out.layers[name]
    if not layer.applicable:
        return None
    allowed = layer.allowed_levels()
    for label in layer.levels:
        if label not in allowed:
            kind = "SCP" if name == "scp" else "RCP"
            return out.deny(name, f"no {kind} attached at the {label} level allows "
                                  f"{req.action} (an Allow is needed at every level)")
    out.outcomes[name] = "allow"
    out.notes[name] = out.notes[name] or "every level allows"
    return None


def _identity_side(out: _Outcome, req: Request, stand_in: bool) -> Optional[tuple]:
    """Identity policy (unless a resource policy naming the role stands in), boundary,
    session policy."""
    layers = out.layers
    if req.kind != "Root" and not stand_in and not layers["identity"].allows:
        return out.deny("identity", f"no identity-based policy allows {req.action} on "
                                    f"{req.resource}")
    if layers["boundary"].applicable:
        if not layers["boundary"].allows:
            return out.deny("boundary", f"the permissions boundary does not allow "
                                        f"{req.action}", layers["boundary"].items[0][0].name)
        out.outcomes["boundary"] = "allow"
    if layers["session"].applicable:
        if not layers["session"].items:
            return out.deny("session", "a GetFederationToken session without a session "
                                       "policy has no permissions")
        if not layers["session"].allows:
            return out.deny("session", f"no session policy allows {req.action}")
        out.outcomes["session"] = "allow"
    return None


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _decide(out: _Outcome, req: Request, ps: PolicySet) -> tuple:
    layers = out.layers
    denies = [(name, h) for name in ORDER for h in layers[name].denies]
    if denies:
        name, (policy, stmt, level, _) = denies[0]
        for n in dict.fromkeys(n for n, _ in denies):
            out.outcomes[n] = "deny"
        matched = tuple(m for n in ORDER for m in _matched(layers[n].denies, n))
        return (EXPLICIT_DENY, name, policy.name, matched[0],
                f"an explicit Deny in {_a(LAYER_NAMES[name])} wins over any Allow", matched)
    for gate in ("rcp", "scp"):
        result = _org_gate(out, gate, req)
        if result:
            return result
    kind, best = req.kind, layers["resource"].best()
    if kind not in IAM_KINDS:
        if best:
            return out.allow("resource", f"the resource-based policy allows the {kind} "
                                         f"principal {req.principal}", ["resource"])
        return out.deny("resource", f"no resource-based policy allows the {kind} principal "
                                    f"{req.principal}")
    if ps.requires_resource_policy and not best:
        return out.deny("resource", f"the {ps.resource.kind if ps.resource else 'resource'}"
                                    f" policy must allow {req.principal}, and it does not")
    owner = req.resource_account or ps.resource_account or req.owner
    if owner and req.account and owner != req.account:
        return _cross_account(out, req, best, owner)
    if kind == "Root":
        return out.allow("root", "the root user may do anything that is not explicitly "
                                 "denied", ["resource"] if best else [])
    if best in (SELF, ANYONE):
        return out.allow("resource", f"within one account, a resource-based policy that "
                                     f"names the caller ({best}) allows on its own",
                         ["resource"])
    denied = _identity_side(out, req, stand_in=best == PARENT)
    if denied:
        return denied
    if best == PARENT:
        return out.allow("resource", "the resource-based policy names the caller's role "
                                     "(limited by the boundary and session policy)",
                         ["resource"])
    granting = ["identity"] + (["resource"] if best == ACCOUNT else [])
    return out.allow("identity", f"an identity-based policy allows {req.action}", granting)


def _cross_account(out: _Outcome, req: Request, best: Optional[str], owner: str) -> tuple:
    denied = _identity_side(out, req, stand_in=False)
    if denied:
        out.notes[denied[1]] += f" (in the caller's account {req.account})"
        return denied
    if not best:
        return out.deny("resource", f"cross-account request: the resource-based policy of "
                                    f"account {owner} does not allow {req.principal} "
                                    f"(both accounts must allow)")
    granting = (["identity"] if req.kind != "Root" else []) + ["resource"]
    return out.allow("resource", f"cross-account request allowed by both sides: the caller's"
                                 f" account {req.account} and the resource's {owner}",
                     granting)


def _steps(out: _Outcome, denies_note: str) -> tuple:
    steps = [TraceStep("deny", LAYER_TITLES["deny"], "deny" if denies_note else "none",
                       denies_note)]
    for name in ORDER:
        layer = out.layers[name]
        note = out.notes[name]
        if out.outcomes[name] == "neutral":
            n = len(layer.allows)
            note = (f"{n} Allow statement(s) apply, but this layer did not decide" if n
                    else "no Allow statement applies, but this layer did not decide")
        steps.append(TraceStep(name, LAYER_TITLES[name], out.outcomes[name], note,
                               tuple(layer.traces)))
    return tuple(steps)


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
        path for enforcement: same decision, no explanations.

    Returns
    -------
    Decision
    """
    layers = _layers(request, policies)
    has_boundary = policies.boundary is not None and request.kind in ("IAMUser",
                                                                       "AssumedRole")
    for layer in layers.values():
        if layer.applicable:
            _scan(layer, request, has_boundary, trace)
    out = _Outcome(layers)
    result = _decide(out, request, policies)
    eval_decision, layer, policy, stmt, reason, matched = result
    scp, boundary = layers["scp"], layers["boundary"]
    org = None
    if scp.applicable:
        org = not scp.denies and set(scp.levels) <= scp.allowed_levels()
    bnd = (not boundary.denies and bool(boundary.allows)) if boundary.applicable else None
    missing, steps = (), ()
    if trace:
        missing = tuple(dict.fromkeys(k for name in ORDER for k in layers[name].missing))
        deny_note = "; ".join(m.describe() for m in matched) \
            if eval_decision == EXPLICIT_DENY else ""
        steps = _steps(out, deny_note)
    return Decision(eval_decision == ALLOWED, eval_decision, layer, policy, stmt, reason,
                    matched, missing, org, bnd, steps, request.describe())
