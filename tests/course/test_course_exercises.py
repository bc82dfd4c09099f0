"""The exercise framework: verdicts, hint tiers, bad input, solutions, registry."""
from datetime import timedelta

import pytest

from awslab import Lab, course
from awslab.course.exercises import Exercise, ExerciseSet, Result, fail, fill, ok
from awslab.course.registry import lab_anchor, notebook_id
from awslab.errors import AwslabError
from course_fakes import FakeLab


def _is_seven(ctx, answer):
    if answer == 7:
        return ok(f"7 is {ctx.facts['word']}")
    return fail(f"{answer!r} is not the number")


def _boom(ctx, answer):
    raise KeyError("inside the checker")


TOY = Exercise(
    id="E1", title="Seven", task="Return the number after {before}.", check=_is_seven,
    hints=("Count from {before}.", "It is odd.", "It is {before} + 1."),
    solution="ex.e1.check({answer})", usage="ex.e1.check(n)",
    facts=lambda ctx: {"word": "right", "before": 6, "answer": 7})
BROKEN = Exercise(id="E2", title="Broken", task="-", check=_boom,
                  hints=("a", "b", "c"), solution="-", usage="ex.e2.check(x)")


@pytest.fixture
def ex():
    lab = FakeLab()
    return ExerciseSet("99", "Toy", [TOY, BROKEN], lab, lab_anchor(lab))


def test_pass_prints_once_and_returns_truthy_result(ex, capsys):
    result = ex.e1.check(7)
    out = capsys.readouterr().out
    assert out == "✅ E1 passed: 7 is right\n"
    assert isinstance(result, Result) and result and result.passed
    assert repr(result) == str(result) == out.rstrip("\n")


def test_fail_names_the_problem_and_gives_hint_one(ex, capsys):
    result = ex.e1.check(5)
    out = capsys.readouterr().out
    assert out == ("❌ E1 not yet: 5 is not the number\n"
                   "   Hint 1/3: Count from 6.\n")
    assert not result and result.message == "5 is not the number"
    assert result.hint == "Count from 6."


def test_hints_go_up_one_tier_at_a_time_and_stop_at_three(ex, capsys):
    ex.e1.hint()
    ex.e1.hint()
    ex.e1.hint()
    ex.e1.hint()
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["💡 E1 hint 1/3: Count from 6.", "💡 E1 hint 2/3: It is odd.",
                     "💡 E1 hint 3/3 (last hint): It is 6 + 1.",
                     "💡 E1 hint 3/3 (last hint): It is 6 + 1."]


def test_a_failed_check_counts_as_hint_one(ex, capsys):
    ex.e1.check(1)
    capsys.readouterr()
    ex.e1.hint()
    assert capsys.readouterr().out.startswith("💡 E1 hint 2/3")
    ex.e1.hint(1)
    assert "hint 1/3" in capsys.readouterr().out
    ex.e1.hint(9)
    assert "There are hints 1 to 3" in capsys.readouterr().out


def test_missing_answer_and_checker_crash_are_friendly(ex, capsys, monkeypatch):
    assert "no answer given; call ex.e1.check(n)" in str(ex.e1.check())
    monkeypatch.delenv("AWSLAB_DEBUG", raising=False)
    result = ex.e2.check(1)
    assert not result
    assert "the check could not run (KeyError" in result.message
    assert "Traceback" not in capsys.readouterr().out


def test_checker_crash_raises_in_debug_mode(ex, monkeypatch):
    monkeypatch.setenv("AWSLAB_DEBUG", "1")
    with pytest.raises(KeyError):
        ex.e2.check(1)


def test_solution_only_in_the_instructor_edition(capsys):
    lab = FakeLab()
    student = ExerciseSet("99", "Toy", [TOY], lab, lab_anchor(lab))
    student.e1.solution()
    out = capsys.readouterr().out
    assert "instructor edition" in out and "check(7)" not in out
    teacher = ExerciseSet("99", "Toy", [TOY], lab, lab_anchor(lab), show_answers=True)
    teacher.e1.solution()
    assert capsys.readouterr().out == "🔑 E1 solution:\nex.e1.check(7)\n"


def test_task_and_facts_read_as_attributes(ex, capsys):
    ex.e1.task()
    assert capsys.readouterr().out == ("📝 E1 · Seven\nReturn the number after 6.\n"
                                       "Check with: ex.e1.check(n)\n")
    assert ex.e1.before == 6 and ex.e1.facts["word"] == "right"
    with pytest.raises(AttributeError, match="its facts are: answer, before, word"):
        ex.e1.nope
    with pytest.raises(AttributeError):
        ex.e1._private
    assert "ex.e1" in repr(ex) and "E1 · Seven" in repr(ex.e1)
    assert ex["E1"] is ex.e1 and len(ex) == 2 and list(ex)[0] is ex.e1


def test_given_facts_override_for_one_check(ex):
    assert ex.e1.check(7, word="still right").message == "7 is still right"
    assert ex.e1.check(7).message == "7 is right"


def test_fill_leaves_unknown_fields_and_never_raises():
    assert fill("{a} and {b}", {"a": 1}) == "1 and {b}"
    assert fill("{a:%H}", {"a": 3}) == "{a:%H}"


def test_exercise_needs_three_hints():
    with pytest.raises(ValueError):
        Exercise(id="E9", title="t", task="t", check=_is_seven, hints=("a", "b"),
                 solution="s", usage="u")


def test_display_once_in_ipython(capsys):
    """Printed by check, not echoed again by the same cell; shown by a later cell."""
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    try:
        shell.user_ns["ex"] = ExerciseSet("99", "Toy", [TOY], FakeLab(),
                                          lab_anchor(FakeLab()))
        shell.run_cell("ex.e1.check(5)", store_history=True)
        assert capsys.readouterr().out.count("❌ E1 not yet") == 1
        shell.run_cell("r = ex.e1.check(5)\nr", store_history=True)
        assert capsys.readouterr().out.count("❌ E1 not yet") == 1
        shell.run_cell("r", store_history=True)
        assert capsys.readouterr().out.count("❌ E1 not yet") == 1
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("given, expected", [
    ("01", "01"), (1, "01"), ("1", "01"), ("nb02", "02"), ("NB00", "00")])
def test_notebook_ids(given, expected):
    assert notebook_id(given) == expected


@pytest.mark.parametrize("bad", ["one", True, "", None])
def test_bad_notebook_ids(bad):
    with pytest.raises(AwslabError):
        notebook_id(bad)


def test_registry_binds_a_notebook_to_a_lab():
    lab = Lab(student_id="alice")
    ex = course.exercises("00", lab)
    assert [e._exercise.id for e in ex] == ["E1", "E2"]
    assert "00" in course.notebooks() and "02" in course.notebooks()
    with pytest.raises(AwslabError, match="no exercises for notebook '42'"):
        course.exercises("42", lab)
    with pytest.raises(AwslabError, match="needs your lab"):
        course.exercises("00", "alice")


def test_register_a_later_notebook():
    course.register("77", "awslab.course.checks.nb00")
    try:
        assert "77" in course.notebooks()
        assert course.exercises(77, Lab(seed=1)).title == "Welcome to the lab"
    finally:
        from awslab.course import registry
        registry._MODULES.pop("77")


def test_anchor_is_fixed_by_the_first_binding():
    lab = Lab(student_id="alice")
    first = course.exercises("00", lab).anchor
    lab.advance(hours=5)
    assert course.exercises("01", lab).anchor == first == lab.now - timedelta(hours=5)


@pytest.mark.parametrize("nb", ["00", "01", "02"])
def test_shipped_texts_fill_every_field_and_fit_a_printed_page(nb, capsys):
    import re
    lab = Lab(student_id="alice")
    ex = course.exercises(nb, lab, show_answers=True)
    for bound in ex:
        bound.task()
        for tier in (1, 2, 3):
            bound.hint(tier)
        bound.solution()
    out = capsys.readouterr().out
    assert not re.findall(r"\{[a-z_]+\}", out), out
    solutions = [part.split("📝")[0] for part in out.split("🔑")[1:]]
    assert len(solutions) == len(ex)
    for text in solutions:
        assert max(len(line) for line in text.splitlines()) <= 79
    tasks = [part.split("💡")[0] for part in out.split("📝")[1:]]
    for text in tasks:
        assert max(len(line) for line in text.splitlines()) <= 79
