"""The answer of :func:`.evaluate`: a :class:`Decision` with its decision trace.

The trace is an ordered list of :class:`TraceStep`, one per layer of aws-facts 9.1
(explicit deny, RCPs, SCPs, resource-based policy, identity-based policies, permissions
boundary, session policies), each with the policies considered and, per statement,
whether its Action, Resource, Principal and Conditions matched and why not.
:meth:`Decision.explain` renders it as a few deterministic lines for a notebook.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY = "allowed", "explicitDeny", "implicitDeny"

#: How AWS names each layer in AccessDenied messages and simulation results.
LAYER_NAMES = {
    "rcp": "resource control policy", "scp": "service control policy",
    "resource": "resource-based policy", "identity": "identity-based policy",
    "boundary": "permissions boundary", "session": "session policy",
    "root": "root user", "deny": "explicit deny",
}
LAYER_TITLES = {
    "deny": "Explicit deny in any policy", "rcp": "Resource control policies (RCPs)",
    "scp": "Service control policies (SCPs)", "resource": "Resource-based policy",
    "identity": "Identity-based policies", "boundary": "Permissions boundary",
    "session": "Session policies",
}


@dataclass(frozen=True)
class MatchedStatement:
    """A statement that took part in the decision (SimulatePrincipalPolicy's
    ``MatchedStatements``): its policy, layer, position in the policy and Sid."""

    policy: str
    source: str
    layer: str
    index: int
    sid: Optional[str]
    effect: str
    level: Optional[str] = None
    start: Optional[tuple] = None
    end: Optional[tuple] = None

    @property
    def label(self) -> str:
        return f'#{self.index + 1} "{self.sid}"' if self.sid else f"#{self.index + 1}"

    def describe(self) -> str:
        where = f" at {self.level}" if self.level else ""
        src = f" ({self.source})" if self.source else ""
        return (f"{LAYER_NAMES.get(self.layer, self.layer)} {self.policy or '(unnamed)'}"
                f"{src}{where}, statement {self.label}")


@dataclass(frozen=True)
class PolicyTrace:
    """One policy as the trace shows it."""

    name: str
    source: str
    kind: str
    level: Optional[str]
    statements: tuple           # StatementTrace


@dataclass(frozen=True)
class TraceStep:
    """One layer of the evaluation: its outcome and the policies it considered.

    ``outcome`` is ``allow`` (the layer allows), ``deny`` (an explicit Deny),
    ``implicitDeny`` (no Allow), ``neutral`` (consulted, but it neither allows nor
    decides) or ``not applicable``.
    """

    layer: str
    title: str
    outcome: str
    note: str
    policies: tuple = ()


@dataclass(frozen=True, init=False)
class Decision:
    """The decision on one request.

    Attributes
    ----------
    allowed
        Whether the request is allowed.
    eval_decision
        ``allowed``, ``explicitDeny`` or ``implicitDeny`` (SimulatePrincipalPolicy's
        ``EvalDecision``).
    layer
        The layer that decided: ``rcp``, ``scp``, ``resource``, ``identity``,
        ``boundary``, ``session`` or ``root``.
    policy
        The name of the deciding policy (the denying one, or the first that allowed).
    statement
        The deciding statement, if one decided (an implicit deny has none).
    reason
        One sentence saying why.
    matched_statements
        The Deny statements that matched (explicit deny), or the Allow statements of the
        layers that granted access (allowed); empty for an implicit deny.
    missing_context_values
        Condition keys the applicable statements referred to that the request did not
        carry (filled when ``trace=True``).
    organizations_decision
        Whether SCPs allow the request (``None``: no SCP applies).
    boundary_decision
        Whether the permissions boundary allows it (``None``: no boundary).
    trace
        The :class:`TraceStep` list (empty when ``trace=False``).
    """

    allowed: bool
    eval_decision: str
    layer: str
    policy: Optional[str]
    statement: Optional[MatchedStatement]
    reason: str
    matched_statements: tuple = ()
    missing_context_values: tuple = field(default=(), compare=False)
    organizations_decision: Optional[bool] = None
    boundary_decision: Optional[bool] = None
    trace: tuple = field(default=(), repr=False, compare=False)
    request_text: str = ""

    def __init__(self, allowed: bool, eval_decision: str, layer: str, policy: Optional[str],
                 statement: Optional[MatchedStatement], reason: str,
                 matched_statements: tuple = (), missing_context_values: tuple = (),
                 organizations_decision: Optional[bool] = None,
                 boundary_decision: Optional[bool] = None, trace: tuple = (),
                 request_text: str = ""):
        own = self.__dict__      # frozen: set once, here, without a setattr per field
        own["allowed"], own["eval_decision"], own["layer"] = allowed, eval_decision, layer
        own["policy"], own["statement"], own["reason"] = policy, statement, reason
        own["matched_statements"] = matched_statements
        own["missing_context_values"] = missing_context_values
        own["organizations_decision"] = organizations_decision
        own["boundary_decision"], own["trace"] = boundary_decision, trace
        own["request_text"] = request_text

    @property
    def layer_name(self) -> str:
        """The deciding layer as AWS words it (``service control policy``...)."""
        return LAYER_NAMES.get(self.layer, self.layer)

    def step(self, layer: str) -> Optional[TraceStep]:
        """The trace step of one layer (``identity``, ``scp``...), if traced."""
        return next((s for s in self.trace if s.layer == layer), None)

    def explain(self) -> str:
        """A short, deterministic, readable account of the decision (one line per layer)."""
        verdict = "ALLOW" if self.allowed else "DENY"
        lines = [f"{verdict} ({self.eval_decision}): {self.request_text}",
                 f"Why: {self.reason}"]
        if self.statement is not None:
            lines.append(f"Decided by: {self.statement.describe()}")
        for n, step in enumerate(self.trace, 1):
            lines.append(f"{n}. {step.title}: {step.outcome}"
                         + (f" - {step.note}" if step.note else ""))
            for pol in step.policies:
                where = f" at {pol.level}" if pol.level else ""
                src = f" ({pol.source})" if pol.source else ""
                lines.append(f"   {pol.name or '(unnamed)'}{src}{where}")
                for st in pol.statements:
                    if st.applies:
                        why = "; ".join(c.reason for c in st.conditions)
                        state = f"applies ({why})" if why else "applies"
                    else:
                        state = "does not apply: " + st.why_not()
                    lines.append(f"     {st.label} {st.effect}: {state}")
        if self.missing_context_values:
            lines.append("Missing context keys: " + ", ".join(self.missing_context_values))
        return "\n".join(lines)
