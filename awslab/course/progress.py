"""A learner's progress: every check's attempt, kept in a small JSON file per student.

The file is ``$AWSLAB_PROGRESS_DIR/<student_id>.json`` (default
``~/.awslab/progress``; ``AWSLAB_PROGRESS_DIR=off`` turns recording off). For each
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
import tempfile
from pathlib import Path

ENV = "AWSLAB_PROGRESS_DIR"
_noticed: set = set()


def progress_dir() -> Path | None:
    """The folder of progress files, or None when recording is off."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() in ("off", "none", "0", "false"):
        return None
    return Path(value).expanduser() if value else Path.home() / ".awslab" / "progress"


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
    return old is None or (new["passed"] and not old["passed"]) or (
        not new["passed"] and not old["passed"])


def update(data: dict, student: str, notebook: str, exercise: str, passed: bool,
           lab_time: str) -> dict:
    """Add one attempt to ``data`` (in place) and return it."""
    data["student_id"] = student
    key = f"{notebook}/{exercise}"
    entry = data["exercises"].setdefault(key, {"attempts": 0})
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    attempt = {"student_id": student, "notebook": notebook, "exercise": exercise,
               "passed": bool(passed), "attempt": entry["attempts"],
               "lab_time": lab_time}
    entry["latest"] = attempt
    if _better(attempt, entry.get("best")):
        entry["best"] = attempt
    return data


def write_atomic(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def record(lab, notebook: str, exercise: str, passed: bool) -> bool:
    """Save one attempt of ``exercise``; return whether it was saved. Never raises.

    Parameters
    ----------
    lab : awslab.Lab
        The learner's lab (student ID and simulated time come from it).
    notebook, exercise : str
        ``"01"`` and ``"E1"``.
    passed : bool
        The verdict of the attempt.
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
        update(data, student_key(lab), notebook, exercise, passed, lab_time)
        write_atomic(path, data)
        return True
    except (OSError, TypeError, AttributeError) as exc:
        if str(path.parent) not in _noticed:
            _noticed.add(str(path.parent))
            print(f"(progress not saved: {type(exc).__name__} for {path.parent}; "
                  "your checks still work)")
        return False
