"""A small scanner shared by the JSON and space-delimited pattern parsers, and the
value comparisons both use (wildcards, numbers, ``%regex%``)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from awslab.services.logs.errors import PatternError

NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
NAME = re.compile(r"[A-Za-z0-9_@-]+")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BARE = re.compile(r"[^\s&|(){}\[\],\"]+")
OPERATORS = ("!=", "<=", ">=", "=", "<", ">")
#: Characters a ``%regex%`` may hold (aws-facts 3.4): alphanumerics, a few symbols and
#: the regex operators; ``(`` and ``)`` are refused (use ``\x28``/``\x29``).
REGEX_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                  " :_#=@/;,-^$?[]{}|\\*+.")
MAX_REGEX = 2


class Scanner:
    """Reads a pattern left to right; every failure is a :class:`PatternError`."""

    def __init__(self, text: str, pos: int = 0):
        self.text, self.pos = text, pos
        self.regexes = 0

    def fail(self, what: str) -> PatternError:
        near = self.text[self.pos:self.pos + 12] or "the end"
        return PatternError(detail=f"{what} at position {self.pos} (near {near!r})")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip()
        return self.pos >= len(self.text)

    def peek(self, s: str) -> bool:
        self.skip()
        return self.text.startswith(s, self.pos)

    def accept(self, s: str) -> bool:
        if self.peek(s):
            self.pos += len(s)
            return True
        return False

    def expect(self, s: str) -> None:
        if not self.accept(s):
            raise self.fail(f"expected {s!r}")

    def match(self, regex: re.Pattern) -> str | None:
        self.skip()
        m = regex.match(self.text, self.pos)
        if not m:
            return None
        self.pos = m.end()
        return m.group()

    def keyword(self, word: str) -> bool:
        """Accept ``word`` only as a whole word."""
        self.skip()
        end = self.pos + len(word)
        if self.text.startswith(word, self.pos) and (
                end >= len(self.text) or not self.text[end].isalnum()):
            self.pos = end
            return True
        return False

    def operator(self) -> str | None:
        for op in OPERATORS:
            if self.accept(op):
                return op
        return None

    def quoted(self) -> str:
        """A double-quoted string (``\\"`` escapes a quote); the scanner is at ``"``."""
        start = self.pos
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if c == '"':
                self.pos += 1
                return "".join(out)
            out.append(c)
            self.pos += 1
        self.pos = start
        raise self.fail("unterminated quoted string")

    def regex(self) -> re.Pattern:
        """A ``%regex%`` term; the scanner is at ``%``."""
        end = self.text.find("%", self.pos + 1)
        if end < 0:
            raise self.fail("unterminated %regex%")
        body = self.text[self.pos + 1:end]
        self.pos = end + 1
        self.regexes += 1
        return compile_regex(body, self.regexes)

    def value(self) -> "Value":
        """A comparison value: quoted string, ``%regex%``, number or bare word."""
        self.skip()
        if self.peek('"'):
            return Value(self.quoted(), quoted=True)
        if self.peek("%"):
            rx = self.regex()
            return Value(rx.pattern, regex=rx)
        word = self.match(BARE)
        if word is None:
            raise self.fail("expected a value")
        if not word.isascii():
            raise PatternError(f"Invalid character(s) in term '{word}'",
                               f"non-ASCII characters in the unquoted value {word!r}")
        return Value(word)


def compile_regex(body: str, count: int) -> re.Pattern:
    """A ``%regex%`` body as a Python regex, with CloudWatch's restrictions."""
    if count > MAX_REGEX:
        raise PatternError(detail=f"a filter pattern may hold at most {MAX_REGEX} "
                                  "regular expressions")
    bad = sorted({c for c in body if c not in REGEX_CHARS})
    if bad or not body:
        what = ("an empty regular expression" if not body else
                f"the character(s) {' '.join(bad)} are not allowed in a regular "
                "expression (parentheses: use \\x28 and \\x29)")
        raise PatternError(detail=what)
    try:
        return re.compile(body)
    except re.error as exc:
        raise PatternError(detail=f"bad regular expression %{body}%: {exc}") from None


def parse_number(text: str) -> float | None:
    """``text`` as a number when it is one entirely (``1e3``, ``+5``, ``-0.5``)."""
    if NUMBER.fullmatch(text):
        value = float(text)
        return value if math.isfinite(value) else None
    return None


@dataclass
class Value:
    """The right-hand side of a comparison."""

    text: str
    quoted: bool = False
    regex: re.Pattern | None = None

    @property
    def number(self) -> float | None:
        return None if self.quoted or self.regex else parse_number(self.text)

    def string_test(self) -> Callable[[str], bool]:
        """A test of a string against this value (``*`` wildcards, or the regex)."""
        if self.regex is not None:
            rx = self.regex
            return lambda s: rx.search(s) is not None
        if "*" not in self.text:
            text = self.text
            return lambda s: s == text
        parts = [re.escape(p) for p in self.text.split("*")]
        rx = re.compile(".*".join(parts), re.DOTALL)
        return lambda s: rx.fullmatch(s) is not None

    def literal_pieces(self) -> list[str]:
        """Substrings any matching text must contain (for a quick pre-screen)."""
        if self.regex is not None:
            return []
        return [p for p in self.text.split("*") if p]


NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
