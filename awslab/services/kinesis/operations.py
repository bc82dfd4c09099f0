"""Kinesis Data Streams operations: streams, PutRecord(s), shard iterators and GetRecords.

A new stream is ``CREATING`` for :data:`CREATE_SECONDS` of simulated time, then
``ACTIVE``; a deleted one is ``DELETING`` for :data:`DELETE_SECONDS`. Records go to the
shard whose hash-key range holds the MD5 of their partition key (or ``ExplicitHashKey``);
sequence numbers are 56-digit decimals that grow with arrival. Shard iterators expire after
5 minutes; GetRecords reads records still within the retention period (24 hours by
default). Not simulated: resharding, enhanced fan-out consumers, encryption, throughput
throttling (``ProvisionedThroughputExceededException``).
"""
from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta

from awslab.bridge.registry import Operations
from awslab.services.kinesis.errors import (
    ExpiredIteratorException, InvalidArgumentException, LimitExceededException,
    ResourceInUseException, ResourceNotFoundException, stream_exists, stream_not_found)
from awslab.services.kinesis.state import HASH_SPACE, Shard, State, StoredRecord, Stream

OPERATIONS = Operations("kinesis", validation_code="ValidationException")
CREATE_SECONDS = 20
DELETE_SECONDS = 10
ON_DEMAND_SHARDS = 4
MAX_SHARDS = 500                    # shards per account (us-east-1 default quota)
MAX_RECORD_BYTES = 1_048_576
ITERATOR_TTL = timedelta(minutes=5)
MAX_GET = 10_000


def sequence_number(counter: int, shard_index: int) -> str:
    """A 56-digit sequence number that grows with ``counter``."""
    return f"4959{counter:049d}{shard_index:03d}"


def _md5(key: str) -> int:
    return int(hashlib.md5(key.encode()).hexdigest(), 16)


def find_stream(lab, account_id: str, region: str, name_or_arn: str) -> Stream | None:
    """The stream named (or with the ARN) ``name_or_arn``, or None."""
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":", 5)
        if len(parts) != 6 or not parts[5].startswith("stream/"):
            return None
        account_id, region, name_or_arn = parts[4], parts[3], parts[5][len("stream/"):]
    return lab.state("kinesis", account_id, region).streams.get(name_or_arn)


def owner_state(lab, stream: Stream) -> State:
    """The Kinesis state of the account and region that own ``stream``."""
    parts = stream.arn.split(":")
    return lab.state("kinesis", parts[4], parts[3])


def _stream(call, p: dict, *, active: bool = False) -> Stream:
    name, arn = p.get("StreamName"), p.get("StreamARN")
    if not name and not arn:
        raise InvalidArgumentException("Either StreamName or StreamARN should be provided.")
    stream = find_stream(call.lab, call.account_id, call.region, arn or name)
    if arn and name and stream is not None and stream.name != name:
        raise InvalidArgumentException("StreamARN and StreamName do not match.")
    shown = name or (arn or "").rsplit("/", 1)[-1]
    owner = arn.split(":")[4] if arn and arn.count(":") >= 5 else call.account_id
    if stream is None or (active and stream.status not in ("ACTIVE", "UPDATING")):
        raise stream_not_found(shown, owner)
    return stream


# -- streams ---------------------------------------------------------------------------
@OPERATIONS("CreateStream")
def create_stream(call, p):
    state: State = call.state()
    name = p["StreamName"]
    mode = (p.get("StreamModeDetails") or {}).get("StreamMode") or (
        "PROVISIONED" if p.get("ShardCount") else "ON_DEMAND")
    count = p.get("ShardCount")
    if mode == "ON_DEMAND":
        if count is not None:
            raise InvalidArgumentException("ShardCount is not supported for streams in "
                                           "ON_DEMAND mode.")
        count = ON_DEMAND_SHARDS
    if name in state.streams:
        raise stream_exists(name, state.account_id)
    open_shards = sum(len(s.shards) for s in state.streams.values())
    if open_shards + count > MAX_SHARDS:
        raise LimitExceededException(
            f"This request would exceed the shard limit for the account {state.account_id}"
            f" in {state.region}. Current shard count for the account: {open_shards}. "
            f"Limit: {MAX_SHARDS}. Number of additional shards that would have resulted "
            f"from this request: {count}.")
    state.sequence += 1
    width = HASH_SPACE // count
    shards = [Shard(f"shardId-{i:012d}", i * width,
                    HASH_SPACE - 1 if i == count - 1 else (i + 1) * width - 1,
                    sequence_number(state.sequence, i)) for i in range(count)]
    stream = Stream(name, state.stream_arn(name), call.now, mode, shards,
                    tags=dict(p.get("Tags") or {}))
    state.streams[name] = stream
    call.lab.clock.at(call.now + timedelta(seconds=CREATE_SECONDS),
                      lambda t: _activate(stream), name=f"kinesis create {name}")
    return {}


def _activate(stream: Stream) -> None:
    if stream.status == "CREATING":
        stream.status = "ACTIVE"


@OPERATIONS("DeleteStream")
def delete_stream(call, p):
    stream = _stream(call, p)
    state = owner_state(call.lab, stream)
    if stream.status == "CREATING":
        raise ResourceInUseException(f"Stream {stream.name} under account "
                                     f"{state.account_id} not ACTIVE, instead in state "
                                     "CREATING")
    stream.status = "DELETING"

    def gone(t):
        if state.streams.get(stream.name) is stream:
            del state.streams[stream.name]
    call.lab.clock.at(call.now + timedelta(seconds=DELETE_SECONDS), gone,
                      name=f"kinesis delete {stream.name}")
    return {}


def _summary(stream: Stream) -> dict:
    return {"StreamName": stream.name, "StreamARN": stream.arn,
            "StreamStatus": stream.status, "StreamModeDetails": {"StreamMode": stream.mode},
            "StreamCreationTimestamp": stream.created}


@OPERATIONS("ListStreams")
def list_streams(call, p):
    names = sorted(call.state().streams)
    start = p.get("ExclusiveStartStreamName") or p.get("NextToken")
    if start:
        names = [n for n in names if n > start]
    limit = p.get("Limit") or 100
    page = names[:limit]
    more = len(names) > limit
    streams = call.state().streams
    return {"StreamNames": page, "HasMoreStreams": more,
            "StreamSummaries": [_summary(streams[n]) for n in page],
            "NextToken": page[-1] if more else None}


def _shard_wire(shard: Shard) -> dict:
    return {"ShardId": shard.shard_id,
            "HashKeyRange": {"StartingHashKey": str(shard.start_hash),
                             "EndingHashKey": str(shard.end_hash)},
            "SequenceNumberRange": {"StartingSequenceNumber": shard.first_sequence}}


@OPERATIONS("DescribeStream")
def describe_stream(call, p):
    stream = _stream(call, p)
    shards = stream.shards
    if p.get("ExclusiveStartShardId"):
        shards = [s for s in shards if s.shard_id > p["ExclusiveStartShardId"]]
    limit = p.get("Limit") or 100
    return {"StreamDescription": {
        **_summary(stream), "Shards": [_shard_wire(s) for s in shards[:limit]],
        "HasMoreShards": len(shards) > limit, "RetentionPeriodHours": stream.retention_hours,
        "EnhancedMonitoring": [{}], "EncryptionType": "NONE"}}


@OPERATIONS("DescribeStreamSummary")
def describe_stream_summary(call, p):
    stream = _stream(call, p)
    return {"StreamDescriptionSummary": {
        **_summary(stream), "RetentionPeriodHours": stream.retention_hours,
        "EnhancedMonitoring": [{}], "EncryptionType": "NONE",
        "OpenShardCount": len(stream.shards), "ConsumerCount": 0}}


@OPERATIONS("ListShards")
def list_shards(call, p):
    stream = _stream(call, p)
    shards = stream.shards
    if p.get("ExclusiveStartShardId"):
        shards = [s for s in shards if s.shard_id > p["ExclusiveStartShardId"]]
    return {"Shards": [_shard_wire(s) for s in shards[:p.get("MaxResults") or 1000]]}


# -- records ---------------------------------------------------------------------------
def put(lab, stream: Stream, data: bytes, partition_key: str,
        explicit_hash_key: str | None = None) -> tuple[str, str]:
    """Append one record to the right shard; returns ``(shard_id, sequence_number)``.

    Raises ``InvalidArgumentException`` for a record over 1 MiB or a bad hash key.
    """
    if len(data) + len(partition_key.encode()) > MAX_RECORD_BYTES:
        raise InvalidArgumentException(
            f"Record size exceeds the maximum allowed size of {MAX_RECORD_BYTES} bytes.")
    if explicit_hash_key is not None:
        if not explicit_hash_key.isdigit() or int(explicit_hash_key) >= HASH_SPACE:
            raise InvalidArgumentException(
                f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                f"[0, {HASH_SPACE - 1}]. Specified value was {explicit_hash_key}")
        hash_key = int(explicit_hash_key)
    else:
        hash_key = _md5(partition_key)
    shard = stream.shard_for(hash_key)
    state = owner_state(lab, stream)
    state.sequence += 1
    seq = sequence_number(state.sequence, stream.shards.index(shard))
    shard.records.append(StoredRecord(seq, lab.now, bytes(data), partition_key))
    return shard.shard_id, seq


@OPERATIONS("PutRecord")
def put_record(call, p):
    stream = _stream(call, p, active=True)
    if not p.get("PartitionKey"):
        raise InvalidArgumentException("PartitionKey is required.")
    shard_id, seq = put(call.lab, stream, p["Data"], p["PartitionKey"],
                        p.get("ExplicitHashKey"))
    return {"ShardId": shard_id, "SequenceNumber": seq, "EncryptionType": "NONE"}


@OPERATIONS("PutRecords")
def put_records(call, p):
    stream = _stream(call, p, active=True)
    results, failed = [], 0
    for record in p["Records"]:
        try:
            shard_id, seq = put(call.lab, stream, record["Data"], record["PartitionKey"],
                                record.get("ExplicitHashKey"))
            results.append({"ShardId": shard_id, "SequenceNumber": seq})
        except InvalidArgumentException as err:
            failed += 1
            results.append({"ErrorCode": err.code, "ErrorMessage": err.message})
    # botocore models FailedRecordCount with min 1: a batch without failures omits it
    return {"FailedRecordCount": failed or None, "Records": results, "EncryptionType": "NONE"}


def _iterator(stream: Stream, shard: Shard, threshold: int, issued_ms: int) -> str:
    raw = json.dumps({"a": stream.arn, "s": shard.shard_id, "n": threshold,
                      "t": issued_ms}, separators=(",", ":")).encode()
    return base64.b64encode(raw).decode()


def _threshold(call, stream: Stream, shard: Shard, p: dict) -> int:
    kind = p["ShardIteratorType"]
    seq = p.get("StartingSequenceNumber")
    if kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        if not seq or not seq.isdigit():
            raise InvalidArgumentException(
                f"StartingSequenceNumber {seq} used in GetShardIterator on shard "
                f"{shard.shard_id} in stream {stream.name} under account "
                f"{call.account_id} is invalid.")
        return int(seq) + (kind == "AFTER_SEQUENCE_NUMBER")
    if kind == "TRIM_HORIZON":
        return 0
    if kind == "LATEST":
        state = owner_state(call.lab, stream)
        return int(sequence_number(state.sequence + 1, 0))
    if kind == "AT_TIMESTAMP":
        when = p.get("Timestamp")
        if when is None:
            raise InvalidArgumentException("Must specify timestampInMillis parameter for "
                                           "iterator of type AT_TIMESTAMP. Current request "
                                           "has no timestamp parameter.")
        later = [r for r in shard.records if r.arrival >= when]
        return int(later[0].sequence_number) if later else int(
            sequence_number(owner_state(call.lab, stream).sequence + 1, 0))
    raise InvalidArgumentException(f"Invalid ShardIteratorType: {kind}")


@OPERATIONS("GetShardIterator")
def get_shard_iterator(call, p):
    stream = _stream(call, p, active=True)
    shard = stream.shard(p["ShardId"])
    if shard is None:
        raise ResourceNotFoundException(
            f"Shard {p['ShardId']} in stream {stream.name} under account "
            f"{call.account_id} does not exist")
    threshold = _threshold(call, stream, shard, p)
    return {"ShardIterator": _iterator(stream, shard, threshold,
                                       int(call.now.timestamp() * 1000))}


def _decode(token: str) -> dict:
    try:
        data = json.loads(base64.b64decode(token, validate=True))
        return {"a": str(data["a"]), "s": str(data["s"]), "n": int(data["n"]),
                "t": int(data["t"])}
    except (ValueError, KeyError, TypeError):
        raise InvalidArgumentException(f"Invalid ShardIterator: {token[:40]}") from None


@OPERATIONS("GetRecords")
def get_records(call, p):
    it = _decode(p["ShardIterator"])
    now_ms = int(call.now.timestamp() * 1000)
    if now_ms - it["t"] > ITERATOR_TTL.total_seconds() * 1000:
        raise ExpiredIteratorException(
            f"Iterator expired. The iterator was created at time {it['t']} while right now "
            f"it is {now_ms} which is further in the future than the tolerated delay of "
            f"{int(ITERATOR_TTL.total_seconds() * 1000)} milliseconds.")
    stream = _stream(call, {"StreamARN": it["a"]}, active=True)
    shard = stream.shard(it["s"])
    limit = p.get("Limit") or MAX_GET
    oldest = call.now - timedelta(hours=stream.retention_hours)
    ready = [r for r in shard.records
             if int(r.sequence_number) >= it["n"] and r.arrival >= oldest]
    page = ready[:limit]
    threshold = int(page[-1].sequence_number) + 1 if page else it["n"]
    behind = 0
    if len(ready) > limit:
        behind = int((call.now - page[-1].arrival).total_seconds() * 1000)
    return {"Records": [{"SequenceNumber": r.sequence_number,
                         "ApproximateArrivalTimestamp": r.arrival, "Data": r.data,
                         "PartitionKey": r.partition_key, "EncryptionType": "NONE"}
                        for r in page],
            "NextShardIterator": _iterator(stream, shard, threshold, now_ms),
            "MillisBehindLatest": behind}
