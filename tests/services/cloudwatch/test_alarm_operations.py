"""Alarm operations through boto3: parameters, limits, AWS codes, messages and statuses
(aws-facts 2.1, 2.2, 2.4, 2.6)."""
import json
from datetime import timedelta

import pytest

from awslab import Lab

DIMS = [{"Name": "InstanceId", "Value": "i-0abc"}]
TOPIC = "arn:aws:sns:us-east-1:123456789012:ops"


@pytest.fixture
def lab():
    return Lab(seed=5)


@pytest.fixture
def cw(lab):
    return lab.client("cloudwatch")


def alarm(**kw):
    base = dict(AlarmName="cpu-high", Namespace="PetShop", MetricName="CPU", Dimensions=DIMS,
                Statistic="Average", Period=60, EvaluationPeriods=3, Threshold=80.0,
                ComparisonOperator="GreaterThanThreshold")
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def error(call, **kw):
    with pytest.raises(Exception) as info:
        call(**kw)
    r = info.value.response
    return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_a_new_alarm_starts_unchecked(cw, lab):
    cw.put_metric_alarm(**alarm(AlarmDescription="CPU above 80 %", Unit="Percent",
                                DatapointsToAlarm=2, TreatMissingData="breaching"))
    a = cw.describe_alarms()["MetricAlarms"][0]
    assert a["StateValue"] == "INSUFFICIENT_DATA"
    assert a["StateReason"] == "Unchecked: Initial alarm creation"
    assert a["AlarmArn"] == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high"
    assert a["StateUpdatedTimestamp"] == a["AlarmConfigurationUpdatedTimestamp"] == lab.now
    assert (a["DatapointsToAlarm"], a["TreatMissingData"], a["Unit"], a["ActionsEnabled"]) == (
        2, "breaching", "Percent", True)
    assert a["Dimensions"] == DIMS and a["AlarmDescription"] == "CPU above 80 %"
    assert "StateReasonData" not in a and "EvaluateLowSampleCountPercentile" not in a


def test_updating_keeps_the_state_and_replaces_the_configuration(cw, lab):
    cw.put_metric_alarm(**alarm(Tags=[{"Key": "team", "Value": "web"}]))
    cw.set_alarm_state(AlarmName="cpu-high", StateValue="ALARM", StateReason="test")
    lab.advance(seconds=30)
    cw.put_metric_alarm(**alarm(Threshold=90.0, Tags=[{"Key": "ignored", "Value": "x"}]))
    a = cw.describe_alarms()["MetricAlarms"][0]
    assert (a["StateValue"], a["StateReason"], a["Threshold"]) == ("ALARM", "test", 90.0)
    assert a["AlarmConfigurationUpdatedTimestamp"] == lab.now
    arn = a["AlarmArn"]
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team",
                                                                   "Value": "web"}]
    items = cw.describe_alarm_history(AlarmName="cpu-high",
                                      HistoryItemType="ConfigurationUpdate")
    summaries = [h["HistorySummary"] for h in items["AlarmHistoryItems"]]
    assert summaries == ['Alarm "cpu-high" updated', 'Alarm "cpu-high" created']
    data = json.loads(items["AlarmHistoryItems"][0]["HistoryData"])
    assert data["type"] == "Update" and data["updatedAlarm"]["threshold"] == 90.0
    assert data["originalUpdatedFields"] == {"threshold": 80.0}
    created = json.loads(items["AlarmHistoryItems"][1]["HistoryData"])["createdAlarm"]
    assert created["stateValue"] == "INSUFFICIENT_DATA"
    assert created["dimensions"] == [{"value": "i-0abc", "name": "InstanceId"}]


@pytest.mark.parametrize("kw,expected", [
    (dict(Period=45), ("ValidationError", "Period must be 10, 20, 30 or a multiple of 60")),
    (dict(Period=60, EvaluationPeriods=1441), ("ValidationError",
     "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be "
     "<= 86400)")),
    (dict(Period=3600, EvaluationPeriods=169), ("ValidationError",
     "Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be "
     "<= 604800) for alarms using period >= 3600")),
    (dict(DatapointsToAlarm=4), ("ValidationError",
     "DatapointsToAlarm must be less than or equal to EvaluationPeriods")),
    (dict(ExtendedStatistic="p99"), ("InvalidParameterCombination",
     "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have "
     "specified both.")),
    (dict(Statistic=None), ("MissingParameter",
     "The parameter Statistic or ExtendedStatistic must be specified.")),
    (dict(Statistic=None, ExtendedStatistic="p101"), ("InvalidParameterValue",
     "The value p101 for parameter ExtendedStatistic is invalid.")),
    (dict(Statistic=None, ExtendedStatistic="TM(5%:95%)"), ("InvalidParameterValue",
     "The value TM(5%:95%) for parameter ExtendedStatistic is invalid: an alarm's TC, TM, "
     "TS or WM range is given in percent, both bounds between 10% and 90%.")),
    (dict(Period=None), ("MissingParameter", "The parameter Period is required.")),
    (dict(MetricName=None), ("MissingParameter", "The parameter MetricName is required.")),
    (dict(EvaluationPeriods=None), ("MissingParameter",
     "The parameter EvaluationPeriods is required.")),
    (dict(Threshold=None), ("MissingParameter", "The parameter Threshold is required.")),
    (dict(TreatMissingData="zero"), ("InvalidParameterValue",
     "The value zero for parameter TreatMissingData is invalid.")),
    (dict(EvaluateLowSampleCountPercentile="skip"), ("InvalidParameterValue",
     "The value skip for parameter EvaluateLowSampleCountPercentile is invalid.")),
    (dict(Dimensions=DIMS * 2), ("InvalidParameterValue",
     "No metric may specify the same dimension name twice.")),
    (dict(ComparisonOperator="GreaterThanUpperThreshold"), ("ValidationError",
     "ComparisonOperator GreaterThanUpperThreshold is for anomaly detection alarms and "
     "needs ThresholdMetricId.")),
    (dict(ThresholdMetricId="ad1"), ("ValidationError",
     "ThresholdMetricId can only be used with the anomaly detection comparison operators.")),
    (dict(AlarmActions=["arn:aws:sns:eu-central-1:123456789012:ops"]), ("ValidationError",
     "Invalid region eu-central-1 specified. Only us-east-1 is supported.")),
    (dict(AlarmActions=["arn:aws:automate:us-east-1:ec2:stop"], Dimensions=None), (
     "ValidationError", "Invalid use of EC2 action. An EC2 action can only be used if the "
     "alarm is monitoring an EC2 instance.")),
    (dict(OKActions=["https://example.com/hook"]), ("ValidationError",
     "Invalid arn syntax: https://example.com/hook")),
    (dict(AlarmActions=[TOPIC] * 6), ("InvalidParameterValue",
     "The collection AlarmActions must not have a size greater than 5.")),
    (dict(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]), (
     "InvalidParameterValue", "The collection Tags must not have a size greater than 50.")),
    (dict(EvaluationInterval=60), ("ValidationError",
     "awslab does not simulate custom evaluation intervals (EvaluationInterval). This lab "
     "models metric alarms (static thresholds, metric math) and composite alarms.")),
])
def test_put_metric_alarm_checks(cw, kw, expected):
    assert error(cw.put_metric_alarm, **alarm(**kw)) == expected + (400,)
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_valid_variants(cw):
    cw.put_metric_alarm(**alarm(AlarmName="p", Statistic=None, ExtendedStatistic="p99",
                                EvaluateLowSampleCountPercentile="ignore"))
    cw.put_metric_alarm(**alarm(AlarmName="tm", Statistic=None, ExtendedStatistic="TM(10%:90%)"))
    cw.put_metric_alarm(**alarm(AlarmName="hires", Period=10, EvaluationPeriods=8640))
    cw.put_metric_alarm(**alarm(AlarmName="week", Period=3600, EvaluationPeriods=168))
    cw.put_metric_alarm(**alarm(AlarmName="ec2", AlarmActions=[
        "arn:aws:automate:us-east-1:ec2:recover",
        "arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Reboot/1.0",
        "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1a2b-3c:"
        "autoScalingGroupName/web:policyName/out",
        "arn:aws:lambda:us-east-1:123456789012:function:notify:live",
        "arn:aws:ssm:us-east-1:123456789012:opsitem:2#CATEGORY=Availability"]))
    assert [a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]] == [
        "ec2", "hires", "p", "tm", "week"]


def test_recover_is_refused_on_the_instance_status_check(cw):
    code, message, status = error(cw.put_metric_alarm, **alarm(
        Namespace="AWS/EC2", MetricName="StatusCheckFailed_Instance", Statistic="Maximum",
        AlarmActions=["arn:aws:automate:us-east-1:ec2:recover"]))
    assert (code, status) == ("ValidationError", 400) and "StatusCheckFailed_System" in message


MATH = [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "PetShop", "MetricName": "Errors"},
                                    "Period": 60, "Stat": "Sum"}, "ReturnData": False},
        {"Id": "m2", "MetricStat": {"Metric": {"Namespace": "PetShop", "MetricName": "Requests"},
                                    "Period": 60, "Stat": "Sum"}, "ReturnData": False},
        {"Id": "e1", "Expression": "100 * m1 / m2", "Label": "Error rate"}]


def math_alarm(**kw):
    base = dict(Namespace=None, MetricName=None, Dimensions=None, Statistic=None,
                Period=None, Metrics=MATH, Threshold=5.0)
    return alarm(**{**base, **kw})


def test_metric_math_alarms(cw):
    cw.put_metric_alarm(**math_alarm())
    a = cw.describe_alarms()["MetricAlarms"][0]
    assert a["Metrics"][2]["Expression"] == "100 * m1 / m2" and "Period" not in a
    assert error(cw.put_metric_alarm, **math_alarm(Period=60)) == (
        "InvalidParameterCombination", "The parameters Metrics and Period are mutually "
        "exclusive and you have specified both.", 400)
    two = [dict(q, ReturnData=True) for q in MATH]
    assert error(cw.put_metric_alarm, **alarm(Namespace=None, MetricName=None,
                                              Dimensions=None, Statistic=None, Period=None,
                                              Metrics=two)) == (
        "ValidationError", "Exactly one element of the metrics list should return data.", 400)
    bad = MATH[:2] + [{"Id": "e1", "Expression": "100 * m1 /"}]
    code, message, _ = error(cw.put_metric_alarm, **alarm(
        Namespace=None, MetricName=None, Dimensions=None, Statistic=None, Period=None,
        Metrics=bad))
    assert code == "ValidationError" and message.startswith("Error in expression e1")
    code, message, _ = error(cw.put_metric_alarm, **math_alarm(
        AlarmActions=["arn:aws:automate:us-east-1:ec2:reboot"]))
    assert message.startswith("Invalid use of EC2 action")


def test_describe_alarms_filters_and_pages(cw):
    for i in range(7):
        cw.put_metric_alarm(**alarm(AlarmName=f"web-{i}", AlarmActions=[TOPIC] if i % 2 else []))
    cw.put_metric_alarm(**alarm(AlarmName="db"))
    cw.set_alarm_state(AlarmName="web-3", StateValue="ALARM", StateReason="test")
    cw.put_composite_alarm(AlarmName="web-any", AlarmRule="ALARM(web-0) OR ALARM(web-1)")
    names = lambda r: [a["AlarmName"] for a in r["MetricAlarms"] + r["CompositeAlarms"]]
    assert names(cw.describe_alarms(AlarmNamePrefix="web-")) == [f"web-{i}" for i in range(7)]
    assert names(cw.describe_alarms(AlarmNamePrefix="web-",
                                    AlarmTypes=["CompositeAlarm", "MetricAlarm"]))[-1] == \
        "web-any"
    assert names(cw.describe_alarms(AlarmTypes=["CompositeAlarm"])) == ["web-any"]
    assert names(cw.describe_alarms(StateValue="ALARM")) == ["web-3"]
    assert names(cw.describe_alarms(ActionPrefix="arn:aws:sns:us-east-1:123456789012:o")) == [
        "web-1", "web-3", "web-5"]
    assert names(cw.describe_alarms(AlarmNames=["db", "web-2", "nope"])) == ["db", "web-2"]
    first = cw.describe_alarms(MaxRecords=3)
    second = cw.describe_alarms(MaxRecords=3, NextToken=first["NextToken"])
    third = cw.describe_alarms(MaxRecords=3, NextToken=second["NextToken"])
    assert names(first) + names(second) + names(third) == ["db"] + [f"web-{i}" for i in range(7)]
    assert "NextToken" not in third
    assert error(cw.describe_alarms, NextToken="bogus") == (
        "InvalidNextToken", "Invalid NextToken", 400)
    assert error(cw.describe_alarms, AlarmNames=["db"], AlarmNamePrefix="d")[0] == \
        "InvalidParameterCombination"
    kids = cw.describe_alarms(ChildrenOfAlarmName="web-any")
    assert [a["AlarmName"] for a in kids["MetricAlarms"]] == ["web-0", "web-1"]
    assert set(kids["MetricAlarms"][0]) == {"AlarmName", "AlarmArn", "StateValue",
                                            "StateUpdatedTimestamp"}
    parents = cw.describe_alarms(ParentsOfAlarmName="web-1")
    assert parents["CompositeAlarms"] == [{
        "AlarmName": "web-any", "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:"
                                            "web-any"}]
    assert error(cw.describe_alarms, ChildrenOfAlarmName="web-any", StateValue="OK")[0] == \
        "ValidationError"


def test_describe_alarms_for_metric(cw):
    cw.put_metric_alarm(**alarm(AlarmName="avg"))
    cw.put_metric_alarm(**alarm(AlarmName="max", Statistic="Maximum", Period=300))
    cw.put_metric_alarm(**alarm(AlarmName="other", Dimensions=[{"Name": "InstanceId",
                                                                "Value": "i-other"}]))
    cw.put_metric_alarm(**math_alarm(AlarmName="math"))
    found = cw.describe_alarms_for_metric(Namespace="PetShop", MetricName="CPU",
                                          Dimensions=DIMS)["MetricAlarms"]
    assert [a["AlarmName"] for a in found] == ["avg", "max"]
    found = cw.describe_alarms_for_metric(Namespace="PetShop", MetricName="CPU",
                                          Dimensions=DIMS, Statistic="Maximum", Period=300)
    assert [a["AlarmName"] for a in found["MetricAlarms"]] == ["max"]
    assert cw.describe_alarms_for_metric(Namespace="PetShop",
                                         MetricName="CPU")["MetricAlarms"] == []


def test_set_alarm_state(cw, lab):
    cw.put_metric_alarm(**alarm())
    lab.advance(seconds=5)
    cw.set_alarm_state(AlarmName="cpu-high", StateValue="ALARM", StateReason="testing",
                       StateReasonData='{"source": "drill"}')
    a = cw.describe_alarms()["MetricAlarms"][0]
    assert (a["StateValue"], a["StateReason"], a["StateReasonData"]) == (
        "ALARM", "testing", '{"source": "drill"}')
    assert a["StateTransitionedTimestamp"] == a["StateUpdatedTimestamp"] == lab.now
    item = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="StateUpdate")[
        "AlarmHistoryItems"][0]
    assert item["HistorySummary"] == "Alarm updated from INSUFFICIENT_DATA to ALARM"
    assert json.loads(item["HistoryData"]) == {
        "version": "1.0",
        "oldState": {"stateValue": "INSUFFICIENT_DATA",
                     "stateReason": "Unchecked: Initial alarm creation"},
        "newState": {"stateValue": "ALARM", "stateReason": "testing",
                     "stateReasonData": {"source": "drill"}}}
    assert error(cw.set_alarm_state, AlarmName="nope", StateValue="OK", StateReason="x") == (
        "ResourceNotFound", "Alarm nope not found", 404)
    code, _, status = error(cw.set_alarm_state, AlarmName="cpu-high", StateValue="OK",
                            StateReason="x", StateReasonData="{not json")
    assert (code, status) == ("InvalidFormat", 400)


def test_delete_alarms(cw):
    for name in ("a", "b", "c"):
        cw.put_metric_alarm(**alarm(AlarmName=name))
    cw.put_composite_alarm(AlarmName="ab", AlarmRule="ALARM(a) AND ALARM(b)")
    cw.put_composite_alarm(AlarmName="top", AlarmRule="ALARM(ab) OR ALARM(c)")
    assert error(cw.delete_alarms, AlarmNames=["a"]) == (
        "ValidationError", "Cannot delete a as there are composite alarm(s) depending on it.",
        400)
    assert error(cw.delete_alarms, AlarmNames=["a", "b"]) == (
        "ValidationError", "Cannot delete a,b as there are composite alarm(s) depending on "
        "them.", 400)
    assert error(cw.delete_alarms, AlarmNames=["ab", "top"])[0] == "ValidationError"
    cw.delete_alarms(AlarmNames=["top", "missing-is-ignored"])
    cw.delete_alarms(AlarmNames=["ab"])
    cw.delete_alarms(AlarmNames=["a", "b"])
    assert [a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]] == ["c"]
    history = cw.describe_alarm_history(AlarmName="a")["AlarmHistoryItems"]
    assert history[0]["HistorySummary"] == 'Alarm "a" deleted'    # kept after deletion


def test_enable_and_disable_actions(cw):
    cw.put_metric_alarm(**alarm())
    cw.disable_alarm_actions(AlarmNames=["cpu-high", "unknown"])
    assert cw.describe_alarms()["MetricAlarms"][0]["ActionsEnabled"] is False
    cw.enable_alarm_actions(AlarmNames=["cpu-high"])
    assert cw.describe_alarms()["MetricAlarms"][0]["ActionsEnabled"] is True


def test_put_composite_alarm(cw):
    cw.put_metric_alarm(**alarm(AlarmName="cpu"))
    cw.put_metric_alarm(**alarm(AlarmName="deploy"))
    cw.put_composite_alarm(AlarmName="page", AlarmRule='ALARM("cpu") AND NOT ALARM(deploy)',
                           AlarmActions=[TOPIC], AlarmDescription="page the on-call",
                           ActionsSuppressor="deploy", ActionsSuppressorWaitPeriod=120,
                           ActionsSuppressorExtensionPeriod=300)
    c = cw.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]
    assert (c["StateValue"], c["StateReason"]) == ("INSUFFICIENT_DATA",
                                                   "Unchecked: Initial alarm creation")
    assert c["AlarmRule"] == 'ALARM("cpu") AND NOT ALARM(deploy)'
    assert (c["ActionsSuppressor"], c["ActionsSuppressorWaitPeriod"],
            c["ActionsSuppressorExtensionPeriod"]) == ("deploy", 120, 300)
    assert error(cw.put_composite_alarm, AlarmName="x", AlarmRule="ALARM(cpu) OR ALARM(ghost)"
                 " OR OK(arn:aws:cloudwatch:us-west-2:123456789012:alarm:cpu)") == (
        "ValidationError", "Could not save the composite alarm as alarms [ghost, "
        "arn:aws:cloudwatch:us-west-2:123456789012:alarm:cpu] in the alarm rule do not exist",
        400)
    assert error(cw.put_composite_alarm, AlarmName="x", AlarmRule="()") == (
        "ValidationError", "Error in AlarmRule [Unsupported token ')' at char 1]", 400)
    assert error(cw.put_composite_alarm, AlarmName="x", AlarmRule="ALARM(cpu)",
                 AlarmActions=["arn:aws:automate:us-east-1:ec2:stop"])[0] == "ValidationError"
    assert error(cw.put_composite_alarm, AlarmName="x", AlarmRule="ALARM(cpu)",
                 ActionsSuppressor="deploy") == (
        "MissingParameter", "The parameter ActionsSuppressorWaitPeriod is required when "
        "ActionsSuppressor is specified.", 400)
    assert error(cw.put_metric_alarm, **alarm(AlarmName="page"))[0] == "ValidationError"
    assert error(cw.put_composite_alarm, AlarmName="cpu", AlarmRule="TRUE")[0] == \
        "ValidationError"
    arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu"
    cw.put_composite_alarm(AlarmName="by-arn", AlarmRule=f'OK("{arn}")')


def test_one_alarm_in_at_most_150_composite_alarms(cw):
    cw.put_metric_alarm(**alarm(AlarmName="cpu"))
    for i in range(150):
        cw.put_composite_alarm(AlarmName=f"c{i:03d}", AlarmRule="ALARM(cpu)")
    code, message, status = error(cw.put_composite_alarm, AlarmName="c150",
                                  AlarmRule="ALARM(cpu)")
    assert (code, status) == ("LimitExceeded", 400) and "150" in message
    cw.put_composite_alarm(AlarmName="c000", AlarmRule="ALARM(cpu) OR FALSE")   # an update


def test_composite_cycles_are_accepted_as_aws_does(cw):
    cw.put_metric_alarm(**alarm(AlarmName="cpu"))
    cw.put_composite_alarm(AlarmName="a", AlarmRule="ALARM(cpu)")
    cw.put_composite_alarm(AlarmName="b", AlarmRule="ALARM(a)")
    cw.put_composite_alarm(AlarmName="a", AlarmRule="ALARM(b)")       # a -> b -> a
    assert error(cw.delete_alarms, AlarmNames=["a"])[0] == "ValidationError"
    cw.put_composite_alarm(AlarmName="a", AlarmRule="FALSE")           # break the cycle
    cw.delete_alarms(AlarmNames=["b"])
    cw.delete_alarms(AlarmNames=["a"])


def test_alarm_history_filters(cw, lab):
    cw.put_metric_alarm(**alarm(AlarmName="a"))
    lab.advance(minutes=1)
    cw.put_metric_alarm(**alarm(AlarmName="b"))
    cw.put_composite_alarm(AlarmName="c", AlarmRule="ALARM(a)")
    lab.advance(minutes=1)
    cw.set_alarm_state(AlarmName="a", StateValue="ALARM", StateReason="x")
    everything = cw.describe_alarm_history()["AlarmHistoryItems"]
    assert all(h["AlarmType"] == "MetricAlarm" for h in everything)
    times = [h["Timestamp"] for h in everything]
    assert times == sorted(times, reverse=True)
    oldest = cw.describe_alarm_history(ScanBy="TimestampAscending")["AlarmHistoryItems"][0]
    assert oldest["HistorySummary"] == 'Alarm "a" created'
    comp = cw.describe_alarm_history(AlarmTypes=["CompositeAlarm"])["AlarmHistoryItems"]
    assert {h["AlarmName"] for h in comp} == {"c"}
    window = cw.describe_alarm_history(StartDate=lab.now - timedelta(seconds=90),
                                       EndDate=lab.now - timedelta(seconds=30))
    assert {h["AlarmName"] for h in window["AlarmHistoryItems"]} == {"b"}
    page = cw.describe_alarm_history(MaxRecords=2)
    rest = cw.describe_alarm_history(MaxRecords=2, NextToken=page["NextToken"])
    assert len(page["AlarmHistoryItems"]) == 2 and rest["AlarmHistoryItems"]
    lab.advance(days=15)
    assert cw.describe_alarm_history(AlarmName="b")["AlarmHistoryItems"] == []   # 2 weeks


def test_tags_on_alarms_and_dashboards(cw):
    cw.put_metric_alarm(**alarm(Tags=[{"Key": "team", "Value": "web"}]))
    arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high"
    cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "tier", "Value": "1"},
                                           {"Key": "team", "Value": "ops"}])
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "team", "Value": "ops"}, {"Key": "tier", "Value": "1"}]
    cw.untag_resource(ResourceARN=arn, TagKeys=["team", "absent"])
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "tier",
                                                                   "Value": "1"}]
    code, message, status = error(cw.tag_resource, ResourceARN=arn + "x",
                                  Tags=[{"Key": "a", "Value": "b"}])
    assert (code, status) == ("ResourceNotFoundException", 404)
    code, _, _ = error(cw.tag_resource, ResourceARN=arn, Tags=[
        {"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert code == "InvalidParameterValue"
    cw.put_dashboard(DashboardName="ops", DashboardBody='{"widgets": []}')
    board = "arn:aws:cloudwatch::123456789012:dashboard/ops"
    cw.tag_resource(ResourceARN=board, Tags=[{"Key": "owner", "Value": "me"}])
    assert cw.list_tags_for_resource(ResourceARN=board)["Tags"] == [{"Key": "owner",
                                                                     "Value": "me"}]


def test_alarm_error_codes_are_in_the_model():
    import inspect

    import botocore.session

    from awslab.errors import AwsError
    from awslab.services.cloudwatch.alarms import errors
    model = botocore.session.get_session().get_service_model("cloudwatch")
    codes = {model.shape_for(n).error_code for n in model.shape_names
             if model.shape_for(n).metadata.get("exception")}
    for _, cls in inspect.getmembers(errors, inspect.isclass):
        if issubclass(cls, AwsError) and cls is not AwsError:
            assert cls.code in codes | {"MissingParameter", "ValidationError"}, cls.code
