"""The comparison operators of event patterns (aws-facts 5.2), one small class each.

Every operator answers ``test(value)`` for one leaf value of the event and
``field(values)`` for all the leaf values found at its path (an array's elements are
separate values; an absent field or a non-leaf has none). ``text`` shows the operator
as the pattern wrote it, so a learner can see which one decided.
"""
from __future__ import annotations

import ipaddress
import json
import re


def is_number(value) -> bool:
    """A JSON number (``true``/``false`` are not numbers, although Python says so)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def value_key(value):
    """A hashable key under which equal JSON values meet: strings as themselves,
    numbers by value (``300`` equals ``300.0``), booleans and null apart from numbers."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ("bool", value)
    if value is None:
        return ("null",)
    if is_number(value):
        return ("num", float(value))
    return ("other", json.dumps(value, sort_keys=True))


def shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class Operator:
    """One alternative of a field's pattern array."""

    kind = "equals"

    def __init__(self, spec):
        self.spec = spec                  # the JSON as written in the pattern

    @property
    def text(self) -> str:
        return shown(self.spec)

    def test(self, value) -> bool:        # pragma: no cover - every operator overrides it
        raise NotImplementedError

    def field(self, values: list) -> bool:
        test = self.test
        for value in values:
            if test(value):
                return True
        return False

    def __repr__(self) -> str:
        return f"<{self.kind} {self.text}>"


class Equals(Operator):
    """Exact values (``["a", 300, null, ""]``); several merge into one set lookup."""

    kind = "equals"

    def __init__(self, values: list):
        super().__init__(values)
        self.keys = frozenset(value_key(v) for v in values)

    @property
    def text(self) -> str:
        return ", ".join(shown(v) for v in self.spec)

    def test(self, value) -> bool:
        return (value if isinstance(value, str) else value_key(value)) in self.keys


class Prefix(Operator):
    kind = "prefix"

    def __init__(self, spec, prefix: str, ignore_case: bool = False):
        super().__init__(spec)
        self.prefix = prefix.lower() if ignore_case else prefix
        self.ignore_case = ignore_case

    def test(self, value) -> bool:
        if not isinstance(value, str):
            return False
        return (value.lower() if self.ignore_case else value).startswith(self.prefix)


class Suffix(Prefix):
    kind = "suffix"

    def test(self, value) -> bool:
        if not isinstance(value, str):
            return False
        return (value.lower() if self.ignore_case else value).endswith(self.prefix)


class EqualsIgnoreCase(Operator):
    kind = "equals-ignore-case"

    def __init__(self, spec, text: str):
        super().__init__(spec)
        self.lowered = text.lower()

    def test(self, value) -> bool:
        return isinstance(value, str) and value.lower() == self.lowered


class Wildcard(Operator):
    kind = "wildcard"

    def __init__(self, spec, regex: re.Pattern, toks: list):
        super().__init__(spec)
        self.regex = regex
        self.toks = toks                   # literal characters and stars, for complexity

    def test(self, value) -> bool:
        return isinstance(value, str) and self.regex.fullmatch(value) is not None


class Numeric(Operator):
    """``{"numeric": [">", 0, "<=", 5]}``: JSON numbers inside the range."""

    kind = "numeric"

    def __init__(self, spec, low=None, low_open=False, high=None, high_open=False):
        super().__init__(spec)
        self.low, self.low_open, self.high, self.high_open = low, low_open, high, high_open

    def test(self, value) -> bool:
        if not is_number(value):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        if self.high is not None and (value >= self.high if self.high_open
                                      else value > self.high):
            return False
        return True


class Cidr(Operator):
    kind = "cidr"

    def __init__(self, spec, network):
        super().__init__(spec)
        self.network = network

    def test(self, value) -> bool:
        if not isinstance(value, str):
            return False
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == self.network.version and address in self.network


class Exists(Operator):
    """``{"exists": true|false}``: whether the path holds any leaf value."""

    kind = "exists"

    def __init__(self, spec, wanted: bool):
        super().__init__(spec)
        self.wanted = wanted

    def test(self, value) -> bool:
        return self.wanted

    def field(self, values: list) -> bool:
        return bool(values) == self.wanted


class AnythingBut(Operator):
    """``anything-but`` wrapping an inner operator: a value matches when the inner one
    does not. Values the inner operator cannot apply to (a number against a prefix, null
    against a string) count as "anything but" too; an absent field never matches."""

    kind = "anything-but"

    def __init__(self, spec, inner: list):
        super().__init__(spec)
        self.inner = inner

    def test(self, value) -> bool:
        for op in self.inner:
            if op.test(value):
                return False
        return True
