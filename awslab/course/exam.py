"""The practice exam of ``15_exam_review.ipynb``: questions drawn from every quiz bank.

:func:`draw` picks questions from all ``data/quiz/nbNN.yaml`` files, a few from each
notebook in turn, seeded by the student ID: every student gets their own exam, the same
one on every run. :meth:`Exam.score` grades an answer sheet (``{1: "B", 2: "D"}``); the
:class:`ExamResult` explains every option of every answered question and draws the score
by area (the areas of ``data/coverage_map.yaml``). Nothing is revealed for questions
left unanswered, unless answers are shown (instructor edition).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from awslab.course.quiz import LETTERS, inline_html, option_order, plain
from awslab.course.quizbank import Question, QuizError, data_dir, load_quiz

DEFAULT_QUESTIONS = 20
PASS_MARK = 0.72          # AWS associate exams pass at a scaled 720 of 1000
EXAM_NOTEBOOK = "15"


@dataclass(frozen=True)
class ExamQuestion:
    """One question of an exam: where it comes from and its option order."""

    number: int
    notebook: str
    area: str
    question: Question
    order: tuple          # option indices in display order

    @property
    def letters(self) -> dict:
        """``{letter: option}`` in display order."""
        return {LETTERS[i]: self.question.options[k] for i, k in enumerate(self.order)}

    @property
    def answer(self) -> str:
        """The letter of the correct option."""
        return LETTERS[self.order.index(self.question.answer)]


def quiz_notebooks() -> list[str]:
    """The notebooks with a quiz bank (``data/quiz/nbNN.yaml``), sorted."""
    return sorted(p.stem[2:] for p in (data_dir() / "quiz").glob("nb*.yaml")
                  if p.stem[2:].isdigit() and p.stem[2:] != EXAM_NOTEBOOK)


def draw(student_id, questions: int = DEFAULT_QUESTIONS, notebooks=None) -> "Exam":
    """A practice exam for ``student_id``: ``questions`` questions from every quiz bank.

    Notebooks take turns (in a seeded order), each giving its next seeded question, so
    every bank is drawn from before any gives a second question; the exam's order and
    each question's option order are shuffled too. The same student always gets the same
    exam; two students rarely get the same one.

    Parameters
    ----------
    student_id : str
        Seeds the draw.
    questions : int
        How many (at most all the questions of the banks).
    notebooks : list of str, optional
        Draw from these notebooks only (default: every quiz bank).
    """
    from awslab.course.topics import load_map
    area = load_map().area
    rng = random.Random(f"awslab.exam:{student_id}")
    banks, skipped = {}, []
    for nb in notebooks or quiz_notebooks():
        try:
            banks[nb] = list(load_quiz(nb).questions)
        except QuizError as exc:           # one broken bank must not stop the exam
            skipped.append(f"{nb}: {str(exc).splitlines()[0]}")
    for nb in sorted(banks):
        rng.shuffle(banks[nb])
    turn = sorted(banks)
    rng.shuffle(turn)
    picked = []
    while len(picked) < questions and any(banks.values()):
        for nb in turn:
            if banks[nb] and len(picked) < questions:
                picked.append((nb, banks[nb].pop()))
    rng.shuffle(picked)
    seed = f"exam:{student_id}"
    items = tuple(ExamQuestion(n, nb, area(nb), q, tuple(option_order(q, seed, nb)))
                  for n, (nb, q) in enumerate(picked, 1))
    return Exam(str(student_id), items, tuple(skipped))


def pool() -> list:
    """``[(notebook, title, area, number of questions)]`` of every quiz bank."""
    from awslab.course.topics import load_map
    area = load_map().area
    rows = []
    for nb in quiz_notebooks():
        try:
            quiz = load_quiz(nb)
        except QuizError:
            continue                       # draw() names it in the exam
        rows.append((nb, quiz.title, area(nb), len(quiz.questions)))
    return rows


def pool_chart():
    """The question pool by notebook, coloured by area."""
    from awslab.viz.progress import question_bank
    return question_bank([(f"{nb} {title}", area, n) for nb, title, area, n in pool()])


def _verdict(question: ExamQuestion, mine: str | None) -> str:
    return ("✔ right" if mine == question.answer else
            "✘ wrong" if mine else "· not answered")


def _letter(value) -> str | None:
    text = str(value).strip().upper().rstrip(".)")
    return text if len(text) == 1 and text in LETTERS else None


class Exam:
    """A drawn exam: show it, score an answer sheet, or give the key."""

    def __init__(self, student_id: str, questions: tuple, skipped: tuple = ()):
        self.student_id = student_id
        self.questions = questions
        self.skipped = skipped            # quiz banks that could not be read

    def __len__(self) -> int:
        return len(self.questions)

    def answer_key(self) -> dict:
        """``{number: letter}`` of the correct options (for instructors)."""
        return {q.number: q.answer for q in self.questions}

    def areas(self) -> dict:
        """``{area: number of questions}`` in course order."""
        counts: dict = {}
        for q in sorted(self.questions, key=lambda q: q.notebook):
            counts[q.area] = counts.get(q.area, 0) + 1
        return counts

    def score(self, answers) -> "ExamResult":
        """Grade ``answers``: ``{number: letter}`` (``{1: "B"}``) or a string of letters
        in question order (``"BD-A"``, ``-`` or a space for no answer)."""
        if isinstance(answers, str):
            answers = {n: c for n, c in enumerate(answers, 1)}
        chosen, ignored = {}, []
        for key, value in dict(answers or {}).items():
            number = int(key) if str(key).strip().isdigit() else None
            letter = _letter(value)
            if number is None or not 1 <= number <= len(self):
                ignored.append(f"{key!r}: there is no question {key}")
            elif letter is None or LETTERS.index(letter) >= len(
                    self.questions[number - 1].order):
                if str(value).strip() not in ("", "-"):
                    ignored.append(f"question {number}: {value!r} is not one of its "
                                   "letters")
            else:
                chosen[number] = letter
        return ExamResult(self, chosen, tuple(ignored))

    # -- showing ----------------------------------------------------------------------
    def text(self, show_answers: bool = False) -> str:
        lines = [f"Practice exam for {self.student_id}: {len(self)} questions"]
        lines += [f"(quiz bank skipped: {item})" for item in self.skipped]
        for q in self.questions:
            lines += ["", f"{q.number}. [{q.notebook} · {q.area}] "
                      f"{plain(q.question.prompt)}"]
            for letter, option in q.letters.items():
                mark = "  <- correct" if show_answers and option.correct else ""
                lines.append(f"   {letter}. {plain(option.text)}{mark}")
        return "\n".join(lines) + "\n"

    def html(self, show_answers: bool = False) -> str:
        parts = [f'<div class="awslab-exam"><h4>Practice exam for '
                 f"{inline_html(self.student_id)}: {len(self)} questions</h4>"]
        parts += [f"<p><i>Quiz bank skipped: {inline_html(item)}</i></p>"
                  for item in self.skipped]
        for q in self.questions:
            parts.append(f"<p><b>{q.number}.</b> <small>[{q.notebook} · "
                         f"{inline_html(q.area)}]</small> {inline_html(q.question.prompt)}"
                         '</p><ul style="list-style:none">')
            for letter, option in q.letters.items():
                mark = " <b>✔ correct</b>" if show_answers and option.correct else ""
                why = (f"<br><i>{inline_html(option.explanation)}</i>" if show_answers
                       else "")
                parts.append(f"<li><b>{letter}.</b> {inline_html(option.text)}{mark}{why}"
                             "</li>")
            parts.append("</ul>")
        parts.append("</div>")
        return "\n".join(parts)

    def show(self, interactive: bool = True, show_answers: bool = False):
        """The exam to display: a form with radio buttons and a *Score my exam* button
        (``interactive``), or the static questions (handouts; answers marked if
        ``show_answers``)."""
        if interactive:
            try:
                return exam_widget(self, show_answers)
            except ImportError:
                pass
        return _Static(self, show_answers)


class _Shown:
    """Shown as ``html()`` in Jupyter and as ``text()`` elsewhere."""

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()


class _Static(_Shown):
    def __init__(self, exam: Exam, show_answers: bool):
        self.exam, self.show_answers = exam, show_answers

    def html(self) -> str:
        return self.exam.html(self.show_answers)

    def text(self) -> str:
        return self.exam.text(self.show_answers)


class ExamResult(_Shown):
    """A graded answer sheet: score, explanations of every option, score by area."""

    def __init__(self, exam: Exam, chosen: dict, ignored: tuple = ()):
        self.exam = exam
        self.chosen = chosen
        self.ignored = ignored

    @property
    def right(self) -> int:
        return sum(self.chosen.get(q.number) == q.answer for q in self.exam.questions)

    @property
    def fraction(self) -> float:
        return self.right / len(self.exam) if len(self.exam) else 0.0

    @property
    def passed(self) -> bool:
        return self.fraction >= PASS_MARK

    @property
    def missed(self) -> list:
        """The questions answered wrongly or not at all."""
        return [q for q in self.exam.questions if self.chosen.get(q.number) != q.answer]

    def by_area(self) -> list:
        """``[(area, right, asked)]`` in course order."""
        rows: dict = {}
        for q in sorted(self.exam.questions, key=lambda q: q.notebook):
            right, asked = rows.get(q.area, (0, 0))
            rows[q.area] = (right + (self.chosen.get(q.number) == q.answer), asked + 1)
        return [(area, r, a) for area, (r, a) in rows.items()]

    def headline(self) -> str:
        verdict = "pass" if self.passed else "below the pass mark"
        return (f"Score: {self.right}/{len(self.exam)} ({100 * self.fraction:.0f} %, "
                f"{verdict} of {100 * PASS_MARK:.0f} %); answered {len(self.chosen)}, "
                f"unanswered {len(self.exam) - len(self.chosen)}")

    def _explained(self, show_all: bool = False):
        for q in self.exam.questions:
            mine = self.chosen.get(q.number)
            if mine is None and not show_all:
                continue
            yield q, mine

    def text(self, show_all: bool = False) -> str:
        lines = [self.headline()]
        lines += [f"  ignored {item}" for item in self.ignored]
        for q, mine in self._explained(show_all):
            verdict = _verdict(q, mine)
            lines += ["", f"{q.number}. {verdict} (yours: {mine or '-'}, correct: "
                      f"{q.answer}) [{q.notebook} · {q.area}] {plain(q.question.prompt)}"]
            for letter, option in q.letters.items():
                lines.append(f"   {letter}. {plain(option.text)}: "
                             f"{plain(option.explanation)}")
        if not self.chosen and not show_all:
            lines += ["", "No answers yet: fill in `answers` ({1: \"B\", 2: \"D\", ...}) "
                      "and score again; every option is explained once you answer."]
        return "\n".join(lines) + "\n"

    def html(self, show_all: bool = False) -> str:
        parts = [f"<div class=\"awslab-exam-result\"><p><b>{self.headline()}</b></p>"]
        parts += [f"<p>Ignored {inline_html(item)}</p>" for item in self.ignored]
        for q, mine in self._explained(show_all):
            verdict = _verdict(q, mine)
            parts.append(f"<p><b>{q.number}. {verdict}</b> (yours: {mine or '-'}, "
                         f"correct: {q.answer}) <small>[{q.notebook} · "
                         f"{inline_html(q.area)}]</small> {inline_html(q.question.prompt)}"
                         "</p><ul style=\"list-style:none\">")
            for letter, option in q.letters.items():
                mark = " ✔" if option.correct else ""
                parts.append(f"<li><b>{letter}.{mark}</b> {inline_html(option.text)}<br>"
                             f"<i>{inline_html(option.explanation)}</i></li>")
            parts.append("</ul>")
        if not self.chosen and not show_all:
            parts.append("<p>No answers yet: fill in <code>answers</code> "
                         "(<code>{1: \"B\", 2: \"D\", ...}</code>) and score again; every "
                         "option is explained once you answer.</p>")
        parts.append("</div>")
        return "\n".join(parts)

    def chart(self):
        """A figure of the score by area, with the pass mark."""
        from awslab.viz.progress import score_by_area
        return score_by_area(self.by_area(), PASS_MARK,
                             title=f"Practice exam of {self.exam.student_id}: "
                             f"{self.right}/{len(self.exam)} right, by area")

    def record(self, lab) -> bool:
        """Save this attempt in the learner's progress file (best and latest kept)."""
        from awslab.course import progress
        return progress.record(lab, EXAM_NOTEBOOK, "exam", self.passed, score=self.fraction)


def exam_widget(exam: Exam, show_answers: bool = False):
    """The exam as a form: one radio group per question, *Score my exam*, the report."""
    import ipywidgets as w
    from IPython.display import display
    radios, boxes = {}, [w.HTML(f"<h4>Practice exam for {inline_html(exam.student_id)}: "
                                f"{len(exam)} questions</h4>")]
    for q in exam.questions:
        radio = w.RadioButtons(options=[(f"{letter}. {plain(o.text)}", letter)
                                        for letter, o in q.letters.items()],
                               value=None, layout=w.Layout(width="auto"))
        radios[q.number] = radio
        note = (f"<p><i>Instructor edition: the answer is {q.answer}.</i></p>"
                if show_answers else "")
        boxes.append(w.VBox([w.HTML(f"<p><b>{q.number}.</b> <small>[{q.notebook} · "
                                    f"{inline_html(q.area)}]</small> "
                                    f"{inline_html(q.question.prompt)}</p>"), radio,
                             w.HTML(note)]))
    button = w.Button(description="Score my exam", button_style="primary")
    out = w.Output()

    def on_click(_button):
        result = exam.score({n: r.value for n, r in radios.items() if r.value})
        with out:
            out.clear_output(wait=True)
            display(result)
            from awslab.widgets.explorer import as_png
            display(as_png(result.chart()))

    button.on_click(on_click)
    return w.VBox([*boxes, button, out])
