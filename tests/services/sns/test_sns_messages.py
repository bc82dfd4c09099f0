"""SNS's message rules as pure functions (no boto3): names, subjects, JSON structures."""
import json
from datetime import datetime, timezone

import pytest

from awslab.services.sns import messages
from awslab.services.sns.errors import InvalidParameter, ParameterValueInvalid


@pytest.mark.parametrize("name,ok", [
    ("alerts", True), ("a" * 256, True), ("My_Topic-1", True), ("", False),
    ("a" * 257, False), ("has space", False), ("dot.name", False), ("émoji", False),
])
def test_topic_names(name, ok):
    if ok:
        messages.check_topic_name(name)
    else:
        with pytest.raises(InvalidParameter, match="Invalid parameter: Topic Name"):
            messages.check_topic_name(name)


@pytest.mark.parametrize("subject,ok", [
    (None, True), ("ALARM: cpu", True), ("x" * 100, True), ("x" * 101, False),
    ("", False), ("two\nlines", False), ("tab\there", False), (" leading space", False),
    ("Ünïcode ok", True),
])
def test_subjects(subject, ok):
    if ok:
        messages.check_subject(subject)
    else:
        with pytest.raises(InvalidParameter, match="^InvalidParameter: Invalid parameter: "
                                                   "Subject$"):
            messages.check_subject(subject)


def test_message_size_counts_bytes_and_attributes():
    messages.check_message("x" * messages.MAX_MESSAGE_BYTES, None)
    with pytest.raises(InvalidParameter, match="Message too long"):
        messages.check_message("é" * (messages.MAX_MESSAGE_BYTES // 2 + 1), None)
    attrs = {"k": {"DataType": "String", "StringValue": "v"}}
    with pytest.raises(InvalidParameter, match="Message too long"):
        messages.check_message("x" * (messages.MAX_MESSAGE_BYTES - 3), attrs)
    with pytest.raises(InvalidParameter, match="Empty message"):
        messages.check_message("", None)


@pytest.mark.parametrize("body,error", [
    ('{"default": "d", "sqs": "q"}', None),
    ('{"default": "d", "sqs": 5}', None),                 # non-string entries are ignored
    ('{"sqs": "q"}', "No default entry in JSON message body"),
    ('{"default": 1}', "No default entry in JSON message body"),
    ('not json', "JSON message body failed to parse"),
    ('["default"]', "JSON message body failed to parse"),
])
def test_message_structure(body, error):
    if error is None:
        entries = messages.parse_structure(body)
        assert entries["default"] == "d" and entries.get("sqs") in ("q", None)
    else:
        with pytest.raises(InvalidParameter, match=f"Message Structure - {error}"):
            messages.parse_structure(body)


@pytest.mark.parametrize("attrs,fragment", [
    ({"a": {"DataType": "Float", "StringValue": "1"}}, "invalid message attribute type"),
    ({"a": {"DataType": "String", "StringValue": ""}}, "non-empty message attribute value"),
    ({"a": {"DataType": "Number", "StringValue": "ten"}}, "Could not cast"),
    ({"a": {"DataType": "String.Array", "StringValue": "x"}}, "valid JSON array"),
])
def test_bad_message_attributes(attrs, fragment):
    with pytest.raises(ParameterValueInvalid, match=fragment):
        messages.check_message_attributes(attrs)


def test_good_message_attributes():
    messages.check_message_attributes({
        "s": {"DataType": "String.custom", "StringValue": "v"},
        "n": {"DataType": "Number", "StringValue": "1.5e3"},
        "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "a": {"DataType": "String.Array", "StringValue": '["x", 1]'}})


def test_notification_envelope_fields_and_signature_placeholder():
    t = datetime(2026, 1, 5, 12, 0, 1, 234000, tzinfo=timezone.utc)
    note = messages.notification(7, "eu-west-1", "mid", "arn:aws:sns:eu-west-1:1:t", "m",
                                 None, t, "arn:aws:sns:eu-west-1:1:t:sub")
    assert list(note) == ["Type", "MessageId", "TopicArn", "Message", "Timestamp",
                          "SignatureVersion", "Signature", "SigningCertURL",
                          "UnsubscribeURL"]                   # no Subject when none given
    assert note["Timestamp"] == "2026-01-05T12:00:01.234Z"
    assert len(note["Signature"]) == 344                     # an RSA-2048 signature's size
    again = messages.notification(7, "eu-west-1", "mid", "arn:aws:sns:eu-west-1:1:t", "m",
                                  None, t, "arn:aws:sns:eu-west-1:1:t:sub")
    assert again["Signature"] == note["Signature"]           # seeded, deterministic
    other = messages.notification(8, "eu-west-1", "mid", "arn:aws:sns:eu-west-1:1:t", "m",
                                  None, t, "arn:aws:sns:eu-west-1:1:t:sub")
    assert other["Signature"] != note["Signature"]
    assert note["SigningCertURL"].startswith(
        "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-")
    assert note["UnsubscribeURL"] == ("https://sns.eu-west-1.amazonaws.com/?Action="
                                      "Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:1:"
                                      "t:sub")


def test_lambda_event_shape():
    t = datetime(2026, 1, 5, tzinfo=timezone.utc)
    note = messages.notification(1, "us-east-1", "m", "arn:aws:sns:us-east-1:1:t", "hi",
                                 "S", t, "arn:aws:sns:us-east-1:1:t:s")
    event = messages.lambda_event(note, "arn:aws:sns:us-east-1:1:t:s")
    [record] = event["Records"]
    assert record["EventSource"] == "aws:sns" and record["EventVersion"] == "1.0"
    assert record["Sns"]["Subject"] == "S" and record["Sns"]["Message"] == "hi"
    assert "SigningCertUrl" in record["Sns"] and "UnsubscribeUrl" in record["Sns"]
    json.dumps(event)
