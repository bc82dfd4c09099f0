"""Metric filters: validation, TestMetricFilter, publishing to CloudWatch for new events."""
from datetime import timedelta

import pytest

from logs_helpers import aws_error

NS = "PetShop"


def transformation(**kw):
    return {"metricName": "Errors", "metricNamespace": NS, "metricValue": "1", **kw}


def put_filter(logs, group, pattern, **kw):
    logs.put_metric_filter(logGroupName=group, filterName="f", filterPattern=pattern,
                           metricTransformations=[transformation(**kw)])


def sums(lab, name="Errors", dims=None):
    cw = lab.client("cloudwatch")
    points = cw.get_metric_statistics(
        Namespace=NS, MetricName=name, Dimensions=dims or [], Period=60,
        Statistics=["Sum", "SampleCount"], StartTime=lab.now - timedelta(hours=1),
        EndTime=lab.now + timedelta(minutes=5))["Datapoints"]
    return sorted((p["Timestamp"], p["Sum"]) for p in points)


def test_only_events_after_the_filter_count(lab, logs, group, now_ms):
    logs.put_log_events(logGroupName=group, logStreamName="i-1", logEvents=[
        {"timestamp": now_ms(), "message": "ERROR before"}])
    put_filter(logs, group, "ERROR", defaultValue=0.0)
    lab.advance(minutes=1)
    logs.put_log_events(logGroupName=group, logStreamName="i-1", logEvents=[
        {"timestamp": now_ms(), "message": "ERROR one"},
        {"timestamp": now_ms(), "message": "ERROR two"},
        {"timestamp": now_ms(), "message": "INFO fine"}])
    lab.advance(minutes=1)
    logs.put_log_events(logGroupName=group, logStreamName="i-1", logEvents=[
        {"timestamp": now_ms(), "message": "INFO fine"}])
    assert [s for _, s in sums(lab)] == [2.0, 0.0]
    assert logs.describe_log_groups()["logGroups"][0]["metricFilterCount"] == 1


def test_values_and_dimensions_from_json(lab, logs, group, now_ms):
    put_filter(logs, group, "{ $.status >= 500 }", metricName="Latency",
               metricValue="$.latency", unit="Milliseconds",
               dimensions={"Path": "$.path"})
    logs.put_log_events(logGroupName=group, logStreamName="i-1", logEvents=[
        {"timestamp": now_ms(), "message": '{"status": 503, "latency": 120, "path": "/a"}'},
        {"timestamp": now_ms(), "message": '{"status": 502, "latency": 80, "path": "/a"}'},
        {"timestamp": now_ms(), "message": '{"status": 200, "latency": 9, "path": "/a"}'}])
    lab.advance(minutes=1)
    assert [s for _, s in sums(lab, "Latency", [{"Name": "Path", "Value": "/a"}])] == [200.0]


def test_values_from_space_delimited_fields(lab, logs, group, now_ms):
    put_filter(logs, group, "[ip, user, status = 2*, bytes]", metricName="Bytes",
               metricValue="$bytes")
    logs.put_log_events(logGroupName=group, logStreamName="i-1", logEvents=[
        {"timestamp": now_ms(), "message": "10.0.0.1 bob 200 1500"},
        {"timestamp": now_ms(), "message": "10.0.0.2 amy 404 10"}])
    lab.advance(minutes=1)
    assert [s for _, s in sums(lab, "Bytes")] == [1500.0]


@pytest.mark.parametrize("pattern,kw,message", [
    ("ERROR", {"dimensions": {"A": "$.a"}},
     "The specified filter pattern does not support dimensions"),
    ("{ $.a = 1 }", {"dimensions": {"A": "$.a"}, "defaultValue": 0.0},
     "A metric transformation with dimensions cannot have a default value."),
    ("ERROR", {"metricValue": "$.latency"}, "Invalid metric value: $.latency"),
    ("[a, b]", {"metricValue": "$c"}, "Invalid metric value: $c"),
    ("ERROR", {"metricValue": "one"}, "Invalid metric value: one"),
    ("{ $.a = }", {}, "Invalid metric filter pattern"),
])
def test_put_metric_filter_validation(logs, group, pattern, kw, message):
    code, got = aws_error(put_filter, logs, group, pattern, **kw)
    assert code == "InvalidParameterException" and got.startswith(message)


def test_describe_and_delete(logs, group):
    put_filter(logs, group, "ERROR")
    f = logs.describe_metric_filters(logGroupName=group)["metricFilters"][0]
    assert f["filterName"] == "f" and f["filterPattern"] == "ERROR"
    assert f["metricTransformations"] == [transformation()]
    assert logs.describe_metric_filters(metricName="Errors",
                                        metricNamespace=NS)["metricFilters"]
    assert aws_error(logs.describe_metric_filters, metricName="Errors")[0] == \
        "InvalidParameterException"
    logs.delete_metric_filter(logGroupName=group, filterName="f")
    assert aws_error(logs.delete_metric_filter, logGroupName=group, filterName="f")[0] == \
        "ResourceNotFoundException"


def test_test_metric_filter(logs):
    out = logs.test_metric_filter(
        filterPattern="[ip, user, status = 5*, bytes]",
        logEventMessages=["10.0.0.1 bob 503 120", "10.0.0.2 amy 200 80",
                          "10.0.0.3 eve 500 7"])["matches"]
    assert [m["eventNumber"] for m in out] == [1, 3]
    assert out[0]["extractedValues"] == {"$ip": "10.0.0.1", "$user": "bob",
                                         "$status": "503", "$bytes": "120"}
    json_out = logs.test_metric_filter(filterPattern="{ $.status >= 500 }",
                                       logEventMessages=['{"status": 503}'])["matches"]
    assert json_out[0]["extractedValues"] == {"$.status": "503"}
