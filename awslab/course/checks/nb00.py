"""NB00 (welcome): warm-up exercises about the lab itself.

E1 moves the simulated clock; E2 asks STS who the learner is. Introduced in
``00_welcome.ipynb``.
"""
from __future__ import annotations

from datetime import timedelta

from awslab.course.answers import as_datetime, describe, is_response
from awslab.course.checks.common import stamp
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Welcome to the lab"
E1_MINUTES = 90


def _facts_e1(ctx) -> dict:
    target = ctx.anchor + timedelta(minutes=E1_MINUTES)
    return {"start": ctx.anchor, "target": target, "start_text": stamp(ctx.anchor),
            "target_text": stamp(target), "minutes": E1_MINUTES}


def _check_e1(ctx, answer):
    when, problem = as_datetime(answer, "lab.now (a datetime)")
    if problem:
        return fail(problem)
    now, start = ctx.lab.now, ctx.facts["start"]
    if when != now:
        if abs((when - now).total_seconds()) > 366 * 86400:
            return fail("that time is not the lab's: the lab has its own simulated "
                        "clock, lab.now (your computer's clock plays no part)")
        return fail(f"you gave {stamp(when)}, but the lab's clock reads "
                    f"{stamp(now)}; return lab.now after advancing")
    moved = int((now - start).total_seconds() // 60)
    if moved < E1_MINUTES:
        return fail(f"the clock has moved {moved} of the {E1_MINUTES} minutes since "
                    "the lab started")
    if moved > E1_MINUTES:
        return fail(f"the clock has moved {moved} minutes since the lab started, not "
                    f"{E1_MINUTES} (time only moves forward: did a cell run twice?)")
    return ok(f"the lab's clock reads {stamp(now)}, {E1_MINUTES} minutes after it "
              "started; nothing in the lab reads your computer's clock")


E1 = Exercise(
    id="E1",
    title="Move the simulated clock",
    task=("Your lab started at {start_text}. Advance its clock by {minutes} minutes "
          "and return lab.now."),
    check=_check_e1,
    hints=("The lab has its own clock: lab.advance(...) moves it forward.",
           "lab.advance takes seconds=, minutes=, hours= or days=; lab.now reads the "
           "clock as a timezone-aware UTC datetime.",
           "lab.advance(minutes={minutes}) once, then ex.e1.check(lab.now). If the "
           "clock is past {target_text}, create a fresh Lab and run the cells again."),
    solution="lab.advance(minutes={minutes})\nex.e1.check(lab.now)",
    usage="ex.e1.check(lab.now)",
    facts=_facts_e1,
)


def _check_e2(ctx, answer):
    me = ctx.client("sts").get_caller_identity()
    arn = me["Arn"]
    if is_response(answer):
        return fail("you gave the whole get_caller_identity response; "
                    "return one of its fields (the ARN)")
    if not isinstance(answer, str):
        return fail(f"you gave {describe(answer)}; give the ARN as text")
    text = answer.strip()
    if text == arn:
        return ok(f"you are {arn}, an IAM user in account {me['Account']}")
    if text == me["Account"]:
        return fail("that is the account ID; the ARN is a longer string that starts "
                    "with 'arn:aws:'")
    if text == me["UserId"]:
        return fail("that is the UserId (a unique ID); the ARN starts with 'arn:aws:'")
    return fail(f"you gave {describe(answer)}, which is not the ARN STS returns "
                "for your lab's caller")


E2 = Exercise(
    id="E2",
    title="Who am I?",
    task=("Call sts.get_caller_identity() with a client of your lab and return the "
          "ARN of the caller (text)."),
    check=_check_e2,
    hints=("A client comes from your lab: sts = lab.client('sts').",
           "get_caller_identity() returns a dict with UserId, Account and Arn.",
           "sts = lab.client('sts'); arn = sts.get_caller_identity()['Arn']; "
           "ex.e2.check(arn)"),
    solution=("sts = lab.client(\"sts\")\n"
              "arn = sts.get_caller_identity()[\"Arn\"]\nex.e2.check(arn)"),
    usage="ex.e2.check(arn)",
)

EXERCISES = [E1, E2]
