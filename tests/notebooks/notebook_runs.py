"""Run course notebooks the way a handout build does (papermill, in-process) and read results.

Shared by the papermill and no-network tests. Every kernel started here gets the learner's
environment: no ``AWSLAB_DEBUG``, and, when asked, the network block of ``netblock.py``
installed as ``sitecustomize`` through ``PYTHONPATH``.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
SANITIZE_CFG = ROOT / "tests" / "nbval_sanitize.cfg"
NETBLOCK = Path(__file__).with_name("netblock.py")

CELL_TIMEOUT = 120          # seconds per cell; course cells take well under a second or two
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def ids(paths):
    return [p.name for p in paths]


def sanitizers():
    """The ``(regex, replacement)`` pairs of tests/nbval_sanitize.cfg, as nbval applies them."""
    pairs, regex = [], None
    for line in SANITIZE_CFG.read_text(encoding="utf-8").splitlines():
        if line.startswith("regex:"):
            regex = re.compile(line[len("regex:"):].strip())
        elif line.startswith("replace:") and regex is not None:
            pairs.append((regex, line[len("replace:"):].strip()))
            regex = None
    return pairs


def _sanitize(text, rules):
    for regex, replacement in rules:
        text = regex.sub(replacement, text)
    return text


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def error_outputs(nb):
    """``[(cell number, "EName: value")]`` for every stored error output."""
    return [(i, f"{o.get('ename')}: {o.get('evalue')}")
            for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def text_outputs(nb):
    """Per code cell, its text outputs as nbval compares them: each stream joined into one
    text (how a stream is split into outputs depends on timing), then the other outputs'
    text representations; sanitized; widget views left out."""
    rules = sanitizers()
    cells = []
    for cell in code_cells(nb):
        if "injected-parameters" in _tags(cell):
            continue
        streams, texts = {}, []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                name = out.get("name")
                streams[name] = streams.get(name, "") + out.get("text", "")
            for mime in TEXT_MIMES:
                value = out.get("data", {}).get(mime)
                if value is not None:
                    texts.append(f"{mime}: {value}")
        texts = [f"{name}: {text}" for name, text in streams.items()] + texts
        cells.append([_sanitize(t, rules) for t in texts])
    return cells


def image_outputs(nb):
    return [out["data"]["image/png"] for cell in code_cells(nb)
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


def widget_views(nb):
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]


def make_netblock_dir(folder: Path) -> Path:
    """A folder whose ``sitecustomize.py`` blocks the network in any Python started on it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(NETBLOCK, folder / "sitecustomize.py")
    return folder


@contextmanager
def kernel_environ(netblock_dir: Path | None = None, log: Path | None = None):
    """The environment kernels inherit while inside: a learner's, optionally network-blocked."""
    saved = dict(os.environ)
    try:
        os.environ.pop("AWSLAB_DEBUG", None)
        os.environ.pop("NETBLOCK_LOG", None)
        if netblock_dir is not None:
            old = os.environ.get("PYTHONPATH")
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(netblock_dir), old]))
            if log is not None:
                os.environ["NETBLOCK_LOG"] = str(log)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@dataclass
class Run:
    notebook: Path
    parameters: dict
    output: Path
    nb: object              # the executed notebook (nbformat node), or None
    error: Exception | None
    seconds: float
    netblock_log: Path | None = None

    def describe_failure(self):
        lines = [f"{self.notebook.name} {self.parameters}: {self.error!r}"]
        if self.nb is not None:
            lines += [f"  cell {i}: {e}" for i, e in error_outputs(self.nb)]
        return "\n".join(lines)

    def netblock_lines(self):
        if self.netblock_log is None or not self.netblock_log.exists():
            return []
        return self.netblock_log.read_text(encoding="utf-8").splitlines()


def _timed_out(exc):
    return "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower()


def execute(notebook: Path, output: Path, parameters: dict, *, netblock_dir=None,
            netblock_log=None, cwd: Path | None = None) -> Run:
    """papermill.execute_notebook in-process, kernel ``python3``, cwd = the notebook's folder.

    papermill has a known rare hang on Output-widget cells (jupyter-recipes 3.1): each cell has
    a timeout, and a run that times out is retried once.
    """
    import papermill

    start = time.monotonic()
    for attempt in (1, 2):
        error = None
        with kernel_environ(netblock_dir, netblock_log):
            try:
                papermill.execute_notebook(
                    str(notebook), str(output), parameters=parameters,
                    cwd=str(cwd or notebook.parent), kernel_name="python3",
                    execution_timeout=CELL_TIMEOUT, start_timeout=120,
                    progress_bar=False, log_output=False)
            except Exception as exc:  # reported by the tests, with the failing cell
                error = exc
        if error is None or not _timed_out(error):
            break
        print(f"papermill timed out on {notebook.name} (attempt {attempt}): {error}")
    nb = nbformat.read(output, as_version=4) if output.exists() else None
    return Run(notebook, parameters, output, nb, error, time.monotonic() - start,
               netblock_log)
