"""NB04 checks end to end on a real Lab: the attacker's 5xx pattern, the metric filter and
alarm on the error burst, and p95 latency per endpoint with Insights."""
import pytest

from awslab import Lab, course
from awslab.course.checks import nb04
from awslab.services.logs import sources


def petshop(student_id="nb04-test"):
    lab = Lab(student_id=student_id, start=nb04.lab_start(student_id))
    sources.seed_petshop(lab, hours=6, live=True, only=("API Gateway", "Lambda"))
    nb04.seed_attack(lab)
    lab.advance(hours=4)
    return lab


@pytest.fixture(scope="module")
def lab():
    return petshop()


def test_story_is_per_student():
    assert nb04.attacker_ip(1) != nb04.attacker_ip(2)
    assert nb04.lab_start("a") != nb04.lab_start("b")
    assert nb04.endpoint_of("/api/pets/42") == "/api/pets"
    assert nb04.endpoint_of("/api/orders?id=1") == "/api/orders"
    assert nb04.endpoint_of("/admin") is None
    assert nb04.nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == 10


@pytest.mark.parametrize("pattern, passed, words", [
    ('{{ $.ip = "{ip}" && $.status >= 500 }}', True, "exactly the"),
    ('{{ $.ip = "{ip}" }}', False, "the attacker's 4xx"),
    ("{{ $.status >= 500 }}", False, "also matches"),
    ('{{ $.ip = "{ip}" && $.status > 500 }}', False, "misses"),
    ("{{ $.status >= }}", False, "rejects the pattern: InvalidParameterException"),
    (42, False, "give the filter pattern as a string"),
])
def test_e1(lab, pattern, passed, words):
    ex = course.exercises("04", lab)
    answer = pattern.format(ip=ex.e1.attacker) if isinstance(pattern, str) else pattern
    result = ex.e1.check(answer)
    assert result.passed is passed and words in result.message


@pytest.mark.parametrize("query, passed, words", [
    ("parse resourcePath /^(?<endpoint>\\/(api\\/)?[a-z]+)/ | stats pct(latency, 95) "
     "as p95 by endpoint", True, "p95 latency per endpoint: /api/pets"),
    ("stats pct(latency, 95) by resourcePath", False, "per full path"),
    ("parse resourcePath /^(?<endpoint>\\/(api\\/)?[a-z]+)/ | stats avg(latency) by "
     "endpoint", False, "is not its p95 latency"),
    ("filter resourcePath = '/health' | stats pct(latency, 95) by resourcePath", False,
     "no row for /api/pets"),
    ("stats pct(latency, 95) by", False, "does not compile"),
])
def test_e3(lab, query, passed, words):
    result = course.exercises("04", lab).e3.check(query)
    assert result.passed is passed and words in result.message


def _alarm(lab, threshold=5, operator="GreaterThanThreshold", statistic="Sum"):
    ex = course.exercises("04", lab)
    ex.e2.task()
    logs, cw = lab.client("logs"), lab.client("cloudwatch")
    logs.put_metric_filter(
        logGroupName=nb04.ORDERS_GROUP, filterName="errors", filterPattern="ERROR",
        metricTransformations=[{"metricName": "OrderErrors", "metricNamespace": "PetShop",
                                "metricValue": "1", "defaultValue": 0}])
    cw.put_metric_alarm(AlarmName=nb04.E2_ALARM, Namespace="PetShop",
                        MetricName="OrderErrors", Statistic=statistic, Period=60,
                        EvaluationPeriods=1, Threshold=threshold,
                        ComparisonOperator=operator)
    return ex


@pytest.mark.parametrize("kwargs, passed, words", [
    ({}, True, "the minute with exactly 5 did not fire it"),
    ({"operator": "GreaterThanOrEqualToThreshold"}, False, "5 errors in a minute is not"),
    ({"statistic": "Average"}, False, "never went to ALARM"),
])
def test_e2(kwargs, passed, words):
    lab = Lab(student_id="nb04-e2", start=nb04.lab_start("nb04-e2"))
    ex = _alarm(lab, **kwargs)
    early = ex.e2.check()
    assert not early.passed and "advance the clock" in early.message
    lab.advance(seconds=(ex.e2.done - lab.now).total_seconds())
    result = ex.e2.check()
    assert result.passed is passed and words in result.message


def test_e2_needs_the_alarm_on_a_filter_metric():
    lab = Lab(student_id="nb04-e2b", start=nb04.lab_start("nb04-e2b"))
    ex = course.exercises("04", lab)
    assert "no alarm named nb04-e2" in ex.e2.check().message
    lab.client("cloudwatch").put_metric_alarm(
        AlarmName=nb04.E2_ALARM, Namespace="AWS/EC2", MetricName="CPUUtilization",
        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=5,
        ComparisonOperator="GreaterThanThreshold")
    assert "does not watch a metric of a metric filter" in ex.e2.check().message


def test_quiz_loads():
    from awslab.course.quizbank import load_quiz
    quiz = load_quiz("04")
    assert len(quiz.questions) == 5
