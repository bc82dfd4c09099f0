"""The minimal EventBridge package: the default bus receives events from other services."""
import pytest

from awslab import Lab
from awslab.services import events


def event(n=1):
    return {"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
            "resources": [f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:a{n}"],
            "detail": {"alarmName": f"a{n}"}}


def test_receive_stamps_the_envelope_and_keeps_the_event():
    lab = Lab(seed=4)
    lab.advance(seconds=90.5)
    stored = lab.send("events", "event", "123456789012", "eu-west-1", event())
    assert list(stored) == ["version", "id", "detail-type", "source", "account", "time",
                            "region", "resources", "detail"]
    assert (stored["version"], stored["account"], stored["region"], stored["time"]) == (
        "0", "123456789012", "eu-west-1", "2026-01-05T00:01:30Z")
    assert len(stored["id"]) == 36 and stored["id"][14] == "4"
    assert lab.state("events", "123456789012", "eu-west-1").events == [stored]
    assert lab.state("events").events == []            # us-east-1's bus is another bus


def test_event_ids_are_seeded_and_do_not_shift_other_ids():
    def ids(seed):
        lab = Lab(seed=seed)
        return [lab.send("events", "event", "123456789012", "us-east-1", event(i))["id"]
                for i in range(3)]
    assert ids(1) == ids(1) != ids(2)
    assert len(set(ids(1))) == 3
    plain, busy = Lab(seed=3), Lab(seed=3)
    busy.send("events", "event", "123456789012", "us-east-1", event())
    assert plain.ids.uuid() == busy.ids.uuid()


def test_other_kinds_are_refused():
    lab = Lab(seed=1)
    with pytest.raises(ValueError):
        lab.send("events", "rule", "123456789012", "us-east-1", {})


def test_package_shape():
    assert events.GLOBAL is False and "PutEvents" in events.OPERATIONS.names()
    assert events.State("123456789012", "us-east-1").bus_name == "default"


def lazy(calls):
    """An event whose detail is made by a function (as CloudTrail hands its records)."""
    def build():
        calls.append(1)
        return {"eventName": "PutBucketTagging"}
    return {"source": "aws.s3", "detail-type": "AWS API Call via CloudTrail", "detail": build}


def test_a_detail_nothing_needs_is_made_when_the_history_is_read():
    lab, made = Lab(seed=4), []
    stored = lab.send("events", "event", "123456789012", "us-east-1", lazy(made))
    later = lab.send("events", "event", "123456789012", "us-east-1", event())
    assert made == [] and "detail" not in stored
    history = lab.state("events").events
    assert made == [1] and history == [stored, later]
    assert list(stored)[-1] == "detail" and stored["detail"] == {"eventName": "PutBucketTagging"}
    assert lab.state("events").events == history and made == [1]        # made once
    eager = Lab(seed=4)                                   # same IDs, drawn at arrival
    assert eager.send("events", "event", "123456789012", "us-east-1", {
        **lazy([]), "detail": {"eventName": "PutBucketTagging"}}) == stored


@pytest.mark.parametrize("pattern,needed", [
    ({"source": ["aws.ec2"]}, False),
    ({"detail-type": [{"prefix": "EC2"}]}, False),
    ({"source": ["aws.s3"]}, True),
    ({"detail": {"eventName": ["DeleteBucket"]}}, True),     # judged when it is made
    ({"$or": [{"source": ["aws.ec2"]}, {"account": ["123456789012"]}]}, True),
])
def test_a_rule_that_might_match_gets_the_detail_made_at_once(pattern, needed):
    import json
    lab, made = Lab(seed=4), []
    lab.client("events").put_rule(Name="r", EventPattern=json.dumps(pattern))
    lab.send("events", "event", "123456789012", "us-east-1", lazy(made))
    assert made == ([1] if needed else [])


def test_an_archive_gets_the_detail_made_at_once():
    lab, made = Lab(seed=4), []
    lab.client("events").create_archive(
        ArchiveName="all", EventSourceArn="arn:aws:events:us-east-1:123456789012:event-bus/default")
    lab.send("events", "event", "123456789012", "us-east-1", lazy(made))
    assert made == [1]
