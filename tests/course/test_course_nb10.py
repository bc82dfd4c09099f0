"""NB10 checks: the sorting and root-cause verdicts as pure functions, then every
exercise end to end on the staged ALB incident."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from awslab import Lab, course, incidents
from awslab.course.checks import nb10

UTC = timezone.utc
TRUTH = {"time": datetime(2026, 1, 5, 0, 43, 18, tzinfo=UTC), "user": "net-priya",
         "api": "RevokeSecurityGroupIngress", "resource": "sg-1",
         "attribute": "IpPermissions", "metric": "HTTPCode_ELB_5XX_Count"}


def test_cards_are_seeded_and_balanced():
    cards = nb10.cards_of(Lab(seed=1))
    assert len(cards) == 12 and cards == nb10.cards_of(Lab(seed=1))
    assert cards != nb10.cards_of(Lab(seed=2))
    for service in nb10.SERVICES:
        assert sum(nb10.CARDS[c][1] == service for c in cards) == 4


def test_judge_e1_explains_each_miss():
    cards = ["a", "c", "d"]
    assert nb10.judge_e1({"a": "CloudWatch", "c": "cloudtrail", "d": "AWS Config"},
                         cards)[0]
    ok, message = nb10.judge_e1({"a": "CloudTrail", "c": "CloudTrail", "d": "Config"},
                                cards)
    assert not ok and "2 of 3 right" in message and "(a)" in message
    ok, message = nb10.judge_e1({}, cards)
    assert not ok and "not sorted yet" in message and "CloudWatch," not in message


@pytest.mark.parametrize("answer, passed, words", [
    ((TRUTH["time"], "net-priya", "RevokeSecurityGroupIngress", "ipPermissions",
      "HTTPCode_ELB_5XX_Count"), True, "net-priya called"),
    ({"time": "2026-01-05T00:44:00Z", "principal": "arn:aws:iam::1:user/net-priya",
      "api": "ec2:RevokeSecurityGroupIngress", "attribute": "ingress rules",
      "metric": "5XX"}, True, "net-priya"),
    ((TRUTH["time"] + timedelta(minutes=13), "net-priya", "RevokeSecurityGroupIngress",
      "IpPermissions", "5xx"), False, "time"),
    ((TRUTH["time"], "ops-mika", "RevokeSecurityGroupIngress", "IpPermissions", "5xx"),
     False, "did not make that change"),
    ((TRUTH["time"], "net-priya", "ModifyListener", "IpPermissions", "5xx"), False,
     "not the call"),
    ((TRUTH["time"], "net-priya", "RevokeSecurityGroupIngress", "certificate", "5xx"),
     False, "changed attribute"),
    ((TRUTH["time"], "net-priya", "RevokeSecurityGroupIngress", "IpPermissions",
      "CPUUtilization"), False, "metric impact"),
])
def test_judge_e2(answer, passed, words):
    ok, message = nb10.judge_e2(answer, TRUTH)
    assert ok is passed and words in message


@pytest.fixture(scope="module")
def lab():
    lab = Lab(student_id="nb10-test")
    incident = incidents.stage_alb_incident(lab)
    lab.advance(seconds=(incident.end - lab.now).total_seconds())
    return lab


def test_incident_is_seen_by_all_three(lab):
    incident = incidents.incident_of(lab)
    assert incident.first_change["time"] < incident.second_change["time"]
    assert not incidents.reachable(lab, incident.web_group, incident.alb_group)
    assert not incidents.tls_ok(lab, incident.listener_arn)
    rule = lab.client("config").describe_compliance_by_config_rule(
        ConfigRuleNames=[incidents.RULE])["ComplianceByConfigRules"][0]
    assert rule["Compliance"]["ComplianceType"] == "NON_COMPLIANT"


def test_exercises_end_to_end(lab):
    incident = incidents.incident_of(lab)
    ex = course.exercises("10", lab)
    assert ex.e1.check(dict(ex.e1.truth)).passed
    ct = lab.client("cloudtrail")
    event = ct.lookup_events(LookupAttributes=[{
        "AttributeKey": "EventName", "AttributeValue": "RevokeSecurityGroupIngress"}])[
        "Events"][0]
    assert ex.e2.check((event["EventTime"], event["Username"], event["EventName"],
                        "IpPermissions", "HTTPCode_ELB_5XX_Count")).passed
    cw = lab.client("cloudwatch")
    rows = [["AWS/ApplicationELB", name, "LoadBalancer", incident.lb_dimension,
             {"id": qid, "stat": "Sum", "period": 60, "visible": False}]
            for qid, name in (("e", "HTTPCode_ELB_5XX_Count"),
                              ("t", "HTTPCode_Target_5XX_Count"), ("r", "RequestCount"))]
    wrong = rows + [[{"expression": "100 * e / (r + t)", "id": "pct"}]]
    body = lambda metrics: json.dumps({"widgets": [{"type": "metric", "properties": {  # noqa
        "metrics": metrics, "region": "us-east-1", "title": "5xx"}}]})
    cw.put_dashboard(DashboardName="wrong", DashboardBody=body(wrong))
    assert "not the 5xx percentage" in ex.e3.check("wrong").message
    right = rows + [[{"expression": "100 * (e + t) / r", "id": "pct"}]]
    cw.put_dashboard(DashboardName="right", DashboardBody=body(right))
    assert ex.e3.check("right").passed
    assert not ex.e3.check("missing").passed


def test_quiz_loads():
    assert len(course.load_quiz("10").questions) == 4
