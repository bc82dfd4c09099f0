"""The student edition of the notebooks, like nbgrader's release step.

For each notebook: cells tagged ``solution`` are removed, ``### BEGIN SOLUTION`` ...
``### END SOLUTION`` regions become ``# YOUR CODE HERE``, the parameters cell is forced
to ``show_answers = False``, and every output, execution count and saved widget state is
cleared (the outputs of a run would show the answers). Files are written atomically.
"""
from __future__ import annotations

import re
from pathlib import Path

from awslab.handouts.render import SOLUTION_TAG, write_atomic

_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n"
                     r".*?^[ \t]*### END SOLUTION[^\n]*$", re.MULTILINE | re.DOTALL)
_SHOW = re.compile(r"^(\s*show_answers\s*=\s*).*$", re.MULTILINE)


def student_edition(nb):
    """A copy of notebook ``nb`` without solutions, answers or outputs."""
    import copy
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if SOLUTION_TAG not in c.metadata.get("tags", [])]
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        cell.source = _REGION.sub(r"\1# YOUR CODE HERE", cell.source)
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = _SHOW.sub(r"\1False", cell.source)
    return nb


def release(notebooks: list, out) -> list[Path]:
    """Write the student edition of each notebook into ``out``; return the paths."""
    import nbformat
    out = Path(out)
    written = []
    for path in notebooks:
        nb = student_edition(nbformat.read(str(path), as_version=4))
        nbformat.validate(nb)
        target = out / Path(path).name
        write_atomic(target, nbformat.writes(nb) + "\n")
        written.append(target)
    return written
