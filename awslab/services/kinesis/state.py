"""Kinesis Data Streams resources of one account in one region: streams, shards, records.

Records are kept per shard in arrival order with their sequence numbers; the stream's
retention (24 hours by default) trims what GetRecords can still read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

HASH_SPACE = 2 ** 128


@dataclass
class StoredRecord:
    sequence_number: str
    arrival: datetime
    data: bytes
    partition_key: str


@dataclass
class Shard:
    shard_id: str
    start_hash: int
    end_hash: int
    first_sequence: str
    records: list[StoredRecord] = field(default_factory=list)


@dataclass
class Stream:
    name: str
    arn: str
    created: datetime
    mode: str                          # PROVISIONED or ON_DEMAND
    shards: list[Shard]
    status: str = "CREATING"
    retention_hours: int = 24
    tags: dict[str, str] = field(default_factory=dict)

    def shard(self, shard_id: str) -> Shard | None:
        return next((s for s in self.shards if s.shard_id == shard_id), None)

    def shard_for(self, hash_key: int) -> Shard:
        return next(s for s in self.shards if s.start_hash <= hash_key <= s.end_hash)

    @property
    def records(self) -> list[StoredRecord]:
        """Every record of every shard, in arrival order."""
        return sorted((r for s in self.shards for r in s.records),
                      key=lambda r: int(r.sequence_number))


class State:
    """Kinesis Data Streams in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.streams: dict[str, Stream] = {}
        self.sequence = 0

    def stream_arn(self, name: str) -> str:
        return f"arn:aws:kinesis:{self.region}:{self.account_id}:stream/{name}"
