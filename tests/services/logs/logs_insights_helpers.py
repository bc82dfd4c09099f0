"""Shared set-ups for the Insights, export and subscription tests (plain functions)."""
import json

from awslab.services.logs.ingest import epoch_ms

LOGS_TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}


def client(lab, service, account="123456789012", region="us-east-1"):
    if account == "123456789012":
        return lab.client(service, region_name=region)
    return lab.client(service, region_name=region,
                      **lab.admin_credentials(account).as_client_kwargs())


def seeded_group(lab, name="/petshop/api", count=60, account="123456789012",
                 region="us-east-1"):
    """A group created now, then ``count`` minutes of JSON access-log events one minute
    apart (status cycles 200/404/500, latency grows), ingested at the end; returns the
    first timestamp (ms), the group's creation time."""
    logs = client(lab, "logs", account, region)
    logs.create_log_group(logGroupName=name)
    logs.create_log_stream(logGroupName=name, logStreamName="web-1")
    first = epoch_ms(lab.now)
    lab.advance(minutes=count)
    logs.put_log_events(logGroupName=name, logStreamName="web-1", logEvents=[
        {"timestamp": first + i * 60_000, "message": json.dumps({
            "status": (200, 404, 500)[i % 3], "path": ("/pets", "/cart")[i % 2],
            "latency": i, "ip": f"10.0.0.{i % 4}"})} for i in range(count)])
    return first


def logs_role(lab, name, action, resource, account="123456789012"):
    """A role Logs may assume that allows ``action`` on ``resource``."""
    iam = client(lab, "iam", account)
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(
        LOGS_TRUST))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="deliver", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action,
                                                "Resource": resource}]}))
    return arn


def kinesis_stream(lab, name="central", account="123456789012", region="us-east-1"):
    kinesis = client(lab, "kinesis", account, region)
    kinesis.create_stream(StreamName=name, ShardCount=1)
    lab.advance(seconds=30)
    return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"][
        "StreamARN"]


def export_bucket(lab, name="archive", region="us-east-1", allow=True):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket=name)
    if allow:
        principal = {"Service": f"logs.{region}.amazonaws.com"}
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": "s3:GetBucketAcl",
                 "Resource": f"arn:aws:s3:::{name}"},
                {"Effect": "Allow", "Principal": principal, "Action": "s3:PutObject",
                 "Resource": f"arn:aws:s3:::{name}/*"}]}))
    return name


def aws_error(call, *args, **kwargs):
    """``(code, message)`` of the ClientError a boto3 call raises."""
    import botocore.exceptions
    import pytest
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call(*args, **kwargs)
    err = info.value.response["Error"]
    return err["Code"], err["Message"]
