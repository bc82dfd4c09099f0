"""Quiz rendering: deterministic static text/HTML, and the widget's click logic."""
import subprocess
import sys

import pytest

from awslab import course
from awslab.course.quiz import (CORRECT, NO_ANSWERS, NOT_QUITE, StaticQuiz, inline_html,
                                option_order, quiz_widget)

NBS = ["00", "01", "02"]


@pytest.mark.parametrize("nb", NBS)
def test_static_rendering_is_deterministic(nb):
    first = course.quiz(nb, interactive=False)
    again = course.quiz(nb, interactive=False)
    assert isinstance(first, StaticQuiz)
    assert repr(first) == repr(again) and first._repr_html_() == again._repr_html_()
    assert course.quiz(nb, interactive=False, seed=3).text() == \
        course.quiz(nb, interactive=False, seed=3).text()


@pytest.mark.parametrize("nb", NBS)
def test_answers_only_with_show_answers(nb):
    quiz = course.load_quiz(nb)
    student = course.quiz(nb, interactive=False)
    teacher = course.quiz(nb, interactive=False, show_answers=True)
    assert NO_ANSWERS in student.text() and NO_ANSWERS in student.html()
    assert "Answer:" not in student.text() and "✔" not in student.html()
    assert NO_ANSWERS not in teacher.text() and NO_ANSWERS not in teacher.html()
    assert teacher.text().count("Answer: ") == len(quiz.questions)
    assert teacher.html().count("✔ correct") == len(quiz.questions)
    for q in quiz.questions:
        for o in q.options:     # every explanation is shown, only to the teacher
            assert inline_html(o.explanation) in teacher.html()
            assert inline_html(o.explanation) not in student.html()


def test_static_text_letters_options_and_fits_79_columns():
    text = course.quiz("01", interactive=False, show_answers=True).text()
    assert "\n1. An Auto Scaling group" in text
    assert "\n   A. Enable detailed monitoring" in text
    assert "\n   Answer: A\n" in text
    assert max(len(line) for line in text.splitlines()) <= 79
    assert "What changed: The source notes say 10 dimensions" in text


def test_seeded_shuffle_is_stable_and_keeps_the_right_answer():
    quiz = course.load_quiz("02")
    orders = {tuple(option_order(q, seed, "02")) for q in quiz.questions
              for seed in range(5)}
    assert len(orders) > 1                              # it does shuffle
    for q in quiz.questions:
        assert option_order(q, None) == list(range(len(q.options)))
        assert sorted(option_order(q, 11, "02")) == list(range(len(q.options)))
    text = course.quiz("02", interactive=False, show_answers=True, seed=11).text()
    for n, q in enumerate(quiz.questions, 1):
        letter = "ABCDE"[option_order(q, 11, "02").index(q.answer)]
        block = text.split(f"\n{n}. ", 1)[1]
        assert f"Answer: {letter}\n" in block


def _boxes(nb, **kw):
    widget = course.quiz(nb, **kw)
    title, *boxes = widget.children
    return course.load_quiz(nb), boxes


@pytest.mark.parametrize("nb", NBS)
def test_widget_has_one_box_per_question(nb):
    quiz, boxes = _boxes(nb)
    assert type(boxes[0]).__name__ == "VBox" and len(boxes) == len(quiz.questions)
    for box in boxes:
        prompt, radio, button, feedback = box.children
        assert button.description == "Check answer"
        assert radio.value is None and feedback.value == ""
        assert type(radio).__name__ == "RadioButtons"


@pytest.mark.parametrize("nb", NBS)
def test_clicking_gives_correct_or_not_quite_with_the_explanation(nb):
    quiz, boxes = _boxes(nb, seed=5)
    for q, box in zip(quiz.questions, boxes):
        _, radio, button, feedback = box.children
        button.click()
        assert feedback.value == "<p>Pick an option first.</p>"
        for index, option in enumerate(q.options):
            radio.value = index
            button.click()
            assert inline_html(option.explanation) in feedback.value
            if option.correct:
                assert "Correct" in feedback.value and CORRECT in feedback.value
            else:
                assert NOT_QUITE in feedback.value and "Correct" not in feedback.value


def test_radio_labels_are_lettered_in_display_order():
    quiz = course.load_quiz("01")
    q = quiz.questions[0]
    _, radio, _, _ = quiz_widget(quiz, seed=9).children[1].children
    order = option_order(q, 9, "01")
    assert [label for label, _ in radio.options][0].startswith("A. ")
    assert [value for _, value in radio.options] == order


def test_instructor_widget_reveals_the_answer():
    _, boxes = _boxes("00", show_answers=True)
    assert "Instructor edition: the answer is" in boxes[0].children[-1].value


def test_importing_awslab_loads_no_widgets_plots_or_yaml():
    code = ("import sys, awslab, awslab.course; "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'yaml') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
