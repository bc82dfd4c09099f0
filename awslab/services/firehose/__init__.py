"""Amazon Data Firehose: Direct PUT delivery streams that buffer records into S3 (a
destination of CloudWatch Logs subscription filters).

Beside the boto3 operations (``OPERATIONS``), other services put records with
:func:`put_record` and notebooks read what was written (or failed) with
:func:`deliveries`.
"""
from __future__ import annotations

from awslab.services.firehose.errors import stream_not_found
from awslab.services.firehose.operations import OPERATIONS, accept, find_stream, flush
from awslab.services.firehose.state import Delivery, DeliveryStream, State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "RESOURCES", "find_stream", "put_record", "deliveries",
           "flush"]


def _parts(arn: str) -> tuple[str, str, str]:
    parts = arn.split(":", 5)
    name = parts[5].split("/", 1)[-1] if len(parts) == 6 else arn
    return (parts[4], parts[3], name) if len(parts) == 6 else ("", "", arn)


def put_record(lab, stream_arn: str, data: bytes) -> None:
    """Put one record into an ACTIVE delivery stream for another service; raises
    Firehose's ``ResourceNotFoundException`` as PutRecord does."""
    account, region, name = _parts(stream_arn)
    stream = find_stream(lab, account, region, stream_arn)
    if stream is None or stream.status != "ACTIVE":
        raise stream_not_found(name, account, region)
    accept(lab, stream, data)


def deliveries(lab, stream_arn: str) -> list[Delivery]:
    """The S3 writes of a delivery stream (``.time``, ``.key``, ``.records``, ``.error``)."""
    account, region, _ = _parts(stream_arn)
    stream = find_stream(lab, account, region, stream_arn)
    return list(stream.deliveries) if stream is not None else []


def _stream_arn(call) -> list:
    name = call.params.get("DeliveryStreamName")
    if not name:
        return ["*"]
    return [f"arn:aws:firehose:{call.region}:{call.account_id}:deliverystream/{name}"]


#: IAM resources of each operation (``awslab.authz`` reads this table).
RESOURCES = {op: _stream_arn for op in (
    "CreateDeliveryStream", "DeleteDeliveryStream", "DescribeDeliveryStream", "PutRecord",
    "PutRecordBatch")}
