"""Re-execute the course notebooks in place, as `Restart & Run All` would (`make refresh`).

Usage: python scripts/refresh_notebooks.py [NOTEBOOK ...]   (default: notebooks/*.ipynb)

Each notebook runs top to bottom in a fresh ``python3`` kernel of the current environment,
with its own folder as the working directory, and is saved with its outputs and execution
counts. Metadata that would change on every refresh without any change of content is left
out: per-cell execution timings and the saved widget state (its model ids are random; the
widget-view outputs keep the ids nbval ignores). Kernels get a learner's environment: no
AWSLAB_DEBUG.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120        # per cell; a rare widget-cell hang is retried once (jupyter-recipes 3.1)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, unless it is tagged
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    os.environ.pop("AWSLAB_DEBUG", None)     # the kernel inherits this environment
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks to refresh")
        return 0
    for path in paths:
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        start = time.monotonic()
        try:
            refresh(path)      # the kernel's own warnings, if any, go to stderr meanwhile
        except TimeoutError:
            print(f"{name}: a cell timed out; running it once more", flush=True)
            refresh(path)
        print(f"refreshed {name} in {time.monotonic() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
