"""A class's batch end to end on a tiny course: files, index, failures, reruns, keys."""
import re

import pytest

from awslab.__main__ import main
from awslab.handouts import build, parse_roster, select_notebooks
from awslab.handouts.render import find_chromium, remote_loads

ROSTER = 'student_id,name\nana,"Ana <b>Silva</b>"\nbob,Bob\n'


@pytest.fixture(scope="module")
def progress_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("progress")


@pytest.fixture(scope="module")
def batch(tiny_course, tmp_path_factory, progress_folder):
    mp = pytest.MonkeyPatch()
    mp.setenv("AWSLAB_PROGRESS_DIR", str(progress_folder))
    out = tmp_path_factory.mktemp("out")
    students = parse_roster(ROSTER)
    notebooks = select_notebooks(tiny_course, "01,2")
    try:
        yield build(students, notebooks, out, jobs=2, quiet=True), out, students, notebooks
    finally:
        mp.undo()


def test_every_pair_is_built_except_the_failing_one(batch):
    report, out, _, _ = batch
    assert [(o.student.student_id, o.notebook, o.status) for o in report.outcomes] == [
        ("ana", "01_tiny", "built"), ("ana", "02_fragile", "built"),
        ("bob", "01_tiny", "built"), ("bob", "02_fragile", "failed")]
    assert (out / "ana" / "01_tiny.html").is_file()
    assert not (out / "bob" / "02_fragile.html").exists()


def test_the_failure_names_student_notebook_and_cell(batch):
    report = batch[0]
    (failure,) = report.failures
    assert "ValueError: bob breaks this" in failure.error
    assert "(code cell 3): if student_id == 'bob':" in failure.error
    summary = report.summary()
    assert "3 built, 0 kept" in summary and "1 failed" in summary
    assert "FAILED Bob (bob) · 02_fragile: cell [" in summary


def test_student_handout_is_offline_personal_and_without_solutions(batch):
    out = batch[1]
    page = (out / "ana" / "01_tiny.html").read_text()
    assert "SECRET-SOLUTION" not in page and "the end" in page
    assert "hello ana no answers" in page
    assert '>"demo"<' not in page and '>"ana"<' in page     # only the injected parameters
    assert "Ana &lt;b&gt;Silva&lt;/b&gt;" in page and "<b>Silva</b>" not in page
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)
    assert remote_loads(page) == []
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", page)


def test_no_temporary_files_are_left_and_kernels_record_no_progress(batch,
                                                                    progress_folder):
    out = batch[1]
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    assert list(progress_folder.iterdir()) == []


def test_index_lists_class_notebooks_and_status(batch):
    out = batch[1]
    index = (out / "index.html").read_text()
    assert "2 students × 2 notebooks: 3 built, 1 FAILED" in index
    assert "01 · Tiny &lt;course&gt;" in index and "02 · Fragile" in index
    assert '<th title="02 · Fragile">02</th>' in index
    assert 'href="ana/01_tiny.html"' in index
    assert "bob breaks this" in index
    assert remote_loads(index) == []


def test_a_rerun_keeps_existing_handouts_and_force_rebuilds(batch):
    report, out, students, notebooks = batch
    page = out / "ana" / "01_tiny.html"
    page.write_text("kept")
    again = build(students[:1], notebooks[:1], out, quiet=True)
    assert [o.status for o in again.outcomes] == ["kept"]
    assert page.read_text() == "kept"
    forced = build(students[:1], notebooks[:1], out, force=True, quiet=True)
    assert [o.status for o in forced.outcomes] == ["built"]
    assert "hello ana" in page.read_text()


def test_instructor_keys_keep_solutions(tiny_course, tmp_path):
    report = build(parse_roster("student_id\nana\n"), select_notebooks(tiny_course, "01"),
                   tmp_path, key=True, quiet=True)
    assert [o.status for o in report.outcomes] == ["built"]
    page = (tmp_path / "ana" / "01_tiny-key.html").read_text()
    assert "SECRET-SOLUTION" in page and "hello ana answers" in page
    assert "Instructor key" in page


def test_a_hanging_cell_times_out_and_is_retried_once(tiny_course, tmp_path):
    report = build(parse_roster("student_id\nana\n"), select_notebooks(tiny_course, "03"),
                   tmp_path, timeout=2, quiet=True)
    (failure,) = report.failures
    assert "still ran after 2 s on 2 runs" in failure.error


def test_pdf_is_printed_by_chromium_or_explained(tiny_course, tmp_path, monkeypatch):
    students = parse_roster("student_id\nana\n")
    notebooks = select_notebooks(tiny_course, "01")
    if find_chromium() is None:
        report = build(students, notebooks, tmp_path, formats=("html", "pdf"), quiet=True)
        assert report.pdf_skipped and "apt-get install chromium" in report.summary()
        return
    report = build(students, notebooks, tmp_path, formats=("html", "pdf"), quiet=True)
    pdf = (tmp_path / "ana" / "01_tiny.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
    monkeypatch.setenv("AWSLAB_CHROMIUM", str(tmp_path / "no-such-browser"))
    skipped = build(students, notebooks, tmp_path, formats=("html", "pdf"), quiet=True)
    assert skipped.pdf_skipped and [o.status for o in skipped.outcomes] == ["kept"]
    assert "PDF handouts need headless Chromium, which was not found" in skipped.summary()


def test_command_line_exit_status_and_messages(tiny_course, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nbob\n")
    code = main(["handouts", "--roster", str(roster), "--notebooks", "02", "--out",
                 str(tmp_path / "out"), "--source", str(tiny_course), "--quiet"])
    out = capsys.readouterr().out
    assert code == 1 and "FAILED bob · 02_fragile" in out
    roster.write_text("name\nAna\n")
    code = main(["handouts", "--roster", str(roster), "--out", str(tmp_path / "x"),
                 "--source", str(tiny_course)])
    assert code == 2
    assert "roster.csv line 1: no 'student_id' column" in capsys.readouterr().err
    roster.write_text("student_id\nana\n")
    code = main(["handouts", "--roster", str(roster), "--notebooks", "07", "--out",
                 str(tmp_path / "x"), "--source", str(tiny_course)])
    assert code == 2 and "no such notebook: 07 (have: 01, 02, 03" in capsys.readouterr().err
    code = main(["handouts", "--roster", str(roster), "--format", "docx", "--out",
                 str(tmp_path / "x"), "--source", str(tiny_course)])
    assert code == 2 and "unknown format docx" in capsys.readouterr().err
