"""Amazon Kinesis Data Streams: streams with shards, PutRecord(s), shard iterators and
GetRecords (a destination of CloudWatch Logs subscription filters).

Beside the boto3 operations (``OPERATIONS``), other services put records with
:func:`put_record` (as a service with permission does) and notebooks read a stream's
records with :func:`records`.
"""
from __future__ import annotations

from awslab.services.kinesis.errors import ResourceNotFoundException, stream_not_found
from awslab.services.kinesis.operations import OPERATIONS, find_stream, put
from awslab.services.kinesis.state import State, StoredRecord

GLOBAL = False

__all__ = ["OPERATIONS", "State", "RESOURCES", "find_stream", "put_record", "records"]


def _arn_of(stream_arn: str) -> tuple[str, str, str]:
    parts = stream_arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("stream/"):
        raise ResourceNotFoundException(f"Invalid stream ARN {stream_arn}")
    return parts[4], parts[3], parts[5][len("stream/"):]


def put_record(lab, stream_arn: str, data: bytes, partition_key: str) -> tuple[str, str]:
    """Put one record into an ACTIVE stream for another service; returns ``(shard_id,
    sequence_number)``. Raises Kinesis's ``ResourceNotFoundException`` as PutRecord does."""
    account, region, name = _arn_of(stream_arn)
    stream = find_stream(lab, account, region, stream_arn)
    if stream is None or stream.status not in ("ACTIVE", "UPDATING"):
        raise stream_not_found(name, account)
    return put(lab, stream, data, partition_key)


def records(lab, stream_arn: str) -> list[StoredRecord]:
    """Every record of the stream in arrival order (``.data`` bytes, ``.partition_key``,
    ``.arrival``, ``.sequence_number``), without a shard iterator."""
    account, region, _ = _arn_of(stream_arn)
    stream = find_stream(lab, account, region, stream_arn)
    return stream.records if stream is not None else []


def _stream_arn(call) -> list:
    p = call.params
    if p.get("StreamARN"):
        return [p["StreamARN"]]
    if p.get("StreamName"):
        return [f"arn:aws:kinesis:{call.region}:{call.account_id}:stream/{p['StreamName']}"]
    return ["*"]


#: IAM resources of each operation (``awslab.authz`` reads this table).
RESOURCES = {op: _stream_arn for op in (
    "CreateStream", "DeleteStream", "DescribeStream", "DescribeStreamSummary",
    "ListShards", "PutRecord", "PutRecords", "GetShardIterator")}
