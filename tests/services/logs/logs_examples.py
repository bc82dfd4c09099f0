"""One representative successful call per CloudWatch Logs operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py`` (``EXAMPLES["logs"]``), which gathers them.
The Insights/export/subscription examples live in ``logs_insights_cases.py`` (when
present) and are merged in here, so both reach the bridge tests under one key.
"""
from awslab.services.logs.ingest import epoch_ms

GROUP, STREAM = "/petshop/web", "i-0abc"
ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/petshop/web"


def _group(lab):
    logs = lab.client("logs")
    logs.create_log_group(logGroupName=GROUP)
    logs.create_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    logs.put_log_events(logGroupName=GROUP, logStreamName=STREAM, logEvents=[
        {"timestamp": epoch_ms(lab.now), "message": "ERROR payment failed"},
        {"timestamp": epoch_ms(lab.now), "message": "INFO ok"}])
    return logs


def _put_filter(lab):
    return _group(lab).put_metric_filter(
        logGroupName=GROUP, filterName="errors", filterPattern="ERROR",
        metricTransformations=[{"metricName": "Errors", "metricNamespace": "PetShop",
                                "metricValue": "1", "defaultValue": 0.0}])


def _filtered(lab):
    _put_filter(lab)
    return lab.client("logs")


_EXAMPLES = {
    "CreateLogGroup": lambda lab: lab.client("logs").create_log_group(
        logGroupName=GROUP, tags={"team": "web"}),
    "DeleteLogGroup": lambda lab: _group(lab).delete_log_group(logGroupName=GROUP),
    "DescribeLogGroups": lambda lab: _filtered(lab).describe_log_groups(
        logGroupNamePrefix="/petshop"),
    "CreateLogStream": lambda lab: _group(lab).create_log_stream(
        logGroupName=GROUP, logStreamName="i-0def"),
    "DeleteLogStream": lambda lab: _group(lab).delete_log_stream(
        logGroupName=GROUP, logStreamName=STREAM),
    "DescribeLogStreams": lambda lab: _group(lab).describe_log_streams(
        logGroupName=GROUP, orderBy="LastEventTime", descending=True),
    "PutLogEvents": lambda lab: _group(lab).put_log_events(
        logGroupName=GROUP, logStreamName=STREAM,
        logEvents=[{"timestamp": epoch_ms(lab.now) - 15 * 86400_000, "message": "old"}]),
    "GetLogEvents": lambda lab: _group(lab).get_log_events(
        logGroupName=GROUP, logStreamName=STREAM, startFromHead=True),
    "FilterLogEvents": lambda lab: _group(lab).filter_log_events(
        logGroupName=GROUP, filterPattern="ERROR", limit=1),
    "PutRetentionPolicy": lambda lab: _group(lab).put_retention_policy(
        logGroupName=GROUP, retentionInDays=30),
    "DeleteRetentionPolicy": lambda lab: _group(lab).delete_retention_policy(
        logGroupName=GROUP),
    "PutMetricFilter": _put_filter,
    "DescribeMetricFilters": lambda lab: _filtered(lab).describe_metric_filters(
        logGroupName=GROUP),
    "DeleteMetricFilter": lambda lab: _filtered(lab).delete_metric_filter(
        logGroupName=GROUP, filterName="errors"),
    "TestMetricFilter": lambda lab: lab.client("logs").test_metric_filter(
        filterPattern="[ip, user, status = 5*, bytes]",
        logEventMessages=["10.0.0.1 bob 503 120", "10.0.0.2 amy 200 80"]),
    "TagResource": lambda lab: _group(lab).tag_resource(resourceArn=ARN,
                                                        tags={"env": "prod"}),
    "UntagResource": lambda lab: _group(lab).untag_resource(resourceArn=ARN,
                                                            tagKeys=["env"]),
    "ListTagsForResource": lambda lab: _group(lab).list_tags_for_resource(resourceArn=ARN),
    "TagLogGroup": lambda lab: _group(lab).tag_log_group(logGroupName=GROUP,
                                                         tags={"env": "prod"}),
    "UntagLogGroup": lambda lab: _group(lab).untag_log_group(logGroupName=GROUP,
                                                             tags=["env"]),
    "ListTagsLogGroup": lambda lab: _group(lab).list_tags_log_group(logGroupName=GROUP),
}


def _merged() -> dict:
    try:
        from logs_insights_cases import EXAMPLES as more
    except ImportError:
        more = {}
    return {**_EXAMPLES, **more.get("logs", {})}


EXAMPLES = {"logs": _merged()}
