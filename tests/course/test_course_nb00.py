"""NB00 checks end to end on a real Lab (clock and STS)."""
from datetime import datetime, timedelta

import pytest

from awslab import Lab, course


@pytest.fixture
def lab():
    return Lab(student_id="alice")


@pytest.fixture
def ex(lab):
    return course.exercises("00", lab)


def test_e1_passes_after_advancing_90_minutes(lab, ex, capsys):
    lab.advance(minutes=90)
    result = ex.e1.check(lab.now)
    assert result.passed
    assert capsys.readouterr().out == (
        "✅ E1 passed: the lab's clock reads 2026-01-05 01:30 UTC, 90 minutes after "
        "it started; nothing in the lab reads your computer's clock\n")


@pytest.mark.parametrize("minutes, words", [
    (0, "moved 0 of the 90 minutes"), (30, "moved 30 of the 90 minutes"),
    (180, "moved 180 minutes since the lab started, not 90")])
def test_e1_says_how_far_the_clock_moved(lab, ex, minutes, words):
    lab.advance(minutes=minutes)
    result = ex.e1.check(lab.now)
    assert not result and words in result.message


def test_e1_wants_the_current_lab_time(lab, ex):
    stale = lab.now
    lab.advance(minutes=90)
    assert "but the lab's clock reads 2026-01-05 01:30 UTC" in ex.e1.check(stale).message
    wall = datetime(2031, 3, 1).astimezone()
    assert "your computer's clock plays no part" in ex.e1.check(wall).message


@pytest.mark.parametrize("answer, words", [
    (None, "you gave None"), ("2026-01-05T01:30:00Z", "you gave the text"),
    (datetime(2026, 1, 5, 1, 30), "naive datetime"), (90, "you gave an int"),
    ({"now": 1}, "a dict of 1 item"), (True, "the bool True")])
def test_e1_bad_answers_are_friendly(ex, answer, words, capsys):
    result = ex.e1.check(answer)
    out = capsys.readouterr().out
    assert not result and words in result.message
    assert out.startswith("❌ E1 not yet: ") and "Hint 1/3" in out


def test_e2_accepts_the_arn_only(lab, ex):
    me = lab.client("sts").get_caller_identity()
    assert ex.e2.check(me["Arn"]).passed
    assert ex.e2.check(" " + me["Arn"] + "\n").passed
    assert "account ID" in ex.e2.check(me["Account"]).message
    assert "UserId" in ex.e2.check(me["UserId"]).message
    assert "whole get_caller_identity response" in ex.e2.check(me).message
    assert "give the ARN as text" in ex.e2.check(None).message
    assert "not the ARN" in ex.e2.check("arn:aws:iam::123456789012:root").message


def test_hints_and_solution_use_the_learners_facts(lab, capsys):
    ex = course.exercises("00", lab, show_answers=True)
    ex.e1.hint()
    ex.e1.hint()
    ex.e1.hint()
    ex.e1.solution()
    ex.e1.task()
    out = capsys.readouterr().out
    assert "past 2026-01-05 01:30 UTC" in out
    assert "lab.advance(minutes=90)\nex.e1.check(lab.now)" in out
    assert "Your lab started at 2026-01-05 00:00 UTC" in out
    assert ex.e1.target - ex.e1.start == timedelta(minutes=90)


def test_the_same_student_gets_the_same_output(capsys):
    def run():
        lab = Lab(student_id="bob")
        ex = course.exercises("00", lab)
        ex.e1.check(None)
        ex.e2.check(lab.client("sts").get_caller_identity()["Arn"])
        return capsys.readouterr().out

    assert run() == run()
