"""Firehose resources of one account in one region: delivery streams and their buffers.

A stream buffers incoming records and writes one S3 object per flush (``deliveries``);
failed flushes keep the data and are listed in ``errors`` (what Firehose reports in its
CloudWatch error logs and ``DeliveryToS3.Success`` metric).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Delivery:
    """One object written to S3 (or the attempt): when, where, how many records, why not."""

    time: datetime
    bucket: str
    key: str
    records: int
    size: int
    error: str | None = None
    oldest: datetime | None = None          # arrival of the buffer's first record


@dataclass
class DeliveryStream:
    name: str
    arn: str
    created: datetime
    stream_type: str
    destination: dict                 # the S3 configuration as given, with defaults
    extended: bool
    status: str = "CREATING"
    version: int = 1
    buffer: list[bytes] = field(default_factory=list)
    buffer_since: datetime | None = None
    flush_job: Any = None
    deliveries: list[Delivery] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def bucket(self) -> str:
        return self.destination["BucketARN"].split(":::", 1)[-1]

    @property
    def size_limit(self) -> int:
        return self.destination["BufferingHints"]["SizeInMBs"] * 1024 * 1024

    @property
    def interval(self) -> int:
        return self.destination["BufferingHints"]["IntervalInSeconds"]


class State:
    """Firehose in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.streams: dict[str, DeliveryStream] = {}

    def stream_arn(self, name: str) -> str:
        return f"arn:aws:firehose:{self.region}:{self.account_id}:deliverystream/{name}"
