"""Firehose operations: Direct PUT delivery streams to S3 with buffering.

A stream is ``CREATING`` for :data:`CREATE_SECONDS`, then ``ACTIVE``. Records collect in
a buffer that is written to S3 as one object when it reaches ``SizeInMBs`` (default 5) or
``IntervalInSeconds`` (default 300) after its first record, whichever comes first. The
object key is ``<Prefix>YYYY/MM/DD/HH/<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid>``
(``.gz`` with GZIP compression), written as the stream's role (``s3.deliver`` with
``role_arn``); a failed write keeps the data and is retried every interval for 24 hours.
Not simulated: other destinations, Kinesis stream sources, data transformation, format
conversion, dynamic partitioning and ``!{...}`` prefix expressions.
"""
from __future__ import annotations

import gzip
from datetime import timedelta

from awslab.bridge.registry import Operations
from awslab.services.firehose.errors import (
    InvalidArgumentException, ResourceInUseException, stream_exists, stream_not_found)
from awslab.services.firehose.state import Delivery, DeliveryStream, State

OPERATIONS = Operations("firehose", validation_code="ValidationException")
CREATE_SECONDS = 10
MAX_RECORD_BYTES = 1_024_000
MAX_BATCH_RECORDS = 500
MAX_BATCH_BYTES = 4 * 1024 * 1024
RETRY_FOR = timedelta(hours=24)
DEFAULT_HINTS = {"SizeInMBs": 5, "IntervalInSeconds": 300}
OTHER_DESTINATIONS = ("RedshiftDestinationConfiguration",
                      "ElasticsearchDestinationConfiguration",
                      "AmazonopensearchserviceDestinationConfiguration",
                      "SplunkDestinationConfiguration", "HttpEndpointDestinationConfiguration",
                      "AmazonOpenSearchServerlessDestinationConfiguration",
                      "SnowflakeDestinationConfiguration", "IcebergDestinationConfiguration")


def find_stream(lab, account_id: str, region: str, name_or_arn: str):
    """The delivery stream named (or with the ARN) ``name_or_arn``, or None."""
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":", 5)
        if len(parts) != 6 or not parts[5].startswith("deliverystream/"):
            return None
        account_id, region = parts[4], parts[3]
        name_or_arn = parts[5][len("deliverystream/"):]
    return lab.state("firehose", account_id, region).streams.get(name_or_arn)


def _stream(call, name: str, *, active: bool = False) -> DeliveryStream:
    stream = call.state().streams.get(name)
    if stream is None or (active and stream.status != "ACTIVE"):
        raise stream_not_found(name, call.account_id, call.region)
    return stream


def _destination(p: dict) -> tuple[dict, bool]:
    for key in OTHER_DESTINATIONS:
        if p.get(key):
            kind = key.removesuffix("DestinationConfiguration")
            raise InvalidArgumentException(f"awslab simulates S3 destinations only, not "
                                           f"{kind}")
    extended = p.get("ExtendedS3DestinationConfiguration")
    config = extended or p.get("S3DestinationConfiguration")
    if not config:
        raise InvalidArgumentException("Exactly one destination configuration is "
                                       "required: S3DestinationConfiguration or "
                                       "ExtendedS3DestinationConfiguration")
    if extended and p.get("S3DestinationConfiguration"):
        raise InvalidArgumentException("Only one destination configuration may be given")
    if (extended or {}).get("ProcessingConfiguration", {}).get("Enabled"):
        raise InvalidArgumentException("awslab does not simulate data transformation")
    if not config["BucketARN"].startswith("arn:aws:s3:::"):
        raise InvalidArgumentException(f"BucketARN {config['BucketARN']} is not an S3 "
                                       "bucket ARN")
    config = {**config, "BufferingHints": {**DEFAULT_HINTS,
                                           **(config.get("BufferingHints") or {})},
              "CompressionFormat": config.get("CompressionFormat") or "UNCOMPRESSED"}
    if config["CompressionFormat"] not in ("UNCOMPRESSED", "GZIP"):
        raise InvalidArgumentException(f"awslab simulates UNCOMPRESSED and GZIP, not "
                                       f"{config['CompressionFormat']}")
    return config, bool(extended)


@OPERATIONS("CreateDeliveryStream")
def create_delivery_stream(call, p):
    state: State = call.state()
    name = p["DeliveryStreamName"]
    kind = p.get("DeliveryStreamType") or "DirectPut"
    if kind != "DirectPut":
        raise InvalidArgumentException(f"awslab simulates DirectPut delivery streams, not "
                                       f"{kind}")
    config, extended = _destination(p)
    if name in state.streams:
        raise stream_exists(name, state.account_id)
    stream = DeliveryStream(name, state.stream_arn(name), call.now, kind, config, extended,
                            tags={t["Key"]: t.get("Value", "") for t in p.get("Tags") or []})
    state.streams[name] = stream

    def activate(t):
        if stream.status == "CREATING":
            stream.status = "ACTIVE"
    call.lab.clock.at(call.now + timedelta(seconds=CREATE_SECONDS), activate,
                      name=f"firehose create {name}")
    return {"DeliveryStreamARN": stream.arn}


@OPERATIONS("DeleteDeliveryStream")
def delete_delivery_stream(call, p):
    stream = _stream(call, p["DeliveryStreamName"])
    if stream.status == "CREATING" and not p.get("AllowForceDelete"):
        raise ResourceInUseException(f"Firehose {stream.name} under account "
                                     f"{call.account_id} is in CREATING state.")
    if stream.flush_job is not None:
        stream.flush_job.cancel()
    del call.state().streams[stream.name]
    return {}


@OPERATIONS("DescribeDeliveryStream")
def describe_delivery_stream(call, p):
    stream = _stream(call, p["DeliveryStreamName"])
    config = {k: v for k, v in stream.destination.items()
              if k not in ("S3BackupConfiguration",)}
    config.setdefault("EncryptionConfiguration", {"NoEncryptionConfig": "NoEncryption"})
    key = "ExtendedS3DestinationDescription" if stream.extended else \
        "S3DestinationDescription"
    destination = {"DestinationId": "destinationId-000000000001", key: config}
    if stream.extended:
        plain = {k: config[k] for k in ("RoleARN", "BucketARN", "Prefix", "ErrorOutputPrefix",
                                        "BufferingHints", "CompressionFormat",
                                        "EncryptionConfiguration") if k in config}
        destination["S3DestinationDescription"] = plain
    return {"DeliveryStreamDescription": {
        "DeliveryStreamName": stream.name, "DeliveryStreamARN": stream.arn,
        "DeliveryStreamStatus": stream.status, "DeliveryStreamType": stream.stream_type,
        "VersionId": str(stream.version), "CreateTimestamp": stream.created,
        "Destinations": [destination], "HasMoreDestinations": False}}


@OPERATIONS("ListDeliveryStreams")
def list_delivery_streams(call, p):
    names = sorted(n for n, s in call.state().streams.items()
                   if p.get("DeliveryStreamType") in (None, s.stream_type))
    if p.get("ExclusiveStartDeliveryStreamName"):
        names = [n for n in names if n > p["ExclusiveStartDeliveryStreamName"]]
    limit = p.get("Limit") or 10
    return {"DeliveryStreamNames": names[:limit], "HasMoreDeliveryStreams": len(names) > limit}


# -- records and buffering -----------------------------------------------------------------
def accept(lab, stream: DeliveryStream, data: bytes) -> None:
    """Add one record to the buffer; flush when the size hint is reached, else make sure a
    flush is due at the interval."""
    if len(data) > MAX_RECORD_BYTES:
        raise InvalidArgumentException(f"Record size {len(data)} exceeds the maximum of "
                                       f"{MAX_RECORD_BYTES} bytes")
    if not stream.buffer:
        stream.buffer_since = lab.now
    stream.buffer.append(bytes(data))
    if sum(len(b) for b in stream.buffer) >= stream.size_limit:
        flush(lab, stream)
    elif stream.flush_job is None:
        _schedule(lab, stream, lab.now + timedelta(seconds=stream.interval))


def _schedule(lab, stream: DeliveryStream, due) -> None:
    def run(t):
        stream.flush_job = None
        flush(lab, stream)
    stream.flush_job = lab.clock.at(due, run, name=f"firehose flush {stream.name}")


def object_key(stream: DeliveryStream, when, unique: str) -> str:
    """Where Firehose writes a buffer that started at ``when`` (UTC)."""
    prefix = stream.destination.get("Prefix") or ""
    suffix = ".gz" if stream.destination["CompressionFormat"] == "GZIP" else ""
    return (f"{prefix}{when:%Y/%m/%d/%H}/{stream.name}-{stream.version}-"
            f"{when:%Y-%m-%d-%H-%M-%S}-{unique}{suffix}")


def flush(lab, stream: DeliveryStream) -> Delivery | None:
    """Write the buffer to S3 as the stream's role; on failure keep it and retry."""
    from awslab.services import s3
    if stream.flush_job is not None:
        stream.flush_job.cancel()
        stream.flush_job = None
    if not stream.buffer:
        return None
    body = b"".join(stream.buffer)
    if stream.destination["CompressionFormat"] == "GZIP":
        body = gzip.compress(body, mtime=0)
    key = object_key(stream, stream.buffer_since, lab.ids.uuid())
    account = stream.arn.split(":")[4]
    delivery = Delivery(lab.now, stream.bucket, key, len(stream.buffer), len(body),
                        oldest=stream.buffer_since)
    try:
        s3.deliver(lab, stream.bucket, key, body, service="firehose.amazonaws.com",
                   source_account=account, source_arn=stream.arn,
                   role_arn=stream.destination["RoleARN"])
    except s3.DeliveryError as err:
        delivery.error = f"{err.code}: {err.message}"
        stream.deliveries.append(delivery)
        if lab.now - stream.buffer_since < RETRY_FOR:
            _schedule(lab, stream, lab.now + timedelta(seconds=max(stream.interval, 60)))
        else:
            stream.buffer.clear()
        return delivery
    stream.deliveries.append(delivery)
    stream.buffer.clear()
    stream.buffer_since = None
    return delivery


@OPERATIONS("PutRecord")
def put_record(call, p):
    stream = _stream(call, p["DeliveryStreamName"], active=True)
    accept(call.lab, stream, p["Record"]["Data"])
    return {"RecordId": call.lab.ids.hex(64), "Encrypted": False}


@OPERATIONS("PutRecordBatch")
def put_record_batch(call, p):
    stream = _stream(call, p["DeliveryStreamName"], active=True)
    records = p["Records"]
    if len(records) > MAX_BATCH_RECORDS:
        raise InvalidArgumentException(f"Records size {len(records)} exceeds the maximum of "
                                       f"{MAX_BATCH_RECORDS}")
    if sum(len(r["Data"]) for r in records) > MAX_BATCH_BYTES:
        raise InvalidArgumentException(f"Batch size exceeds the maximum of "
                                       f"{MAX_BATCH_BYTES} bytes")
    responses, failed = [], 0
    for record in records:
        try:
            accept(call.lab, stream, record["Data"])
            responses.append({"RecordId": call.lab.ids.hex(64)})
        except InvalidArgumentException as err:
            failed += 1
            responses.append({"ErrorCode": err.code, "ErrorMessage": err.message})
    return {"FailedPutCount": failed, "Encrypted": False, "RequestResponses": responses}
