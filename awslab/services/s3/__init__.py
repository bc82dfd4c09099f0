"""Amazon S3: buckets, objects, bucket policies, ACLs and Block Public Access.

Beside the boto3 operations, other services write through :func:`deliver` (after
:func:`check_delivery`), and notebooks and Config rules read :func:`find_bucket`,
:func:`keys`, :func:`read` and :func:`public_access`. Bucket names are one namespace across
all of the lab's accounts; each account's state lists the buckets it owns (``GLOBAL``).
New buckets get what AWS gives them today: Block Public Access on, ACLs disabled
(BucketOwnerEnforced) and SSE-S3 encryption.
"""
from awslab.authz import Resource
from awslab.services.iam.service_access import named_policy
from awslab.services.s3 import access, buckets, objects  # noqa: F401  (register operations)
from awslab.services.s3.access import public_access
from awslab.services.s3.delivery import DeliveryError, check_delivery, deliver, keys, read
from awslab.services.s3.lookup import find_bucket
from awslab.services.s3.operations import OPERATIONS
from awslab.services.s3.state import Bucket, S3Object, State

GLOBAL = True

__all__ = ["OPERATIONS", "State", "Bucket", "S3Object", "DeliveryError", "deliver",
           "check_delivery", "find_bucket", "keys", "read", "public_access", "RESOURCES",
           "ACTIONS", "resource_policy"]

#: IAM actions whose names are not the operation's (aws-facts 9; S3's action list).
ACTIONS = {
    "ListBuckets": "s3:ListAllMyBuckets", "HeadBucket": "s3:ListBucket",
    "ListObjectsV2": "s3:ListBucket", "HeadObject": "s3:GetObject",
    "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "PutBucketEncryption": "s3:PutEncryptionConfiguration",
    "DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
    "DeleteBucketTagging": "s3:PutBucketTagging",
    "GetBucketOwnershipControls": "s3:GetBucketOwnershipControls",
    "PutBucketOwnershipControls": "s3:PutBucketOwnershipControls",
}


def _bucket(call) -> list:
    name = call.params.get("Bucket", "")
    found = find_bucket(call.lab, name)
    return [Resource(f"arn:aws:s3:::{name}", owner=found.account_id if found else None)]


def _object(call) -> list:
    name = call.params.get("Bucket", "")
    found = find_bucket(call.lab, name)
    return [Resource(f"arn:aws:s3:::{name}/{call.params.get('Key', '')}",
                     owner=found.account_id if found else None)]


def _new_bucket(call) -> list:
    return [f"arn:aws:s3:::{call.params.get('Bucket', '')}"]      # the caller's, to be


#: IAM resources of each operation: the bucket, or the object.
RESOURCES = {op: _bucket for op in OPERATIONS.names()
             if op not in ("ListBuckets", "PutObject", "GetObject", "HeadObject",
                           "DeleteObject")}
RESOURCES["CreateBucket"] = _new_bucket
RESOURCES.update({op: _object for op in ("PutObject", "GetObject", "HeadObject",
                                         "DeleteObject")})


def resource_policy(lab, action: str, arn: str):
    """The bucket policy governing ``arn`` (a bucket or an object in it)."""
    if not arn.startswith("arn:aws:s3:::"):
        return None
    found = find_bucket(lab, arn[len("arn:aws:s3:::"):].split("/", 1)[0])
    if found is None:
        return None
    return named_policy(found.policy, f"bucket policy of {found.name}", "S3 bucket policy")

