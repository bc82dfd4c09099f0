"""``OUT/index.html``: the class, the notebooks and every handout's status, offline."""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from awslab.handouts.render import write_atomic

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 4px 8px; }
th { background: #f2f2f2; text-align: left; } td.built { background: #e6f4ea; }
td.kept { background: #eef3fb; } td.failed { background: #fde8e4; }
.error { font-family: monospace; white-space: pre-wrap; }
"""
LABELS = {"built": "built", "kept": "kept (built earlier)", "failed": "FAILED"}


def _cell(outcome) -> str:
    links = " ".join(f'<a href="{quote(path)}">{fmt.upper()}</a>'
                     for fmt, path in outcome.files.items()
                     if outcome.status != "failed")
    title = f' title="{html.escape(outcome.error)}"' if outcome.error else ""
    return (f'<td class="{outcome.status}"{title}>{LABELS.get(outcome.status, "")}'
            f"{' · ' + links if links else ''}</td>")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def render_index(students, notebooks, outcomes, key: bool = False) -> str:
    """The index page; ``notebooks`` is a list of ``(stem, title)``."""
    edition = "Instructor keys" if key else "Student handouts"
    by_pair = {(o.student.student_id, o.notebook): o for o in outcomes}
    counts = Counter(o.status for o in outcomes)
    head = "".join(f'<th title="{html.escape(title)}">{html.escape(stem[:2])}</th>'
                   for stem, title in notebooks)
    named = [t if t.startswith(stem[:2]) else f"{stem[:2]} {t}" for stem, t in notebooks]
    listed = "".join(f"<li>{html.escape(name)}</li>" for name in named)
    rows = []
    for s in students:
        cells = "".join(_cell(by_pair[(s.student_id, stem)]) for stem, _ in notebooks
                        if (s.student_id, stem) in by_pair)
        rows.append(f"<tr><th>{html.escape(s.name or '')}</th>"
                    f"<td><code>{html.escape(s.student_id)}</code></td>{cells}</tr>")
    failures = [f"<li><b>{html.escape(o.student.label)}</b> · {html.escape(o.notebook)}: "
                f'<span class="error">{html.escape(o.error or "")}</span></li>'
                for o in outcomes if o.status == "failed"]
    summary = ", ".join(f"{counts[k]} {LABELS[k]}" for k in LABELS if counts[k])
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>awslab · {edition}</title><style>{STYLE}</style></head><body>",
        f"<h1>awslab · {edition}</h1>",
        f"<p>{_count(len(students), 'student')} × {_count(len(notebooks), 'notebook')}: "
        f"{summary}.</p>",
        f'<ul style="list-style:none;padding:0">{listed}</ul>',
        f"<table><tr><th>Name</th><th>Student ID</th>{head}</tr>", *rows, "</table>",
        *(["<h2>Failures</h2><ul>", *failures, "</ul>"] if failures else []),
        "</body></html>", ""])


def write_index(out: Path, students, notebooks, outcomes, key: bool = False) -> Path:
    """Write ``OUT/index.html`` atomically and return its path."""
    path = Path(out) / "index.html"
    write_atomic(path, render_index(students, notebooks, outcomes, key))
    return path
