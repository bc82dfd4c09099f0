"""Shared set-up for the CloudTrail tests and examples: a bucket CloudTrail may write to."""
import json

ACCOUNT = "123456789012"


def trail_policy(bucket: str, account: str = ACCOUNT) -> str:
    """The bucket policy AWS's documentation gives for a trail's bucket."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
         "Resource": f"arn:aws:s3:::{bucket}"},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account}/*",
         "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]})


def log_bucket(lab, bucket: str = "trail-logs-demo") -> str:
    s3 = lab.client("s3")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=trail_policy(bucket))
    return bucket


def trail(lab, name: str = "main", **kw):
    """A CloudTrail client and a trail on a writable bucket."""
    ct = lab.client("cloudtrail")
    ct.create_trail(Name=name, S3BucketName=log_bucket(lab), **kw)
    return ct
