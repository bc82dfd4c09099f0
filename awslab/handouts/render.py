"""One handout: run a notebook with papermill, render offline HTML, print a PDF.

* :func:`execute` runs a notebook for one student (``student_id``, ``interactive=False``,
  ``show_answers``) in a fresh ``python3`` kernel whose working directory is the notebook's
  folder, with a per-cell timeout and one retry after a timeout (papermill can hang on a
  widget cell, see jupyter-recipes section 3.1).
* :func:`to_html` renders a self-contained page: ``solution`` cells are left out of
  student handouts and kept in instructor keys (the default ``parameters`` cell is left
  out of both: papermill's injected cell shows the student's values), images are
  embedded, and nothing is
  loaded from a CDN (:data:`TEMPLATE` drops require.js, MathJax, Mermaid and the widget
  renderer; :func:`remote_loads` finds anything that would still load from the network).
* :func:`to_pdf` prints that HTML with headless Chromium (:func:`find_chromium`).

Every file is written to a temporary name in its folder and renamed
(:func:`awslab.atomic.write_atomic`).
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from awslab.atomic import write_atomic

CELL_TIMEOUT = 180          # seconds per cell; course cells take a few seconds at most
SOLUTION_TAG = "solution"
CHROMIUM_ENV = "AWSLAB_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 "--no-pdf-header-footer", "--virtual-time-budget=3000")
PDF_TIMEOUT = 120

# The lab template without anything fetched from a CDN, plus a banner naming the student.
TEMPLATE_NAME = "awslab_handout.html.j2"
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
.awslab-banner { font-family: var(--jp-ui-font-family, sans-serif); margin: 0 0 1em 0;
  padding: 0.6em 1em; border-left: 6px solid #0072B2; background: #f2f7fb; }
.awslab-banner.key { border-left-color: #D55E00; background: #fdf3ec; }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.awslab_banner }}
{%- endblock body_header -%}
"""

# Anything a browser would fetch when it opens the page: scripts, styles, images, frames,
# CSS imports and url(...) references to another host.
_REMOTE = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*"
    r"[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//"
    r"|@import\s+(?:url\()?\s*[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//", re.IGNORECASE)


class HandoutError(Exception):
    """A notebook could not be run or rendered for one student."""


@dataclass(frozen=True)
class CellFailure:
    """Where a run failed: the cell and the error it showed."""

    cell: str            # "cell [12] (code cell 7): ex.e1.check(...)"
    error: str           # "KeyError: 'x'"

    def __str__(self) -> str:
        return f"{self.cell}: {self.error}"


class ExecutionFailed(HandoutError):
    def __init__(self, failure: CellFailure):
        super().__init__(str(failure))
        self.failure = failure


def _first_line(source: str) -> str:
    lines = [line for line in source.splitlines() if line.strip()]
    text = lines[0].strip() if lines else ""
    return text if len(text) <= 70 else text[:67] + "..."


def _failure(nb, exc) -> CellFailure:
    """The failing cell of an executed notebook ``nb`` (papermill's error ``exc``)."""
    code = [c for c in nb.cells if c.cell_type == "code"
            and "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    number = next((i for i, c in enumerate(code, 1) if c.source == exc.source), None)
    where = (f"cell [{exc.exec_count}]" if exc.exec_count is not None else "a cell")
    if number is not None:
        where += f" (code cell {number})"
    return CellFailure(f"{where}: {_first_line(exc.source)}",
                       f"{exc.ename}: {exc.evalue}".strip())


def execute(notebook: Path, student_id: str, show_answers: bool, *,
            timeout: int = CELL_TIMEOUT, retries: int = 1):
    """Run ``notebook`` for one student and return the executed ``NotebookNode``.

    Raises
    ------
    ExecutionFailed
        If a cell shows an error (naming the cell), or a cell still times out after
        ``retries`` more runs.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    parameters = {"student_id": student_id, "interactive": False,
                  "show_answers": bool(show_answers)}
    attempt = 0
    while True:
        attempt += 1
        try:
            return papermill.execute_notebook(
                str(notebook), None, parameters=parameters, kernel_name="python3",
                cwd=str(notebook.parent), progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, execution_timeout=timeout)
        except PapermillExecutionError as exc:
            import nbformat
            raise ExecutionFailed(_failure(nbformat.read(str(notebook), as_version=4),
                                           exc)) from None
        except TimeoutError as exc:
            if attempt > retries:
                raise ExecutionFailed(CellFailure(
                    f"a cell still ran after {timeout} s on {attempt} runs",
                    f"TimeoutError: {exc}")) from None


def banner(student, notebook_title: str, key: bool) -> str:
    """The handout's heading: who it is for (HTML-escaped) and which edition."""
    edition = ("Instructor key: solutions and answers included" if key
               else "Student handout")
    who = html.escape(student.name or student.student_id)
    ident = html.escape(student.student_id)
    extra = f" <small>(student ID <code>{ident}</code>)</small>" if student.name else ""
    return (f'<div class="awslab-banner{" key" if key else ""}"><b>{who}</b>{extra}'
            f" · {html.escape(notebook_title)} · {edition}</div>")


_EXPORTERS: dict = {}


def _exporter(key: bool):
    """One HTMLExporter per edition and process (building one costs ~0.2 s)."""
    if key not in _EXPORTERS:
        import jinja2
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        exporter = HTMLExporter(
            template_name="lab", template_file=TEMPLATE_NAME,
            extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: TEMPLATE})],
            embed_images=True, exclude_input_prompt=False)
        # the notebook's default parameters are replaced by papermill's injected cell
        remove = {"papermill-error-cell-tag", "parameters"} | (
            set() if key else {SOLUTION_TAG})
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=remove),
                                       enabled=True)
        _EXPORTERS[key] = exporter
    return _EXPORTERS[key]


def remote_loads(page: str) -> list[str]:
    """The snippets of ``page`` that would make a browser fetch from another host."""
    return [page[m.start():m.start() + 120] for m in _REMOTE.finditer(page)]


def to_html(nb, student, notebook_title: str, key: bool) -> str:
    """The handout page of executed notebook ``nb`` (instructor key when ``key``).

    Raises
    ------
    HandoutError
        If the page would load anything from the network.
    """
    import copy
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)       # static handouts: no widget renderer
    nb.metadata["title"] = f"{notebook_title} · {student.name or student.student_id}"
    page, _ = _exporter(key).from_notebook_node(
        nb, resources={"awslab_banner": banner(student, notebook_title, key)})
    found = remote_loads(page)
    if found:
        raise HandoutError(f"the HTML would load from the network: {found[0]!r}")
    return page


def find_chromium() -> str | None:
    """Headless Chromium: ``$AWSLAB_CHROMIUM``, else the first of :data:`CHROMIUM_NAMES`
    on ``PATH`` (Debian's ``chromium`` package installs ``/usr/bin/chromium``)."""
    given = os.environ.get(CHROMIUM_ENV, "").strip()
    if given:
        return given if Path(given).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


NO_CHROMIUM = ("PDF handouts need headless Chromium, which was not found (set "
               f"{CHROMIUM_ENV}, or install it: apt-get install chromium); "
               "the HTML handouts are built without PDFs.")


def to_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (atomic).

    Raises
    ------
    HandoutError
        If Chromium fails or writes no PDF.
    """
    with tempfile.TemporaryDirectory(prefix="awslab-chromium-") as profile:
        tmp = Path(profile) / "out.pdf"
        cmd = [chromium, *CHROMIUM_ARGS, f"--user-data-dir={profile}/profile",
               f"--print-to-pdf={tmp}", html_path.resolve().as_uri()]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=PDF_TIMEOUT,
                                 stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise HandoutError(f"Chromium did not print {html_path.name} in "
                               f"{PDF_TIMEOUT} s") from None
        if not tmp.is_file() or tmp.stat().st_size == 0:
            tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
            raise HandoutError(f"Chromium wrote no PDF for {html_path.name} (exit "
                               f"{run.returncode}): {' / '.join(tail)}")
        write_atomic(pdf_path, tmp.read_bytes())
