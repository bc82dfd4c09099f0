"""NB02 checks: the dashboard spec as a pure function, then end to end on a real Lab."""
import json
from datetime import timedelta

import pytest

from awslab import Lab, course
from awslab.course.checks import nb02
from awslab.course.checks.common import relative_seconds, span
from course_fakes import FakeLab, needs

FACTS = {"home_region": "us-east-1", "other_region": "eu-west-1", "start": "-PT3H",
         "range": "3 hours"}


def widget(region, tz="+0000", metrics=(("AWS/EC2", "CPUUtilization"),)):
    return {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
            "properties": {"metrics": [list(m) for m in metrics], "region": region,
                           "timezone": tz, "title": "CPU"}}


def good_body():
    return {"start": "-PT3H", "widgets": [
        widget("us-east-1"), widget("eu-west-1"),
        {"type": "text", "x": 0, "y": 6, "width": 24, "height": 2,
         "properties": {"markdown": "notes"}}]}


def test_a_body_meeting_the_spec_has_no_problems():
    assert nb02.body_problems(good_body(), FACTS) == []
    body = good_body()
    body["start"] = "-PT180M"                     # the same range, spelled otherwise
    assert nb02.body_problems(body, FACTS) == []


@pytest.mark.parametrize("change, words", [
    (lambda b: b.update(refresh="1m"), "remove refresh from the body"),
    (lambda b: b["widgets"].pop(0), "it has 1 metric widget instead of 2"),
    (lambda b: b["widgets"].append(widget("us-east-1")), "3 metric widgets"),
    (lambda b: b["widgets"][1]["properties"].update(region="us-east-1"),
     "regions are us-east-1 and us-east-1 instead of us-east-1 and eu-west-1"),
    (lambda b: b["widgets"][0]["properties"].update(timezone="+0100"),
     "\"timezone\": \"+0000\" (UTC)"),
    (lambda b: b["widgets"][0]["properties"].pop("timezone"), "(UTC)"),
    (lambda b: b["widgets"][0]["properties"].update(metrics=[]), "non-empty 'metrics'"),
    (lambda b: b.update(start="-PT1H"), "'start' must be '-PT3H' (the last 3 hours)"),
    (lambda b: b.pop("start"), "not None"),
    (lambda b: b.update(end="2026-01-05T00:00:00Z"), "remove 'end'"),
])
def test_each_unmet_requirement_is_named(change, words):
    body = good_body()
    change(body)
    problems = nb02.body_problems(body, FACTS)
    assert any(words in p for p in problems), problems


def test_not_a_dashboard_body():
    assert nb02.body_problems([], FACTS) == [
        "the body must be a JSON object with a 'widgets' list"]


def test_e3_reports_every_problem_at_once_on_the_fake():
    lab = FakeLab()
    ex = course.exercises("02", lab)
    assert "no dashboard named NB02-E3 yet (ResourceNotFound)" in ex.e3.check().message
    lab.cw.put_dashboard("NB02-E3", "{not json")
    assert "not valid JSON" in ex.e3.check().message
    lab.cw.put_dashboard("NB02-E3", json.dumps({"refresh": "1m", "widgets": []}))
    message = ex.e3.check().message
    assert message.startswith("3 requirements not met: (1) remove refresh")
    assert "(2) it has 0 metric widgets" in message and "(3) 'start'" in message
    assert "you gave an int" in ex.e3.check(3).message


@pytest.mark.parametrize("text, seconds", [
    ("-PT3H", 10800), ("-PT180M", 10800), ("-P0DT3H", 10800), ("-PT10800S", 10800),
    ("-P1D", 86400), ("-P1W", 604800), ("PT3H", None), ("-PT", None), ("3h", None),
    (None, None)])
def test_relative_ranges(text, seconds):
    assert relative_seconds(text) == seconds


def test_span_words():
    assert span(timedelta(hours=3)) == "+3 h"
    assert span(timedelta(days=-15, hours=-6)) == "-15 days 6 h"
    assert span(timedelta(hours=2, minutes=30)) == "+2 h 30 min"


def test_seeded_facts_vary_by_student_and_repeat_for_one():
    offsets = {course.exercises("02", FakeLab(seed=s)).e2.offset for s in range(20)}
    regions = {course.exercises("02", FakeLab(seed=s)).e3.other_region
               for s in range(20)}
    assert len(offsets) > 2 and len(regions) > 2
    assert all(o in nb02.E2_OFFSETS for o in offsets)
    one = course.exercises("02", FakeLab(seed=4)).e2
    again = course.exercises("02", FakeLab(seed=4)).e2
    assert one.points == again.points and one.host == again.host


# -- end to end on a real lab -------------------------------------------------------------

pytestmark_cw = needs("awslab.services.cloudwatch")


def memory(iids, unit="Percent", env="prod", dims=("InstanceId", "Environment")):
    values = {"InstanceId": None, "Environment": env}
    return [{"MetricName": "MemoryUtilization", "Value": 50.0, "Unit": unit,
             "Dimensions": [{"Name": d, "Value": values[d] or iid} for d in dims]}
            for iid in iids]


@pytest.fixture
def lab():
    return Lab(student_id="alice")


@pytestmark_cw
def test_e1_three_instances_with_percent(lab):
    ex = course.exercises("02", lab)
    cw = lab.client("cloudwatch")
    assert "shows nothing in Course/NB02/E1 yet" in ex.e1.check().message
    cw.put_metric_data(Namespace=ex.e1.namespace, MetricData=memory(["i-1", "i-2", "i-3"],
                                                                   unit="Count"))
    assert "has unit Count, not Percent" in ex.e1.check().message
    cw.put_metric_data(Namespace=ex.e1.namespace, MetricData=memory(["i-1", "i-2", "i-3"]))
    assert ex.e1.check().passed
    assert "you gave an int" in ex.e1.check(3).message


@pytestmark_cw
@pytest.mark.parametrize("data, words", [
    (memory(["i-1", "i-2"]), "has 2 MemoryUtilization metrics; expected exactly 3"),
    (memory(["i-1", "i-2", "i-3", "i-4"]), "has 4 MemoryUtilization metrics"),
    (memory(["i-1", "i-2", "i-3"], dims=("InstanceId",)),
     "should have exactly two dimensions"),
    (memory(["i-1"]) + memory(["i-1"], env="dev") + memory(["i-2"]),
     "cover only 2 instances"),
    ([dict(memory(["i-1"])[0], MetricName="Mem")] + memory(["i-2", "i-3"]),
     "holds Mem; the metric name must be MemoryUtilization"),
])
def test_e1_mistakes_and_a_fresh_namespace(lab, data, words):
    ex = course.exercises("02", lab)
    cw = lab.client("cloudwatch")
    cw.put_metric_data(Namespace=ex.e1.namespace, MetricData=data)
    message = ex.e1.check().message
    assert words in message and "Course/NB02/E1-v2" in message
    cw.put_metric_data(Namespace="Course/NB02/E1-v2",
                       MetricData=memory(["i-1", "i-2", "i-3"]))
    assert ex.e1.check("Course/NB02/E1-v2").passed


@pytestmark_cw
def test_e2_fix_the_skewed_host(lab):
    from botocore.exceptions import ClientError
    ex = course.exercises("02", lab)
    cw = lab.client("cloudwatch")
    offset = ex.e2.host_now - lab.now
    assert offset == ex.e2.offset and abs(offset) > timedelta(hours=2)
    with pytest.raises(ClientError):
        cw.put_metric_data(Namespace=ex.e2.namespace, MetricData=ex.e2.points)
    assert "the sign is reversed" in ex.e2.check(-offset).message
    assert "not off by +1 h" in ex.e2.check(timedelta(hours=1)).message
    assert "you gave the number 3" in ex.e2.check(3).message
    assert "a point in time" in ex.e2.check(lab.now).message
    assert "8 of 8 points are not stored" in ex.e2.check(offset).message
    fixed = [{**p, "Timestamp": p["Timestamp"] - offset} for p in ex.e2.points]
    cw.put_metric_data(Namespace=ex.e2.namespace, MetricData=fixed[:5])
    assert "3 of 8 points are not stored" in ex.e2.check(offset).message
    cw.put_metric_data(Namespace=ex.e2.namespace, MetricData=fixed[5:])
    result = ex.e2.check(offset)
    assert result.passed and f"was {span(offset)} off" in result.message


@pytestmark_cw
def test_e2_wrong_values_are_named(lab):
    ex = course.exercises("02", lab)
    cw = lab.client("cloudwatch")
    offset = ex.e2.offset
    fixed = [{**p, "Timestamp": p["Timestamp"] - offset, "Value": 99.0}
             for p in ex.e2.points]
    cw.put_metric_data(Namespace=ex.e2.namespace, MetricData=fixed)
    assert "holds 99, but the host measured" in ex.e2.check(offset).message


@pytestmark_cw
def test_e3_the_solution_passes_on_a_real_lab(lab, capsys):
    ex = course.exercises("02", lab, show_answers=True)
    ex.e3.solution()
    code = capsys.readouterr().out.split("\n", 1)[1]
    scope = {"lab": lab, "ex": ex, "cw": lab.client("cloudwatch")}
    exec(code, scope)
    assert "✅ E3 passed" in capsys.readouterr().out


@pytestmark_cw
@pytest.mark.parametrize("number", ["e1", "e2"])
def test_e1_e2_solutions_pass_on_a_real_lab(lab, capsys, number):
    ex = course.exercises("02", lab, show_answers=True)
    getattr(ex, number).solution()
    code = capsys.readouterr().out.split("\n", 1)[1]
    exec(code, {"lab": lab, "ex": ex, "cw": lab.client("cloudwatch")})
    assert f"✅ {number.upper()} passed" in capsys.readouterr().out
