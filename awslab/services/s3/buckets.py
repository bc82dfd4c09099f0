"""Bucket operations: create, delete, list, location, tagging, versioning, encryption."""
from __future__ import annotations

import ipaddress
import re

from awslab.services.s3.errors import (
    BucketAlreadyExists, BucketAlreadyOwnedByYou, BucketNotEmpty,
    IllegalLocationConstraintException, InvalidArgument, InvalidBucketName,
    InvalidLocationConstraint, NoSuchTagSet, not_found,
    ServerSideEncryptionConfigurationNotFoundError)
from awslab.services.s3.lookup import bucket_or_error, find_bucket, owner
from awslab.services.s3.operations import OPERATIONS
from awslab.services.s3.state import Bucket

_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def name_problem(name: str) -> str | None:
    """Why ``name`` breaks S3's general-purpose bucket naming rules (aws-facts), or None."""
    if not _NAME.fullmatch(name):
        return ("Bucket names are 3-63 characters of lowercase letters, digits, dots and "
                "hyphens, beginning and ending with a letter or digit")
    if ".." in name:
        return "Bucket names must not contain two adjacent periods"
    try:
        ipaddress.IPv4Address(name)
        return "Bucket names must not be formatted as an IP address"
    except ValueError:
        pass
    if name.startswith(_RESERVED_PREFIXES) or name.endswith(_RESERVED_SUFFIXES):
        return "Bucket names must not use a reserved prefix or suffix"
    return None


@OPERATIONS("CreateBucket")
def create_bucket(call, p):
    name = p["Bucket"]
    if name_problem(name):
        raise InvalidBucketName()
    wanted = (p.get("CreateBucketConfiguration") or {}).get("LocationConstraint")
    if call.region == "us-east-1":
        if wanted not in (None, "", "us-east-1"):
            raise IllegalLocationConstraintException(
                f"The {wanted} location constraint is incompatible for the region specific "
                "endpoint this request was sent to.")
        if wanted == "us-east-1":
            raise InvalidLocationConstraint()
    elif wanted != call.region:
        raise IllegalLocationConstraintException(
            f"The {wanted or 'unspecified'} location constraint is incompatible for the "
            "region specific endpoint this request was sent to.")
    existing = find_bucket(call.lab, name)
    if existing is not None:
        if existing.account_id != call.account_id:
            raise BucketAlreadyExists()
        if call.region != "us-east-1":
            raise BucketAlreadyOwnedByYou()
        return {"Location": f"/{name}"}
    state = call.state()
    state.buckets[name] = Bucket(name, call.account_id, call.region, call.now)
    if p.get("ObjectOwnership"):
        state.buckets[name].object_ownership = p["ObjectOwnership"]
    location = f"/{name}" if call.region == "us-east-1" else \
        f"http://{name}.s3.amazonaws.com/"
    return {"Location": location}


@OPERATIONS("DeleteBucket")
def delete_bucket(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    if bucket.objects:
        raise BucketNotEmpty()
    del call.lab.state("s3", bucket.account_id).buckets[bucket.name]
    return {}


@OPERATIONS("ListBuckets")
def list_buckets(call, p):
    buckets = call.state().buckets.values()
    return {"Buckets": [{"Name": b.name, "CreationDate": b.created, "BucketRegion": b.region}
                        for b in sorted(buckets, key=lambda b: b.name)],
            "Owner": owner(call.account_id)}


@OPERATIONS("HeadBucket")
def head_bucket(call, p):
    bucket = find_bucket(call.lab, p["Bucket"])
    if bucket is None:
        raise not_found()
    return {"BucketRegion": bucket.region}


@OPERATIONS("GetBucketLocation")
def get_bucket_location(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    # us-east-1 answers an empty LocationConstraint (botocore parses it as None)
    return {} if bucket.region == "us-east-1" else {"LocationConstraint": bucket.region}


@OPERATIONS("PutBucketTagging")
def put_bucket_tagging(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    tags = p["Tagging"]["TagSet"]
    keys = [t["Key"] for t in tags]
    if len(keys) != len(set(keys)):
        raise InvalidArgument("Cannot provide multiple Tags with the same key")
    if len(keys) > 50:
        raise InvalidArgument("Object tags cannot be greater than 50")
    bucket.tags = {t["Key"]: t["Value"] for t in tags}
    return {}


@OPERATIONS("GetBucketTagging")
def get_bucket_tagging(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    if not bucket.tags:
        raise NoSuchTagSet()
    return {"TagSet": [{"Key": k, "Value": v} for k, v in bucket.tags.items()]}


@OPERATIONS("DeleteBucketTagging")
def delete_bucket_tagging(call, p):
    bucket_or_error(call.lab, p["Bucket"]).tags = {}
    return {}


@OPERATIONS("PutBucketVersioning")
def put_bucket_versioning(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    status = p["VersioningConfiguration"].get("Status")
    if status not in ("Enabled", "Suspended"):
        raise InvalidArgument("The versioning status must be Enabled or Suspended")
    bucket.versioning = status
    return {}


@OPERATIONS("GetBucketVersioning")
def get_bucket_versioning(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    return {"Status": bucket.versioning} if bucket.versioning else {}


@OPERATIONS("PutBucketEncryption")
def put_bucket_encryption(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    rules = p["ServerSideEncryptionConfiguration"].get("Rules") or []
    for rule in rules:
        algo = (rule.get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm")
        if algo not in ("AES256", "aws:kms", "aws:kms:dsse"):
            raise InvalidArgument("The encryption method specified is not supported")
    bucket.encryption = {"Rules": rules}
    return {}


@OPERATIONS("GetBucketEncryption")
def get_bucket_encryption(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    if not bucket.encryption:
        raise ServerSideEncryptionConfigurationNotFoundError()
    return {"ServerSideEncryptionConfiguration": bucket.encryption}


@OPERATIONS("DeleteBucketEncryption")
def delete_bucket_encryption(call, p):
    # Since 2023 a bucket cannot be without encryption: deleting returns it to SSE-S3.
    from awslab.services.s3.state import SSE_S3
    bucket_or_error(call.lab, p["Bucket"]).encryption = SSE_S3
    return {}
