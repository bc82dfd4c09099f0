"""Object operations: put, get, head, delete and list (version 2)."""
from __future__ import annotations

import hashlib

from awslab.bridge.pagination import paginate
from awslab.services.s3.errors import InvalidArgument, NoSuchBucket, NoSuchKey, not_found
from awslab.services.s3.lookup import bucket_or_error
from awslab.services.s3.operations import OPERATIONS
from awslab.services.s3.state import S3Object

MAX_KEYS = 1000


def _body(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    return value.read()                  # a file-like object


def store(bucket, key: str, body: bytes, when, writer: str,
          content_type: str | None = None, metadata: dict | None = None) -> S3Object:
    """Write one object (the one code path for PutObject and service deliveries)."""
    obj = S3Object(key, body, f'"{hashlib.md5(body).hexdigest()}"', when,
                   content_type or "binary/octet-stream", dict(metadata or {}), writer)
    bucket.objects[key] = obj
    return obj


def _object(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    obj = bucket.objects.get(p["Key"])
    if obj is None:
        raise NoSuchKey()
    return bucket, obj


def _head(bucket, obj) -> dict:
    return {"ContentLength": len(obj.body), "ETag": obj.etag, "LastModified": obj.last_modified,
            "ContentType": obj.content_type, "Metadata": dict(obj.metadata),
            "ServerSideEncryption": _sse(bucket)}


def _sse(bucket) -> str:
    rules = (bucket.encryption or {}).get("Rules") or [{}]
    return (rules[0].get("ApplyServerSideEncryptionByDefault") or {}).get(
        "SSEAlgorithm", "AES256")


@OPERATIONS("PutObject")
def put_object(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    obj = store(bucket, p["Key"], _body(p.get("Body")), call.now, call.caller.arn,
                p.get("ContentType"), p.get("Metadata"))
    return {"ETag": obj.etag, "ServerSideEncryption": _sse(bucket)}


@OPERATIONS("GetObject")
def get_object(call, p):
    import io

    from botocore.response import StreamingBody
    bucket, obj = _object(call, p)
    return {**_head(bucket, obj), "Body": StreamingBody(io.BytesIO(obj.body), len(obj.body))}


@OPERATIONS("HeadObject")
def head_object(call, p):
    try:
        return _head(*_object(call, p))
    except (NoSuchKey, NoSuchBucket):
        raise not_found() from None


@OPERATIONS("DeleteObject")
def delete_object(call, p):
    bucket_or_error(call.lab, p["Bucket"]).objects.pop(p["Key"], None)
    return {}                            # S3 answers 204 whether or not the key existed


@OPERATIONS("ListObjectsV2")
def list_objects_v2(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    prefix, delimiter = p.get("Prefix", ""), p.get("Delimiter")
    size = p.get("MaxKeys", MAX_KEYS)
    if size < 0:
        raise InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647")
    after = p.get("StartAfter", "")
    entries, seen = [], set()
    for key in sorted(k for k in bucket.objects if k.startswith(prefix) and k > after):
        if delimiter and delimiter in key[len(prefix):]:
            common = key[:len(prefix) + key[len(prefix):].index(delimiter) + len(delimiter)]
            if common not in seen:
                seen.add(common)
                entries.append(("prefix", common))
            continue
        entries.append(("key", key))
    salt = f"{bucket.name}/{prefix}/{delimiter}/{after}"
    page, token = paginate(entries, p.get("ContinuationToken"), min(size, MAX_KEYS), salt,
                           InvalidArgument)
    out = {"IsTruncated": token is not None, "Name": bucket.name, "Prefix": prefix,
           "MaxKeys": size, "KeyCount": len(page),
           "Contents": [_listed(bucket.objects[k]) for kind, k in page if kind == "key"],
           "CommonPrefixes": [{"Prefix": k} for kind, k in page if kind == "prefix"]}
    if delimiter:
        out["Delimiter"] = delimiter
    if after:
        out["StartAfter"] = after
    if p.get("ContinuationToken"):
        out["ContinuationToken"] = p["ContinuationToken"]
    if token:
        out["NextContinuationToken"] = token
    return {k: v for k, v in out.items() if v != []}     # S3 leaves empty lists out


def _listed(obj) -> dict:
    return {"Key": obj.key, "LastModified": obj.last_modified, "ETag": obj.etag,
            "Size": len(obj.body), "StorageClass": "STANDARD"}
