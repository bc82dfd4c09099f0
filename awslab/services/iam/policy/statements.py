"""Does one statement apply to a request? The fast check and the explained one.

A statement applies when its Action/NotAction, Resource/NotResource, Principal/
NotPrincipal and every Condition match. :func:`applies` answers with the principal class
(see :mod:`.matching`) and stops at the first element that fails; :func:`matches` does
the same for a statement whose Action element is known to match (the statements a
:class:`.PolicyIndex` looked up); :func:`explain` checks every element and says why each
matched or not. All give the same answer.

``NotPrincipal`` with ``Deny`` denies an IAM user or role that has a permissions boundary
whatever it lists (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from awslab.services.iam.policy.conditions import conditions_hold, explain as explain_condition
from awslab.services.iam.policy.context import Context
from awslab.services.iam.policy.document import Statement
from awslab.services.iam.policy.index import action_hit
from awslab.services.iam.policy.matching import (ANYONE, APPLIES, EXCEPT, Caller,
                                                 compile_pieces, not_principal_excludes,
                                                 principal_match)
from awslab.services.iam.policy.variables import resolve, unresolved


@dataclass(frozen=True)
class Check:
    """One element of a statement: matched or not, and why."""

    matched: bool
    why: str


@dataclass(frozen=True)
class StatementTrace:
    """A statement checked element by element (``principal`` is ``None`` when absent)."""

    index: int
    sid: Optional[str]
    effect: str
    applies: bool
    match_class: Optional[str]
    action: Check
    resource: Optional[Check]
    principal: Optional[Check]
    conditions: tuple            # ConditionResult per key condition
    missing_keys: tuple

    @property
    def label(self) -> str:
        return f'#{self.index + 1} "{self.sid}"' if self.sid else f"#{self.index + 1}"

    def why_not(self) -> str:
        """The first element that did not match, as a short phrase."""
        for check in (self.action, self.resource, self.principal):
            if check is not None and not check.matched:
                return check.why
        for cond in self.conditions:
            if not cond.matched:
                return f"{cond.operator}: {cond.reason}"
        return ""


def _resource_in(stmt: Statement, resource: str, req) -> bool:
    """``req``: a Request (its context is built on demand) or a Context."""
    if stmt.has_static_resources:
        if stmt.resource_re is None or stmt.resource_re.fullmatch(resource):
            return True
    if not stmt.resource_templates:
        return False
    ctx = req if isinstance(req, Context) else req.ctx
    for _, template in stmt.resource_templates:
        pieces = resolve(template, ctx.get)
        if pieces is not None and compile_pieces(pieces, True).fullmatch(resource):
            return True
    return False


def matches(stmt: Statement, req, has_boundary: bool = False) -> Optional[str]:
    """Whether ``stmt`` applies to ``req`` (a :class:`.Request`) apart from its Action
    element, which the caller has matched: ``None``, or the principal class
    (:data:`APPLIES` when the statement names no principal, :data:`EXCEPT` for a
    NotPrincipal Deny). The caller and the request context are only looked at when a
    principal, a condition or a policy variable needs them."""
    if stmt.unconditional is not None:
        return stmt.unconditional
    if stmt.resources is not None:
        if not stmt.any_resource and not _resource_in(stmt, req.resource, req):
            return None
    elif stmt.not_resources is not None and _resource_in(stmt, req.resource, req):
        return None
    cls = APPLIES
    principal = stmt.principal
    if principal is not None:
        # "*" names anyone: the caller is only built when a principal is named
        cls = ANYONE if principal.everyone else principal_match(principal, req.caller)
        if cls is None:
            return None
    elif stmt.not_principal is not None:
        if not has_boundary and not_principal_excludes(stmt.not_principal, req.caller):
            return None
        cls = EXCEPT
    if stmt.conditions and not conditions_hold(stmt.conditions, req.ctx):
        return None
    return cls


def applies(stmt: Statement, req, has_boundary: bool = False) -> Optional[str]:
    """Whether ``stmt`` applies to ``req``: :func:`matches` after the Action element."""
    if not action_hit(stmt, req.action):
        return None
    return matches(stmt, req, has_boundary)


def _listed(values: tuple) -> str:
    return ", ".join(values)


def _check_action(stmt: Statement, action: str) -> Check:
    hit = action_hit(stmt, action)
    if stmt.actions is not None:
        listed = _listed(stmt.actions)
        return Check(hit, f"{action} matches Action {listed}" if hit
                     else f"{action} is not in Action {listed}")
    listed = _listed(stmt.not_actions)
    return Check(hit, f"{action} is not in NotAction {listed}" if hit
                 else f"{action} is excluded by NotAction {listed}")


def _check_resource(stmt: Statement, resource: str, ctx: Context) -> tuple:
    patterns = stmt.resources if stmt.resources is not None else stmt.not_resources
    if patterns is None:
        return None, ()
    hit = _resource_in(stmt, resource, ctx)
    missing = tuple(k for _, t in stmt.resource_templates for k in unresolved(t, ctx.get))
    note = f" (policy variable {', '.join(missing)} not resolved)" if missing else ""
    listed = _listed(patterns)
    if stmt.resources is not None:
        return Check(hit, (f"{resource} matches Resource {listed}" if hit
                           else f"{resource} is not in Resource {listed}") + note), missing
    return Check(not hit, (f"{resource} is excluded by NotResource {listed}" if hit
                           else f"{resource} is not in NotResource {listed}") + note), missing


def _check_principal(stmt: Statement, caller: Caller, has_boundary: bool) -> tuple:
    if stmt.principal is not None:
        cls = principal_match(stmt.principal, caller)
        shown = stmt.principal.describe()
        if cls is None:
            return Check(False, f"Principal {shown} does not name {caller.arn}"), None
        return Check(True, f"Principal {shown} names {caller.arn} ({cls})"), cls
    if stmt.not_principal is not None:
        shown = stmt.not_principal.describe()
        if has_boundary:
            return Check(True, f"NotPrincipal {shown}: a caller with a permissions boundary "
                               f"is never exempt"), EXCEPT
        if not_principal_excludes(stmt.not_principal, caller):
            return Check(False, f"NotPrincipal {shown} exempts {caller.arn}"), None
        return Check(True, f"NotPrincipal {shown} does not exempt {caller.arn} (its account"
                           f" and its own or role ARN must both be listed)"), EXCEPT
    return None, APPLIES


def explain(stmt: Statement, action: str, resource: str, caller: Caller, ctx: Context,
            has_boundary: bool = False) -> StatementTrace:
    """Check every element of ``stmt`` and say why each matched or not."""
    act = _check_action(stmt, action)
    res, missing = _check_resource(stmt, resource, ctx)
    prin, cls = _check_principal(stmt, caller, has_boundary)
    conds = tuple(explain_condition(c, ctx) for c in stmt.conditions)
    ok = act.matched and (res is None or res.matched) and (prin is None or prin.matched) \
        and all(c.matched for c in conds)
    keys = list(missing)
    if act.matched and (res is None or res.matched) and (prin is None or prin.matched):
        for c in conds:
            keys.extend(k for k in c.missing_keys if k not in keys)
    return StatementTrace(stmt.index, stmt.sid, stmt.effect, ok, cls if ok else None, act,
                          res, prin, conds, tuple(dict.fromkeys(keys)))
