"""NB15 (exam review): reading a practice exam and its result.

E1 counts the learner's exam questions by area; E2 plans a review from a scored result
(the notebooks of every question missed or left unanswered). Both checks compute the
expected answer from the learner's own seeded exam (``course.exam.draw(student_id)``),
bound with ``course.exercises("15", lab, exam=exam)``. Introduced in
``15_exam_review.ipynb``.
"""
from __future__ import annotations

from awslab.course.answers import describe
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Exam review"


NOT_BOUND = fail("bind your exam first: ex = course.exercises('15', lab, exam=exam)")


def _exam(ctx):
    exam = ctx.given.get("exam")
    return exam if hasattr(exam, "questions") and hasattr(exam, "areas") else None


def _facts_e1(ctx) -> dict:
    exam = ctx.given.get("exam")
    return {"questions": len(exam) if exam is not None else "your"}


def _check_e1(ctx, answer):
    if _exam(ctx) is None:
        return NOT_BOUND
    expected = _exam(ctx).areas()
    if not isinstance(answer, dict):
        return fail(f"you gave {describe(answer)}; give a dict from area name to the "
                    "number of questions")
    unknown = sorted(set(answer) - set(expected), key=str)
    if unknown:
        return fail(f"{unknown[0]!r} is not an area of your exam; its areas are "
                    f"{', '.join(expected)}")
    for area, count in expected.items():
        if area not in answer:
            return fail(f"the area {area!r} is missing")
        if answer[area] != count:
            return fail(f"{area}: you counted {describe(answer[area])}, but your exam "
                        f"has {count} question{'s' if count != 1 else ''} from it")
    return ok(f"{len(expected)} areas, {sum(expected.values())} questions: "
              + ", ".join(f"{a} {n}" for a, n in expected.items()))


E1 = Exercise(
    id="E1",
    title="Your exam by area",
    task=("Your exam has {questions} questions, each from one area of the course "
          "(q.area of each item of exam.questions). Count them: a dict from area to "
          "number of questions."),
    check=_check_e1,
    hints=("exam.questions is a tuple of questions; each has .notebook and .area.",
           "collections.Counter counts the items of any iterable.",
           "dict(Counter(q.area for q in exam.questions))"),
    solution=("from collections import Counter\n"
              "counts = dict(Counter(q.area for q in exam.questions))\n"
              "ex.e1.check(counts)"),
    usage="ex.e1.check(counts)",
    facts=_facts_e1,
)


def _check_e2(ctx, answer):
    exam = _exam(ctx)
    if exam is None:
        return NOT_BOUND
    result = ctx.given.get("result")
    if result is None or getattr(result, "exam", None) is not exam:
        return fail("score your exam first (result = exam.score(answers)), then "
                    "ex.e2.check(plan, result=result)")
    expected = sorted({q.notebook for q in result.missed})
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        return fail(f"you gave {describe(answer)}; give a list of notebook numbers as "
                    "text, e.g. ['01', '06']")
    plan = list(answer)
    if len(set(plan)) != len(plan):
        return fail("a notebook appears twice in your plan; list each once")
    extra = sorted(set(plan) - set(expected))
    if extra:
        return fail(f"notebook {extra[0]} is in your plan, but you missed no question "
                    "from it")
    missing = sorted(set(expected) - set(plan))
    if missing:
        return fail(f"you missed (or skipped) a question from notebook {missing[0]}; "
                    "revisit it too")
    if plan != expected:
        return fail("the right notebooks; now sort them in course order")
    if not expected:
        return ok("nothing to revisit: every question right")
    return ok(f"revisit {', '.join(expected)} ({len(result.missed)} questions missed or "
              "skipped)")


E2 = Exercise(
    id="E2",
    title="Plan your review",
    task=("After scoring your exam (result = exam.score(answers)), list the notebooks to "
          "revisit: those of every question you missed or left unanswered "
          "(result.missed), each once, in course order."),
    check=_check_e2,
    hints=("result.missed lists the questions not answered correctly.",
           "Each question has .notebook ('01', '06'...); a set keeps each once.",
           "sorted({q.notebook for q in result.missed})"),
    solution=("plan = sorted({q.notebook for q in result.missed})\n"
              "ex.e2.check(plan, result=result)"),
    usage="ex.e2.check(plan, result=result)",
)

EXERCISES = [E1, E2]
