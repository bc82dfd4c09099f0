"""PutLogEvents limits and rejections, GetLogEvents tokens, FilterLogEvents, retention."""
from awslab.services.logs import find_group

from logs_helpers import aws_error

HOUR, DAY = 3600_000, 86400_000


def put(logs, group, events, stream="i-1"):
    return logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


def ev(t, message="m"):
    return {"timestamp": t, "message": message}


def test_batch_limits(logs, group, now_ms):
    t = now_ms()
    assert aws_error(put, logs, group, [ev(t), ev(t - 1)]) == (
        "InvalidParameterException",
        "Log events in a single PutLogEvents request must be in chronological order.")
    code, message = aws_error(put, logs, group, [ev(t - 25 * HOUR), ev(t)])
    assert "cannot span more than 24 hours" in message
    big = "x" * (1_048_576 // 2)
    code, message = aws_error(put, logs, group, [ev(t, big), ev(t, big)])
    assert message == "Upload too large: 1048628 bytes exceeds limit of 1048576"
    code, _ = aws_error(put, logs, group, [ev(t)] * 10_001)
    assert code == "InvalidParameterException"
    exact = 1_048_576 - 26 * 2
    put(logs, group, [ev(t, "a" * (exact // 2)), ev(t, "b" * (exact - exact // 2))])


def test_too_old_too_new_and_expired_are_rejected_individually(lab, logs, group, now_ms):
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    t = now_ms()
    r = put(logs, group, [ev(t - 25 * HOUR), ev(t - 23 * HOUR)])
    assert r["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 0}
    r = put(logs, group, [ev(t), ev(t + 3 * HOUR)])
    assert r["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 1}
    logs.delete_retention_policy(logGroupName=group)
    r = put(logs, group, [ev(t - 14 * DAY - 2 * HOUR), ev(t - 14 * DAY + HOUR)])
    assert r["rejectedLogEventsInfo"]["tooOldLogEventEndIndex"] == 0
    stored = find_group(lab, "123456789012", "us-east-1", group).streams["i-1"].events
    assert [e.timestamp for e in stored] == [t - 14 * DAY + HOUR, t - 23 * HOUR, t]


def test_get_log_events_tail_head_and_tokens(logs, group, now_ms):
    t = now_ms()
    put(logs, group, [ev(t + i, f"e{i}") for i in range(10)])
    tail = logs.get_log_events(logGroupName=group, logStreamName="i-1", limit=3)
    assert [e["message"] for e in tail["events"]] == ["e7", "e8", "e9"]
    back = logs.get_log_events(logGroupName=group, logStreamName="i-1", limit=3,
                               nextToken=tail["nextBackwardToken"])
    assert [e["message"] for e in back["events"]] == ["e4", "e5", "e6"]
    head = logs.get_log_events(logGroupName=group, logStreamName="i-1", limit=4,
                               startFromHead=True)
    assert [e["message"] for e in head["events"]] == ["e0", "e1", "e2", "e3"]
    seen, token = [], None
    while True:
        kw = {"nextToken": token} if token else {"startFromHead": True}
        page = logs.get_log_events(logGroupName=group, logStreamName="i-1", limit=4, **kw)
        if page["nextForwardToken"] == token:
            break                                   # the end: AWS repeats the token
        seen += [e["message"] for e in page["events"]]
        token = page["nextForwardToken"]
    assert seen == [f"e{i}" for i in range(10)]
    window = logs.get_log_events(logGroupName=group, logStreamName="i-1",
                                 startTime=t + 2, endTime=t + 5, startFromHead=True)
    assert [e["message"] for e in window["events"]] == ["e2", "e3", "e4"]
    assert aws_error(logs.get_log_events, logGroupName=group, logStreamName="i-1",
                     nextToken="bogus")[0] == "InvalidParameterException"


def test_filter_log_events_across_streams(logs, group, now_ms):
    t = now_ms()
    logs.create_log_stream(logGroupName=group, logStreamName="i-2")
    put(logs, group, [ev(t, "ERROR a"), ev(t + 2, "INFO b"), ev(t + 4, "ERROR c")])
    put(logs, group, [ev(t + 1, "ERROR d"), ev(t + 3, "WARN e")], stream="i-2")
    out = logs.filter_log_events(logGroupName=group, filterPattern="ERROR")["events"]
    assert [(e["logStreamName"], e["message"]) for e in out] == [
        ("i-1", "ERROR a"), ("i-2", "ERROR d"), ("i-1", "ERROR c")]
    assert len({e["eventId"] for e in out}) == 3
    only = logs.filter_log_events(logGroupName=group, logStreamNames=["i-2"])["events"]
    assert [e["message"] for e in only] == ["ERROR d", "WARN e"]
    ranged = logs.filter_log_events(logGroupName=group, startTime=t + 1,
                                    endTime=t + 3)["events"]
    assert [e["message"] for e in ranged] == ["ERROR d", "INFO b", "WARN e"]
    pages = list(logs.get_paginator("filter_log_events").paginate(
        logGroupName=group, filterPattern="?ERROR ?WARN", PaginationConfig={"PageSize": 2}))
    assert [len(p["events"]) for p in pages] == [2, 2]
    assert aws_error(logs.filter_log_events, logGroupName=group, filterPattern="{ $.x = ") \
        == ("InvalidParameterException", "Invalid filter pattern")


def test_filter_log_events_by_arn_identifier(logs, group):
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/petshop/web"
    assert logs.filter_log_events(logGroupIdentifier=arn)["events"] == []


def test_retention_deletes_expired_events_on_the_clock(lab, logs, group, now_ms):
    t = now_ms()
    put(logs, group, [ev(t, "day0")])
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    lab.advance(hours=23)
    put(logs, group, [ev(now_ms(), "day1")])
    lab.advance(hours=2)
    events = logs.filter_log_events(logGroupName=group)["events"]
    assert [e["message"] for e in events] == ["day1"]
    assert logs.describe_log_groups()["logGroups"][0]["storedBytes"] == 4


def test_lab_send_put_creates_group_and_stream(lab, logs, now_ms):
    lab.send("logs", "put", "123456789012", "us-east-1", {
        "logGroupName": "/aws/lambda/checkout", "logStreamName": "2026/01/05/[$LATEST]ab",
        "events": [ev(now_ms(), "START RequestId: 1")]})
    streams = logs.describe_log_streams(logGroupName="/aws/lambda/checkout")["logStreams"]
    assert streams[0]["logStreamName"] == "2026/01/05/[$LATEST]ab"


def test_get_log_events_and_describe_streams_by_identifier(logs, group, now_ms):
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/petshop/web"
    put(logs, group, [ev(now_ms(), "hello")])
    got = logs.get_log_events(logGroupIdentifier=arn, logStreamName="i-1")["events"]
    assert [e["message"] for e in got] == ["hello"]
    for i in range(4):
        logs.create_log_stream(logGroupName=group, logStreamName=f"s{i}")
    pages = list(logs.get_paginator("describe_log_streams").paginate(
        logGroupIdentifier=arn, PaginationConfig={"PageSize": 2}))
    assert [len(p["logStreams"]) for p in pages] == [2, 2, 1]
    assert aws_error(logs.get_log_events, logGroupName=group, logGroupIdentifier=arn,
                     logStreamName="i-1")[0] == "InvalidParameterException"


def test_lab_send_raises_the_logs_error_for_a_bad_batch(lab, now_ms):
    import pytest

    from awslab.services.logs.errors import InvalidParameterException
    with pytest.raises(InvalidParameterException, match="chronological order"):
        lab.send("logs", "put", "123456789012", "us-east-1", {
            "logGroupName": "/aws/x", "logStreamName": "s",
            "events": [ev(now_ms(), "b"), ev(now_ms() - 1, "a")]})
    assert lab.client("logs").describe_log_groups()["logGroups"] == []
