"""Alarms on the simulated clock, end to end: data published each minute, ``lab.advance``,
then transition times, StateReason texts, history, the payloads handed to SNS, EC2 and
Auto Scaling through ``lab.send``, and the EventBridge event (aws-facts 2.1-2.4)."""
import json
from datetime import timedelta

import pytest

from awslab import Lab
from awslab.errors import AwsError

DIMS = [{"Name": "InstanceId", "Value": "i-0abc"}]
TOPIC = "arn:aws:sns:us-east-1:123456789012:ops"
POLICY = ("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:9f1e:"
          "autoScalingGroupName/web:policyName/scale-out")


@pytest.fixture
def lab():
    return Lab(seed=9)


@pytest.fixture
def cw(lab):
    return lab.client("cloudwatch")


@pytest.fixture
def sent(lab, monkeypatch):
    """Every hand-over to SNS, EC2 and Auto Scaling (CloudWatch and EventBridge run)."""
    record, forward = [], lab.send

    def send(service, kind, account_id, region, payload):
        if service in ("cloudwatch", "events"):
            return forward(service, kind, account_id, region, payload)
        record.append((service, kind, account_id, region, payload))
        return {"MessageId": "m-1"}
    monkeypatch.setattr(lab, "send", send)
    return record


def sns_body(payload):
    """The JSON body of an alarm's SNS publish (``MessageStructure="json"``, ``default``)."""
    return json.loads(json.loads(payload["Message"])["default"])


def put(cw, value, name="CPU", **kw):
    cw.put_metric_data(Namespace="PetShop", MetricData=[
        {"MetricName": name, "Dimensions": DIMS, "Value": float(value), **kw}])


def alarm(cw, **kw):
    base = dict(AlarmName="cpu-high", Namespace="PetShop", MetricName="CPU", Dimensions=DIMS,
                Statistic="Average", Period=60, EvaluationPeriods=3, Threshold=80.0,
                ComparisonOperator="GreaterThanThreshold")
    cw.put_metric_alarm(**{k: v for k, v in {**base, **kw}.items() if v is not None})


def describe(cw, name="cpu-high"):
    found = cw.describe_alarms(AlarmNames=[name], AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    return (found["MetricAlarms"] + found["CompositeAlarms"])[0]


def minutes(lab, n):
    return lab.start + timedelta(minutes=n)


def run(cw, lab, values, name="CPU"):
    """Publish one value per minute (None: nothing), advancing a minute after each."""
    states = []
    for v in values:
        if v is not None:
            put(cw, v, name)
        lab.advance(minutes=1)
        states.append(describe(cw)["StateValue"])
    return states


def test_three_out_of_three_fires_every_action_and_the_event(cw, lab, sent):
    alarm(cw, AlarmDescription="CPU above 80 %",
          AlarmActions=[TOPIC, "arn:aws:automate:us-east-1:ec2:stop", POLICY],
          OKActions=[TOPIC])
    states = run(cw, lab, [50, 85, 86, 87, 88, 40])
    assert states == ["OK", "OK", "OK", "ALARM", "ALARM", "OK"]
    a = describe(cw)
    assert a["StateTransitionedTimestamp"] == minutes(lab, 6)
    assert a["StateReason"] == (
        "Threshold Crossed: 1 out of the last 3 datapoints [40.0 (05/01/26 00:05:00)] was not "
        "greater than the threshold (80.0) (minimum 1 datapoint for ALARM -> OK transition).")
    history = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="StateUpdate",
                                        ScanBy="TimestampAscending")["AlarmHistoryItems"]
    assert [(h["Timestamp"], h["HistorySummary"]) for h in history] == [
        (minutes(lab, 1), "Alarm updated from INSUFFICIENT_DATA to OK"),
        (minutes(lab, 4), "Alarm updated from OK to ALARM"),
        (minutes(lab, 6), "Alarm updated from ALARM to OK")]
    to_alarm = json.loads(history[1]["HistoryData"])["newState"]
    assert to_alarm["stateReason"] == (
        "Threshold Crossed: 3 out of the last 3 datapoints [87.0 (05/01/26 00:03:00), 86.0 "
        "(05/01/26 00:02:00), 85.0 (05/01/26 00:01:00)] were greater than the threshold "
        "(80.0) (minimum 3 datapoints for OK -> ALARM transition).")
    data = to_alarm["stateReasonData"]
    assert (data["version"], data["statistic"], data["period"], data["threshold"]) == (
        "1.0", "Average", 60, 80.0)
    assert data["queryDate"] == "2026-01-05T00:04:00.000+0000"
    assert data["startDate"] == "2026-01-05T00:01:00.000+0000"
    assert data["recentDatapoints"] == [50.0, 85.0, 86.0, 87.0]
    assert data["evaluatedDatapoints"][0] == {"timestamp": "2026-01-05T00:03:00.000+0000",
                                              "sampleCount": 1.0, "value": 87.0}

    kinds = [(s[0], s[1]) for s in sent]
    assert kinds == [("sns", "publish"),                        # 00:01, INSUFFICIENT -> OK
                     ("sns", "publish"), ("ec2", "alarm-action"),
                     ("autoscaling", "execute-policy"),         # 00:04, on the transition
                     ("autoscaling", "execute-policy"),         # 00:05, repeated in ALARM
                     ("sns", "publish")]                        # 00:06, OK
    assert sns_body(sent[0][4])["OldStateValue"] == "INSUFFICIENT_DATA"
    sent = sent[1:]
    sns = sent[0][4]
    assert sent[0][2:4] == ("123456789012", "us-east-1")
    assert sns["TopicArn"] == TOPIC
    assert sns["Subject"] == 'ALARM: "cpu-high" in US East (N. Virginia)'
    body = sns_body(sns)
    assert list(body) == ["AlarmName", "AlarmDescription", "AWSAccountId",
                          "AlarmConfigurationUpdatedTimestamp", "NewStateValue",
                          "NewStateReason", "StateChangeTime", "Region", "AlarmArn",
                          "OldStateValue", "OKActions", "AlarmActions",
                          "InsufficientDataActions", "Trigger"]
    assert (body["NewStateValue"], body["OldStateValue"], body["Region"]) == (
        "ALARM", "OK", "US East (N. Virginia)")
    assert body["StateChangeTime"] == "2026-01-05T00:04:00.000+0000"
    assert body["NewStateReason"] == to_alarm["stateReason"]
    assert body["Trigger"] == {
        "MetricName": "CPU", "Namespace": "PetShop", "StatisticType": "Statistic",
        "Statistic": "AVERAGE", "Unit": None,
        "Dimensions": [{"value": "i-0abc", "name": "InstanceId"}], "Period": 60,
        "EvaluationPeriods": 3, "ComparisonOperator": "GreaterThanThreshold",
        "Threshold": 80.0, "TreatMissingData": "", "EvaluateLowSampleCountPercentile": ""}
    assert sent[1][4] == {"action": "stop", "instance_id": "i-0abc", "alarm_name": "cpu-high"}
    assert sent[2][4] == {"PolicyARN": POLICY, "alarm_name": "cpu-high", "metric_value": 87.0,
                          "threshold": 80.0}
    assert sent[3][4]["metric_value"] == 88.0
    assert sns_body(sent[4][4])["NewStateValue"] == "OK"

    actions = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="Action",
                                        ScanBy="TimestampAscending")["AlarmHistoryItems"]
    assert [h["HistorySummary"] for h in actions][1:4] == [
        f"Successfully executed action {TOPIC}",
        "Successfully executed action arn:aws:automate:us-east-1:ec2:stop",
        f"Successfully executed action {POLICY}"]
    assert json.loads(actions[0]["HistoryData"])["actionState"] == "Succeeded"

    events = [e for e in lab.state("events").events if e["source"] == "aws.cloudwatch"]
    assert [e["detail"]["state"]["value"] for e in events] == ["OK", "ALARM", "OK"]
    event = events[1]
    assert (event["source"], event["detail-type"], event["account"], event["region"],
            event["version"], event["time"]) == (
        "aws.cloudwatch", "CloudWatch Alarm State Change", "123456789012", "us-east-1", "0",
        "2026-01-05T00:04:00Z")
    assert event["resources"] == ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high"]
    detail = event["detail"]
    assert detail["alarmName"] == "cpu-high"
    assert detail["previousState"]["value"] == "OK"
    assert json.loads(detail["state"]["reasonData"])["statistic"] == "Average"
    assert detail["configuration"]["description"] == "CPU above 80 %"
    assert detail["configuration"]["metrics"][0]["metricStat"] == {
        "metric": {"namespace": "PetShop", "name": "CPU", "dimensions": {"InstanceId": "i-0abc"}},
        "period": 60, "stat": "Average"}


def test_missing_receivers_and_failing_targets_are_recorded(cw, lab, monkeypatch):
    real_service = lab.service
    monkeypatch.setattr(lab, "service", lambda name: None if name in (
        "sns", "ec2", "autoscaling") else real_service(name))
    alarm(cw, EvaluationPeriods=1, AlarmActions=[
        TOPIC, "arn:aws:automate:us-east-1:ec2:reboot", POLICY,
        "arn:aws:lambda:us-east-1:123456789012:function:notify"])
    run(cw, lab, [95])
    assert describe(cw)["StateValue"] == "ALARM"
    actions = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="Action",
                                        ScanBy="TimestampAscending")["AlarmHistoryItems"]
    assert [h["HistorySummary"] for h in actions] == [
        f"Failed to execute action {a} (not simulated in this lab)" for a in (
            TOPIC, "arn:aws:automate:us-east-1:ec2:reboot", POLICY,
            "arn:aws:lambda:us-east-1:123456789012:function:notify")]
    assert json.loads(actions[0]["HistoryData"])["actionState"] == "Failed"

    monkeypatch.setattr(lab, "service", real_service)

    def refuse(service, kind, account_id, region, payload):
        if service == "sns":
            raise AwsError("Topic does not exist", code="NotFound", status=404)
        return None
    forward = lab.send
    monkeypatch.setattr(lab, "send", lambda s, *a: forward(s, *a) if s in (
        "cloudwatch", "events") else refuse(s, *a))
    cw.set_alarm_state(AlarmName="cpu-high", StateValue="OK", StateReason="reset")
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="PetShop", MetricName="CPU",
                        Dimensions=DIMS, Statistic="Average", Period=60, EvaluationPeriods=1,
                        Threshold=80.0, ComparisonOperator="GreaterThanThreshold",
                        AlarmActions=[TOPIC])
    run(cw, lab, [96])
    last = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="Action")[
        "AlarmHistoryItems"][0]
    assert last["HistorySummary"] == (f"Failed to execute action {TOPIC} "
                                      "(NotFound: Topic does not exist)")


def test_missing_data_treatments_over_time(cw, lab, sent):
    alarm(cw, AlarmName="br", EvaluationPeriods=2, TreatMissingData="breaching",
          MetricName="Silent")
    alarm(cw, AlarmName="nb", EvaluationPeriods=2, TreatMissingData="notBreaching",
          MetricName="Silent")
    alarm(cw, AlarmName="ig", EvaluationPeriods=2, TreatMissingData="ignore",
          MetricName="Silent")
    lab.advance(minutes=1)
    assert describe(cw, "br")["StateReason"] == (
        "Threshold Crossed: no datapoints were received for 2 periods and 2 missing "
        "datapoints were treated as [Breaching].")
    assert describe(cw, "br")["StateValue"] == "ALARM"
    assert describe(cw, "nb")["StateValue"] == "OK"
    assert describe(cw, "ig")["StateValue"] == "INSUFFICIENT_DATA"


def test_data_stopping_ends_in_insufficient_data(cw, lab, sent):
    alarm(cw)
    states = run(cw, lab, [50, 50, 50, 50, 50] + [None] * 6)
    # the last datapoint (00:04) stays in the 5-minute range until 00:09
    assert states == ["OK"] * 9 + ["INSUFFICIENT_DATA"] * 2
    a = describe(cw)
    assert a["StateTransitionedTimestamp"] == minutes(lab, 10)
    assert a["StateReason"] == "Insufficient Data: 3 datapoints were unknown."
    data = json.loads(a["StateReasonData"])
    assert data["recentDatapoints"] == [] and "startDate" not in data
    assert [p["timestamp"] for p in data["evaluatedDatapoints"]] == [
        "2026-01-05T00:09:00.000+0000", "2026-01-05T00:08:00.000+0000",
        "2026-01-05T00:07:00.000+0000"]


def test_premature_alarm_guard_on_the_clock(cw, lab, sent):
    alarm(cw)
    states = run(cw, lab, [95, None, None, None, None, None])
    # - - - - X, - - - X -: too early; - - X - -: ALARM; then the point leaves the range
    assert states == ["INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "ALARM", "ALARM", "ALARM",
                      "INSUFFICIENT_DATA"]
    history = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="StateUpdate",
                                        ScanBy="TimestampAscending")["AlarmHistoryItems"]
    assert json.loads(history[0]["HistoryData"])["newState"]["stateReason"] == (
        "Threshold Crossed: 1 out of the last 1 datapoints [95.0 (05/01/26 00:00:00)] was "
        "greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).")


def test_set_alarm_state_lasts_until_the_next_evaluation(cw, lab, sent):
    alarm(cw, OKActions=[TOPIC], AlarmActions=[TOPIC])
    run(cw, lab, [50])
    lab.advance(seconds=20)
    cw.set_alarm_state(AlarmName="cpu-high", StateValue="ALARM", StateReason="drill")
    assert describe(cw)["StateValue"] == "ALARM"
    lab.advance(seconds=40)
    assert describe(cw)["StateValue"] == "OK"
    assert [sns_body(s[4])["NewStateValue"] for s in sent] == ["OK", "ALARM", "OK"]


def test_disabled_actions_do_not_fire(cw, lab, sent):
    alarm(cw, EvaluationPeriods=1, AlarmActions=[TOPIC], ActionsEnabled=False)
    run(cw, lab, [99])
    assert describe(cw)["StateValue"] == "ALARM" and sent == []
    assert cw.describe_alarm_history(AlarmName="cpu-high",
                                     HistoryItemType="Action")["AlarmHistoryItems"] == []


def test_high_resolution_alarm_every_ten_seconds(cw, lab, sent):
    alarm(cw, Period=10, EvaluationPeriods=2)
    states = []
    for v in (50, 90, 91, 30):
        put(cw, v, StorageResolution=1)
        lab.advance(seconds=10)
        states.append(describe(cw)["StateValue"])
    assert states == ["OK", "OK", "ALARM", "OK"]
    assert describe(cw)["StateTransitionedTimestamp"] == lab.start + timedelta(seconds=40)
    cw.delete_alarms(AlarmNames=["cpu-high"])
    assert not [j for j in lab.clock.pending() if "cloudwatch alarms" in j[1]]


def test_metric_math_alarm(cw, lab, sent):
    cw.put_metric_alarm(
        AlarmName="cpu-high", EvaluationPeriods=2, Threshold=5.0,
        ComparisonOperator="GreaterThanThreshold", Metrics=[
            {"Id": "e", "MetricStat": {"Metric": {"Namespace": "PetShop", "MetricName": "Errors"},
                                       "Period": 60, "Stat": "Sum"}, "ReturnData": False},
            {"Id": "r", "MetricStat": {"Metric": {"Namespace": "PetShop",
                                                  "MetricName": "Requests"},
                                       "Period": 60, "Stat": "Sum"}, "ReturnData": False},
            {"Id": "rate", "Expression": "100 * e / r", "Label": "Error rate"}])
    states = []
    for errors in (1, 10, 12, 0):
        cw.put_metric_data(Namespace="PetShop", MetricData=[
            {"MetricName": "Errors", "Value": float(errors)},
            {"MetricName": "Requests", "Value": 100.0}])
        lab.advance(minutes=1)
        states.append(describe(cw)["StateValue"])
    assert states == ["OK", "OK", "ALARM", "OK"]
    data = json.loads(describe(cw)["StateReasonData"])
    assert "statistic" not in data and data["evaluatedDatapoints"][0]["value"] == 0.0


def test_dynamodb_alarms_always_ignore_missing_data(cw, lab, sent):
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="AWS/DynamoDB",
                        MetricName="ThrottledRequests", Statistic="Sum", Period=60,
                        EvaluationPeriods=1, Threshold=0.0, TreatMissingData="breaching",
                        ComparisonOperator="GreaterThanThreshold")
    lab.advance(minutes=3)
    assert describe(cw)["StateValue"] == "INSUFFICIENT_DATA"


def test_low_sample_percentiles(cw, lab, sent):
    alarm(cw, AlarmName="ignore", Statistic=None, ExtendedStatistic="p90",
          EvaluationPeriods=1, EvaluateLowSampleCountPercentile="ignore")
    alarm(cw, AlarmName="evaluate", Statistic=None, ExtendedStatistic="p90",
          EvaluationPeriods=1, EvaluateLowSampleCountPercentile="evaluate")
    cw.put_metric_data(Namespace="PetShop", MetricData=[
        {"MetricName": "CPU", "Dimensions": DIMS, "Values": [95.0] * 5}])
    lab.advance(minutes=1)
    assert describe(cw, "ignore")["StateValue"] == "INSUFFICIENT_DATA"   # 5 < 10/(1-0.9)
    assert describe(cw, "evaluate")["StateValue"] == "ALARM"
    cw.put_metric_data(Namespace="PetShop", MetricData=[
        {"MetricName": "CPU", "Dimensions": DIMS, "Values": [95.0] * 100}])
    lab.advance(minutes=1)
    assert describe(cw, "ignore")["StateValue"] == "ALARM"


def test_composite_alarm_follows_its_children(cw, lab, sent):
    alarm(cw, AlarmName="cpu", EvaluationPeriods=1)
    alarm(cw, AlarmName="mem", EvaluationPeriods=1, MetricName="Mem")
    cw.put_composite_alarm(AlarmName="both", AlarmRule="ALARM(cpu) AND ALARM(mem)",
                           AlarmActions=[TOPIC])
    put(cw, 50)
    put(cw, 50, "Mem")
    lab.advance(minutes=1)
    assert describe(cw, "both")["StateValue"] == "OK"
    put(cw, 95)
    put(cw, 50, "Mem")
    lab.advance(minutes=1)
    assert describe(cw, "both")["StateValue"] == "OK"
    put(cw, 95)
    put(cw, 95, "Mem")
    lab.advance(minutes=1)
    c = describe(cw, "both")
    assert c["StateValue"] == "ALARM" and c["StateTransitionedTimestamp"] == minutes(lab, 3)
    mem_arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:mem"
    assert c["StateReason"] == (f"{mem_arn} transitioned to ALARM at Monday 05 January, "
                                "2026 00:03:00 UTC")
    triggering = json.loads(c["StateReasonData"])["triggeringAlarms"]
    assert [t["arn"].rsplit(":", 1)[1] for t in triggering] == ["mem", "cpu"]
    sns = [s for s in sent if s[0] == "sns"]
    body = sns_body(sns[-1][4])
    assert body["AlarmRule"] == "ALARM(cpu) AND ALARM(mem)" and "Trigger" not in body
    assert body["TriggeringChildren"][0]["Arn"] == mem_arn
    assert sns[-1][4]["Subject"] == 'ALARM: "both" in US East (N. Virginia)'
    cw.set_alarm_state(AlarmName="both", StateValue="OK", StateReason="manual")
    lab.advance(minutes=1)
    assert describe(cw, "both")["StateValue"] == "OK"      # until a child changes state


def test_composite_actions_suppressed_while_the_suppressor_is_in_alarm(cw, lab, sent):
    alarm(cw, AlarmName="cpu", EvaluationPeriods=1)
    alarm(cw, AlarmName="deploy", EvaluationPeriods=1, MetricName="Deploying",
          Threshold=0.0)
    cw.put_composite_alarm(AlarmName="page", AlarmRule="ALARM(cpu)", AlarmActions=[TOPIC],
                           ActionsSuppressor="deploy", ActionsSuppressorWaitPeriod=120,
                           ActionsSuppressorExtensionPeriod=180)
    put(cw, 1, "Deploying")
    put(cw, 95)
    lab.advance(minutes=1)
    c = describe(cw, "page")
    assert c["StateValue"] == "ALARM" and c["ActionsSuppressedBy"] == "Alarm"
    assert c["ActionsSuppressedReason"] == "Alarm deploy is in ALARM state"
    assert not [s for s in sent if s[0] == "sns"]


def test_composite_wait_period(cw, lab, sent):
    alarm(cw, AlarmName="cpu", EvaluationPeriods=1)
    alarm(cw, AlarmName="deploy", EvaluationPeriods=1, MetricName="Deploying", Threshold=0.0)
    cw.put_composite_alarm(AlarmName="page", AlarmRule="ALARM(cpu)", AlarmActions=[TOPIC],
                           ActionsSuppressor="deploy", ActionsSuppressorWaitPeriod=120,
                           ActionsSuppressorExtensionPeriod=0)
    put(cw, 0, "Deploying")
    lab.advance(minutes=1)
    put(cw, 95)
    lab.advance(minutes=1)                 # page -> ALARM at 00:02; waits until 00:04
    assert describe(cw, "page")["StateValue"] == "ALARM" and not sent
    lab.advance(minutes=2)
    assert [sns_body(s[4])["NewStateValue"] for s in sent] == ["ALARM"]
    put(cw, 50)
    lab.advance(minutes=1)                 # page -> OK at 00:05 (OK actions: none)
    put(cw, 95)
    put(cw, 1, "Deploying")
    lab.advance(minutes=1)                 # both alarm at 00:06: suppressed at once
    assert describe(cw, "page")["ActionsSuppressedBy"] == "Alarm"
    assert len(sent) == 1


def test_composite_extension_period_then_actions(cw, lab, sent):
    alarm(cw, AlarmName="cpu", EvaluationPeriods=1)
    alarm(cw, AlarmName="deploy", EvaluationPeriods=1, MetricName="Deploying", Threshold=0.0)
    cw.put_composite_alarm(AlarmName="page", AlarmRule="ALARM(cpu)", AlarmActions=[TOPIC],
                           ActionsSuppressor="deploy", ActionsSuppressorWaitPeriod=0,
                           ActionsSuppressorExtensionPeriod=120)
    put(cw, 1, "Deploying")
    put(cw, 50)
    lab.advance(minutes=1)
    put(cw, 0, "Deploying")
    put(cw, 95)
    lab.advance(minutes=1)        # page -> ALARM while deploy is in ALARM; deploy -> OK
    c = describe(cw, "page")
    assert (c["StateValue"], c["ActionsSuppressedBy"]) == ("ALARM", "ExtensionPeriod")
    assert not sent
    lab.advance(minutes=2)        # the extension (120 s after deploy left ALARM) is over
    assert [s[0] for s in sent] == ["sns"] and "ActionsSuppressedBy" not in describe(cw, "page")


def test_composite_alarms_on_a_cycle_are_not_evaluated(cw, lab, sent):
    alarm(cw, AlarmName="cpu", EvaluationPeriods=1)
    cw.put_composite_alarm(AlarmName="a", AlarmRule="ALARM(cpu)")
    cw.put_composite_alarm(AlarmName="b", AlarmRule="ALARM(a)")
    cw.put_composite_alarm(AlarmName="a", AlarmRule="ALARM(b) OR ALARM(cpu)")
    put(cw, 95)
    lab.advance(minutes=2)
    assert describe(cw, "cpu")["StateValue"] == "ALARM"
    assert describe(cw, "a")["StateValue"] == describe(cw, "b")["StateValue"] == \
        "INSUFFICIENT_DATA"
    cw.put_composite_alarm(AlarmName="a", AlarmRule="ALARM(cpu)")      # cycle broken
    lab.advance(minutes=1)
    assert describe(cw, "a")["StateValue"] == "ALARM"


def test_a_one_day_period_slides_every_minute(cw, lab, sent):
    alarm(cw, Statistic="Sum", Period=86_400, EvaluationPeriods=1, Threshold=100.0)
    put(cw, 60)
    lab.advance(hours=12)
    put(cw, 60)
    lab.advance(minutes=1)
    assert describe(cw)["StateValue"] == "ALARM"          # 120 within the last 24 hours
    lab.advance(hours=12)
    assert describe(cw)["StateValue"] == "OK"             # the first 60 left the window
    assert describe(cw)["StateTransitionedTimestamp"] == lab.start + timedelta(days=1,
                                                                               minutes=1)
