"""Which module holds each notebook's exercises, and binding them to a lab.

Each check module (``awslab.course.checks.nb01`` ...) defines ``TITLE`` and
``EXERCISES``, a list of :class:`~awslab.course.exercises.Exercise`.
"""
from __future__ import annotations

import importlib
import weakref
from datetime import datetime

from awslab.course.exercises import ExerciseSet
from awslab.errors import AwslabError

_MODULES: dict[str, str] = {}      # registered by hand; otherwise found by name below
_CHECKS = "awslab.course.checks"

# The first time a lab is bound fixes its anchor, so re-binding keeps every window.
_ANCHORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def register(notebook: str, module: str) -> None:
    """Register the module holding ``notebook``'s exercises (e.g. for NB03 on)."""
    _MODULES[notebook_id(notebook)] = module


def notebooks() -> list[str]:
    """The notebook ids that have exercises, sorted (``checks/nbNN.py`` or registered)."""
    import pkgutil
    from awslab.course import checks
    found = {m.name[2:] for m in pkgutil.iter_modules(checks.__path__)
             if m.name.startswith("nb") and m.name[2:].isdigit()}
    return sorted(found | set(_MODULES))


def notebook_id(notebook) -> str:
    """Normalise ``1``, ``"1"``, ``"01"`` or ``"nb01"`` to ``"01"``."""
    text = str(notebook).strip().lower().removeprefix("nb")
    if not text.isdigit() or isinstance(notebook, bool):
        raise AwslabError(f"a notebook id looks like '01', got {notebook!r}")
    return f"{int(text):02d}"


def lab_anchor(lab) -> datetime:
    """The time a lab's exercises count from: its start, else its first binding's hour."""
    for owner, name in ((lab, "start"), (lab, "started"),
                        (getattr(lab, "clock", None), "start")):
        value = getattr(owner, name, None)
        if isinstance(value, datetime):
            return value
    try:
        return _ANCHORS[lab]
    except (KeyError, TypeError):
        anchor = lab.now.replace(minute=0, second=0, microsecond=0)
        try:
            _ANCHORS[lab] = anchor
        except TypeError:
            pass
        return anchor


def load_module(notebook):
    """The check module of ``notebook``, imported on first use."""
    nb = notebook_id(notebook)
    if nb not in notebooks():
        raise AwslabError(f"no exercises for notebook {nb!r}; notebooks with "
                          f"exercises: {', '.join(notebooks())}")
    return importlib.import_module(_MODULES.get(nb, f"{_CHECKS}.nb{nb}"))


def exercises(notebook, lab, *, show_answers: bool = False, **given) -> ExerciseSet:
    """The exercises of ``notebook`` bound to ``lab`` (``ex.e1``, ``ex.e2``...).

    Parameters
    ----------
    notebook : str or int
        ``"00"``, ``"01"``, ``"02"``...
    lab : awslab.Lab
        The learner's lab; every check computes its expected answer from it.
    show_answers : bool
        Whether ``ex.eN.solution()`` shows solutions (instructor edition).
    **given
        Facts a notebook fixes for its exercises, e.g. ``instance_id=...``.

    Returns
    -------
    ExerciseSet

    Examples
    --------
    >>> ex = course.exercises("01", lab)          # doctest: +SKIP
    >>> ex.e1.check(max_cpu)                      # doctest: +SKIP
    """
    if not all(hasattr(lab, a) for a in ("client", "now", "seed")):
        raise AwslabError("course.exercises needs your lab: "
                          f"course.exercises({notebook!r}, lab), got {lab!r}")
    module = load_module(notebook)
    return ExerciseSet(notebook_id(notebook), module.TITLE, list(module.EXERCISES), lab,
                       lab_anchor(lab), show_answers=show_answers, given=given)
