"""Writes by AWS services (CloudTrail, Config, Logs export, Firehose) into a bucket.

A service principal writes only where the bucket policy admits it; with a role (Firehose)
the role's trust and permissions decide instead (aws-facts 9.1).
"""
from __future__ import annotations

from typing import Optional

from awslab.errors import AwsError
from awslab.services.s3.lookup import find_bucket
from awslab.services.s3.objects import store


#: AWS services write log files with this canned ACL, so that the bucket owner owns them;
#: the bucket policies AWS documents for CloudTrail, Config and Logs export require it.
DELIVERY_CONTEXT = {"s3:x-amz-acl": "bucket-owner-full-control"}


class DeliveryError(AwsError):
    """A service could not write to the bucket (``code``: NoSuchBucket or AccessDenied)."""


def check_delivery(lab, bucket: str, key: str, *, service: str, source_account: str,
                   source_arn: Optional[str] = None, role_arn: Optional[str] = None):
    """The bucket that ``service`` may write ``key`` to; raise :class:`DeliveryError`
    saying why not."""
    from awslab.services.iam.service_access import role_allowed, service_allowed
    found = find_bucket(lab, bucket)
    if found is None:
        raise DeliveryError(f"The specified bucket does not exist: {bucket}",
                            code="NoSuchBucket", status=404)
    arn = f"{found.arn}/{key}"
    if role_arn:
        decision = role_allowed(lab, service, role_arn, "s3:PutObject", arn,
                                resource_account=found.account_id)
    else:
        decision = service_allowed(lab, service, "s3:PutObject", arn, found.policy,
                                   resource_account=found.account_id, source_arn=source_arn,
                                   source_account=source_account,
                                   policy_name=f"bucket policy of {bucket}",
                                   context=DELIVERY_CONTEXT)
    if not decision.allowed:
        raise DeliveryError(f"{service} may not write s3://{bucket}/{key}: {decision.reason}",
                            code="AccessDenied", status=403)
    return found


def deliver(lab, bucket: str, key: str, body: bytes, *, service: str, source_account: str,
            source_arn: Optional[str] = None, role_arn: Optional[str] = None,
            content_type: Optional[str] = None) -> None:
    """Write ``body`` to ``s3://bucket/key`` as ``service`` does, or raise
    :class:`DeliveryError`."""
    found = check_delivery(lab, bucket, key, service=service, source_account=source_account,
                           source_arn=source_arn, role_arn=role_arn)
    store(found, key, body, lab.now, role_arn or service, content_type)


def keys(lab, bucket: str, prefix: str = "") -> list[str]:
    """The keys in ``bucket`` under ``prefix``, sorted."""
    found = find_bucket(lab, bucket)
    return sorted(k for k in found.objects if k.startswith(prefix)) if found else []


def read(lab, bucket: str, key: str) -> bytes:
    """The body of ``s3://bucket/key`` (KeyError when missing)."""
    found = find_bucket(lab, bucket)
    if found is None or key not in found.objects:
        raise KeyError(f"s3://{bucket}/{key}")
    return found.objects[key].body
