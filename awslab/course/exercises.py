"""Exercises that check themselves against the learner's own lab, with tiered hints.

An :class:`Exercise` is a definition (id, title, task, checker, three hints, solution);
:func:`awslab.course.exercises` binds a notebook's definitions to one learner's
:class:`~awslab.Lab` as an :class:`ExerciseSet`, whose members (``ex.e1``, ``ex.e2``...)
are :class:`BoundExercise` objects with ``check``, ``hint``, ``solution`` and ``task``.

Output is short, deterministic text (nbval compares it); ``check`` prints its verdict
and returns a :class:`~awslab.course.result.Result` (see ``result.py``).
"""
from __future__ import annotations

import os
import random
import textwrap
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from awslab.course.result import (HINT_TIERS, MISSING, Outcome, Result, fail,  # noqa: F401
                                  ok)


@dataclass(frozen=True)
class Exercise:
    """One self-checking exercise of a notebook.

    Parameters
    ----------
    id : str
        ``"E1"``, ``"E2"``...; the notebook reaches it as ``ex.e1``.
    title : str
        A few words shown in listings.
    task : str
        The task as the learner reads it; may use ``{fact}`` fields from ``facts``.
    check : callable
        ``check(ctx, answer) -> Outcome``; ``ctx`` is a :class:`Context` holding the
        lab and the facts. It computes the expected value from the learner's own lab.
    hints : tuple of 3 str
        Tier 1 (a nudge) to tier 3 (nearly the answer); may use ``{fact}`` fields.
    solution : str
        Code or text of a solution; may use ``{fact}`` fields.
    usage : str
        How to call the check, e.g. ``"ex.e1.check(max_cpu)"``.
    facts : callable, optional
        ``facts(ctx) -> dict`` of per-learner facts seeded from the lab; it must not
        call AWS (``ex.e1.start`` reads it on every attribute access).
    found : callable, optional
        ``found(ctx) -> dict`` of facts discovered through AWS calls (e.g. the
        learner's instance ID); computed only for check, task, hints and solution,
        or when such a fact is read.
    needs_answer : bool
        If False, ``check()`` may be called with no argument.
    """

    id: str
    title: str
    task: str
    check: Callable[["Context", Any], Outcome]
    hints: tuple[str, str, str]
    solution: str
    usage: str
    facts: Callable[["Context"], dict] | None = None
    needs_answer: bool = True
    found: Callable[["Context"], dict] | None = None

    def __post_init__(self):
        if len(self.hints) != HINT_TIERS:
            raise ValueError(f"{self.id}: an exercise has exactly {HINT_TIERS} hints")


@dataclass
class Context:
    """What a checker may use: the lab, seeded facts and cached clients."""

    lab: Any
    notebook: str
    exercise: str
    anchor: datetime
    given: dict
    clients: dict
    facts: dict = field(default_factory=dict)

    def rng(self, salt: str = "") -> random.Random:
        """A random generator seeded by the lab, notebook and exercise (stable)."""
        return random.Random(
            f"awslab.course:{self.lab.seed}:{self.notebook}:{self.exercise}:{salt}")

    def client(self, service: str, region: str | None = None):
        """A boto3 client of the learner's lab, made once per exercise set."""
        key = (service, region)
        if key not in self.clients:
            kw = {} if region is None else {"region_name": region}
            self.clients[key] = self.lab.client(service, **kw)
        return self.clients[key]


class _Facts(dict):
    """Formatting facts: an unknown ``{field}`` stays as written."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str, facts: dict) -> str:
    """``template`` with ``{fact}`` fields replaced; never raises."""
    try:
        return template.format_map(_Facts(facts))
    except (ValueError, AttributeError, IndexError, KeyError, TypeError):
        return template


def _debug() -> bool:
    return bool(os.environ.get("AWSLAB_DEBUG"))


class BoundExercise:
    """An exercise bound to one learner's lab: ``check``, ``hint``, ``solution``, ``task``.

    Facts of the exercise (e.g. ``start``, ``namespace``) read as attributes:
    ``ex.e1.start``.
    """

    def __init__(self, owner: "ExerciseSet", exercise: Exercise):
        self._owner = owner
        self._exercise = exercise
        self._tier = 0

    # -- facts ---------------------------------------------------------------------
    def _context(self, given: dict | None = None, discover: bool = True) -> Context:
        owner, ex = self._owner, self._exercise
        ctx = Context(owner.lab, owner.notebook, ex.id, owner.anchor,
                      {**owner.given, **(given or {})}, owner.clients)
        if ex.facts is not None:
            ctx.facts = dict(ex.facts(ctx))
        ctx.facts.update(ctx.given)
        if discover and ex.found is not None:
            ctx.facts.update(ex.found(ctx))
            ctx.facts.update(ctx.given)
        return ctx

    @property
    def facts(self) -> dict:
        """This learner's facts for the exercise (window, namespace, ...)."""
        return dict(self._context().facts)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        facts = self._context(discover=False).facts
        if name in facts:
            return facts[name]
        facts = self._context().facts
        if name in facts:
            return facts[name]
        raise AttributeError(f"{self._exercise.id} has no fact or method {name!r}; "
                             f"its facts are: {', '.join(sorted(facts)) or 'none'}")

    # -- the learner's verbs ---------------------------------------------------------
    def check(self, answer: Any = MISSING, **given) -> Result:
        """Check ``answer`` against this learner's lab and print the verdict.

        Parameters
        ----------
        answer : object
            The learner's answer (see the task for its kind).
        **given
            Facts to use for this check only, e.g. ``instance_id="i-0abc..."``.

        Returns
        -------
        Result
            Truthy when passed; its text is printed once.
        """
        ex = self._exercise
        try:
            ctx = self._context(given)
            if answer is MISSING and ex.needs_answer:
                outcome = fail(f"no answer given; call {ex.usage}")
            else:
                outcome = ex.check(ctx, answer)
            if not isinstance(outcome, Outcome):
                raise TypeError(f"checker returned {type(outcome).__name__}")
        except Exception as exc:  # a learner never gets a traceback from a check
            if _debug():
                raise
            ctx = None
            outcome = fail(f"the check could not run ({type(exc).__name__}: {exc}); "
                           "this is a problem in awslab, not in your answer")
        hint = None
        if not outcome.passed:
            self._tier = max(self._tier, 1)
            hint = fill(ex.hints[0], ctx.facts if ctx else {})
        result = Result(self._owner.notebook, ex.id, outcome.passed, outcome.message,
                        hint)
        self._owner.record(ex.id, outcome.passed)
        return result.show()

    def hint(self, tier: int | None = None) -> None:
        """Print the next hint (1, then 2, then 3: the last is nearly the answer).

        Parameters
        ----------
        tier : int, optional
            Show this tier (1-3) instead of the next one.
        """
        if tier is None:
            tier = min(self._tier + 1, HINT_TIERS)
        if not (isinstance(tier, int) and 1 <= tier <= HINT_TIERS):
            print(f"There are hints 1 to {HINT_TIERS}; try {self._exercise.id.lower()}"
                  ".hint() for the next one.")
            return
        self._tier = max(self._tier, tier)
        text = fill(self._exercise.hints[tier - 1], self._safe_facts())
        last = " (last hint)" if tier == HINT_TIERS else ""
        print(f"💡 {self._exercise.id} hint {tier}/{HINT_TIERS}{last}: {text}")

    def solution(self) -> None:
        """Print a solution if answers are shown (instructor edition), else say so."""
        ex = self._exercise
        if not self._owner.show_answers:
            print(f"🔒 The solution to {ex.id} is in the instructor edition "
                  "(show_answers=True). Try the hints: "
                  f"{self._owner.name}.{ex.id.lower()}.hint()")
            return
        print(f"🔑 {ex.id} solution:\n{fill(ex.solution, self._safe_facts())}")

    def task(self) -> None:
        """Print the task with this learner's own facts filled in."""
        ex = self._exercise
        task = textwrap.fill(fill(ex.task, self._safe_facts()), 79,
                             break_long_words=False, break_on_hyphens=False)
        print(f"📝 {ex.id} · {ex.title}\n{task}\nCheck with: {ex.usage}")

    def _safe_facts(self) -> dict:
        try:
            return self._context().facts
        except Exception:
            if _debug():
                raise
            return {}

    def __dir__(self):
        return sorted(set(super().__dir__()) | {"check", "hint", "solution", "task",
                                                "facts"})

    def __repr__(self) -> str:
        ex = self._exercise
        return (f"{ex.id} · {ex.title}: {self._owner.name}.{ex.id.lower()}.task() "
                f"shows the task; check with {ex.usage}")


class ExerciseSet:
    """The exercises of one notebook, bound to one learner's lab (``ex.e1``...)."""

    name = "ex"

    def __init__(self, notebook: str, title: str, exercises: list[Exercise], lab,
                 anchor: datetime, show_answers: bool = False, given: dict | None = None):
        self.notebook = notebook
        self.title = title
        self.lab = lab
        self.anchor = anchor
        self.show_answers = bool(show_answers)
        self.given = dict(given or {})
        self.clients: dict = {}
        self._bound = {e.id.lower(): BoundExercise(self, e) for e in exercises}
        for key, bound in self._bound.items():
            setattr(self, key, bound)

    def record(self, exercise: str, passed: bool) -> None:
        """Save one attempt to the learner's progress file (never raises)."""
        from awslab.course import progress
        progress.record(self.lab, self.notebook, exercise, passed)

    def __getitem__(self, key: str) -> BoundExercise:
        return self._bound[str(key).lower()]

    def __iter__(self):
        return iter(self._bound.values())

    def __len__(self) -> int:
        return len(self._bound)

    def __repr__(self) -> str:
        who = getattr(self.lab, "student_id", None) or f"seed {self.lab.seed}"
        lines = [f"NB{self.notebook} exercises ({self.title}) for {who}:"]
        lines += [f"  {self.name}.{k}  {b._exercise.title}" for k, b in self._bound.items()]
        lines.append(f"Each has .task(), .check(...), .hint(), .solution().")
        return "\n".join(lines)
