"""NB06 checks: the E1 verdict as a pure function, then every exercise end to end on a
real Lab (alarms on the simulated clock, recovery through the alarm's EC2 action)."""
from datetime import datetime, timedelta, timezone

import pytest

from awslab import Lab, course
from awslab.course.checks import nb06
from awslab.services import ec2 as ec2_sim
from awslab.workloads import Spike

UTC = timezone.utc
T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
RECOVER = "arn:aws:automate:us-east-1:ec2:recover"


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def facts():
    singles = [Spike(at(5), 1, 75.0), Spike(at(28), 1, 75.0)]
    sustained = Spike(at(16), 3, 75.0)
    return {"alarm_name": "nb06-e1", "threshold": 70.0, "story_start": at(0),
            "done": at(40), "sustained": sustained, "singles": singles,
            "singles_text": "01:05-01:06 and 01:28-01:29", "sustained_text": "01:16-01:19"}


@pytest.mark.parametrize("changes, passed, words", [
    ([(at(-5), "INSUFFICIENT_DATA", "OK"), (at(19), "OK", "ALARM"),
      (at(20), "ALARM", "OK")], True, "went to ALARM once, at 01:19"),
    ([(at(-5), "INSUFFICIENT_DATA", "OK"), (at(6), "OK", "ALARM"), (at(7), "ALARM", "OK"),
      (at(17), "OK", "ALARM")], False, "went to ALARM at 01:06, 01:17"),
    ([(at(-5), "INSUFFICIENT_DATA", "OK")], False, "never went to ALARM"),
    ([(at(-5), "INSUFFICIENT_DATA", "ALARM")], False, "already in ALARM when the story"),
    ([(at(-5), "INSUFFICIENT_DATA", "OK"), (at(17), "OK", "ALARM"), (at(18), "ALARM", "OK"),
      (at(19), "OK", "ALARM")], False, "went to ALARM 2 times"),
    ([(at(-5), "INSUFFICIENT_DATA", "OK"), (at(25), "OK", "ALARM")], False,
     "between 01:17 and 01:24"),
])
def test_judge_e1(changes, passed, words):
    verdict, message = nb06.judge_e1(changes, facts())
    assert verdict is passed and words in message


# -- E1 end to end ----------------------------------------------------------------------

def web_lab(student="alice", minutes=30):
    lab = Lab(student_id=student)
    web = ec2_sim.launch_instances(lab, monitoring="detailed")[0]
    lab.advance(minutes=minutes)
    return lab, web


def cpu_alarm(lab, web, n, m, name="nb06-e1", metric="CPUUtilization", period=60):
    lab.client("cloudwatch").put_metric_alarm(
        AlarmName=name, Namespace="AWS/EC2", MetricName=metric,
        Dimensions=[{"Name": "InstanceId", "Value": web}], Statistic="Average",
        Period=period, EvaluationPeriods=n, DatapointsToAlarm=m, Threshold=70.0,
        ComparisonOperator="GreaterThanThreshold")


def until_done(lab, ex):
    lab.advance(seconds=(ex.e1.done - lab.now).total_seconds())


def test_e1_story_is_seeded_fixed_and_put_on_the_instance_once():
    lab, web = web_lab()
    ex = course.exercises("06", lab, instance_id=web)
    story = ex.e1.story
    assert [e.minutes for e in story].count(1) == 2 and [e.minutes for e in story].count(3)
    assert ex.e1.story_start >= lab.now + timedelta(minutes=10)
    lab.advance(minutes=7)
    assert ex.e1.story == story                          # fixed at the first read
    again = course.exercises("06", lab, instance_id=web)
    assert again.e1.story == story
    inst = lab.state("ec2").any_instance(web)
    assert [s for s in inst.spikes if s in story] == story      # injected once
    other, web2 = web_lab("bob")
    assert course.exercises("06", other, instance_id=web2).e1.story != story


def test_e1_three_of_three_passes_and_one_of_one_does_not():
    lab, web = web_lab()
    ex = course.exercises("06", lab, instance_id=web)
    ex.e1.task()
    assert "there is no alarm named nb06-e1 yet" in ex.e1.check().message
    cpu_alarm(lab, web, 3, 3)
    assert "the story runs until" in ex.e1.check().message
    until_done(lab, ex)
    result = ex.e1.check()
    assert result.passed and "went to ALARM once" in result.message

    lab, web = web_lab("carol")
    ex = course.exercises("06", lab, instance_id=web)
    cpu_alarm(lab, web, 1, 1, name="flappy")
    until_done(lab, ex)
    message = ex.e1.check("flappy").message
    assert "flappy went to ALARM at" in message and "single spikes" in message


def test_e1_names_wrong_alarms():
    lab, web = web_lab("dave")
    ex = course.exercises("06", lab, instance_id=web)
    cpu_alarm(lab, web, 3, 3, metric="NetworkIn")
    assert "watches NetworkIn; it should watch AWS/EC2 CPUUtilization" in \
        ex.e1.check().message
    lab.advance(seconds=(ex.e1.story_start - lab.now).total_seconds() + 300)
    cpu_alarm(lab, web, 3, 3)                           # fixed, but too late
    until_done(lab, ex)
    assert "after the story had begun" in ex.e1.check().message
    assert "bind them with course.exercises('06', lab, instance_id=...)" in \
        course.exercises("06", lab).e1.check().message


def test_e1_a_period_that_averages_the_breach_away_never_fires():
    lab, web = web_lab("erin")
    ex = course.exercises("06", lab, instance_id=web)
    cpu_alarm(lab, web, 1, 1, period=300)
    until_done(lab, ex)
    assert "never went to ALARM" in ex.e1.check().message


# -- E2 ----------------------------------------------------------------------------------

def recover_alarm(lab, iid, actions=(RECOVER,), metric="StatusCheckFailed_System"):
    lab.client("cloudwatch").put_metric_alarm(
        AlarmName=f"{iid}-status", Namespace="AWS/EC2", MetricName=metric,
        Dimensions=[{"Name": "InstanceId", "Value": iid}], Statistic="Maximum",
        Period=60, EvaluationPeriods=2, Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=list(actions))


def test_e2_passes_after_a_recovery_by_the_alarm():
    lab, web = web_lab("frank", minutes=5)
    ex = course.exercises("06", lab, instance_id=web)
    assert "arn:aws:automate:us-east-1:ec2:recover" in ex.e2.recover_arn
    before = ec2_sim.instance_attributes(lab, web)
    assert "no alarm watches StatusCheckFailed_System" in ex.e2.check(before).message
    recover_alarm(lab, web)
    lab.advance(minutes=2)
    before = ec2_sim.instance_attributes(lab, web)
    assert "still on its old host" in ex.e2.check(before).message
    ec2_sim.inject_failure(lab, web, "host")
    lab.advance(minutes=1)
    assert "has not recovered the instance yet" in ex.e2.check(before).message
    lab.advance(minutes=2)
    assert "a recovery takes a couple of minutes" in ex.e2.check(before).message
    lab.advance(minutes=5)
    result = ex.e2.check(before)
    assert result.passed and f"recovered {web}: new host" in result.message


@pytest.mark.parametrize("answer, words", [
    (None, "you gave None"), ({"InstanceId": "i-0abc"}, "a dict of 1 item"),
    ("i-0abc", "give the snapshot taken before the fault")])
def test_e2_wants_the_snapshot(answer, words):
    lab, web = web_lab("gina", minutes=2)
    assert words in course.exercises("06", lab, instance_id=web).e2.check(answer).message


def test_e2_a_reboot_alarm_or_a_stop_start_is_not_a_recovery():
    lab, web = web_lab("hugo", minutes=5)
    ex = course.exercises("06", lab, instance_id=web)
    recover_alarm(lab, web, ("arn:aws:automate:us-east-1:ec2:reboot",))
    before = ec2_sim.instance_attributes(lab, web)
    assert "do not recover it" in ex.e2.check(before).message
    recover_alarm(lab, web)                               # now with recover, no fault
    ec2 = lab.client("ec2")
    ec2.stop_instances(InstanceIds=[web])
    lab.advance(minutes=2)
    ec2.start_instances(InstanceIds=[web])
    lab.advance(minutes=2)
    assert "PublicIpAddress changed" in ex.e2.check(before).message


def test_e2_reports_a_refused_recovery():
    lab = Lab(student_id="ivy")
    store = ec2_sim.launch_instances(lab, instance_type="m5d.large")[0]
    lab.advance(minutes=3)
    recover_alarm(lab, store)
    lab.advance(minutes=2)
    before = ec2_sim.instance_attributes(lab, store)
    ec2_sim.inject_failure(lab, store, "host")
    lab.advance(minutes=5)
    message = course.exercises("06", lab).e2.check(before).message
    assert "the recover action failed" in message and "instance store" in message


def test_e2_snapshot_taken_during_the_fault():
    lab, web = web_lab("jack", minutes=5)
    ec2_sim.inject_failure(lab, web, "host")
    before = ec2_sim.instance_attributes(lab, web)
    assert "take it before you inject the fault" in \
        course.exercises("06", lab, instance_id=web).e2.check(before).message


# -- E3 ----------------------------------------------------------------------------------

def e3(seed=4):
    return course.exercises("06", Lab(seed=seed)).e3


def right(ex):
    return {k: v[0] for k, v in ex.facts["_answers"].items()}


def test_e3_has_two_of_each_kind_seeded():
    kinds = [sorted(c for _, c in e3(s).facts["_answers"].values()) for s in range(6)]
    assert all(k == ["instance", "instance", "system", "system"] for k in kinds)
    assert len({tuple(e3(s).incidents.values()) for s in range(6)}) > 1


def test_e3_passes_with_the_mapping_and_arns():
    ex = e3()
    assert ex.check(right(ex)).passed
    arns = {k: f"arn:aws:automate:us-east-1:ec2:{v}" for k, v in right(ex).items()}
    assert ex.check({f"({k.upper()})": v for k, v in arns.items()}).passed


def test_e3_names_what_is_wrong():
    ex = e3()
    answer = right(ex)
    flipped = dict(answer, a="reboot" if answer["a"] == "recover" else "recover")
    message = ex.check(flipped).message
    assert "1 of 4 are not right yet; in (a)" in message and "status check fails" in message
    assert "no remedy for d" in ex.check({k: v for k, v in answer.items() if k != "d"}).message
    assert "use 'reboot' or 'recover'" in ex.check(dict(answer, b="stop")).message
    assert "e is not one of the incidents" in ex.check(dict(answer, e="reboot")).message
    assert "give a dict from each letter" in ex.check(["reboot"]).message


def test_quiz_loads_with_six_questions():
    quiz = course.load_quiz("06")
    assert len(quiz.questions) == 6
    assert all(sum(o.correct for o in q.options) == 1 for q in quiz.questions)
    assert all(o.explanation for q in quiz.questions for o in q.options)
