"""Progress files: one per student, atomic, best and latest kept, never in the way."""
import json

import pytest

from awslab import Lab, course
from awslab.course import progress


def _read(folder, student="alice"):
    return json.loads((folder / f"{student}.json").read_text())


def test_each_check_is_recorded_with_lab_time(progress_dir):
    lab = Lab(student_id="alice")
    ex = course.exercises("00", lab)
    ex.e1.check(lab.now)
    lab.advance(minutes=90)
    ex.e1.check(lab.now)
    entry = _read(progress_dir)["exercises"]["00/E1"]
    assert entry["attempts"] == 2
    assert entry["latest"] == {"student_id": "alice", "notebook": "00",
                               "exercise": "E1", "passed": True, "attempt": 2,
                               "lab_time": "2026-01-05T01:30:00Z"}
    assert entry["best"]["attempt"] == 2


def test_best_keeps_the_first_pass_and_latest_the_last_try(progress_dir):
    lab = Lab(student_id="bob")
    for passed in (False, True, False, True):
        assert progress.record(lab, "01", "E3", passed)
    entry = _read(progress_dir, "bob")["exercises"]["01/E3"]
    assert entry["attempts"] == 4
    assert entry["best"]["attempt"] == 2 and entry["best"]["passed"]
    assert entry["latest"]["attempt"] == 4


def test_earlier_results_of_other_exercises_are_kept(progress_dir):
    lab = Lab(student_id="carol")
    progress.record(lab, "00", "E1", True)
    progress.record(lab, "01", "E2", False)
    assert set(_read(progress_dir, "carol")["exercises"]) == {"00/E1", "01/E2"}


def test_writes_are_atomic(progress_dir, monkeypatch):
    lab = Lab(student_id="dave")
    progress.record(lab, "00", "E1", True)
    before = (progress_dir / "dave.json").read_text()

    def no_rename(*args):
        raise OSError("disk full")

    monkeypatch.setattr(progress.os, "replace", no_rename)
    assert progress.record(lab, "00", "E1", False) is False
    assert (progress_dir / "dave.json").read_text() == before
    assert sorted(p.name for p in progress_dir.iterdir()) == ["dave.json"]


def test_an_unwritable_folder_gives_one_notice_and_no_error(tmp_path, monkeypatch,
                                                            capsys):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("AWSLAB_PROGRESS_DIR", str(tmp_path / "a-file" / "progress"))
    lab = Lab(student_id="erin")
    ex = course.exercises("00", lab)
    first = ex.e1.check(lab.now)
    ex.e1.check(lab.now)
    out = capsys.readouterr().out
    assert out.count("progress not saved") == 1
    assert not first and "E1 not yet" in out


def test_an_unreadable_file_is_kept_aside(progress_dir):
    progress_dir.mkdir(parents=True)
    (progress_dir / "fay.json").write_text("{ not json")
    assert progress.record(Lab(student_id="fay"), "00", "E2", True)
    assert (progress_dir / "fay.json.unreadable").read_text() == "{ not json"
    assert _read(progress_dir, "fay")["exercises"]["00/E2"]["attempts"] == 1


def test_recording_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("AWSLAB_PROGRESS_DIR", "off")
    assert progress.progress_path(Lab(seed=3)) is None
    assert progress.record(Lab(seed=3), "00", "E1", True) is False


def test_default_folder_and_file_names(monkeypatch):
    monkeypatch.delenv("AWSLAB_PROGRESS_DIR")
    assert progress.progress_dir().parts[-2:] == (".awslab", "progress")
    assert progress.student_key(Lab(seed=3)) == "seed-3"
    assert progress.student_key(Lab(student_id="a b/../c")) == "a_b_.._c"


def test_the_verdict_does_not_depend_on_stored_history(progress_dir, capsys):
    def run():
        lab = Lab(student_id="gil")
        ex = course.exercises("00", lab)
        ex.e1.check(lab.now)
        lab.advance(minutes=90)
        ex.e1.check(lab.now)
        ex.e1.hint()
        return capsys.readouterr().out

    first = run()
    assert _read(progress_dir, "gil")["exercises"]["00/E1"]["attempts"] == 2
    assert run() == first
    assert _read(progress_dir, "gil")["exercises"]["00/E1"]["attempts"] == 4


@pytest.mark.parametrize("passed", [True, False])
def test_update_is_pure_on_the_dict(passed):
    data = progress.update({"exercises": {}}, "h", "02", "E1", passed, "T")
    assert data["exercises"]["02/E1"]["best"]["passed"] is passed


# -- AWSLAB_HOME, scores, charts -------------------------------------------------------

def test_awslab_home_moves_the_default_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("AWSLAB_PROGRESS_DIR")
    monkeypatch.setenv("AWSLAB_HOME", str(tmp_path / "home"))
    assert progress.progress_dir() == tmp_path / "home" / "progress"
    assert progress.record(Lab(student_id="ida"), "00", "E1", True)
    assert (tmp_path / "home" / "progress" / "ida.json").is_file()


def test_scored_attempts_keep_the_highest_as_best(progress_dir):
    lab = Lab(student_id="jan")
    for score in (0.5, 0.9, 0.6):
        progress.record(lab, "15", "exam", score >= 0.72, score=score)
    entry = _read(progress_dir, "jan")["exercises"]["15/exam"]
    assert entry["best"]["score"] == 0.9 and entry["best"]["attempt"] == 2
    assert entry["latest"]["score"] == 0.6 and entry["attempts"] == 3


def test_summary_counts_passed_tried_and_todo_by_notebook_and_area(progress_dir):
    lab = Lab(student_id="kai")
    progress.record(lab, "00", "E1", False)
    progress.record(lab, "00", "E1", True)
    progress.record(lab, "01", "E2", False)
    progress.record(Lab(student_id="lou"), "00", "E2", True)
    table = [("00", "E1", "a"), ("00", "E2", "b"), ("01", "E2", "c")]
    areas = {"00": "Start", "01": "Metrics"}.get
    one = progress.summarize({"kai": progress.load_all()["kai"]}, table, areas)
    assert one["notebooks"] == {"00": {"passed": 1, "tried": 0, "todo": 1},
                                "01": {"passed": 0, "tried": 1, "todo": 0}}
    assert one["areas"] == {"Start": {"passed": 1, "tried": 0, "todo": 1},
                            "Metrics": {"passed": 0, "tried": 1, "todo": 0}}
    both = progress.summarize(progress.load_all(), table, areas)
    assert both["students"] == 2 and both["notebooks"]["00"]["passed"] == 2


def test_course_progress_is_callable_and_draws_a_chart(progress_dir):
    lab = Lab(student_id="max")
    ex = course.exercises("00", lab)
    lab.advance(minutes=90)
    ex.e1.check(lab.now)
    fig = course.progress(lab)
    left, right = fig.axes[:2]
    labels = [t.get_text() for t in left.get_yticklabels()]
    assert labels[0].startswith("00 Welcome") and len(labels) == len(course.notebooks())
    assert "max" in fig._suptitle.get_text()
    assert [t.get_text() for t in right.get_yticklabels()][0] == "Getting started"
    progress.record(Lab(student_id="ned"), "00", "E1", True)
    assert "class of 2 learners" in course.progress()._suptitle.get_text()
    assert "ned" in course.progress("ned")._suptitle.get_text()
    assert progress.record is course.progress.record      # the module API is intact


def test_an_empty_folder_draws_an_empty_chart(tmp_path):
    fig = progress.chart(folder=tmp_path / "none")
    assert "not taken yet" in fig._suptitle.get_text()
