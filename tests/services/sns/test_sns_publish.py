"""SNS Publish through boto3 and through the lab (alarm actions): checks, deliveries on
the clock, what each protocol receives."""
import json

import pytest

from awslab.services.sns import confirmation_token, deliveries
from sns_helpers import FUNCTION, QUEUE, error


@pytest.fixture
def subscribed(lab, sns, topic):
    """A topic with a confirmed email, SQS queue, Lambda function and HTTPS endpoint."""
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FUNCTION)
    lab.advance(seconds=10)
    for mail in deliveries(lab, kind="SubscriptionConfirmation"):
        sns.confirm_subscription(TopicArn=topic, Token=confirmation_token(mail))
    return topic


def _notes(lab, **kw):
    return deliveries(lab, kind="Notification", **kw)


def test_publish_returns_a_message_id_and_delivers_a_moment_later(lab, sns, subscribed):
    start = lab.now
    mid = sns.publish(TopicArn=subscribed, Subject="ALARM: cpu", Message="CPU is high")[
        "MessageId"]
    assert len(mid) == 36 and _notes(lab) == []
    lab.advance(seconds=1)
    assert {d["Protocol"] for d in _notes(lab)} == {"sqs", "lambda", "https"}
    lab.advance(seconds=4)
    notes = _notes(lab)
    assert len(notes) == 4 and {d["MessageId"] for d in notes} == {mid}
    assert all(d["Time"] > start for d in notes)


def test_envelope_for_sqs_and_https(lab, sns, subscribed):
    mid = sns.publish(TopicArn=subscribed, Subject="ALARM: cpu", Message="CPU is high",
                      MessageAttributes={"severity": {"DataType": "String",
                                                      "StringValue": "high"}})["MessageId"]
    published = lab.now
    lab.advance(seconds=10)
    sqs = _notes(lab, protocol="sqs")[0]
    body = json.loads(sqs["Body"])
    assert list(body) == ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
                          "SignatureVersion", "Signature", "SigningCertURL",
                          "UnsubscribeURL", "MessageAttributes"]
    assert body["Type"] == "Notification" and body["MessageId"] == mid
    assert body["TopicArn"] == subscribed and body["Message"] == "CPU is high"
    assert body["Subject"] == "ALARM: cpu" and body["SignatureVersion"] == "1"
    assert body["Timestamp"] == published.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert body["UnsubscribeURL"].endswith("SubscriptionArn=" + sqs["SubscriptionArn"])
    assert body["MessageAttributes"] == {"severity": {"Type": "String", "Value": "high"}}
    assert sqs["Body"].startswith('{\n  "Type" : "Notification",')
    https = _notes(lab, protocol="https")[0]
    assert json.loads(https["Body"])["MessageId"] == mid
    assert https["Headers"]["x-amz-sns-message-type"] == "Notification"
    assert https["Headers"]["x-amz-sns-subscription-arn"] == https["SubscriptionArn"]


def test_email_gets_subject_and_plain_text_with_the_footer(lab, sns, subscribed):
    sns.set_topic_attributes(TopicArn=subscribed, AttributeName="DisplayName",
                             AttributeValue="PetShop Ops")
    sns.publish(TopicArn=subscribed, Subject="ALARM: cpu", Message="CPU is high")
    sns.publish(TopicArn=subscribed, Message="no subject")
    lab.advance(seconds=10)
    first, second = _notes(lab, protocol="email")
    assert first["Subject"] == "ALARM: cpu"
    assert first["Headers"]["From"] == "PetShop Ops <no-reply@sns.amazonaws.com>"
    assert first["Body"].startswith("CPU is high\n\n--\nIf you wish to stop receiving "
                                    "notifications from this topic")
    assert "unsubscribe.html?SubscriptionArn=" + first["SubscriptionArn"] in first["Body"]
    assert second["Subject"] == "AWS Notification Message"


def test_lambda_gets_an_event(lab, sns, subscribed):
    sns.publish(TopicArn=subscribed, Message="hi")
    lab.advance(seconds=2)
    event = json.loads(_notes(lab, protocol="lambda")[0]["Body"])
    sns_part = event["Records"][0]["Sns"]
    assert sns_part["Message"] == "hi" and sns_part["Subject"] is None


def test_raw_message_delivery(lab, sns, topic):
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE,
                        Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    sns.publish(TopicArn=topic, Message="just this", MessageAttributes={
        "n": {"DataType": "Number", "StringValue": "3"}})
    lab.advance(seconds=2)
    [note] = _notes(lab)
    assert note["Body"] == "just this" and note["SubscriptionArn"] == arn
    assert note["MessageAttributes"] == {"n": {"Type": "Number", "Value": "3"}}


def test_message_structure_json_picks_each_protocol(lab, sns, subscribed):
    body = json.dumps({"default": "for everyone", "sqs": "for the queue",
                       "email": "for people"})
    sns.publish(TopicArn=subscribed, Message=body, MessageStructure="json")
    lab.advance(seconds=10)
    got = {d["Protocol"]: d for d in _notes(lab)}
    assert json.loads(got["sqs"]["Body"])["Message"] == "for the queue"
    assert got["email"]["Body"].startswith("for people\n")
    assert json.loads(got["https"]["Body"])["Message"] == "for everyone"


def test_pending_subscriptions_get_nothing(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="late@example.com")
    sns.publish(TopicArn=topic, Message="m")
    lab.advance(minutes=1)
    assert _notes(lab) == []


@pytest.mark.parametrize("kwargs,message", [
    ({"Message": "m", "Subject": "x" * 101}, "Invalid parameter: Subject"),
    ({"Message": "m", "Subject": "line\nbreak"}, "Invalid parameter: Subject"),
    ({"Message": ""}, "Invalid parameter: Empty message"),
    ({"Message": "x" * 262_145}, "Invalid parameter: Message too long"),
    ({"Message": "{}", "MessageStructure": "json"},
     "Invalid parameter: Message Structure - No default entry in JSON message body"),
    ({"Message": "nope", "MessageStructure": "json"},
     "Invalid parameter: Message Structure - JSON message body failed to parse"),
    ({"Message": "m", "MessageStructure": "xml"}, "Invalid parameter: MessageStructure"),
])
def test_publish_errors(sns, topic, kwargs, message):
    assert error(sns.publish, TopicArn=topic, **kwargs) == ("InvalidParameter", message, 400)


def test_publish_size_limit_is_256_kb(sns, topic):
    assert sns.publish(TopicArn=topic, Message="x" * 262_144)["MessageId"]


def test_publish_attribute_errors_and_missing_targets(sns, topic):
    code, message, status = error(sns.publish, TopicArn=topic, Message="m",
                                  MessageAttributes={"a": {"DataType": "Float",
                                                           "StringValue": "1"}})
    assert (code, status) == ("ParameterValueInvalid", 400) and "type prefixes" in message
    assert error(sns.publish, Message="m") == (
        "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for "
        "required parameter", 400)
    assert error(sns.publish, TopicArn=topic + "-gone", Message="m") == (
        "NotFound", "Topic does not exist", 404)
    assert error(sns.publish, TopicArn="alerts", Message="m")[1] == (
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1")


def test_receive_publish_uses_the_publish_path(lab, sns, subscribed):
    """The alarm engine's contract: lab.send("sns", "publish", ...)."""
    calls = len(lab.audit_log)
    answer = lab.send("sns", "publish", "123456789012", "us-east-1",
                      {"TopicArn": subscribed, "Subject": "ALARM: \"cpu-high\" in US East",
                       "Message": json.dumps({"AlarmName": "cpu-high",
                                              "NewStateValue": "ALARM"})})
    assert len(answer["MessageId"]) == 36
    assert _notes(lab) == []                       # on the clock, as for Publish
    lab.advance(seconds=10)
    notes = _notes(lab)
    assert len(notes) == 4 and {d["MessageId"] for d in notes} == {answer["MessageId"]}
    sqs = json.loads(_notes(lab, protocol="sqs")[0]["Body"])
    assert json.loads(sqs["Message"])["NewStateValue"] == "ALARM"
    assert len(lab.audit_log) == calls              # AWS-internal: no API call recorded


def test_receive_publish_errors_like_publish(lab, topic):
    from awslab.services.sns.errors import InvalidParameter, NotFound
    with pytest.raises(NotFound, match="Topic does not exist"):
        lab.send("sns", "publish", "123456789012", "us-east-1",
                 {"TopicArn": topic + "-gone", "Subject": "s", "Message": "m"})
    with pytest.raises(InvalidParameter, match="Subject"):
        lab.send("sns", "publish", "123456789012", "us-east-1",
                 {"TopicArn": topic, "Subject": "s" * 101, "Message": "m"})


def test_inbox_filters_by_region_and_endpoint(lab, sns, subscribed):
    eu = lab.client("sns", region_name="eu-west-1")
    eu_topic = eu.create_topic(Name="alerts")["TopicArn"]
    eu.subscribe(TopicArn=eu_topic, Protocol="sqs",
                 Endpoint="arn:aws:sqs:eu-west-1:123456789012:eu-q")
    eu.publish(TopicArn=eu_topic, Message="eu")
    sns.publish(TopicArn=subscribed, Message="us")
    lab.advance(seconds=10)
    assert [json.loads(d["Body"])["Message"] for d in
            _notes(lab, region="eu-west-1")] == ["eu"]
    assert len(_notes(lab, region="us-east-1")) == 4
    assert len(_notes(lab, endpoint=QUEUE)) == 1
