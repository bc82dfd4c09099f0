"""Class rosters: a CSV file with a header row, ``student_id`` (required) and ``name``.

Every problem is reported with its line number, all at once: a missing ``student_id``
column, an empty or duplicate student, a row with more fields than the header, a
student ID with nothing left to name a file. Student IDs become safe file names
(:func:`safe_name`); the ID itself still seeds the student's lab and the real name is
shown, HTML-escaped, on the handout.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from awslab.errors import AwslabError

REQUIRED = "student_id"
MAX_NAME = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


class RosterError(AwslabError):
    """A roster that cannot be used; the message names every bad line."""


@dataclass(frozen=True)
class Student:
    """One roster row: the ID that seeds the lab, the shown name, the file name."""

    student_id: str
    name: str
    slug: str
    line: int

    @property
    def label(self) -> str:
        """``Name (id)``, or the ID alone when the roster has no name."""
        return f"{self.name} ({self.student_id})" if self.name else self.student_id


def safe_name(text: str) -> str:
    """A file name made from ``text``: ASCII letters, digits, ``.``, ``_`` and ``-`` only.

    Runs of other characters (``/``, spaces, accents...) become one ``_``; leading and
    trailing dots, dashes and underscores go, so ``..`` can never climb out of the output
    folder; Windows device names (``CON``, ``NUL``...) get a trailing ``_``. Returns ``""``
    when no letter or digit is left.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _UNSAFE.sub("_", ascii_text).strip("._-")[:MAX_NAME].strip("._-")
    if slug.split(".")[0].lower() in _RESERVED:
        slug += "_"
    return slug


def parse_roster(text: str, source: str = "roster") -> list[Student]:
    """The students of roster CSV ``text``; ``source`` names the file in errors.

    Raises
    ------
    RosterError
        Naming each bad line, e.g. ``roster.csv line 4: duplicate student 'ana' (first on
        line 2)``.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RosterError(f"{source} line 1: not CSV ({exc})") from None
    if header is None or not any(h.strip() for h in header):
        raise RosterError(f"{source} is empty: the first line must be a header row with "
                          f"a '{REQUIRED}' column (and optionally 'name')")
    columns = [h.strip().lower() for h in header]
    if REQUIRED not in columns:
        raise RosterError(f"{source} line 1: no '{REQUIRED}' column; the header row has "
                          f"{', '.join(repr(h) for h in header)}")
    errors: list[str] = []
    students: list[Student] = []
    seen_ids: dict[str, int] = {}
    seen_slugs: dict[str, tuple[int, str]] = {}
    id_at, name_at = columns.index(REQUIRED), (columns.index("name")
                                               if "name" in columns else None)
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            at = f"{source} line {line}"
            if len(row) > len(columns):
                errors.append(f"{at}: {len(row)} fields but the header has {len(columns)} "
                              "(quote names that contain commas)")
                continue
            row = row + [""] * (len(columns) - len(row))
            student_id = row[id_at].strip()
            name = " ".join(row[name_at].split()) if name_at is not None else ""
            if not student_id:
                errors.append(f"{at}: empty {REQUIRED}")
                continue
            if student_id in seen_ids:
                errors.append(f"{at}: duplicate student {student_id!r} (first on line "
                              f"{seen_ids[student_id]})")
                continue
            seen_ids[student_id] = line
            slug = safe_name(student_id)
            if not slug:
                errors.append(f"{at}: {REQUIRED} {student_id!r} has no letter or digit "
                              "to make a file name from")
                continue
            other = seen_slugs.get(slug.lower())
            if other is not None:
                errors.append(f"{at}: {REQUIRED} {student_id!r} and {other[1]!r} (line "
                              f"{other[0]}) would share the file name {slug!r}")
                continue
            seen_slugs[slug.lower()] = (line, student_id)
            students.append(Student(student_id, name, slug, line))
    except csv.Error as exc:
        errors.append(f"{source} line {reader.line_num}: not CSV ({exc})")
    if errors:
        raise RosterError(f"{source} has {len(errors)} problem"
                          f"{'s' if len(errors) > 1 else ''}:\n- " + "\n- ".join(errors))
    if not students:
        raise RosterError(f"{source} lists no students (only the header row)")
    return students


def read_roster(path) -> list[Student]:
    """The students of the roster file at ``path`` (UTF-8, with or without a BOM)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RosterError(f"roster {path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise RosterError(f"roster {path} is not UTF-8 text ({exc.reason} at byte "
                          f"{exc.start})") from None
    return parse_roster(text, source=path.name)
