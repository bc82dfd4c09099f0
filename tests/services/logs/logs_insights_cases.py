"""Examples of the Insights, export, subscription and destination operations, merged into
``logs_examples.EXAMPLES["logs"]`` for the bridge's output-shape tests."""
import json

from logs_insights_helpers import export_bucket, kinesis_stream, logs_role, seeded_group


def _query(lab):
    first = seeded_group(lab)
    logs = lab.client("logs")
    qid = logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                           endTime=first // 1000 + 7200,
                           queryString="fields @timestamp, status | limit 5")["queryId"]
    lab.advance(seconds=2)
    return logs, qid


def _pointer(lab):
    logs, qid = _query(lab)
    row = logs.get_query_results(queryId=qid)["results"][0]
    return logs, next(c["value"] for c in row if c["field"] == "@ptr")


def _subscribe(lab):
    """The PutSubscriptionFilter response (a Kinesis stream destination)."""
    seeded_group(lab)
    stream = kinesis_stream(lab)
    role = logs_role(lab, "cwl", "kinesis:PutRecord", stream)
    return lab.client("logs").put_subscription_filter(
        logGroupName="/petshop/api", filterName="all", filterPattern="",
        destinationArn=stream, roleArn=role)


def _subscribed(lab):
    _subscribe(lab)
    return lab.client("logs")


def _put_destination(lab):
    stream = kinesis_stream(lab)
    role = logs_role(lab, "cwl", "kinesis:PutRecord", stream)
    return lab.client("logs").put_destination(destinationName="central",
                                              targetArn=stream, roleArn=role)


def _destination(lab):
    _put_destination(lab)
    return lab.client("logs")


def _create_export(lab):
    seeded_group(lab)
    export_bucket(lab)
    return lab.client("logs").create_export_task(
        logGroupName="/petshop/api", fromTime=0, to=2_000_000_000_000,
        destination="archive")


def _export(lab):
    return lab.client("logs"), _create_export(lab)["taskId"]


POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "111111111111"},
    "Action": "logs:PutSubscriptionFilter",
    "Resource": "arn:aws:logs:us-east-1:123456789012:destination:central"}]})

EXAMPLES = {"logs": {
    "StartQuery": lambda lab: lab.client("logs").start_query(
        logGroupName="/petshop/api", startTime=seeded_group(lab) // 1000,
        endTime=2_000_000_000, queryString="stats count(*) by bin(5m)"),
    "GetQueryResults": lambda lab: (lambda l, q: l.get_query_results(queryId=q))(
        *_query(lab)),
    "StopQuery": lambda lab: (lambda l, q: l.stop_query(queryId=q))(*_query(lab)),
    "DescribeQueries": lambda lab: _query(lab)[0].describe_queries(),
    "GetLogRecord": lambda lab: (lambda l, p: l.get_log_record(logRecordPointer=p))(
        *_pointer(lab)),
    "CreateExportTask": _create_export,
    "DescribeExportTasks": lambda lab: _export(lab)[0].describe_export_tasks(),
    "CancelExportTask": lambda lab: (lambda l, t: l.cancel_export_task(taskId=t))(
        *_export(lab)),
    "PutSubscriptionFilter": _subscribe,
    "DescribeSubscriptionFilters": lambda lab: _subscribed(lab).describe_subscription_filters(
        logGroupName="/petshop/api"),
    "DeleteSubscriptionFilter": lambda lab: _subscribed(lab).delete_subscription_filter(
        logGroupName="/petshop/api", filterName="all"),
    "PutDestination": _put_destination,
    "PutDestinationPolicy": lambda lab: _destination(lab).put_destination_policy(
        destinationName="central", accessPolicy=POLICY),
    "DescribeDestinations": lambda lab: _destination(lab).describe_destinations(),
    "DeleteDestination": lambda lab: _destination(lab).delete_destination(
        destinationName="central"),
}}
