"""Subscription filters: Kinesis, Firehose and Lambda destinations, payloads, limits,
permissions, and cross-account/cross-Region aggregation through destinations."""
import base64
import json

import pytest
from logs_insights_helpers import (
    LOGS_TRUST, aws_error, client, kinesis_stream, logs_role, seeded_group)

from awslab.services import kinesis, lambda_
from awslab.services.logs import find_group
from awslab.services.logs.ingest import epoch_ms
from awslab.services.logs.subscriptions import decode

GROUP = "/petshop/api"


def put(lab, logs, *messages, group=GROUP):
    logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=[
        {"timestamp": epoch_ms(lab.now), "message": m} for m in messages])


def data_messages(lab, stream_arn):
    out = [decode(r.data) for r in kinesis.records(lab, stream_arn)]
    return [m for m in out if m["messageType"] == "DATA_MESSAGE"]


@pytest.fixture
def to_kinesis(lab, logs):
    seeded_group(lab, count=1)
    stream = kinesis_stream(lab)
    role = logs_role(lab, "cwl", "kinesis:PutRecord", stream)
    return stream, role


def test_kinesis_delivery_payload_and_control_message(lab, logs, to_kinesis):
    stream, role = to_kinesis
    logs.put_subscription_filter(logGroupName=GROUP, filterName="errors",
                                 filterPattern="ERROR", destinationArn=stream, roleArn=role)
    (control,) = [decode(r.data) for r in kinesis.records(lab, stream)]
    assert control["messageType"] == "CONTROL_MESSAGE"
    assert control["logEvents"][0]["message"] == \
        "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."
    put(lab, logs, "ERROR boom", "INFO fine", "ERROR again")
    assert data_messages(lab, stream) == []           # not yet: delivery takes a moment
    lab.advance(seconds=2)
    (msg,) = data_messages(lab, stream)
    assert msg["owner"] == "123456789012" and msg["logGroup"] == GROUP
    assert msg["logStream"] == "web-1" and msg["subscriptionFilters"] == ["errors"]
    assert [e["message"] for e in msg["logEvents"]] == ["ERROR boom", "ERROR again"]
    assert all(len(e["id"]) == 36 and e["id"].isdigit() for e in msg["logEvents"])
    sub = find_group(lab, "123456789012", "us-east-1", GROUP).subscription_filters[0]
    assert 0.2 <= sub.deliveries[0].latency <= 1.5


def test_events_before_the_filter_are_not_sent(lab, logs, to_kinesis):
    stream, role = to_kinesis
    logs.put_subscription_filter(logGroupName=GROUP, filterName="all", filterPattern="",
                                 destinationArn=stream, roleArn=role)
    lab.advance(seconds=5)
    assert data_messages(lab, stream) == []           # the seeded event predates it


def test_role_must_allow_put_record(lab, logs):
    seeded_group(lab, count=1)
    stream = kinesis_stream(lab)
    role = logs_role(lab, "weak", "kinesis:DescribeStream", stream)
    assert aws_error(logs.put_subscription_filter, logGroupName=GROUP, filterName="f",
                     filterPattern="", destinationArn=stream, roleArn=role) == (
        "InvalidParameterException", "Could not deliver test message to specified Kinesis "
        "stream. Check if the given kinesis stream is in ACTIVE state.")
    code, message = aws_error(logs.put_subscription_filter, logGroupName=GROUP,
                              filterName="f", filterPattern="", destinationArn=stream)
    assert code == "InvalidParameterException" and "roleArn is required" in message


def test_at_most_two_filters(lab, logs, to_kinesis):
    stream, role = to_kinesis
    for name in ("a", "b"):
        logs.put_subscription_filter(logGroupName=GROUP, filterName=name, filterPattern="",
                                     destinationArn=stream, roleArn=role)
    logs.put_subscription_filter(logGroupName=GROUP, filterName="a", filterPattern="ERROR",
                                 destinationArn=stream, roleArn=role)    # update is fine
    assert aws_error(logs.put_subscription_filter, logGroupName=GROUP, filterName="c",
                     filterPattern="", destinationArn=stream, roleArn=role) == (
        "LimitExceededException", "Resource limit exceeded.")
    names = [f["filterName"] for f in logs.describe_subscription_filters(
        logGroupName=GROUP)["subscriptionFilters"]]
    assert names == ["a", "b"]
    logs.delete_subscription_filter(logGroupName=GROUP, filterName="a")
    assert aws_error(logs.delete_subscription_filter, logGroupName=GROUP,
                     filterName="a")[0] == "ResourceNotFoundException"


def test_bad_pattern_and_distribution(lab, logs, to_kinesis):
    stream, role = to_kinesis
    assert aws_error(logs.put_subscription_filter, logGroupName=GROUP, filterName="f",
                     filterPattern="{ $.x = ", destinationArn=stream,
                     roleArn=role)[0] == "InvalidParameterException"
    fn = lambda_.register(lab, "ship", lambda e, c: None)
    assert "Random distribution" in aws_error(
        logs.put_subscription_filter, logGroupName=GROUP, filterName="f", filterPattern="",
        destinationArn=fn, distribution="Random")[1]


def test_lambda_destination_needs_permission_and_gets_base64_gzip(lab, logs):
    seeded_group(lab, count=1)
    got = []
    fn = lambda_.register(lab, "ship", lambda event, ctx: got.append(event))
    assert aws_error(logs.put_subscription_filter, logGroupName=GROUP, filterName="f",
                     filterPattern="", destinationArn=fn)[1].startswith(
        "Could not execute the lambda function.")
    lab.client("lambda").add_permission(
        FunctionName="ship", StatementId="logs", Action="lambda:InvokeFunction",
        Principal="logs.amazonaws.com",
        SourceArn=f"arn:aws:logs:us-east-1:123456789012:log-group:{GROUP}:*")
    logs.put_subscription_filter(logGroupName=GROUP, filterName="f", filterPattern="",
                                 destinationArn=fn)
    put(lab, logs, "hello")
    lab.advance(seconds=2)
    (event,) = got
    raw = base64.b64decode(event["awslogs"]["data"])
    assert raw[:2] == b"\x1f\x8b"                       # gzip magic
    assert decode(event["awslogs"]["data"])["logEvents"][0]["message"] == "hello"


def test_firehose_destination_buffers_into_s3(lab, logs):
    from awslab.services import s3
    seeded_group(lab, count=1)
    s3_client = lab.client("s3")
    s3_client.create_bucket(Bucket="lake")
    iam = lab.client("iam")
    fh_role = iam.create_role(RoleName="fh", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    iam.put_role_policy(RoleName="fh", PolicyName="w", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject",
                                                "Resource": "arn:aws:s3:::lake/*"}]}))
    fh = lab.client("firehose")
    arn = fh.create_delivery_stream(DeliveryStreamName="lake", S3DestinationConfiguration={
        "RoleARN": fh_role, "BucketARN": "arn:aws:s3:::lake",
        "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}})["DeliveryStreamARN"]
    role = logs_role(lab, "cwl-fh", "firehose:PutRecord", arn)
    assert "Firehose stream is in ACTIVE state" in aws_error(
        logs.put_subscription_filter, logGroupName=GROUP, filterName="f", filterPattern="",
        destinationArn=arn, roleArn=role)[1]
    lab.advance(seconds=10)
    logs.put_subscription_filter(logGroupName=GROUP, filterName="f", filterPattern="",
                                 destinationArn=arn, roleArn=role)
    put(lab, logs, "to the lake")
    lab.advance(seconds=59)
    assert s3.keys(lab, "lake") == []
    lab.advance(seconds=2)
    (key,) = s3.keys(lab, "lake")
    import zlib
    body = s3.read(lab, "lake", key)
    messages = []
    while body:                  # concatenated gzip members, one per record
        d = zlib.decompressobj(31)
        messages.append(json.loads(d.decompress(body)))
        body = d.unused_data
    assert [m["messageType"] for m in messages] == ["CONTROL_MESSAGE", "DATA_MESSAGE"]


def _central(lab, regions=("us-east-1", "eu-west-1")):
    """Account 222222222222 collects into one Kinesis stream in us-east-1 through a
    destination in each Region, open to 111111111111 and 444444444444."""
    central = "222222222222"
    lab.add_account(central, "logging")
    stream = kinesis_stream(lab, "all-logs", account=central)
    role = logs_role(lab, "cwl", "kinesis:PutRecord", stream, account=central)
    arns = {}
    for region in regions:
        logs = client(lab, "logs", central, region)
        arn = logs.put_destination(destinationName="central", targetArn=stream,
                                   roleArn=role)["destination"]["arn"]
        logs.put_destination_policy(destinationName="central", accessPolicy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": ["111111111111", "444444444444"]},
                "Action": "logs:PutSubscriptionFilter", "Resource": arn}]}))
        arns[region] = arn
    return stream, arns


def test_cross_account_multi_region_aggregation(lab):
    stream, arns = _central(lab)
    for account in ("111111111111", "444444444444", "333333333333"):
        lab.add_account(account, account)
    for account in ("111111111111", "444444444444"):
        for region in arns:
            logs = client(lab, "logs", account, region)
            seeded_group(lab, account=account, region=region, count=1)
            logs.put_subscription_filter(logGroupName=GROUP, filterName="central",
                                         filterPattern="", destinationArn=arns[region])
            put(lab, logs, f"hello from {account} {region}")
    lab.advance(seconds=2)
    got = sorted(m["logEvents"][0]["message"] for m in data_messages(lab, stream))
    assert got == sorted(f"hello from {a} {r}" for a in ("111111111111", "444444444444")
                         for r in arns)
    stranger = client(lab, "logs", "333333333333")
    seeded_group(lab, account="333333333333", count=1)
    assert aws_error(stranger.put_subscription_filter, logGroupName=GROUP,
                     filterName="central", filterPattern="",
                     destinationArn=arns["us-east-1"]) == (
        "AccessDeniedException", "User with accountId: 333333333333 is not authorized to "
        "perform: logs:PutSubscriptionFilter on resource: "
        "arn:aws:logs:us-east-1:222222222222:destination:central")
    other_region = client(lab, "logs", "111111111111", "us-west-2")
    seeded_group(lab, account="111111111111", region="us-west-2", count=1)
    assert "same Region" in aws_error(
        other_region.put_subscription_filter, logGroupName=GROUP, filterName="c",
        filterPattern="", destinationArn=arns["us-east-1"])[1]


def test_destination_operations(lab):
    central = "222222222222"
    stream, arns = _central(lab, regions=("us-east-1",))
    logs = client(lab, "logs", central)
    (dest,) = logs.describe_destinations(DestinationNamePrefix="cen")["destinations"]
    assert dest["targetArn"] == stream and "111111111111" in dest["accessPolicy"]
    assert aws_error(logs.put_destination_policy, destinationName="central",
                     accessPolicy="{not json")[0] == "InvalidParameterException"
    untrusted = client(lab, "iam", central).create_role(
        RoleName="nobody", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
                "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    assert aws_error(logs.put_destination, destinationName="x", targetArn=stream,
                     roleArn=untrusted)[0] == "InvalidParameterException"
    logs.delete_destination(destinationName="central")
    assert logs.describe_destinations()["destinations"] == []
    assert aws_error(logs.delete_destination, destinationName="central")[0] == \
        "ResourceNotFoundException"
    assert LOGS_TRUST["Statement"][0]["Principal"] == {"Service": "logs.amazonaws.com"}


def test_deleted_stream_is_a_non_retryable_failure(lab, logs, to_kinesis):
    stream, role = to_kinesis
    logs.put_subscription_filter(logGroupName=GROUP, filterName="f", filterPattern="",
                                 destinationArn=stream, roleArn=role)
    lab.client("kinesis").delete_stream(StreamName="central")
    lab.advance(seconds=15)
    put(lab, logs, "lost")
    lab.advance(seconds=2)
    sub = find_group(lab, "123456789012", "us-east-1", GROUP).subscription_filters[0]
    assert sub.deliveries[-1].error.startswith("ResourceNotFoundException")


def test_iam_resources_of_the_operations():
    from types import SimpleNamespace

    from awslab.services.logs.operations import destinations, exports, queries, subscriptions
    call = SimpleNamespace(region="us-east-1", account_id="123456789012", params={
        "logGroupName": GROUP, "destinationName": "central",
        "logGroupNames": ["/a", "arn:aws:logs:eu-west-1:111111111111:log-group:/b:*"]})
    group = f"arn:aws:logs:us-east-1:123456789012:log-group:{GROUP}"
    assert subscriptions.RESOURCES["PutSubscriptionFilter"](call) == [group]
    assert exports.RESOURCES["CreateExportTask"](call) == [group]
    assert destinations.RESOURCES["PutDestination"](call) == [
        "arn:aws:logs:us-east-1:123456789012:destination:central"]
    assert queries.RESOURCES["StartQuery"](call) == [group]
    del call.params["logGroupName"]
    assert queries.RESOURCES["StartQuery"](call) == [
        "arn:aws:logs:us-east-1:123456789012:log-group:/a",
        "arn:aws:logs:eu-west-1:111111111111:log-group:/b"]
