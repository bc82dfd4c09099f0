"""The plan of an evaluation: what does not depend on the request.

A :class:`Plan` holds the policies of each layer, whether the layer applies to a type of
caller and why not, and, per action, the statements whose Action element matches it (a
:class:`Resolved`, from each policy's :class:`.PolicyIndex`). It is made once per policy
set and type of caller and kept on the :class:`.PolicySet`; what it resolves is kept per
action. :mod:`.scan` matches a request against it.
"""
from __future__ import annotations

from typing import Optional

from awslab.services.iam.policy.decision import MatchedStatement
from awslab.services.iam.policy.index import MEMO_SIZE

IAM_KINDS = ("Root", "IAMUser", "AssumedRole", "FederatedUser")
SESSION_KINDS = ("AssumedRole", "FederatedUser")
ORDER = ("rcp", "scp", "resource", "identity", "boundary", "session")


class Layer:
    """One layer of a plan: its ``(policy, level)`` items, whether it applies, and the
    note the trace shows for it (why it does not apply)."""

    __slots__ = ("name", "items", "applicable", "note", "levels")

    def __init__(self, name: str, items: list, applicable: bool, note: str = "",
                 levels: tuple = ()):
        self.name, self.items, self.applicable, self.note = name, items, applicable, note
        self.levels = levels            # labels, for SCP/RCP layers


def _org_items(levels) -> list:
    return [(p, lvl.label) for lvl in levels for p in lvl.policies]


def _layers(ps, kind: str, slr: bool) -> dict:
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
    session_note = "" if kind in SESSION_KINDS else "not a session"
    if kind in SESSION_KINDS and not ps.session and kind != "FederatedUser":
        session_note = "no session policy passed"
    return {
        "rcp": Layer("rcp", _org_items(rcp_levels or ()), not rcp_note, rcp_note,
                     tuple(lvl.label for lvl in rcp_levels or ())),
        "scp": Layer("scp", _org_items(scp_levels or ()), not scp_note, scp_note,
                     tuple(lvl.label for lvl in scp_levels or ())),
        "resource": Layer("resource", [(ps.resource, None)] if ps.resource else [],
                          ps.resource is not None, "" if ps.resource else
                          "no resource-based policy"),
        "identity": Layer("identity", [(p, None) for p in ps.identity], is_iam,
                          "" if is_iam else f"a {kind} caller has no identity policies"),
        "boundary": Layer("boundary", [(ps.boundary, None)] if ps.boundary else [],
                          is_iam and ps.boundary is not None,
                          "" if ps.boundary else "no permissions boundary"),
        "session": Layer("session", [(p, None) for p in (ps.session or ())],
                         kind in SESSION_KINDS and (bool(ps.session) or
                                                    kind == "FederatedUser"),
                         session_note),
    }


class Resolved:
    """What a plan holds for one action: the statements of the applicable layers whose
    Action element matches it.

    Attributes
    ----------
    denies
        The Deny statements as ``(layer, policy, statement, level, matched, hit)``, in
        evaluation order.
    base
        Layer -> its Allow hits, for every layer whose Allow statements are all
        unconditional (the others: no hits yet).
    pending
        The other applicable layers, in order, as ``(layer, candidates)``: their Allow
        statements as ``(policy, statement, level, matched, hit)``.
    gaps
        Layer -> the first level without an Allow, for the SCP/RCP layers in ``base``.

    ``matched`` is the statement's :class:`.MatchedStatement`; ``hit`` is ready when the
    statement is :attr:`~.Statement.unconditional`, else ``None`` (match the request).
    """

    __slots__ = ("denies", "base", "pending", "gaps")

    def __init__(self, denies: tuple, base: dict, pending: tuple, gaps: dict):
        self.denies, self.base, self.pending, self.gaps = denies, base, pending, gaps


def _candidate(policy, stmt, layer: str, level) -> tuple:
    """``(policy, statement, level, matched, hit)``, as :class:`Resolved` holds them."""
    sure, found = stmt.unconditional, statement_of(policy, stmt, layer, level)
    return policy, stmt, level, found, (policy, stmt, level, sure, found) if sure else None


class Plan:
    """The layers of one policy set for one type of caller (see the module docstring).

    Parameters
    ----------
    ps
        The :class:`.PolicySet`.
    kind, slr
        The caller's principal type, and whether it is a service-linked role.
    """

    __slots__ = ("layers", "active", "gates", "outcomes", "notes", "no_hits",
                 "has_boundary", "requires_resource_policy", "memo")

    def __init__(self, ps, kind: str, slr: bool):
        self.layers = _layers(ps, kind, slr)
        self.active = tuple(n for n in ORDER if self.layers[n].applicable)
        self.gates = tuple(n for n in ("rcp", "scp") if n in self.active)
        self.outcomes = {n: "neutral" if n in self.active else "not applicable"
                         for n in ORDER}
        self.notes = {n: layer.note for n, layer in self.layers.items()}
        self.no_hits = dict.fromkeys(ORDER, ())
        self.has_boundary = ps.boundary is not None and kind in ("IAMUser", "AssumedRole")
        self.requires_resource_policy = ps.requires_resource_policy
        self.memo: dict = {}

    def resolve(self, action: str) -> Resolved:
        """The statements of the applicable layers whose Action element matches
        ``action`` (remembered per action)."""
        found = self.memo.get(action)
        if found is None:
            denies, base, pending, gaps = [], dict(self.no_hits), [], {}
            for name in self.active:
                here = []
                for policy, level in self.layers[name].items:
                    allow, deny = policy.index.lookup(action)
                    denies.extend((name,) + _candidate(policy, s, name, level)
                                  for s in deny)
                    here.extend(_candidate(policy, s, name, level) for s in allow)
                if not all(c[4] for c in here):
                    pending.append((name, tuple(here)))
                    continue
                base[name] = tuple(c[4] for c in here)
                label = gap(self.layers[name], base[name]) if name in self.gates else None
                if label is not None:
                    gaps[name] = label
            found = Resolved(tuple(denies), base, tuple(pending), gaps)
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[action] = found
        return found


def plan(ps, req) -> Plan:
    """The plan of ``ps`` for the caller of ``req`` (made once, kept on ``ps``)."""
    key = (req.kind, req.is_service_linked_role)
    found = ps.plans.get(key)
    if found is None:
        found = ps.plans[key] = Plan(ps, *key)
    return found


def gap(layer: Layer, hits) -> Optional[str]:
    """The first SCP/RCP level of ``layer`` where none of ``hits`` allows, if any."""
    allowed = {h[2] for h in hits}
    for label in layer.levels:
        if label not in allowed:
            return label
    return None


def statement_of(policy, stmt, layer: str, level) -> MatchedStatement:
    """The :class:`.MatchedStatement` of a statement of ``policy`` in ``layer`` at
    ``level`` (made once per policy copy)."""
    key = (stmt.index, layer, level)
    found = policy.cache.get(key)
    if found is None:
        found = policy.cache[key] = MatchedStatement(
            policy.name, policy.source, layer, stmt.index, stmt.sid, stmt.effect, level,
            stmt.start, stmt.end)
    return found
