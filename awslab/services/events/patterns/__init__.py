"""The EventBridge pattern matcher: a pure module (aws-facts 5.2).

>>> p = compile_pattern('{"source": ["aws.ec2"], "detail": {"state": [{"anything-but": "pending"}]}}')
>>> p.matches({"source": "aws.ec2", "detail": {"state": "stopped"}})
True
>>> p.explain({"source": "aws.ec2", "detail": {"state": "pending"}}).failed[0].path
'detail.state'

:func:`compile_pattern` validates (``InvalidEventPatternException`` with AWS's reason)
and caches; :meth:`Pattern.matches` answers as ``TestEventPattern`` does and
:meth:`Pattern.explain` says which field and operator decided.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from awslab.services.events.patterns import operators
from awslab.services.events.patterns.flatten import Flat, flatten
from awslab.services.events.patterns.parse import clauses, load

__all__ = ["Pattern", "compile_pattern", "flatten", "Flat", "FieldCheck", "Verdict",
           "operators"]
EMPTY: list = []


@dataclass
class FieldCheck:
    """One field of one clause against one event."""

    path: str
    matched: bool
    operator: operators.Operator | None     # the alternative that matched, if any
    values: list                             # the event's leaf values at this path
    alternatives: list = field(default_factory=list)


@dataclass
class Verdict:
    """``matched`` and, for each clause (one without ``$or``), the checks of its fields."""

    matched: bool
    clauses: list[list[FieldCheck]]

    @property
    def failed(self) -> list[FieldCheck]:
        """The fields that failed, in the clause that came closest to matching."""
        if self.matched or not self.clauses:
            return []
        best = min(self.clauses, key=lambda c: sum(not f.matched for f in c))
        return [f for f in best if not f.matched]


class Pattern:
    """A validated event pattern: ``source`` as given, ``clauses`` as compiled."""

    def __init__(self, source: dict, compiled: list):
        self.source = source
        self.clauses = [tuple((path, tuple(alts)) for path, alts in c) for c in compiled]

    @cached_property
    def paths(self) -> frozenset:
        """The event paths the pattern looks at."""
        return frozenset(path for clause in self.clauses for path, _ in clause)

    @property
    def text(self) -> str:
        return json.dumps(self.source, separators=(",", ":"))

    def matches(self, event) -> bool:
        """Whether ``event`` (a dict, or a :class:`Flat` from :func:`flatten`) matches."""
        flat = event if isinstance(event, Flat) else flatten(event)
        if flat.members is None:
            values = flat.values
            for clause in self.clauses:
                for path, alternatives in clause:
                    found = values.get(path, EMPTY)
                    for op in alternatives:
                        if op.field(found):
                            break
                    else:
                        break
                else:
                    return True
            return False
        return any(_consistent(clause, flat) for clause in self.clauses)

    def might_match(self, known: dict) -> bool:
        """Whether an event whose top-level fields in ``known`` have these values could
        match, whatever its other fields hold."""
        for clause in self.clauses:
            for path, alternatives in clause:
                if path in known and not any(op.field([known[path]]) for op in alternatives):
                    break
            else:
                return True
        return False

    def explain(self, event) -> Verdict:
        """The verdict with, per clause and field, the operator that decided."""
        flat = event if isinstance(event, Flat) else flatten(event)
        checks = []
        for clause in self.clauses:
            row = []
            for path, alternatives in clause:
                found = flat.values.get(path, EMPTY)
                winner = next((op for op in alternatives if op.field(found)), None)
                row.append(FieldCheck(path, winner is not None, winner, list(found),
                                      list(alternatives)))
            checks.append(row)
        return Verdict(self.matches(flat), checks)

    def __repr__(self) -> str:
        return f"Pattern({self.text})"


def _consistent(clause, flat: Flat) -> bool:
    """A clause over arrays of objects: every field from the same array elements."""
    options = []
    for path, alternatives in clause:
        found = flat.values.get(path, EMPTY)
        where = flat.members.get(path, EMPTY)
        chosen = set()
        for op in alternatives:
            if isinstance(op, operators.Exists):
                if op.field(found):
                    chosen.add(())
            else:
                chosen.update(m for v, m in zip(found, where) if op.test(v))
        if not chosen:
            return False
        options.append(sorted(chosen))

    def fits(index: int, taken: dict) -> bool:
        if index == len(options):
            return True
        for member in options[index]:
            if all(taken.get(a, i) == i for a, i in member):
                if fits(index + 1, {**taken, **dict(member)}):
                    return True
        return False
    return fits(0, {})


@lru_cache(maxsize=1024)
def _compile_text(text: str) -> Pattern:
    source = load(text)
    return Pattern(source, clauses(source))


def compile_pattern(pattern) -> Pattern:
    """A :class:`Pattern` from JSON text or a dict; raises
    ``InvalidEventPatternException`` (``Event pattern is not valid. Reason: ...``)."""
    if isinstance(pattern, Pattern):
        return pattern
    if isinstance(pattern, (str, bytes)):
        return _compile_text(pattern if isinstance(pattern, str) else pattern.decode())
    source = load(pattern)
    return Pattern(source, clauses(source))
