"""Retries on the simulated clock, RetryPolicy limits, and the dead-letter queue."""
from datetime import timedelta

from awslab.services import events
from awslab.services import sqs as sqs_service

from events_helpers import entry, queue, rule_to


def dlq_messages(lab, arn):
    state = lab.state("sqs")
    [found] = [q for q in state.queues.values() if q.arn == arn]
    return found.messages


def test_missing_permission_goes_straight_to_the_dlq_with_aws_attributes(lab, ev):
    closed = queue(lab, "closed", admit=False)
    dlq = queue(lab, "dlq")
    rule_to(ev, "r", closed, DeadLetterConfig={"Arn": dlq})
    ev.put_events(Entries=[entry()])
    [attempt] = events.deliveries(lab, rule="r")
    assert (attempt["status"], attempt["error_code"]) == ("dead-lettered", "NO_PERMISSIONS")
    [message] = dlq_messages(lab, dlq)
    attrs = {k: v["StringValue"] for k, v in message.attributes.items()}
    assert attrs["RULE_ARN"].endswith(":rule/r") and attrs["TARGET_ARN"] == closed
    assert attrs["ERROR_CODE"] == "NO_PERMISSIONS" and "EXHAUSTED_RETRY_CONDITION" not in attrs
    assert sqs_service.bodies(lab, closed) == []


def test_missing_target_is_no_resource(lab, ev):
    dlq = queue(lab, "dlq")
    rule_to(ev, "r", "arn:aws:sqs:us-east-1:123456789012:gone", DeadLetterConfig={"Arn": dlq})
    ev.put_events(Entries=[entry()])
    assert events.deliveries(lab, rule="r")[0]["error_code"] == "NO_RESOURCE"


def test_an_outage_is_retried_with_backoff_until_it_ends(lab, ev):
    q = queue(lab, "q")
    rule_to(ev, "r", q)
    events.inject_outage(lab, q, lab.now + timedelta(seconds=40))
    ev.put_events(Entries=[entry()])
    lab.advance(minutes=5)
    tries = events.deliveries(lab, rule="r")
    assert [t["status"] for t in tries][-1] == "delivered"
    assert all(t["status"] == "retrying" for t in tries[:-1]) and len(tries) >= 4
    gaps = [(b["time"] - a["time"]).total_seconds() for a, b in zip(tries, tries[1:])]
    assert all(later >= earlier * 0.9 for earlier, later in zip(gaps, gaps[1:-1]))
    assert len(sqs_service.bodies(lab, q)) == 1


def test_retry_attempts_run_out_into_the_dlq(lab, ev):
    q, dlq = queue(lab, "q"), queue(lab, "dlq")
    rule_to(ev, "r", q, DeadLetterConfig={"Arn": dlq},
            RetryPolicy={"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 3600})
    events.inject_outage(lab, q, lab.now + timedelta(hours=1))
    ev.put_events(Entries=[entry()])
    lab.advance(minutes=2)
    statuses = [t["status"] for t in events.deliveries(lab, rule="r")]
    assert statuses == ["retrying", "retrying", "dead-lettered"]
    attrs = {k: v["StringValue"] for k, v in dlq_messages(lab, dlq)[0].attributes.items()}
    assert attrs["EXHAUSTED_RETRY_CONDITION"] == "MaximumRetryAttempts"
    assert attrs["RETRY_ATTEMPTS"] == "2"


def test_event_age_runs_out_into_the_dlq(lab, ev):
    q, dlq = queue(lab, "q"), queue(lab, "dlq")
    rule_to(ev, "r", q, DeadLetterConfig={"Arn": dlq},
            RetryPolicy={"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 60})
    events.inject_outage(lab, q, lab.now + timedelta(hours=1))
    ev.put_events(Entries=[entry()])
    lab.advance(minutes=5)
    last = events.deliveries(lab, rule="r")[-1]
    assert last["status"] == "dead-lettered"
    attrs = {k: v["StringValue"] for k, v in dlq_messages(lab, dlq)[0].attributes.items()}
    assert attrs["EXHAUSTED_RETRY_CONDITION"] == "MaximumEventAgeInSeconds"
    assert (last["time"] - events.deliveries(lab, rule="r")[0]["time"]).total_seconds() <= 60


def test_without_a_dlq_the_event_is_dropped(lab, ev):
    q = queue(lab, "q")
    rule_to(ev, "r", q, RetryPolicy={"MaximumRetryAttempts": 0})
    events.inject_outage(lab, q, lab.now + timedelta(hours=1))
    ev.put_events(Entries=[entry()])
    assert [t["status"] for t in events.deliveries(lab, rule="r")] == ["dropped"]
