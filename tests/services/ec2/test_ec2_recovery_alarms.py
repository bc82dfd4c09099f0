"""The recovery story end to end: a CloudWatch alarm on a status check, its EC2 action,
and what the alarm history records (the alarm engine calls EC2 through the lab)."""
import pytest

from awslab.services.ec2 import inject_failure, instance_attributes
from ec2_helpers import describe, run


@pytest.fixture
def cw(lab):
    return lab.client("cloudwatch")


def _alarm(cw, iid, metric, action, name="status"):
    cw.put_metric_alarm(
        AlarmName=name, Namespace="AWS/EC2", MetricName=metric,
        Dimensions=[{"Name": "InstanceId", "Value": iid}], Statistic="Maximum", Period=60,
        EvaluationPeriods=2, Threshold=0.0, ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[f"arn:aws:automate:us-east-1:ec2:{action}"])


def _actions(cw, name="status"):
    return [h["HistorySummary"] for h in cw.describe_alarm_history(
        AlarmName=name, HistoryItemType="Action")["AlarmHistoryItems"]]


def test_an_alarm_on_the_system_check_recovers_the_instance(lab, cw):
    ec2 = lab.client("ec2")
    [iid] = run(ec2)
    lab.advance(minutes=5)
    _alarm(cw, iid, "StatusCheckFailed_System", "recover")
    lab.advance(minutes=3)
    before = instance_attributes(lab, iid)
    inject_failure(lab, iid, "host")
    lab.advance(minutes=10)
    assert _actions(cw) == ["Successfully executed action "
                            "arn:aws:automate:us-east-1:ec2:recover"]
    after = instance_attributes(lab, iid)
    assert after["InstanceId"] == iid and after["Host"] != before["Host"]
    assert after["PrivateIpAddress"] == before["PrivateIpAddress"]
    assert after["PublicIpAddress"] == before["PublicIpAddress"]
    assert after["StatusChecks"]["System"] == "ok"
    assert cw.describe_alarms(AlarmNames=["status"])["MetricAlarms"][0]["StateValue"] == "OK"


def test_a_refused_recovery_is_a_failed_action(lab, cw):
    ec2 = lab.client("ec2")
    [iid] = run(ec2, itype="m5d.large")
    lab.advance(minutes=5)
    _alarm(cw, iid, "StatusCheckFailed_System", "recover")
    lab.advance(minutes=3)
    inject_failure(lab, iid, "host")
    lab.advance(minutes=5)
    [summary] = _actions(cw)
    assert summary.startswith("Failed to execute action arn:aws:automate:us-east-1:ec2:"
                              "recover")
    assert "it has instance store volumes" in summary
    assert describe(ec2, iid)["State"]["Name"] == "running"


def test_an_alarm_on_the_instance_check_reboots(lab, cw):
    ec2 = lab.client("ec2")
    [iid] = run(ec2)
    lab.advance(minutes=5)
    _alarm(cw, iid, "StatusCheckFailed_Instance", "reboot")
    lab.advance(minutes=3)
    inject_failure(lab, iid, "kernel")
    lab.advance(minutes=8)
    assert _actions(cw) == ["Successfully executed action "
                            "arn:aws:automate:us-east-1:ec2:reboot"]
    assert instance_attributes(lab, iid)["StatusChecks"]["Instance"] == "ok"
    assert cw.describe_alarms(AlarmNames=["status"])["MetricAlarms"][0]["StateValue"] == "OK"
