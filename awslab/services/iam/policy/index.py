"""Which statements of a policy can apply to an action: an index built at parse time.

An Action pattern names its service literally (IAM rejects wildcards before the colon),
so a statement can only match actions of the services its patterns name. The index maps
each service prefix (lower-cased) to the statements that can match its actions, in
document order; statements with a ``NotAction`` or a ``"*"`` action are checked for every
service. Resolving an action runs :func:`action_hit` on those statements only and is
remembered per action (as the request spells it), so a decision on an action seen before
costs one dictionary lookup. The index belongs to the compiled statements: copies of a
policy made by :meth:`.Policy.named` share it.
"""
from __future__ import annotations

from typing import Any

#: Resolved actions remembered per policy; the memo starts over when full.
MEMO_SIZE = 2048


def action_hit(stmt: Any, action: str) -> bool:
    """Whether the ``Action``/``NotAction`` element of ``stmt`` lets ``action`` through
    (``Action`` lists it, or ``NotAction`` does not)."""
    if stmt.action_re is None:
        return stmt.actions is not None
    return (stmt.action_re.fullmatch(action) is not None) == (stmt.actions is not None)


def _services(stmt: Any) -> frozenset:
    """The lower-cased service prefixes of ``stmt``'s actions; empty: check it always."""
    if stmt.actions is None or "*" in stmt.actions:
        return frozenset()
    vendors = {a.partition(":")[0] for a in stmt.actions}
    if not all(v.isascii() and "*" not in v and "?" not in v for v in vendors):
        return frozenset()
    return frozenset(v.lower() for v in vendors)


class PolicyIndex:
    """The statements of one policy by service, and by action once resolved.

    Parameters
    ----------
    statements
        The compiled statements of the policy, in document order.
    """

    __slots__ = ("statements", "always", "by_service", "memo")

    def __init__(self, statements: tuple):
        self.statements = statements
        services = [_services(s) for s in statements]
        self.always = tuple(s for s, svc in zip(statements, services) if not svc)
        names = set().union(*services)
        self.by_service = {name: tuple(s for s, svc in zip(statements, services)
                                       if not svc or name in svc) for name in names}
        self.memo: dict = {}

    def candidates(self, action: str) -> tuple:
        """The statements whose Action element could match ``action`` (a subset, in
        document order, of those that can; before :func:`action_hit`)."""
        service = action.partition(":")[0]
        if not service.isascii():          # IGNORECASE folds some non-ASCII letters
            return self.statements
        return self.by_service.get(service.lower(), self.always)

    def lookup(self, action: str) -> tuple:
        """``(allows, denies)``: the Allow and the Deny statements whose Action element
        matches ``action``, each in document order."""
        found = self.memo.get(action)
        if found is None:
            hits = [s for s in self.candidates(action) if action_hit(s, action)]
            found = (tuple(s for s in hits if not s.deny), tuple(s for s in hits if s.deny))
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[action] = found
        return found
