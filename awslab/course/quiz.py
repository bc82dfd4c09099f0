"""Quizzes in a notebook: an ipywidgets form, or a static rendering for handouts.

``quiz("01")`` returns a widget (``interactive=True``) or a :class:`StaticQuiz`
(``interactive=False``) whose HTML and plain text are deterministic. ipywidgets is
imported only when a widget is built, never when awslab is imported.
"""
from __future__ import annotations

import html
import random
import re
import textwrap

from awslab.course.quizbank import Question, Quiz, load_quiz

LETTERS = "ABCDE"
CORRECT = "✅ Correct!"
NOT_QUITE = "❌ Not quite."
NO_ANSWERS = "Answers are in the instructor edition."
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def inline_html(text: str) -> str:
    """Escape ``text`` and render its `code` and **bold** marks as HTML."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    return _BOLD.sub(r"<b>\1</b>", out)


def plain(text: str) -> str:
    """``text`` without `code` and **bold** marks (for radio labels and plain text)."""
    return _BOLD.sub(r"\1", text).replace("`", "")


def option_order(question: Question, seed=None, notebook: str = "") -> list[int]:
    """Indices of ``question``'s options in display order (shuffled only with a seed)."""
    order = list(range(len(question.options)))
    if seed is not None:
        random.Random(f"awslab.quiz:{seed}:{notebook}:{question.id}").shuffle(order)
    return order


# -- static ---------------------------------------------------------------------------


def _wrap(text: str, indent: str = "   ") -> str:
    return textwrap.fill(text, 79, initial_indent=indent,
                         subsequent_indent=indent + "   ", break_on_hyphens=False)


class StaticQuiz:
    """A quiz rendered for reading: HTML in Jupyter, plain text elsewhere."""

    def __init__(self, quiz: Quiz, show_answers: bool = False, seed=None):
        self.quiz = quiz
        self.show_answers = bool(show_answers)
        self.seed = seed

    def _items(self):
        for n, q in enumerate(self.quiz.questions, 1):
            order = option_order(q, self.seed, self.quiz.notebook)
            yield n, q, [(LETTERS[i], q.options[k]) for i, k in enumerate(order)]

    def text(self) -> str:
        """The quiz as plain text, 79 columns (lettered options; answers if shown)."""
        lines = [f"Quiz: {self.quiz.title} ({len(self.quiz.questions)} questions)"]
        for n, q, opts in self._items():
            lines += ["", _wrap(f"{n}. {plain(q.prompt)}", "")]
            lines += [_wrap(f"{letter}. {plain(o.text)}") for letter, o in opts]
            if self.show_answers:
                right = next(letter for letter, o in opts if o.correct)
                lines.append(f"   Answer: {right}")
                lines += [_wrap(f"{letter}: {plain(o.explanation)}")
                          for letter, o in opts]
                if q.changed:
                    lines.append(_wrap(f"What changed: {plain(q.changed)}"))
        lines += ["", "" if self.show_answers else NO_ANSWERS]
        return "\n".join(lines).rstrip() + "\n"

    def html(self) -> str:
        """The quiz as an HTML fragment (deterministic)."""
        parts = [f'<div class="awslab-quiz"><h4>Quiz: {inline_html(self.quiz.title)}'
                 "</h4>"]
        for n, q, opts in self._items():
            parts.append(f'<div class="awslab-question"><p><b>{n}.</b> '
                         f"{inline_html(q.prompt)}</p><ul style=\"list-style:none\">")
            for letter, o in opts:
                mark = " <b>✔ correct</b>" if self.show_answers and o.correct else ""
                parts.append(f"<li><b>{letter}.</b> {inline_html(o.text)}{mark}")
                if self.show_answers:
                    parts.append(f"<br><i>{inline_html(o.explanation)}</i>")
                parts.append("</li>")
            parts.append("</ul>")
            if self.show_answers and q.changed:
                parts.append(f"<p><b>What changed:</b> {inline_html(q.changed)}</p>")
            parts.append("</div>")
        if not self.show_answers:
            parts.append(f"<p><i>{NO_ANSWERS}</i></p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()


# -- interactive -----------------------------------------------------------------------


def feedback_html(question: Question, index: int | None) -> str:
    """The feedback for choosing option ``index`` (None: nothing chosen yet)."""
    if index is None:
        return "<p>Pick an option first.</p>"
    option = question.options[index]
    verdict = CORRECT if option.correct else NOT_QUITE
    return f"<p><b>{verdict}</b> {inline_html(option.explanation)}</p>"


def question_box(question: Question, number: int, order: list[int],
                 show_answers: bool = False):
    """One question as a VBox: prompt, radio buttons, "Check answer", feedback."""
    import ipywidgets as widgets
    prompt = widgets.HTML(f"<p><b>{number}.</b> {inline_html(question.prompt)}</p>")
    radio = widgets.RadioButtons(
        options=[(f"{LETTERS[i]}. {plain(question.options[k].text)}", k)
                 for i, k in enumerate(order)],
        value=None, layout=widgets.Layout(width="auto"))
    button = widgets.Button(description="Check answer", button_style="primary")
    feedback = widgets.HTML("")

    def on_click(_button):
        feedback.value = feedback_html(question, radio.value)

    button.on_click(on_click)
    children = [prompt, radio, button, feedback]
    if show_answers:
        right = LETTERS[order.index(question.answer)]
        children.append(widgets.HTML(f"<p><i>Instructor edition: the answer is "
                                     f"{right}.</i></p>"))
    box = widgets.VBox(children)
    box.add_class("awslab-question")
    return box


def quiz_widget(quiz: Quiz, seed=None, show_answers: bool = False):
    """The whole quiz as an ipywidgets VBox of question boxes under a title."""
    import ipywidgets as widgets
    boxes = [question_box(q, n, option_order(q, seed, quiz.notebook), show_answers)
             for n, q in enumerate(quiz.questions, 1)]
    title = widgets.HTML(f"<h4>Quiz: {inline_html(quiz.title)}</h4>")
    return widgets.VBox([title, *boxes])


def quiz(notebook, interactive: bool = True, show_answers: bool = False, seed=None):
    """The quiz of ``notebook``, to show as a cell's last expression.

    Parameters
    ----------
    notebook : str or int
        ``"00"``, ``"01"``, ``"02"``...
    interactive : bool
        True: an ipywidgets form (radio buttons, "Check answer", feedback).
        False: a static rendering for handouts (papermill, nbconvert).
    show_answers : bool
        Mark the correct options and show every explanation (instructor edition).
    seed : int or str, optional
        Shuffle each question's options, the same way on every run.

    Returns
    -------
    ipywidgets.VBox or StaticQuiz
    """
    loaded = load_quiz(notebook)
    if interactive:
        try:
            return quiz_widget(loaded, seed=seed, show_answers=show_answers)
        except ImportError:
            pass
    return StaticQuiz(loaded, show_answers=show_answers, seed=seed)
