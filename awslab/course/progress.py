"""A learner's progress: every check's attempt, kept in a small JSON file per student.

The file is ``$AWSLAB_PROGRESS_DIR/<student_id>.json`` (default
``$AWSLAB_HOME/progress``, and ``~/.awslab/progress`` without ``AWSLAB_HOME``;
``AWSLAB_PROGRESS_DIR=off`` turns recording off). For each
exercise it keeps the number of attempts, the best attempt (the first that passed,
else the latest) and the latest one, each stamped with the lab's simulated time, never
the wall clock. Writes are atomic (a temporary file renamed over the old one), and a
failure to write prints one notice and never breaks the notebook. What ``check``
prints never depends on this file.
"""
from __future__ import annotations

import json
import os
import re
import sys
import types
from pathlib import Path

ENV = "AWSLAB_PROGRESS_DIR"
HOME_ENV = "AWSLAB_HOME"
_noticed: set = set()


def progress_dir() -> Path | None:
    """The folder of progress files, or None when recording is off."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() in ("off", "none", "0", "false"):
        return None
    if value:
        return Path(value).expanduser()
    home = os.environ.get(HOME_ENV, "").strip()
    return (Path(home).expanduser() if home else Path.home() / ".awslab") / "progress"


def student_key(lab) -> str:
    """The file stem for a lab's learner: the student ID, or ``seed-<seed>``."""
    student = getattr(lab, "student_id", None) or f"seed-{getattr(lab, 'seed', 0)}"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(student))[:100] or "anonymous"


def progress_path(lab) -> Path | None:
    """The progress file of ``lab``'s learner (None when recording is off)."""
    folder = progress_dir()
    return None if folder is None else folder / f"{student_key(lab)}.json"


def load(path: Path) -> dict:
    """The progress stored at ``path`` (an empty record if there is none)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"exercises": {}}
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        raise ValueError(f"{path} is not an awslab progress file")
    return data


def _better(new: dict, old: dict | None) -> bool:
    if old is None:
        return True
    if new.get("score") is not None and old.get("score") is not None:
        return new["score"] > old["score"]
    return (new["passed"] and not old["passed"]) or (
        not new["passed"] and not old["passed"])


def update(data: dict, student: str, notebook: str, exercise: str, passed: bool,
           lab_time: str, score: float | None = None) -> dict:
    """Add one attempt to ``data`` (in place) and return it (``score``: 0 to 1)."""
    data["student_id"] = student
    key = f"{notebook}/{exercise}"
    entry = data["exercises"].setdefault(key, {"attempts": 0})
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    attempt = {"student_id": student, "notebook": notebook, "exercise": exercise,
               "passed": bool(passed), "attempt": entry["attempts"],
               "lab_time": lab_time}
    if score is not None:
        attempt["score"] = round(float(score), 4)
    entry["latest"] = attempt
    if _better(attempt, entry.get("best")):
        entry["best"] = attempt
    return data


def write_atomic(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file and a rename."""
    from awslab.atomic import write_atomic as write
    write(path, json.dumps(data, indent=1, sort_keys=True), private=True, fsync=True)


def record(lab, notebook: str, exercise: str, passed: bool,
           score: float | None = None) -> bool:
    """Save one attempt of ``exercise``; return whether it was saved. Never raises.

    Parameters
    ----------
    lab : awslab.Lab
        The learner's lab (student ID and simulated time come from it).
    notebook, exercise : str
        ``"01"`` and ``"E1"``.
    passed : bool
        The verdict of the attempt.
    score : float, optional
        A scored attempt's fraction right (0 to 1); the best attempt is the highest.
    """
    path = progress_path(lab)
    if path is None:
        return False
    try:
        try:
            data = load(path)
        except ValueError:  # keep an unreadable file aside rather than lose it
            os.replace(path, path.with_name(path.name + ".unreadable"))
            data = {"exercises": {}}
        lab_time = lab.now.isoformat().replace("+00:00", "Z")
        update(data, student_key(lab), notebook, exercise, passed, lab_time, score)
        write_atomic(path, data)
        return True
    except (OSError, TypeError, AttributeError) as exc:
        if str(path.parent) not in _noticed:
            _noticed.add(str(path.parent))
            print(f"(progress not saved: {type(exc).__name__} for {path.parent}; "
                  "your checks still work)")
        return False


# -- reading and charting -------------------------------------------------------------


def load_all(folder: Path | None = None) -> dict:
    """``{student key: progress data}`` of every readable progress file in ``folder``."""
    folder = Path(folder) if folder is not None else progress_dir()
    found = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            found[path.stem] = load(path)
        except (ValueError, OSError):
            continue
    return found


def exercise_table() -> list:
    """``[(notebook, exercise id, title)]`` of every exercise of the course, in order."""
    from awslab.course.registry import load_module, notebooks
    rows = []
    for nb in notebooks():
        rows += [(nb, e.id, e.title) for e in load_module(nb).EXERCISES]
    return rows


def status(entry: dict | None) -> str:
    """``passed``, ``tried`` (attempted, never passed) or ``todo``."""
    if not entry:
        return "todo"
    return "passed" if entry.get("best", {}).get("passed") else "tried"


def summarize(records: dict, table: list | None = None, areas=None) -> dict:
    """Counts of passed/tried/todo exercises by notebook and by area, over ``records``
    (``{student: data}``; a class sums its students), plus the exam scores."""
    from awslab.course.topics import load_map
    table = exercise_table() if table is None else table
    area_of = areas or load_map().area
    by_nb: dict = {}
    by_area: dict = {}
    for data in records.values():
        done = data.get("exercises", {})
        for nb, ex, _title in table:
            state = status(done.get(f"{nb}/{ex}"))
            for key, bucket in ((nb, by_nb), (area_of(nb), by_area)):
                bucket.setdefault(key, {"passed": 0, "tried": 0, "todo": 0})[state] += 1
    exams = [d["exercises"][EXAM_KEY] for d in records.values()
             if EXAM_KEY in d.get("exercises", {})]
    from awslab.course.registry import load_module
    titles = {nb: getattr(load_module(nb), "TITLE", "") for nb in by_nb}
    return {"notebooks": by_nb, "areas": by_area, "students": len(records),
            "titles": titles,
            "exam": {"best": [e["best"].get("score") for e in exams],
                     "latest": [e["latest"].get("score") for e in exams]}}


EXAM_KEY = "15/exam"


def chart(student=None, folder: Path | None = None):
    """A figure of progress by notebook and by area.

    Parameters
    ----------
    student : awslab.Lab or str, optional
        A learner's lab or student ID; by default the only learner recorded, or the
        whole class when several are.
    folder : path, optional
        The progress folder (default :func:`progress_dir`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from awslab.viz.progress import render
    records = load_all(folder)
    if student is not None:
        key = student_key(student) if hasattr(student, "now") else re.sub(
            r"[^A-Za-z0-9_.-]", "_", str(student))[:100]
        records = {key: records.get(key, {"exercises": {}})}
        who = key
    else:
        who = (next(iter(records)) if len(records) == 1
               else f"class of {len(records)} learners")
    return render(summarize(records), who)


class _Progress(types.ModuleType):
    """This module, callable: ``course.progress(...)`` is :func:`chart`."""

    def __call__(self, student=None, folder: Path | None = None):
        return chart(student, folder)


sys.modules[__name__].__class__ = _Progress
