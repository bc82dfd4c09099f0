"""Turn AWS Config on in one call, the way the console's one-click setup does it.

:func:`enable` makes the S3 bucket (with the bucket policy Config needs), optionally an
SNS topic, the configuration recorder and the delivery channel, and starts recording,
all through boto3 calls as the account's administrator, so they appear in CloudTrail and
cost nothing extra. Notebooks that teach the steps (NB09) make the calls themselves.
"""
from __future__ import annotations

import json

DEFAULT_ROLE = "arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/" \
               "AWSServiceRoleForConfig"


def bucket_policy(bucket: str, account_id: str) -> str:
    """The bucket policy AWS documents for a Config delivery bucket."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AWSConfigBucketPermissionsCheck", "Effect": "Allow",
         "Principal": {"Service": "config.amazonaws.com"}, "Action": "s3:GetBucketAcl",
         "Resource": f"arn:aws:s3:::{bucket}",
         "Condition": {"StringEquals": {"AWS:SourceAccount": account_id}}},
        {"Sid": "AWSConfigBucketDelivery", "Effect": "Allow",
         "Principal": {"Service": "config.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account_id}/Config/*",
         "Condition": {"StringEquals": {"AWS:SourceAccount": account_id}}}]})


def enable(lab, account_id: str = "123456789012", region: str = "us-east-1", *,
           bucket: str | None = None, topic_name: str | None = None,
           include_global: bool = False, frequency: str = "CONTINUOUS") -> dict:
    """Set up and start Config in one account and region; returns the names used.

    Introduced in ``09_config.ipynb``.
    """
    creds = lab.admin_credentials(account_id).as_client_kwargs()
    s3 = lab.client("s3", region_name=region, **creds)
    cfg = lab.client("config", region_name=region, **creds)
    bucket = bucket or f"config-bucket-{account_id}-{region}"
    if lab.service("s3").find_bucket(lab, bucket) is None:
        extra = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **extra)
    s3.put_bucket_policy(Bucket=bucket, Policy=bucket_policy(bucket, account_id))
    channel = {"name": "default", "s3BucketName": bucket}
    topic_arn = None
    if topic_name:
        sns = lab.client("sns", region_name=region, **creds)
        topic_arn = sns.create_topic(Name=topic_name)["TopicArn"]
        channel["snsTopicARN"] = topic_arn
    group = {"allSupported": True, "includeGlobalResourceTypes": include_global}
    cfg.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": DEFAULT_ROLE.format(account=account_id),
        "recordingGroup": group, "recordingMode": {"recordingFrequency": frequency}})
    cfg.put_delivery_channel(DeliveryChannel=channel)
    cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    return {"bucket": bucket, "topic_arn": topic_arn, "recorder": "default"}
