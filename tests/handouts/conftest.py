"""A tiny course for the handout tests: notebooks that run in a second or two."""
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PARAMETERS = 'student_id = "demo"\ninteractive = True\nshow_answers = False'


def write_notebook(path, cells):
    nb = new_notebook(cells=[])
    for kind, source, tags in cells:
        cell = (new_markdown_cell if kind == "md" else new_code_cell)(source)
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def make_course(folder):
    """01 draws a figure and records progress; 02 fails for bob; 03 sleeps."""
    folder.mkdir(parents=True, exist_ok=True)
    write_notebook(folder / "01_tiny.ipynb", [
        ("md", "# 01 · Tiny <course>\n\nA figure and a solution.", ()),
        ("code", PARAMETERS, ("parameters",)),
        ("code", "%matplotlib inline\nimport matplotlib.pyplot as plt\n"
                 "from awslab import Lab\nfrom awslab.course import progress\n"
                 "lab = Lab(student_id=student_id)\n"
                 "progress.record(lab, '01', 'E1', True)\n"
                 "print('hello', student_id, 'answers' if show_answers else 'no answers')",
         ()),
        ("code", "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2, 3])\nplt.show()",
         ()),
        ("code", "print('SECRET-SOLUTION')", ("solution",)),
        ("code", "print('the end')", ()),
    ])
    write_notebook(folder / "02_fragile.ipynb", [
        ("md", "# 02 · Fragile", ()),
        ("code", PARAMETERS, ("parameters",)),
        ("code", "x = 1", ()),
        ("code", "if student_id == 'bob':\n    raise ValueError('bob breaks this')\n"
                 "print('fine')", ()),
    ])
    write_notebook(folder / "03_slow.ipynb", [
        ("md", "# 03 · Slow", ()),
        ("code", PARAMETERS, ("parameters",)),
        ("code", "import time\ntime.sleep(30)", ()),
    ])
    return folder


@pytest.fixture(scope="module")
def tiny_course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course") / "notebooks")
