"""SNS as an alarm action end to end: the alarm engine publishes through the lab and the
subscribers receive AWS's alarm notification."""
import json

from awslab.services.sns import confirmation_token, deliveries
from sns_helpers import QUEUE


def test_alarm_notification_reaches_email_and_sqs(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    lab.advance(seconds=10)
    sns.confirm_subscription(TopicArn=topic, Token=confirmation_token(deliveries(lab)[0]))
    cw = lab.client("cloudwatch")
    dims = [{"Name": "Service", "Value": "checkout"}]
    cw.put_metric_alarm(AlarmName="errors", Namespace="PetShop", MetricName="Errors",
                        Dimensions=dims, Statistic="Sum", Period=60, EvaluationPeriods=1,
                        Threshold=5.0, ComparisonOperator="GreaterThanThreshold",
                        AlarmActions=[topic])
    cw.put_metric_data(Namespace="PetShop", MetricData=[
        {"MetricName": "Errors", "Dimensions": dims, "Value": 9.0}])
    lab.advance(minutes=3)
    [mail] = deliveries(lab, kind="Notification", protocol="email")
    assert mail["Subject"].startswith('ALARM: "errors"')
    body = mail["Body"].split("\n\n--\n")[0]       # readable text, not the JSON body
    assert body.startswith('You are receiving this email because your Amazon CloudWatch '
                           'Alarm "errors" in the US East (N. Virginia) region has entered '
                           'the ALARM state')
    [queued] = deliveries(lab, kind="Notification", protocol="sqs")
    envelope = json.loads(queued["Body"])
    assert envelope["Type"] == "Notification" and envelope["Subject"] == mail["Subject"]
    assert json.loads(envelope["Message"])["AlarmName"] == "errors"
    [action] = cw.describe_alarm_history(AlarmName="errors", HistoryItemType="Action")[
        "AlarmHistoryItems"]
    assert action["HistorySummary"] == f"Successfully executed action {topic}"
