"""The quiz bank loader: shipped files are valid, schema errors are clear."""
import textwrap
from pathlib import Path

import pytest

from awslab import course
from awslab.course.quizbank import QuizError, data_dir, parse_quiz, quiz_path
from awslab.errors import AwslabError

QUIZZES = Path(__file__).resolve().parents[2] / "data" / "quiz"
SHIPPED = sorted(f.stem[2:] for f in QUIZZES.glob("nb*.yaml"))

GOOD = """
notebook: "05"
title: Toy
questions:
  - id: first
    prompt: Pick one.
    options:
      - text: Right
        correct: true
        explanation: Because.
      - text: Wrong
        explanation: Not this.
      - text: Also wrong
        explanation: Not this either.
"""


def _broken(old, new):
    assert old in GOOD
    return GOOD.replace(old, new)


@pytest.mark.parametrize("nb", SHIPPED)
def test_every_shipped_quiz_is_valid(nb):
    quiz = course.load_quiz(nb)
    assert quiz.notebook == nb and quiz.title
    assert 4 <= len(quiz.questions) <= 6
    for q in quiz.questions:
        assert 3 <= len(q.options) <= 5
        assert sum(o.correct for o in q.options) == 1
        assert all(o.explanation and o.text for o in q.options)


@pytest.mark.parametrize("nb", SHIPPED)
def test_wrong_options_never_say_correct(nb):
    """The browser test looks for "Correct" only after the right option."""
    for q in course.load_quiz(nb).questions:
        for o in q.options:
            if not o.correct:
                assert "Correct" not in o.explanation


def test_the_outdated_source_notes_are_taught_as_changed():
    nb01 = {q.id: q for q in course.load_quiz("01").questions}
    dims = nb01["dimensions-per-metric"]
    assert dims.options[dims.answer].text == "30" and "10" in dims.changed
    nb02 = {q.id: q for q in course.load_quiz("02").questions}
    res = nb02["storage-resolution-values"]
    assert res.options[res.answer].text == "1 or 60" and res.changed


def test_a_good_file_parses():
    quiz = parse_quiz(GOOD, notebook="05")
    assert quiz.questions[0].answer == 0
    assert quiz.questions[0].options[1].explanation == "Not this."


@pytest.mark.parametrize("text, message", [
    (_broken("        explanation: Not this.\n", ""),
     "question 1 ('first'), option 2: 'explanation' is missing"),
    (_broken("      - text: Wrong\n", "      - text: Wrong\n        correct: true\n"),
     "exactly one option must have correct: true, found 2"),
    (_broken("        correct: true\n", ""), "found 0"),
    (_broken("      - text: Also wrong\n        explanation: Not this either.\n", ""),
     "needs 3 to 5 options, has 2"),
    (_broken("    prompt: Pick one.", "    prompt: Pick one.\n    hint: no"),
     "unknown key 'hint'"),
    (_broken("      - text: Wrong", "      - text: yes"), "'text' is missing or not text"),
    (_broken("  - id: first", "  - id: First Question"), "'id' must be lower-case"),
    (_broken('notebook: "05"', 'notebook: "06"'), "'notebook' says '06'"),
    (_broken("        correct: true", "        correct: maybe"),
     "'correct' must be true or false"),
    (GOOD + GOOD[GOOD.index("  - id"):], "id 'first' is used twice"),
    ("just text", "must be a mapping"),
    ("notebook: [unclosed", "not valid YAML"),
])
def test_schema_errors_are_clear(text, message):
    with pytest.raises(QuizError) as info:
        parse_quiz(text, name="nb05.yaml", notebook="05")
    assert "nb05.yaml" in str(info.value)
    assert message in str(info.value)
    assert isinstance(info.value, AwslabError)


def test_all_errors_are_reported_at_once():
    text = _broken("        explanation: Because.\n", "").replace("title: Toy\n", "")
    with pytest.raises(QuizError) as info:
        parse_quiz(text, notebook="05")
    assert "'title' is missing" in str(info.value)
    assert "option 1: 'explanation' is missing" in str(info.value)


def test_data_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert (data_dir() / "quiz" / "nb01.yaml").is_file()
    assert quiz_path("01").is_file()


def test_data_dir_can_be_set_and_a_missing_one_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "nb05.yaml").write_text(textwrap.dedent(GOOD))
    monkeypatch.setenv("AWSLAB_DATA_DIR", str(tmp_path))
    assert course.load_quiz("5").title == "Toy"
    with pytest.raises(QuizError, match="no quiz for notebook 01"):
        course.load_quiz("01")
    monkeypatch.setenv("AWSLAB_DATA_DIR", str(tmp_path / "nowhere"))
    monkeypatch.setattr("awslab.course.quizbank.__file__",
                        str(tmp_path / "pkg" / "awslab" / "course" / "quizbank.py"))
    with pytest.raises(AwslabError, match="cannot find the course's data folder"):
        data_dir()
