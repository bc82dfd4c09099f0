"""One request against a :class:`.Plan`: which statements applied, layer by layer.

A :class:`Scan` holds the statements that applied, as hits ``(policy, statement, level,
principal class, MatchedStatement)``. With the trace on, every statement of every
applicable layer is explained (:func:`.statements.explain`), as the trace shows them all.
With the trace off, only the statements the action selects are matched
(:func:`.statements.matches`), an unconditional one not at all: the Deny statements
first, then the Allow statements in AWS's order, the resource-based, identity-based and
session policies only while no explicit deny and no SCP/RCP level without an Allow has
decided.
"""
from __future__ import annotations

from typing import Optional

from awslab.services.iam.policy.decision import LAYER_TITLES, PolicyTrace, TraceStep
from awslab.services.iam.policy.matching import RANK
from awslab.services.iam.policy.plan import ORDER, gap, plan, statement_of
from awslab.services.iam.policy.statements import explain, matches


def best(hits) -> Optional[str]:
    """The strongest principal class among ``hits`` (see :data:`.matching.RANK`)."""
    found, rank = None, -1
    for hit in hits:
        if RANK.get(hit[3], 0) > rank:
            found, rank = hit[3], RANK.get(hit[3], 0)
    return found


#: The layers a decision reached before them (an explicit deny, an SCP/RCP gap) never
#: reads; the boundary is still reported on (``boundary_decision``).
_SKIPPABLE = ("resource", "identity", "session")


class Scan:
    """The statements that applied to one request (see the module docstring).

    Parameters
    ----------
    req, ps
        The :class:`.Request` and the :class:`.PolicySet` (its plan for this caller).
    trace
        Explain every statement (``traces``, ``missing``) rather than match.

    Attributes
    ----------
    denies
        ``(layer, hit)`` for each Deny statement that applied, in evaluation order.
    allows
        Layer -> the hits of its Allow statements.
    gaps
        SCP/RCP layer -> its first level where no Allow applied.
    outcomes, notes
        Layer -> its outcome and note, as the evaluation decides them (for the trace).
    traces, missing
        With the trace on: layer -> its :class:`.PolicyTrace` tuple, and the condition
        keys the statements looked for and the request lacked.
    """

    __slots__ = ("req", "plan", "layers", "outcomes", "notes", "denies", "allows", "gaps",
                 "traces", "missing")

    def __init__(self, req, ps, trace: bool):
        self.req = req
        self.plan = ps.plans.get((req.kind, req.is_service_linked_role)) or plan(ps, req)
        self.layers = self.plan.layers
        self.outcomes, self.notes = self.plan.outcomes.copy(), self.plan.notes.copy()
        self.traces = self.missing = None
        if trace:
            self._explain_all()
        else:
            self._match()

    def _match(self) -> None:
        """Trace off: the Deny statements, then the Allow statements layer by layer in
        AWS's order. Once the answer is known before the resource-based policy (an
        explicit deny, or an SCP/RCP level without an Allow), the resource-based,
        identity-based and session policies are not matched."""
        req, plan_ = self.req, self.plan
        has_boundary, action = plan_.has_boundary, req.action
        resolved = plan_.memo.get(action) or plan_.resolve(action)
        self.denies = denies = []
        for name, policy, stmt, level, found, hit in resolved.denies:
            if hit is None:
                cls = matches(stmt, req, has_boundary)
                if cls is None:
                    continue
                hit = (policy, stmt, level, cls, found)
            denies.append((name, hit))
        self.allows, self.gaps = allows, gaps = resolved.base.copy(), resolved.gaps.copy()
        decided = bool(denies or gaps)
        for name, candidates in resolved.pending:
            if decided and name in _SKIPPABLE:
                continue
            allows[name] = hits = []
            for policy, stmt, level, found, hit in candidates:
                if hit is None:
                    cls = matches(stmt, req, has_boundary)
                    if cls is None:
                        continue
                    hit = (policy, stmt, level, cls, found)
                hits.append(hit)
            if name in plan_.gates:
                label = gap(self.layers[name], hits)
                if label is not None:
                    gaps[name], decided = label, True

    def _explain_all(self) -> None:
        """Trace on: every statement of every applicable layer, explained."""
        req, has_boundary = self.req, self.plan.has_boundary
        self.traces, self.missing, self.denies, self.allows, self.gaps = {}, [], [], {}, {}
        for name in ORDER:
            layer, allows, traces = self.layers[name], [], []
            for policy, level in layer.items if layer.applicable else ():
                explained = []
                for stmt in policy.statements:
                    st = explain(stmt, req.action, req.resource, req.caller, req.ctx,
                                 has_boundary)
                    explained.append(st)
                    for key in st.missing_keys:
                        if key not in self.missing:
                            self.missing.append(key)
                    if st.match_class is not None:
                        hit = (policy, stmt, level, st.match_class,
                               statement_of(policy, stmt, name, level))
                        if stmt.deny:
                            self.denies.append((name, hit))
                        else:
                            allows.append(hit)
                traces.append(PolicyTrace(policy.name, policy.source, policy.kind, level,
                                          tuple(explained)))
            self.allows[name], self.traces[name] = allows, tuple(traces)
        for name in self.plan.gates:
            label = gap(self.layers[name], self.allows[name])
            if label is not None:
                self.gaps[name] = label

    def steps(self, denies_note: str) -> tuple:
        """The trace: one :class:`.TraceStep` for the explicit deny, then one per layer."""
        steps = [TraceStep("deny", LAYER_TITLES["deny"], "deny" if denies_note else "none",
                           denies_note)]
        for name in ORDER:
            note = self.notes[name]
            if self.outcomes[name] == "neutral":
                n = len(self.allows[name])
                note = (f"{n} Allow statement(s) apply, but this layer did not decide" if n
                        else "no Allow statement applies, but this layer did not decide")
            steps.append(TraceStep(name, LAYER_TITLES[name], self.outcomes[name], note,
                                   self.traces[name]))
        return tuple(steps)
