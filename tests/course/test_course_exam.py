"""The practice exam: seeded per student, every bank drawn, scored and explained."""
from collections import Counter

import pytest

from awslab import Lab, course
from awslab.course import exam as exams


def test_every_quiz_bank_is_in_the_pool():
    from awslab.course.quizbank import data_dir
    banks = sorted(p.stem[2:] for p in (data_dir() / "quiz").glob("nb*.yaml"))
    assert exams.quiz_notebooks() == [b for b in banks if b != "15"]
    assert [row[0] for row in exams.pool()] == exams.quiz_notebooks()


def test_same_student_same_exam_other_student_other_exam():
    a1, a2, b = exams.draw("alice"), exams.draw("alice"), exams.draw("bob")
    ids = lambda e: [(q.notebook, q.question.id, q.order) for q in e.questions]  # noqa
    assert ids(a1) == ids(a2)
    assert ids(a1) != ids(b)
    assert len(a1) == min(exams.DEFAULT_QUESTIONS, sum(r[3] for r in exams.pool()))


def test_every_bank_is_asked_before_any_is_asked_twice():
    banks = exams.quiz_notebooks()
    for student in ("alice", "bob", "carol"):
        exam = exams.draw(student, questions=len(banks))
        assert sorted(q.notebook for q in exam.questions) == banks
        counts = Counter(q.notebook for q in exams.draw(student).questions)
        assert max(counts.values()) - min(counts.values()) <= 1 or \
            len(banks) * max(counts.values()) > exams.DEFAULT_QUESTIONS


def test_no_question_twice_and_options_are_a_permutation():
    exam = exams.draw("dave", questions=1000)          # the whole pool
    keys = [(q.notebook, q.question.id) for q in exam.questions]
    assert len(keys) == len(set(keys)) == sum(r[3] for r in exams.pool())
    for q in exam.questions:
        assert sorted(q.order) == list(range(len(q.question.options)))
        assert q.letters[q.answer].correct


def test_questions_keep_their_area_from_the_coverage_map():
    exam = exams.draw("erin")
    from awslab.course.topics import load_map
    cmap = load_map()
    assert all(q.area == cmap.area(q.notebook) for q in exam.questions)
    assert sum(exam.areas().values()) == len(exam)


def test_the_key_scores_full_marks_and_every_option_is_explained():
    exam = exams.draw("fay")
    result = exam.score(exam.answer_key())
    assert (result.right, result.fraction, result.passed, result.missed) == (
        len(exam), 1.0, True, [])
    text = result.text()
    for q in exam.questions:
        for option in q.question.options:
            assert option.explanation.split()[0] in text
    assert result.html().count("<li>") == sum(len(q.order) for q in exam.questions)


def test_wrong_answers_and_letter_formats():
    exam = exams.draw("gil", questions=6)
    wrong = {q.number: next(k for k in q.letters if k != q.answer) for q in exam.questions}
    result = exam.score({str(n): f" {letter.lower()}. " for n, letter in wrong.items()})
    assert result.right == 0 and len(result.chosen) == 6 and not result.passed
    as_text = exam.score("".join(q.answer if q.number % 2 else "-"
                                 for q in exam.questions))
    assert as_text.right == 3 and len(as_text.chosen) == 3


def test_bad_entries_are_ignored_with_a_reason():
    exam = exams.draw("hal", questions=3)
    result = exam.score({1: "Z", 7: "A", "x": "B", 2: ""})
    assert result.chosen == {}
    assert result.ignored == ("question 1: 'Z' is not one of its letters",
                              "7: there is no question 7", "'x': there is no question x")


def test_unanswered_questions_reveal_nothing():
    exam = exams.draw("ivy", questions=5)
    result = exam.score({})
    assert "No answers yet" in result.text()
    for q in exam.questions:
        assert q.letters[q.answer].explanation not in result.text()
        assert q.letters[q.answer].explanation not in result.html()
    one = exam.score({1: exam.questions[0].answer})
    assert exam.questions[0].letters[exam.questions[0].answer].explanation in one.text()
    assert exam.questions[1].letters[exam.questions[1].answer].explanation not in one.text()


def test_static_exam_marks_answers_only_in_the_instructor_edition():
    exam = exams.draw("jo", questions=4)
    student = exam.show(interactive=False)
    key = exam.show(interactive=False, show_answers=True)
    assert "✔ correct" not in student._repr_html_() and "<- correct" not in repr(student)
    assert key._repr_html_().count("✔ correct") == 4
    assert repr(key).count("<- correct") == 4


def test_widget_scores_the_chosen_answers(capsys):
    exam = exams.draw("kim", questions=3)
    box = exam.show(interactive=True)
    import ipywidgets as w
    radios = [c for c in _walk(box) if isinstance(c, w.RadioButtons)]
    button = next(c for c in _walk(box) if isinstance(c, w.Button))
    assert len(radios) == 3 and button.description == "Score my exam"
    radios[0].value = exam.questions[0].answer
    capsys.readouterr()
    button.click()          # outside a kernel the Output widget lets display() print
    assert "Score: 1/3" in capsys.readouterr().out


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_score_by_area_and_chart():
    exam = exams.draw("lee")
    result = exam.score(exam.answer_key())
    rows = result.by_area()
    assert sum(r[2] for r in rows) == len(exam) and all(r[1] == r[2] for r in rows)
    fig = result.chart()
    assert fig.axes[0].get_xlabel() == "questions answered correctly (%)"
    assert len(fig.axes[0].patches) == len(rows)


def test_an_attempt_is_recorded_with_its_score(progress_dir):
    lab = Lab(student_id="mo")
    exam = exams.draw("mo", questions=5)
    assert exam.score(exam.answer_key()).record(lab)
    assert exam.score({}).record(lab)
    import json
    entry = json.loads((progress_dir / "mo.json").read_text())["exercises"]["15/exam"]
    assert entry["best"]["score"] == 1.0 and entry["best"]["passed"]
    assert entry["latest"]["score"] == 0.0 and entry["attempts"] == 2


def test_a_broken_bank_is_skipped_and_named(tmp_path, monkeypatch):
    import shutil
    from awslab.course.quizbank import data_dir
    (tmp_path / "quiz").mkdir()
    shutil.copy(data_dir() / "coverage_map.yaml", tmp_path)
    shutil.copy(data_dir() / "quiz" / "nb00.yaml", tmp_path / "quiz")
    (tmp_path / "quiz" / "nb01.yaml").write_text("notebook: [unclosed\n")
    monkeypatch.setenv("AWSLAB_DATA_DIR", str(tmp_path))
    exam = exams.draw("quinn", questions=3)
    assert {q.notebook for q in exam.questions} == {"00"}
    assert exam.skipped and exam.skipped[0].startswith("01: nb01.yaml is not valid YAML")
    assert "quiz bank skipped: 01" in exam.text()
    assert [row[0] for row in exams.pool()] == ["00"]


# -- NB15 exercises ----------------------------------------------------------------------

def test_e1_counts_by_area():
    lab = Lab(student_id="nia")
    exam = exams.draw("nia")
    ex = course.exercises("15", lab, exam=exam)
    assert not ex.e1.check({})
    assert not ex.e1.check(["x"])
    wrong = dict(exam.areas())
    first = next(iter(wrong))
    wrong[first] += 1
    assert "you counted" in ex.e1.check(wrong).message
    assert not ex.e1.check({**exam.areas(), "Nowhere": 1})
    assert ex.e1.check(dict(Counter(q.area for q in exam.questions)))


def test_e2_plans_the_review():
    lab = Lab(student_id="oli")
    exam = exams.draw("oli", questions=8)
    ex = course.exercises("15", lab, exam=exam)
    result = exam.score({q.number: q.answer for q in exam.questions[:4]})
    expected = sorted({q.notebook for q in exam.questions[4:]})
    assert "score your exam first" in ex.e2.check(expected).message
    assert not ex.e2.check(expected[::-1] if len(expected) > 1 else expected + ["99"],
                           result=result)
    assert not ex.e2.check(expected + expected, result=result)
    assert ex.e2.check(expected, result=result)
    assert ex.e2.check([], result=exam.score(exam.answer_key()))


def test_exercises_need_the_exam_bound():
    ex = course.exercises("15", Lab(student_id="pat"))
    assert "bind your exam first" in ex.e1.check({}).message


def test_pool_chart_has_a_bar_per_bank():
    fig = exams.pool_chart()
    ax = fig.axes[0]
    assert len(ax.patches) == len(exams.pool())
    assert ax.get_xlabel() == "quiz questions in the pool (count)"
    assert f"{sum(r[3] for r in exams.pool())} questions" in ax.get_title(loc="left")
