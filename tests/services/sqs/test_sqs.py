"""SQS: visibility timeouts on the simulated clock, redrive, limits, policies, delivery."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services import sqs as SQS

ARN = "arn:aws:sqs:us-east-1:123456789012:"


def code(fn):
    with pytest.raises(ClientError) as err:
        fn()
    return err.value.response["Error"]["Code"]


@pytest.fixture
def lab():
    return Lab(seed=4)


def test_a_received_message_hides_for_the_visibility_timeout(lab):
    sqs = lab.client("sqs")
    url = sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job-1")
    first = sqs.receive_message(QueueUrl=url)["Messages"][0]
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    lab.advance(seconds=31)
    again = sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"])["Messages"][0]
    assert again["MessageId"] == first["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=again["ReceiptHandle"])
    lab.advance(seconds=31)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_redrive_moves_a_poison_message_to_the_dead_letter_queue(lab):
    sqs = lab.client("sqs")
    sqs.create_queue(QueueName="dlq")
    url = sqs.create_queue(QueueName="work", Attributes={
        "VisibilityTimeout": "5", "RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": ARN + "dlq", "maxReceiveCount": 3})})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="poison")
    received = 0
    for _ in range(5):
        received += len(sqs.receive_message(QueueUrl=url).get("Messages", []))
        lab.advance(seconds=6)
    assert received == 3
    assert SQS.bodies(lab, ARN + "dlq") == ["poison"] and SQS.bodies(lab, ARN + "work") == []


def test_retention_and_delay_follow_the_clock(lab):
    sqs = lab.client("sqs")
    url = sqs.create_queue(QueueName="short", Attributes={
        "MessageRetentionPeriod": "60", "DelaySeconds": "10"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="m")
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    lab.advance(seconds=10)
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "m"
    lab.advance(seconds=60)
    assert SQS.bodies(lab, ARN + "short") == []


@pytest.mark.parametrize("attrs", [{"VisibilityTimeout": "43201"}, {"DelaySeconds": "901"},
                                   {"MessageRetentionPeriod": "59"}, {"Bogus": "1"}])
def test_attribute_limits(lab, attrs):
    assert code(lambda: lab.client("sqs").create_queue(QueueName="q", Attributes=attrs)) in (
        "InvalidAttributeValue", "InvalidAttributeName", "InvalidParameterValue")


def test_message_size_batch_limits_and_missing_queue(lab):
    sqs = lab.client("sqs")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert code(lambda: sqs.send_message(QueueUrl=url, MessageBody="x" * 262145)) == \
        "InvalidParameterValue"
    assert code(lambda: sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": str(i), "MessageBody": "m"} for i in range(11)])) == \
        "TooManyEntriesInBatchRequest"
    assert code(lambda: sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "a", "MessageBody": "m"}, {"Id": "a", "MessageBody": "n"}])) == \
        "BatchEntryIdsNotDistinct"
    assert code(lambda: sqs.get_queue_url(QueueName="missing")) == "QueueDoesNotExist"
    assert code(lambda: sqs.create_queue(QueueName="q", Attributes={
        "VisibilityTimeout": "99"})) == "QueueNameExists"


def test_service_delivery_needs_the_queue_policy(lab):
    sqs = lab.client("sqs")
    url = sqs.create_queue(QueueName="events")["QueueUrl"]
    rule = "arn:aws:events:us-east-1:123456789012:rule/orders"
    with pytest.raises(SQS.DeliveryError) as err:
        SQS.deliver(lab, ARN + "events", "{}", service="events.amazonaws.com", source_arn=rule)
    assert err.value.code == "AccessDenied"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": ARN + "events",
            "Condition": {"ArnEquals": {"aws:SourceArn": rule}}}]})})
    SQS.deliver(lab, ARN + "events", '{"n": 1}', service="events.amazonaws.com",
                source_arn=rule)
    assert SQS.bodies(lab, ARN + "events") == ['{"n": 1}']
    with pytest.raises(SQS.DeliveryError):
        SQS.deliver(lab, ARN + "events", "{}", service="events.amazonaws.com",
                    source_arn=rule + "-other")


def test_other_accounts_need_the_queue_policy(lab):
    lab.add_account("222222222222", "other")
    url = lab.client("sqs").create_queue(QueueName="central")["QueueUrl"]
    other = lab.client("sqs", **lab.admin_credentials("222222222222").as_client_kwargs())
    assert code(lambda: other.send_message(QueueUrl=url, MessageBody="x")) in (
        "AccessDenied", "AccessDeniedException")
