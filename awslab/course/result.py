"""Verdicts of exercise checks: what a checker decides, and what the learner sees.

A checker returns an :class:`Outcome` (``ok(...)`` or ``fail(...)``); the exercise
turns it into a :class:`Result`, which prints itself once. In IPython the same cell
does not echo the returned result again, so ``ex.e1.check(answer)`` as a cell's last
line shows its verdict exactly once, and ``result`` in a later cell shows it again.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import NamedTuple

HINT_TIERS = 3


class _Missing:
    """The 'no answer given' sentinel."""

    def __repr__(self) -> str:
        return "<no answer>"


MISSING = _Missing()


class Outcome(NamedTuple):
    """What a checker decides: passed or not, and why in plain words."""

    passed: bool
    message: str


def ok(message: str) -> Outcome:
    """A passing outcome with a short message (what the learner got right)."""
    return Outcome(True, message)


def fail(message: str) -> Outcome:
    """A failing outcome naming the first unmet condition in plain words."""
    return Outcome(False, message)


def _cell() -> tuple | None:
    """The running IPython cell (shell, execution count), or None outside IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return None if shell is None else (id(shell), shell.execution_count)


class Shown:
    """Text that prints itself once; IPython does not echo it again in the same cell."""

    _shown_in: tuple | None = None

    @property
    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def show(self):
        """Print the text now and remember the cell, so the cell's echo is skipped."""
        print(self.text)
        self._shown_in = _cell()
        return self

    def _ipython_display_(self):
        if self._shown_in is not None and self._shown_in == _cell():
            return
        print(self.text)

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


@dataclass(eq=False, repr=False)
class Result(Shown):
    """The verdict of one check.

    Attributes
    ----------
    notebook, exercise : str
        Where it belongs (``"01"``, ``"E1"``).
    passed : bool
        Whether the answer meets every condition (``bool(result)`` too).
    message : str
        On success what was right; on failure the first unmet condition.
    hint : str or None
        The tier-1 hint, on failure.
    """

    notebook: str
    exercise: str
    passed: bool
    message: str
    hint: str | None = None

    @property
    def text(self) -> str:
        if self.passed:
            return f"✅ {self.exercise} passed: {self.message}"
        text = f"❌ {self.exercise} not yet: {self.message}"
        if self.hint:
            text += f"\n   Hint 1/{HINT_TIERS}: {self.hint}"
        return text

    def __bool__(self) -> bool:
        return self.passed
