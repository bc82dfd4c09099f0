"""The student edition: no solutions, no answers, no outputs; and the HTML pieces."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from awslab.__main__ import main
from awslab.handouts.release import student_edition
from awslab.handouts.render import banner, remote_loads
from awslab.handouts.roster import Student


def _notebook():
    nb = new_notebook(cells=[
        new_markdown_cell("# 09 · Something"),
        new_code_cell('student_id = "demo"\ninteractive = True\nshow_answers = True',
                      metadata={"tags": ["parameters"]}),
        new_code_cell("ex.e1.check(x)", execution_count=3,
                      outputs=[new_output("stream", name="stdout", text="✅ E1 passed")]),
        new_code_cell("x = 42  # the answer", metadata={"tags": ["solution"]}),
        new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 42\n"
                      "    ### END SOLUTION\nprint(f)"),
    ])
    nb.metadata["widgets"] = {"state": {}}
    return nb


def test_student_edition_strips_solutions_answers_and_outputs():
    nb = _notebook()
    edition = student_edition(nb)
    sources = [c.source for c in edition.cells]
    assert "x = 42  # the answer" not in sources and len(edition.cells) == 4
    assert edition.cells[1].source.endswith("show_answers = False")
    assert edition.cells[2].outputs == [] and edition.cells[2].execution_count is None
    assert edition.cells[3].source == "def f():\n    # YOUR CODE HERE\nprint(f)"
    assert "widgets" not in edition.metadata
    assert len(nb.cells) == 5 and nb.cells[2].outputs     # the source is untouched


def test_release_command_writes_every_chosen_notebook(tmp_path, capsys):
    source = tmp_path / "nbs"
    source.mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        nbformat.write(_notebook(), str(source / name))
    assert main(["release", "--out", str(tmp_path / "out"), "--source", str(source)]) == 0
    assert "student edition of 2 notebooks" in capsys.readouterr().out
    written = nbformat.read(str(tmp_path / "out" / "02_b.ipynb"), as_version=4)
    nbformat.validate(written)
    assert not any("solution" in c.metadata.get("tags", []) for c in written.cells)
    assert main(["release", "--out", str(tmp_path / "o2"), "--notebooks", "01",
                 "--source", str(source)]) == 0
    assert [p.name for p in (tmp_path / "o2").iterdir()] == ["01_a.ipynb"]


def test_the_course_release_has_no_solution_cells(tmp_path):
    assert main(["release", "--out", str(tmp_path)]) == 0
    released = sorted(tmp_path.glob("*.ipynb"))
    assert released
    for path in released:
        nb = nbformat.read(str(path), as_version=4)
        assert all("solution" not in c.metadata.get("tags", []) for c in nb.cells), path
        assert all(not c.get("outputs") for c in nb.cells), path


def test_banner_escapes_names_and_says_the_edition():
    student = Student("x<1>", "A & <B>", "x_1", 2)
    text = banner(student, "01 · Metrics", key=False)
    assert "A &amp; &lt;B&gt;" in text and "x&lt;1&gt;" in text
    assert "Student handout" in text
    assert "Instructor key" in banner(student, "t", key=True)


def test_remote_loads_finds_what_a_browser_would_fetch():
    assert remote_loads('<script src="https://cdn.example/x.js"></script>')
    assert remote_loads("<link rel=stylesheet href='//fonts.example/css'>")
    assert remote_loads("<style>@import url(https://fonts.example/a.css);</style>")
    assert remote_loads('<img src="http://example.com/a.png">')
    assert remote_loads('<div style="background: url(https://x/y.png)">')
    assert not remote_loads('<a href="https://docs.aws.amazon.com/">AWS docs</a>')
    assert not remote_loads('<img src="data:image/png;base64,AAAA"><script>1</script>')
