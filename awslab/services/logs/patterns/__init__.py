"""The CloudWatch Logs filter-pattern language (aws-facts 3.4), pure.

One engine serves FilterLogEvents, metric filters and subscription filters:

>>> p = compile_pattern('{ $.status >= 500 && $.path = "/api/*" }')
>>> p.matches('{"status": 503, "path": "/api/pets"}')
True

Three forms, chosen by the first character: term patterns (``ERROR ?WARN -debug
"exact phrase" %regex%``, :mod:`.terms`), JSON patterns (``{ ... }``,
:mod:`.json_pattern`) and space-delimited patterns (``[ ... ]``, :mod:`.delimited`). An
empty pattern matches every event. A bad pattern raises
:class:`~awslab.services.logs.errors.PatternError`, an ``InvalidParameterException`` with
AWS's message and a ``detail`` for learners.

Known gaps: term matching on word boundaries is our reading of AWS's documented examples;
JSON selectors with ``[*]`` and quoted keys, and the newer ``Live Tail``-only syntax are
not parsed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from awslab.services.logs.errors import PatternError
from awslab.services.logs.patterns import delimited, json_pattern, terms

__all__ = ["Pattern", "PatternError", "compile_pattern", "Explanation", "Part"]


@dataclass
class Part:
    """One piece of a pattern and how it fared on one message (for the playground)."""

    label: str                                   # the term / condition / field as written
    ok: bool                                     # did this piece hold?
    spans: list[tuple[int, int]] = field(default_factory=list)   # where, in the message
    note: str = ""                               # e.g. the value a selector found


@dataclass
class Explanation:
    """Why a message matches a pattern or not."""

    matched: bool
    parts: list[Part]
    reason: str


class Pattern:
    """A compiled filter pattern.

    Attributes
    ----------
    text : str
        The pattern as written.
    kind : str
        ``"all"`` (empty pattern), ``"terms"``, ``"json"`` or ``"delimited"``.
    """

    def __init__(self, text: str, kind: str, tree, test: Callable[[str], bool]):
        self.text, self.kind, self.tree = text, kind, tree
        self.matches: Callable[[str], bool] = test

    @property
    def fields(self) -> list[str]:
        """Named fields of a space-delimited pattern (``$name`` values)."""
        return [s.name for s in self.tree if s.name] if self.kind == "delimited" else []

    @property
    def supports_dimensions(self) -> bool:
        """Metric filter dimensions need a JSON or space-delimited pattern."""
        return self.kind in ("json", "delimited")

    def select(self, messages) -> list[bool]:
        """:meth:`matches` for many messages at once."""
        test = self.matches
        return [test(m) for m in messages]

    def extract(self, message: str) -> dict[str, str]:
        """The named fields of a space-delimited pattern (``{"$ip": "10.0.0.1"}``) when
        the message matches; ``{}`` for other patterns or no match."""
        if self.kind != "delimited":
            return {}
        fields = delimited.split_fields(message)
        tests = [s.test() for s in self.tree]
        where = delimited.assign(self.tree, tests, fields)
        if where is None:
            return {}
        return {f"${self.tree[i].name}": fields[j] for i, j in where.items()}

    def explain(self, message: str) -> Explanation:
        """Which parts of the pattern hold for ``message``, with spans to highlight."""
        from awslab.services.logs.patterns.explain import explain
        return explain(self, message)

    def __repr__(self) -> str:
        return f"Pattern({self.text!r}, kind={self.kind!r})"


@lru_cache(maxsize=512)
def compile_pattern(text: str) -> Pattern:
    """Parse and compile a filter pattern once; raises PatternError.

    Parameters
    ----------
    text : str
        The pattern, up to 1,024 characters, as PutMetricFilter, PutSubscriptionFilter
        and FilterLogEvents take it.

    Returns
    -------
    Pattern
        With ``matches(message) -> bool``, ``extract(message) -> dict`` and
        ``explain(message) -> Explanation``.

    Introduced in ``03_cloudwatch_logs.ipynb``.
    """
    if len(text) > 1024:
        raise PatternError(detail="a filter pattern is at most 1,024 characters")
    stripped = text.strip()
    if not stripped:
        return Pattern(text, "all", [], lambda m: True)
    if stripped.startswith("{"):
        node = json_pattern.parse_json_pattern(stripped)
        return Pattern(text, "json", node, json_pattern.matcher(node))
    if stripped.startswith("["):
        slots = delimited.parse_delimited(stripped)
        return Pattern(text, "delimited", slots, delimited.matcher(slots))
    found = terms.parse_terms(stripped)
    return Pattern(text, "terms", found, terms.matcher(found))
