"""Alarm notifications by protocol: email subscribers read AWS's plain-text alarm email,
every other endpoint gets the JSON body (CloudWatch publishes with
``MessageStructure="json"``: ``{"default": <JSON body>, "email": <text>}``)."""
import json

import pytest

from awslab import Lab
from awslab.services.cloudwatch.alarms.messages import email_text, sns_message
from awslab.services.sns import confirmation_token, deliveries

QUEUE = "arn:aws:sqs:us-east-1:123456789012:alerts-queue"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:on-alarm"
DIMS = [{"Name": "InstanceId", "Value": "i-0abc"}, {"Name": "Role", "Value": "web"}]


@pytest.fixture
def lab():
    return Lab(seed=21)


@pytest.fixture
def topic(lab):
    """A topic with a confirmed email, an email-json, an SQS and a Lambda subscriber."""
    sns = lab.client("sns")
    arn = sns.create_topic(Name="alerts")["TopicArn"]
    for protocol, endpoint in (("email", "ops@example.com"), ("email-json", "bot@example.com"),
                               ("sqs", QUEUE), ("lambda", FUNCTION)):
        sns.subscribe(TopicArn=arn, Protocol=protocol, Endpoint=endpoint)
    lab.advance(seconds=10)
    for d in deliveries(lab, kind="SubscriptionConfirmation"):
        sns.confirm_subscription(TopicArn=arn, Token=confirmation_token(d))
    return arn


def _cpu_alarm(cw, topic, **kw):
    cw.put_metric_alarm(**{**dict(
        AlarmName="cpu-high", AlarmDescription="CPU above 80 % for 3 of 5 minutes",
        Namespace="PetShop", MetricName="CPU", Dimensions=DIMS, Statistic="Average",
        Period=60, EvaluationPeriods=5, DatapointsToAlarm=3, Threshold=80.0,
        ComparisonOperator="GreaterThanThreshold", Unit="Percent",
        AlarmActions=[topic], OKActions=[topic]), **kw})


def _breach(lab, cw, values=(50.0, 90.0, 91.0, 92.0)):
    for v in values:
        cw.put_metric_data(Namespace="PetShop", MetricData=[
            {"MetricName": "CPU", "Dimensions": DIMS, "Value": v, "Unit": "Percent"}])
        lab.advance(minutes=1)
    lab.advance(seconds=30)


def _mail_text(delivery) -> str:
    return delivery["Body"].split("\n\n--\n")[0]


def test_email_is_readable_text_and_the_other_protocols_get_json(lab, topic):
    cw = lab.client("cloudwatch")
    _cpu_alarm(cw, topic)
    _breach(lab, cw)
    mails = deliveries(lab, kind="Notification", protocol="email")
    assert [m["Subject"] for m in mails] == ['OK: "cpu-high" in US East (N. Virginia)',
                                             'ALARM: "cpu-high" in US East (N. Virginia)']
    text = _mail_text(mails[1])
    with pytest.raises(ValueError):
        json.loads(text)
    lines = text.splitlines()
    assert lines[0] == (
        'You are receiving this email because your Amazon CloudWatch Alarm "cpu-high" in '
        'the US East (N. Virginia) region has entered the ALARM state, because "Threshold '
        'Crossed: 3 out of the last 4 datapoints [92.0 (05/01/26 00:03:00), 91.0 (05/01/26 '
        '00:02:00), 90.0 (05/01/26 00:01:00)] were greater than the threshold (80.0) '
        '(minimum 3 datapoints for OK -> ALARM transition)." at "Monday 05 January, 2026 '
        '00:04:00 UTC".')
    assert lines[2:4] == [
        "View this alarm in the AWS Management Console:",
        "https://us-east-1.console.aws.amazon.com/cloudwatch/deeplink.js?region=us-east-1"
        "#alarmsV2:alarm/cpu-high"]
    details = lines[lines.index("Alarm Details:") + 1:]
    assert details[:3] == ["- Name:                       cpu-high",
                           "- Description:                CPU above 80 % for 3 of 5 minutes",
                           "- State Change:               OK -> ALARM"]
    assert "- Timestamp:                  Monday 05 January, 2026 00:04:00 UTC" in lines
    assert "- AWS Account:                123456789012" in lines
    assert ("- The alarm is in the ALARM state when the metric is GreaterThanThreshold 80.0 "
            "for at least 3 of the last 5 period(s) of 60 seconds.") in lines
    block = lines[lines.index("Monitored Metric:") + 1:lines.index("State Change Actions:")]
    assert block == ["- MetricNamespace:                     PetShop",
                     "- MetricName:                          CPU",
                     "- Dimensions:                          [InstanceId = i-0abc] "
                     "[Role = web]",
                     "- Period:                              60 seconds",
                     "- Statistic:                           Average",
                     "- Unit:                                Percent", "", ""]
    assert lines[-3:] == [f"- OK: [{topic}]", f"- ALARM: [{topic}]", "- INSUFFICIENT_DATA:"]

    [queued] = [d for d in deliveries(lab, kind="Notification", protocol="sqs")
                if d["Subject"].startswith("ALARM")]
    body = json.loads(json.loads(queued["Body"])["Message"])
    assert body["NewStateValue"] == "ALARM" and body["Trigger"]["DatapointsToAlarm"] == 3
    [as_json] = [d for d in deliveries(lab, kind="Notification", protocol="email-json")
                 if d["Subject"].startswith("ALARM")]
    assert json.loads(json.loads(as_json["Body"])["Message"]) == body
    [invoked] = [d for d in deliveries(lab, kind="Notification", protocol="lambda")
                 if d["Subject"].startswith("ALARM")]
    assert json.loads(json.loads(invoked["Body"])["Records"][0]["Sns"]["Message"]) == body

    # the history keeps the JSON body that was published, as AWS's does
    actions = cw.describe_alarm_history(AlarmName="cpu-high", HistoryItemType="Action",
                                        ScanBy="TimestampAscending")["AlarmHistoryItems"]
    published = json.loads(json.loads(actions[-1]["HistoryData"])["publishedMessage"])
    assert published == body


def test_sns_message_is_a_json_structure_with_default_and_email():
    body = json.dumps({
        "AlarmName": "disk full", "AlarmDescription": None, "AWSAccountId": "123456789012",
        "NewStateValue": "OK", "NewStateReason": "Threshold Crossed: ...",
        "StateChangeTime": "2026-01-05T10:15:30.123+0000", "Region": "EU (Ireland)",
        "AlarmArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:disk full",
        "OldStateValue": "ALARM", "OKActions": ["arn:a", "arn:b"], "AlarmActions": [],
        "InsufficientDataActions": [],
        "Trigger": {"MetricName": "disk_used_percent", "Namespace": "CWAgent",
                    "StatisticType": "ExtendedStatistic", "ExtendedStatistic": "p90",
                    "Unit": None, "Dimensions": [], "Period": 300, "EvaluationPeriods": 2,
                    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                    "Threshold": 1e7, "TreatMissingData": "notBreaching",
                    "EvaluateLowSampleCountPercentile": ""}})
    message = json.loads(sns_message(body))
    assert set(message) == {"default", "email"} and message["default"] == body
    text = message["email"]
    assert text == email_text(json.loads(body))
    assert '"disk full" in the EU (Ireland) region has entered the OK state' in text
    assert 'at "Monday 05 January, 2026 10:15:30 UTC".' in text
    assert "region=eu-west-1#alarmsV2:alarm/disk%20full" in text
    assert "- Description:\n" in text and "- State Change:               ALARM -> OK" in text
    assert ("GreaterThanOrEqualToThreshold 1.0E7 for at least 2 of the last 2 period(s) of "
            "300 seconds.") in text
    assert "- Dimensions:\n" in text
    assert "- ExtendedStatistic:                   p90\n" in text
    assert "- Unit:                                not specified\n" in text
    assert "- TreatMissingData:                    notBreaching\n" in text
    assert text.endswith("- OK: [arn:a, arn:b]\n- ALARM:\n- INSUFFICIENT_DATA:\n")


def test_composite_and_metric_math_emails(lab, topic):
    cw = lab.client("cloudwatch")
    cw.put_metric_alarm(
        AlarmName="error-rate", EvaluationPeriods=1, Threshold=5.0,
        ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic],
        Metrics=[{"Id": "rate", "Expression": "100 * errors / requests",
                  "Label": "Error rate", "ReturnData": True},
                 {"Id": "errors", "ReturnData": False, "MetricStat": {
                     "Metric": {"Namespace": "PetShop", "MetricName": "Errors"},
                     "Period": 60, "Stat": "Sum"}},
                 {"Id": "requests", "ReturnData": False, "MetricStat": {
                     "Metric": {"Namespace": "PetShop", "MetricName": "Requests"},
                     "Period": 60, "Stat": "Sum"}}])
    cw.put_composite_alarm(AlarmName="page-me", AlarmRule='ALARM("error-rate")',
                           AlarmActions=[topic])
    cw.put_metric_data(Namespace="PetShop", MetricData=[
        {"MetricName": "Errors", "Value": 9.0}, {"MetricName": "Requests", "Value": 100.0}])
    lab.advance(minutes=2)
    mails = {m["Subject"]: _mail_text(m)
             for m in deliveries(lab, kind="Notification", protocol="email")}
    math = mails['ALARM: "error-rate" in US East (N. Virginia)'].splitlines()
    block = math[math.index("Monitored Metrics:") + 1:math.index("State Change Actions:")]
    assert block[:3] == [
        "- rate:                                100 * errors / requests (expression)",
        "- errors:                              PetShop Errors Sum 60 seconds",
        "- requests:                            PetShop Requests Sum 60 seconds"]
    composite = mails['ALARM: "page-me" in US East (N. Virginia)'].splitlines()
    assert composite[composite.index("Alarm Rule:") + 1] == '- ALARM("error-rate")'
    child = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:error-rate"
    assert composite[composite.index("Triggering Children:") + 1] == f"- {child} (ALARM)"
    assert "Threshold:" not in composite and "Monitored Metric:" not in composite
