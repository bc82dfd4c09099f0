"""JSON patterns: ``{ $.a.b[0] = "x" && ($.n > 5 || $.flag IS TRUE) }`` (aws-facts 3.4).

Selectors: ``$.name``, ``$.list[0]``, ``$.a[0][1]``, ``$.list[1].id``. Conditions:
``=``/``!=`` with a string (``*`` wildcards; quote non-alphanumeric text), a number or a
``%regex%``; numeric ``< <= > >=`` (and ``=``/``!=`` with a number); ``IS NULL``,
``IS TRUE``, ``IS FALSE``, ``NOT EXISTS``. ``&&`` binds tighter than ``||``; parentheses
group. A selector that is missing, or points at an object or an array, matches nothing
except ``NOT EXISTS`` (missing). An event that is not a JSON object never matches.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from awslab.services.logs.errors import PatternError
from awslab.services.logs.patterns.scanner import NAME, NUMERIC_OPS, Scanner, Value

MISSING = object()
_INDEX = re.compile(r"\[\s*(\d+)\s*\]")


@dataclass
class Condition:
    """``selector op value`` or ``selector IS NULL`` etc."""

    selector: str
    path: tuple
    op: str                          # = != < <= > >= or "IS NULL", "IS TRUE", ...
    value: Value | None = None

    def test(self) -> Callable[[dict], bool]:
        path, op, value = self.path, self.op, self.value
        get = _getter(path)
        if op == "NOT EXISTS":
            return lambda doc: get(doc) is MISSING
        if op.startswith("IS "):
            want = {"IS NULL": None, "IS TRUE": True, "IS FALSE": False}[op]
            return lambda doc: get(doc) is want
        number = value.number
        if number is not None or op not in ("=", "!="):
            compare = NUMERIC_OPS[op]

            def numeric(doc):
                v = get(doc)
                return type(v) in (int, float) and compare(v, number)
            return numeric
        same = value.string_test()
        if op == "=":
            return lambda doc: isinstance(v := get(doc), str) and same(v)
        return lambda doc: _scalar(v := get(doc)) and not (isinstance(v, str) and same(v))

    def actual(self, doc) -> Any:
        return _getter(self.path)(doc)

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.selector} {self.op}"
        shown = f"%{self.value.text}%" if self.value.regex else (
            json.dumps(self.value.text) if self.value.quoted else self.value.text)
        return f"{self.selector} {self.op} {shown}"


def _scalar(v) -> bool:
    return v is not MISSING and not isinstance(v, (dict, list))


def _getter(path: tuple) -> Callable[[Any], Any]:
    def get(doc):
        for step in path:
            if isinstance(step, int):
                if not isinstance(doc, list) or step >= len(doc):
                    return MISSING
            elif not isinstance(doc, dict) or step not in doc:
                return MISSING
            doc = doc[step]
        return doc
    return get


@dataclass
class Node:
    """``&&``/``||`` of sub-expressions (``op``), or one condition (``cond``)."""

    op: str = ""
    children: list = None
    cond: Condition | None = None

    def conditions(self) -> list[Condition]:
        if self.cond is not None:
            return [self.cond]
        return [c for child in self.children for c in child.conditions()]

    def test(self) -> Callable[[dict], bool]:
        if self.cond is not None:
            return self.cond.test()
        tests = [c.test() for c in self.children]
        if self.op == "&&":
            return lambda doc: all(t(doc) for t in tests)
        return lambda doc: any(t(doc) for t in tests)

    def required_text(self) -> list[str]:
        """Substrings every matching message contains (a cheap pre-screen)."""
        if self.cond is not None:
            c = self.cond
            if c.op == "=" and c.value is not None and c.value.number is None and \
                    c.value.regex is None:
                return [p for p in c.value.literal_pieces()
                        if p.isascii() and p.isprintable() and not set(p) & set('"\\/')]
            return []
        if self.op == "&&":
            return [s for child in self.children for s in child.required_text()]
        return []


def _selector(sc: Scanner) -> tuple[str, tuple]:
    start = sc.pos
    sc.expect("$")
    path: list = []
    while True:
        if sc.text.startswith(".", sc.pos):
            sc.pos += 1
            name = NAME.match(sc.text, sc.pos)
            if not name:
                raise sc.fail("expected a field name after '.'")
            path.append(name.group())
            sc.pos = name.end()
        elif (m := _INDEX.match(sc.text, sc.pos)):
            path.append(int(m.group(1)))
            sc.pos = m.end()
        else:
            break
    if not path:
        raise sc.fail("a selector starts with $. or $[")
    return sc.text[start:sc.pos], tuple(path)


def _condition(sc: Scanner) -> Node:
    sc.skip()
    if not sc.peek("$"):
        raise sc.fail("expected a selector such as $.field")
    selector, path = _selector(sc)
    if sc.keyword("IS"):
        for word in ("NULL", "TRUE", "FALSE"):
            if sc.keyword(word):
                return Node(cond=Condition(selector, path, f"IS {word}"))
        raise sc.fail("IS must be followed by NULL, TRUE or FALSE (IS NOT is not "
                      "supported)")
    if sc.keyword("NOT"):
        if sc.keyword("EXISTS"):
            return Node(cond=Condition(selector, path, "NOT EXISTS"))
        raise sc.fail("NOT must be followed by EXISTS")
    if sc.keyword("EXISTS"):
        raise sc.fail("EXISTS is not supported (use NOT EXISTS, or = \"*\")")
    op = sc.operator()
    if op is None:
        raise sc.fail(f"expected an operator after {selector}")
    value = sc.value()
    if op not in ("=", "!=") and value.number is None:
        raise sc.fail(f"{op} needs a number")
    return Node(cond=Condition(selector, path, op, value))


def _primary(sc: Scanner) -> Node:
    if sc.accept("("):
        node = _or(sc)
        sc.expect(")")
        return node
    return _condition(sc)


def _and(sc: Scanner) -> Node:
    nodes = [_primary(sc)]
    while sc.accept("&&"):
        nodes.append(_primary(sc))
    return nodes[0] if len(nodes) == 1 else Node("&&", nodes)


def _or(sc: Scanner) -> Node:
    nodes = [_and(sc)]
    while sc.accept("||"):
        nodes.append(_and(sc))
    return nodes[0] if len(nodes) == 1 else Node("||", nodes)


def parse_json_pattern(text: str) -> Node:
    """The expression of ``{ ... }``; raises PatternError."""
    sc = Scanner(text)
    sc.expect("{")
    node = _or(sc)
    sc.expect("}")
    if not sc.at_end():
        raise sc.fail("unexpected text after '}'")
    return node


def load(message: str):
    """The message as a JSON object, or None when it is not one."""
    if not message.lstrip().startswith("{"):
        return None
    try:
        doc = json.loads(message)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def matcher(node: Node) -> Callable[[str], bool]:
    """One function deciding a message for a JSON pattern."""
    test = node.test()
    screen = node.required_text()
    loads = json.loads

    def match(m: str) -> bool:
        for s in screen:
            if s not in m:
                return False
        if not m.lstrip().startswith("{"):
            return False
        try:
            doc = loads(m)
        except ValueError:
            return False
        return isinstance(doc, dict) and test(doc)
    return match


def check_scalar_value(raw: Any) -> str | None:
    """A JSON value as a metric filter reads it (numbers and strings), else None."""
    if isinstance(raw, bool) or raw is MISSING or isinstance(raw, (dict, list)) or \
            raw is None:
        return None
    return raw if isinstance(raw, str) else json.dumps(raw)


def selector_path(selector: str) -> tuple:
    """The path of a ``$.a.b[0]`` selector (metric values and dimensions)."""
    sc = Scanner(selector)
    _, path = _selector(sc)
    if not sc.at_end():
        raise PatternError(detail=f"bad selector {selector!r}")
    return path


def value_at(doc: dict, path: tuple):
    """The value at ``path`` in ``doc`` (``MISSING`` when absent)."""
    return _getter(path)(doc)
