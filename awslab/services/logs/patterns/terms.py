"""Term patterns for unstructured events: ``ERROR``, ``"exact phrase"``, ``?OR``,
``-exclude`` and ``%regex%`` (aws-facts 3.4).

A term matches as a whole word, case-sensitively: ``ERROR`` finds ``[ERROR]`` and
``ERROR:`` but not ``ERRORS`` (use ``%ERROR%`` for any substring). Terms without a prefix
must all be present; ``-term`` must be absent; when ``?term`` terms are given, at least one
of them must be present. ``""`` and ``" "`` match every event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from awslab.services.logs.errors import PatternError
from awslab.services.logs.patterns.scanner import Scanner

WORD = "A-Za-z0-9"


@dataclass
class Term:
    """One term of a term pattern: what it looks for and how it combines."""

    text: str                      # the term, phrase or regex as written (no quotes/%)
    role: str                      # "required", "optional" (?) or "excluded" (-)
    kind: str                      # "word", "phrase" or "regex"
    regex: re.Pattern

    def spans(self, message: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.regex.finditer(message) if m.end() > m.start()] \
            if self.text else []

    def test(self) -> Callable[[str], bool]:
        """A fast test: a substring check first, the word-boundary regex only then."""
        search = self.regex.search
        if self.kind == "regex":
            return lambda m: search(m) is not None
        needle = self.text
        bounded = needle[:1].isalnum() or needle[-1:].isalnum()
        if not bounded:
            return lambda m: needle in m
        return lambda m: needle in m and search(m) is not None


def word_regex(text: str) -> re.Pattern:
    """``text`` as a whole-word regex (boundaries only where it starts/ends a word)."""
    head = f"(?<![{WORD}])" if text[:1].isalnum() else ""
    tail = f"(?![{WORD}])" if text[-1:].isalnum() else ""
    return re.compile(head + re.escape(text) + tail)


def parse_terms(text: str) -> list[Term]:
    """The terms of a term pattern, in order; raises PatternError."""
    sc = Scanner(text)
    terms: list[Term] = []
    while not sc.at_end():
        role = "optional" if sc.accept("?") else "excluded" if sc.accept("-") else \
            "required"
        if role != "required" and (sc.pos >= len(sc.text) or sc.text[sc.pos].isspace()):
            raise sc.fail(f"a {'?' if role == 'optional' else '-'} must be followed by "
                          "a term")
        if sc.peek('"'):
            phrase = sc.quoted()
            terms.append(Term(phrase, role, "phrase", word_regex(phrase) if phrase.strip()
                              else re.compile("")))
        elif sc.peek("%"):
            rx = sc.regex()
            terms.append(Term(rx.pattern, role, "regex", rx))
        else:
            word = sc.match(re.compile(r"[^\s\"]+"))
            if word is None:
                raise sc.fail("expected a term")
            if not word.isascii() or not word.isprintable():
                raise PatternError(f"Invalid character(s) in term '{word}'",
                                   f"the term {word!r} holds characters other than "
                                   "ASCII; put non-alphanumeric text in double quotes")
            terms.append(Term(word, role, "word", word_regex(word)))
    return terms


def matcher(terms: list[Term]) -> Callable[[str], bool]:
    """One function deciding a message for the whole term list."""
    if any(t.kind == "phrase" and not t.text.strip() and t.role == "required"
           for t in terms):
        terms = [t for t in terms if t.text.strip()]
    required = [t.test() for t in terms if t.role == "required"]
    excluded = [t.test() for t in terms if t.role == "excluded"]
    optional = [t.test() for t in terms if t.role == "optional"]
    if not terms:
        return lambda m: True
    if len(required) == 1 and not excluded and not optional:
        return required[0]

    def match(m: str) -> bool:
        for test in required:
            if not test(m):
                return False
        for test in excluded:
            if test(m):
                return False
        if optional:
            for test in optional:
                if test(m):
                    return True
            return False
        return True
    return match
