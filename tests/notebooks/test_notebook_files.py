"""Static checks of the committed notebooks: what strict nbval and papermill rely on."""
import ast
import json
import re

import nbformat
import pytest

from notebook_runs import NOTEBOOKS, code_cells, error_outputs, ids

NAME = re.compile(r"\d{2}_[a-z0-9]+(_[a-z0-9]+)*\.ipynb")
PARAMETERS = {"student_id": "demo", "interactive": True, "show_answers": False}
MACHINE_PATHS = re.compile(r"/(work|root|tmp)/")
EXERCISE = re.compile(r"your turn|exercise", re.IGNORECASE)
MAX_LINE = 79

per_notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))


def read(path):
    return nbformat.read(path, as_version=4)


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_course_has_its_first_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 3, f"expected at least 00, 01 and 02 in notebooks/, found {names}"


@per_notebook
def test_file_name(path):
    assert NAME.fullmatch(path.name), f"{path.name} is not named NN_topic.ipynb"


@per_notebook
def test_valid_nbformat(path):
    nbformat.validate(read(path))


@per_notebook
def test_kernelspec_is_python3(path):
    assert read(path).metadata.get("kernelspec", {}).get("name") == "python3"


@per_notebook
def test_execution_counts_are_1_to_n(path):
    """Strict nbval silently skips a cell with no stored count: every code cell needs one."""
    counts = [c.execution_count for c in code_cells(read(path))]
    assert counts == list(range(1, len(counts) + 1)), \
        f"execution counts {counts}: run `make refresh` (Restart & Run All)"


@per_notebook
def test_one_parameters_cell(path):
    cells = [c for c in read(path).cells if "parameters" in tags(c)]
    assert len(cells) == 1, f"{len(cells)} cells tagged 'parameters'"
    cell = cells[0]
    assert cell.cell_type == "code"
    values = {}
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    for name, value in PARAMETERS.items():
        assert name in values, f"the parameters cell does not set {name}"
        assert values[name] == value and type(values[name]) is type(value), \
            f"{name} = {values[name]!r}, expected {value!r}"


@per_notebook
def test_no_stored_errors(path):
    assert error_outputs(read(path)) == []


@per_notebook
def test_no_paths_of_this_machine(path):
    text = path.read_text(encoding="utf-8")
    found = sorted({m.group(0) + text[m.end():m.end() + 30].split('"')[0]
                    for m in MACHINE_PATHS.finditer(text)})
    assert found == [], f"absolute paths stored in the notebook: {found}"


@per_notebook
def test_figures_are_png(path):
    for n, cell in enumerate(code_cells(read(path))):
        for out in cell.get("outputs", []):
            assert "image/svg+xml" not in out.get("data", {}), \
                f"code cell {n} stores an SVG figure; strict nbval compares SVG text"


@per_notebook
def test_code_lines_fit(path):
    long = [(n, i + 1, len(line))
            for n, cell in enumerate(code_cells(read(path)))
            for i, line in enumerate(cell.source.splitlines()) if len(line) > MAX_LINE]
    assert long == [], f"(code cell, line, length) over {MAX_LINE} characters: {long}"


def heading_chain(cells, n):
    """The headings that cell ``n`` sits under, innermost first (one per level)."""
    chain, level = [], 7
    for prev in reversed(cells[:n]):
        if prev.cell_type != "markdown":
            continue
        for line in reversed(prev.source.splitlines()):
            m = re.match(r"(#{1,6})\s+(.*)", line)
            if m and len(m.group(1)) < level:
                chain.append(m.group(2))
                level = len(m.group(1))
    return chain


@per_notebook
def test_solutions_only_follow_exercises(path):
    """A cell tagged 'solution' sits in an exercise section ("Your turn" / "Exercise"),
    directly or under one of its sub-headings (e.g. "## Your turn" > "### E1 ...")."""
    cells = read(path).cells
    for n, cell in enumerate(cells):
        if "solution" in tags(cell):
            chain = heading_chain(cells, n)
            assert any(EXERCISE.search(h) for h in chain), \
                f"cell {n} is tagged 'solution' outside an exercise section: {chain}"


@per_notebook
def test_stored_as_json_with_outputs(path):
    """Committed executed: strict nbval compares the stored outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(c.get("outputs") for c in code), "no stored outputs: run `make refresh`"
