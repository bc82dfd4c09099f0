"""Space-delimited patterns: ``[ip, user, ..., status_code = 4*, bytes > 1000]``
(aws-facts 3.4).

An event splits into fields at spaces; text in ``"..."`` or ``[...]`` is one field (its
quotes or brackets removed). Each pattern slot names one field and may carry conditions
on it (``= != < <= > >=``, ``*`` wildcards, ``%regex%``), combined with ``&&``/``||``
and parentheses, all on that same field (a condition on another field is refused, as AWS
refuses it); ``...`` stands for any number of fields. Without ``...`` the event must have
exactly as many fields as the pattern has slots. A number compares numerically when the
field is a number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from awslab.services.logs.errors import PatternError
from awslab.services.logs.patterns.scanner import IDENT, NUMERIC_OPS, Scanner, Value, \
    parse_number

FIELD = re.compile(r'"[^"]*"|\[[^\]]*\]|\S+')


@dataclass
class Comparison:
    """``name op value`` inside one slot."""

    name: str
    op: str
    value: Value

    def test(self) -> Callable[[str], bool]:
        op, value = self.op, self.value
        number = value.number
        if number is not None:
            compare = NUMERIC_OPS[op]

            def numeric(field: str) -> bool:
                got = parse_number(field)
                if got is None:
                    return op == "!="
                return compare(got, number)
            return numeric
        same = value.string_test()
        return same if op == "=" else (lambda field: not same(field))

    def __str__(self) -> str:
        shown = f"%{self.value.text}%" if self.value.regex else (
            f'"{self.value.text}"' if self.value.quoted else self.value.text)
        return f"{self.name} {self.op} {shown}"


@dataclass
class Slot:
    """One position of the pattern: ``...``, or a named field with an optional test."""

    name: str | None                       # None for "..."
    expr: tuple | None = None              # ("cmp", Comparison) | ("&&"/"||", [exprs])
    text: str = ""

    def comparisons(self) -> list[Comparison]:
        out = []

        def walk(e):
            if e[0] == "cmp":
                out.append(e[1])
            else:
                for child in e[1]:
                    walk(child)
        if self.expr is not None:
            walk(self.expr)
        return out

    def test(self) -> Callable[[str], bool] | None:
        return None if self.expr is None else _compile(self.expr)


def _compile(expr) -> Callable[[str], bool]:
    if expr[0] == "cmp":
        return expr[1].test()
    tests = [_compile(e) for e in expr[1]]
    if expr[0] == "&&":
        return lambda f: all(t(f) for t in tests)
    return lambda f: any(t(f) for t in tests)


def _comparison(sc: Scanner, names: list) -> tuple:
    if sc.accept("("):
        expr = _or(sc, names)
        sc.expect(")")
        return expr
    name = sc.match(IDENT)
    if name is None:
        raise sc.fail("expected a field name")
    names.append(name)
    op = sc.operator()
    if op is None:
        return ("name", name)
    value = sc.value()
    if op not in ("=", "!=") and value.number is None:
        raise sc.fail(f"{op} needs a number")
    return ("cmp", Comparison(name, op, value))


def _and(sc: Scanner, names: list) -> tuple:
    items = [_comparison(sc, names)]
    while sc.accept("&&"):
        items.append(_comparison(sc, names))
    return items[0] if len(items) == 1 else ("&&", items)


def _or(sc: Scanner, names: list) -> tuple:
    items = [_and(sc, names)]
    while sc.accept("||"):
        items.append(_and(sc, names))
    return items[0] if len(items) == 1 else ("||", items)


def _slot(sc: Scanner) -> Slot:
    start = sc.pos
    if sc.accept("..."):
        return Slot(None, text="...")
    names: list[str] = []
    expr = _or(sc, names)
    text = sc.text[start:sc.pos].strip()
    if len(set(names)) != 1:
        raise PatternError(detail=f"the conditions of one field must all be on that "
                                  f"field; {text!r} names {', '.join(sorted(set(names)))}")
    if expr[0] == "name":
        return Slot(names[0], text=text)
    if _has_bare_name(expr):
        raise PatternError(detail=f"{text!r} mixes a bare field name with conditions")
    return Slot(names[0], expr, text)


def _has_bare_name(expr) -> bool:
    if expr[0] == "name":
        return True
    return expr[0] != "cmp" and any(_has_bare_name(e) for e in expr[1])


def parse_delimited(text: str) -> list[Slot]:
    """The slots of ``[ ... ]``; raises PatternError."""
    sc = Scanner(text)
    sc.expect("[")
    if sc.peek("]"):
        raise sc.fail("a space-delimited pattern needs at least one field")
    slots = [_slot(sc)]
    while sc.accept(","):
        slots.append(_slot(sc))
    sc.expect("]")
    if not sc.at_end():
        raise sc.fail("unexpected text after ']'")
    named = [s.name for s in slots if s.name]
    if len(named) != len(set(named)):
        raise PatternError(detail="a field name appears twice in the pattern")
    return slots


def split_fields(message: str) -> list[str]:
    """The fields of an event: spaces separate, ``"..."`` and ``[...]`` hold together."""
    if '"' not in message and "[" not in message:
        return message.split()
    return [_unwrap(f) for f in FIELD.findall(message)]


def field_spans(message: str) -> list[tuple[str, int, int]]:
    """Fields with their spans in ``message`` (for highlighting)."""
    return [(_unwrap(m.group()), m.start(), m.end()) for m in FIELD.finditer(message)]


def _unwrap(field: str) -> str:
    if len(field) >= 2 and ((field[0] == '"' and field[-1] == '"') or
                            (field[0] == "[" and field[-1] == "]")):
        return field[1:-1]
    return field


def assign(slots: list[Slot], tests: list, fields: list[str]) -> dict[int, int] | None:
    """Slot index -> field index for the first way ``fields`` fit ``slots`` (``...``
    absorbing any number of fields) with every test passing, or None."""
    n, m = len(slots), len(fields)
    out: dict[int, int] = {}

    def fit(i: int, j: int) -> bool:
        if i == n:
            return j == m
        if slots[i].name is None:
            return any(fit(i + 1, k) for k in range(j, m + 1))
        if j >= m:
            return False
        test = tests[i]
        if test is not None and not test(fields[j]):
            return False
        out[i] = j
        return fit(i + 1, j + 1)
    return out if fit(0, 0) else None


def matcher(slots: list[Slot]) -> Callable[[str], bool]:
    """One function deciding a message for a space-delimited pattern."""
    tests = [s.test() for s in slots]
    split = split_fields
    if all(s.name is not None for s in slots):
        count = len(slots)
        checks = [(i, t) for i, t in enumerate(tests) if t is not None]
        screen = _screen(slots)

        def exact(msg: str) -> bool:
            for s in screen:
                if s not in msg:
                    return False
            fields = split(msg)
            if len(fields) != count:
                return False
            for i, test in checks:
                if not test(fields[i]):
                    return False
            return True
        return exact
    return lambda msg: assign(slots, tests, split(msg)) is not None


def _screen(slots: list[Slot]) -> list[str]:
    """Literal text a field must contain for a slot whose test is one ``=`` string."""
    out = []
    for s in slots:
        if s.expr is not None and s.expr[0] == "cmp":
            c = s.expr[1]
            if c.op == "=" and c.value.number is None and c.value.regex is None:
                out += c.value.literal_pieces()
    return out
