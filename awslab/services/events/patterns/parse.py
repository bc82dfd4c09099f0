"""Event pattern syntax: JSON text or a dict in, validated clauses out.

A pattern is an object whose leaves are arrays of alternatives; ``$or`` multiplies it into
several clauses (at most :data:`MAX_COMBINATIONS`). Every problem raises
``InvalidEventPatternException`` with the reason EventBridge gives
(``Event pattern is not valid. Reason: ...``).
"""
from __future__ import annotations

import ipaddress
import itertools
import json

from awslab.services.events.errors import invalid_pattern
from awslab.services.events.patterns import operators as ops
from awslab.services.events.patterns import wildcard

MAX_COMBINATIONS = 1000
MAX_LENGTH = 4096
NUMERIC_LOW = (">", ">=")
NUMERIC_HIGH = ("<", "<=")


def fail(reason: str):
    raise invalid_pattern(reason)


def load(pattern) -> dict:
    """The pattern as a dict (JSON text is parsed; duplicate keys: the last one wins)."""
    if isinstance(pattern, (bytes, str)):
        try:
            pattern = json.loads(pattern)
        except ValueError as exc:
            fail(f"Unexpected token in event pattern: {exc.msg} (line {exc.lineno}, "
                 f"column {exc.colno})")
    if not isinstance(pattern, dict):
        fail("Filter is not an object")
    return pattern


def clauses(pattern: dict) -> list[list[tuple[str, list]]]:
    """The pattern's clauses: each a list of ``(dotted path, [operators])`` that must
    all match; the pattern matches when any clause does."""
    out = _object(pattern, "")
    if len(out) > MAX_COMBINATIONS:
        fail(f"The event pattern has {len(out)} combinations of $or, more than the "
             f"{MAX_COMBINATIONS} allowed")
    return out


def _object(obj: dict, prefix: str) -> list[list]:
    if not obj:
        fail("Empty objects are not allowed")
    parts: list[list[list]] = []                 # per key: alternative clause fragments
    for key, value in obj.items():
        path = f"{prefix}.{key}" if prefix else key
        if key == "$or":
            parts.append(_or(value, prefix))
        elif isinstance(value, dict):
            parts.append(_object(value, path))
        elif isinstance(value, list):
            parts.append([[(path, _alternatives(value))]])
        else:
            fail(f'"{key}" must be an object or an array')
    combos = 1
    for part in parts:
        combos *= len(part)
        if combos > MAX_COMBINATIONS:
            fail(f"The event pattern has more than {MAX_COMBINATIONS} combinations of $or")
    return [[f for fragment in choice for f in fragment] for choice in itertools.product(*parts)]


def _or(value, prefix: str) -> list[list]:
    if not isinstance(value, list) or len(value) < 2 or not all(
            isinstance(v, dict) for v in value):
        fail("Value of $or must be an array of at least 2 objects")
    return [c for member in value for c in _object(member, prefix)]


def _alternatives(values: list) -> list:
    if not values:
        fail("Empty arrays are not allowed")
    plain, out = [], []
    for value in values:
        if isinstance(value, dict):
            out.append(_expression(value))
        elif isinstance(value, list):
            fail("Match value must be String, number, true, false, or null")
        else:
            plain.append(value)
    found = ([ops.Equals(plain)] if plain else []) + out
    stars = [w.toks for op in out for w in [op, *getattr(op, "inner", ())]
             if isinstance(w, ops.Wildcard)]
    if stars and wildcard.complexity(stars) > wildcard.COMPLEXITY_LIMIT:
        fail(wildcard.TOO_COMPLEX)
    return found


def _expression(expr: dict):
    if not expr:
        fail("Empty objects are not allowed")
    if len(expr) > 1:
        fail("Only one key allowed in match expression")
    (kind, arg), = expr.items()
    builder = BUILDERS.get(kind)
    if builder is None:
        fail(f"Unrecognized match type {kind}")
    return builder(expr, arg)


def _text(arg, what: str) -> str:
    if not isinstance(arg, str):
        fail(f"{what} match pattern must be a string")
    return arg


def _affix(cls, what: str):
    def build(spec, arg):
        if isinstance(arg, dict) and list(arg) == ["equals-ignore-case"]:
            return cls(spec, _text(arg["equals-ignore-case"], "equals-ignore-case"), True)
        return cls(spec, _text(arg, what))
    return build


def _equals_ignore_case(spec, arg):
    return ops.EqualsIgnoreCase(spec, _text(arg, "equals-ignore-case"))


def _wildcard(spec, arg):
    toks = wildcard.tokens(_text(arg, "wildcard"), fail)
    return ops.Wildcard(spec, wildcard.regex(toks), toks)


def _exists(spec, arg):
    if not isinstance(arg, bool):
        fail("exists match pattern must be either true or false.")
    return ops.Exists(spec, arg)


def _number(value, operator: str) -> float:
    if not ops.is_number(value):
        fail(f"Value of {operator} must be numeric")
    return value


def _numeric(spec, arg):
    if not isinstance(arg, list):
        fail("Value of numeric must be an array.")
    items = list(arg)
    if not items or not isinstance(items[0], str):
        fail(f"Invalid member in numeric match: {json.dumps(items[0]) if items else ']'}")
    op = items[0]
    if op == "=":
        if len(items) < 2:
            fail("Value of = must be numeric")
        value = _number(items[1], "=")
        if len(items) > 2:
            fail("Too many elements in numeric expression")
        return ops.Numeric(spec, value, False, value, False)
    if op not in NUMERIC_LOW + NUMERIC_HIGH:
        fail(f"Unrecognized numeric range operator: {op}")
    if len(items) < 2:
        fail(f"Value of {op} must be numeric")
    first = _number(items[1], op)
    low = high = None
    low_open = high_open = False
    if op in NUMERIC_LOW:
        low, low_open = first, op == ">"
    else:
        high, high_open = first, op == "<"
    if len(items) > 2:
        second = items[2]
        if op in NUMERIC_HIGH:
            fail("Too many elements in numeric expression")
        if not isinstance(second, str):
            fail(f"Bad value in numeric range: {json.dumps(second)}")
        if second not in NUMERIC_HIGH:
            fail(f"Bad numeric range operator: {second}")
        if len(items) < 4:
            fail(f"Value of {second} must be numeric")
        high, high_open = _number(items[3], second), second == "<"
        if len(items) > 4:
            fail("Too many elements in numeric expression")
        if low >= high:
            fail("Bottom must be less than top")
    return ops.Numeric(spec, low, low_open, high, high_open)


def _cidr(spec, arg):
    text = _text(arg, "prefix")               # EventBridge words it so, for cidr too
    halves = text.split("/")
    while halves and halves[-1] == "":        # as Java's String.split drops them
        halves.pop()
    if len(halves) != 2:
        fail("Malformed CIDR, one '/' required")
    if not halves[1].isdigit():
        fail("Malformed CIDR, mask bits must be an integer")
    try:
        address = ipaddress.ip_address(halves[0])
    except ValueError:
        fail(f"Nonstandard IP address: {halves[0]}")
    bits = int(halves[1])
    if bits > address.max_prefixlen:
        fail(f"Malformed CIDR, mask bits must be between 0 and {address.max_prefixlen}")
    return ops.Cidr(spec, ipaddress.ip_network(f"{address}/{bits}", strict=False))


# -- anything-but -------------------------------------------------------------------------
ANYTHING_BUT_VALUE = "Value of anything-but must be an array or single string/number value."


def _strings(arg, reason: str, empty: str | None = None) -> list[str]:
    values = arg if isinstance(arg, list) else [arg]
    if not values:
        fail("Empty arrays are not allowed")
    for value in values:
        if not isinstance(value, str):
            fail(reason)
        if empty and value == "":
            fail(empty)
    return values


def _anything_but(spec, arg):
    if isinstance(arg, dict):
        return ops.AnythingBut(spec, _anything_but_inner(arg))
    if isinstance(arg, list):
        if not arg:
            fail("Empty arrays are not allowed")
        if not all(isinstance(v, str) or ops.is_number(v) for v in arg):
            fail("Inside anything but list, start|null|boolean is not supported.")
        return ops.AnythingBut(spec, [ops.Equals(arg)])
    if isinstance(arg, str) or ops.is_number(arg):
        return ops.AnythingBut(spec, [ops.Equals([arg])])
    fail(ANYTHING_BUT_VALUE)


def _anything_but_inner(arg: dict) -> list:
    if len(arg) != 1:
        fail("Only one key allowed in match expression" if arg else
             "Empty objects are not allowed")
    (kind, value), = arg.items()
    if kind in ("prefix", "suffix"):
        if isinstance(value, dict):
            fail(ANYTHING_BUT_VALUE)
        cls = ops.Prefix if kind == "prefix" else ops.Suffix
        return [cls(v, v) for v in _strings(value, "prefix/suffix match pattern must be a "
                                            "string", "Null prefix/suffix not allowed")]
    if kind == "equals-ignore-case":
        return [ops.EqualsIgnoreCase(v, v) for v in _strings(
            value, "Inside anything-but/equals-ignore-case list, "
                   "number|start|null|boolean is not supported.")]
    if kind == "wildcard":
        texts = _strings(value, "wildcard match pattern must be a string")
        return [_wildcard(t, t) for t in texts]
    fail(f"Unsupported anything-but pattern: {kind}")


BUILDERS = {
    "prefix": _affix(ops.Prefix, "prefix"),
    "suffix": _affix(ops.Suffix, "suffix"),
    "equals-ignore-case": _equals_ignore_case,
    "wildcard": _wildcard,
    "exists": _exists,
    "numeric": _numeric,
    "cidr": _cidr,
    "anything-but": _anything_but,
}
