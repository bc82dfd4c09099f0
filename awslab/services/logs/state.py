"""CloudWatch Logs resources of one account in one region: groups, streams, events.

Times are epoch milliseconds (as the Logs API speaks them). The state holds data only;
ingestion (``ingest.py``), retention sweeps and filters live beside it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Iterator

EVENT_OVERHEAD = 26          # bytes PutLogEvents counts per event beside its message


@dataclass(slots=True)
class LogEvent:
    """One stored log event (``stream``: its stream's name; ``seq``: arrival order)."""

    timestamp: int
    ingestion_time: int
    message: str
    stream: str = ""
    seq: int = 0

    @property
    def event_id(self) -> str:
        """FilterLogEvents' ``eventId``: a long decimal string, unique per event."""
        return f"{self.timestamp:015d}{self.seq:021d}"


@dataclass
class LogStream:
    """A sequence of events from one source (an instance, a file, a container...)."""

    name: str
    arn: str
    created: int
    events: list[LogEvent] = field(default_factory=list)   # in timestamp order
    last_ingestion: int | None = None
    stored_bytes: int = 0
    uploads: int = 0

    @property
    def first_timestamp(self) -> int | None:
        return self.events[0].timestamp if self.events else None

    @property
    def last_timestamp(self) -> int | None:
        return self.events[-1].timestamp if self.events else None

    def add(self, events: list[LogEvent]) -> None:
        """Store events already in timestamp order (a batch may predate stored ones)."""
        if not events:
            return
        if not self.events or self.events[-1].timestamp <= events[0].timestamp:
            self.events.extend(events)
        else:
            self.events.extend(events)
            self.events.sort(key=_timestamp)
        self.stored_bytes += sum(len(e.message.encode()) for e in events)

    def drop_before(self, cutoff: int) -> int:
        """Delete events with a timestamp before ``cutoff``; returns how many."""
        cut = bisect.bisect_left(self.events, cutoff, key=_timestamp)
        if cut:
            self.stored_bytes -= sum(len(e.message.encode()) for e in self.events[:cut])
            del self.events[:cut]
        return cut

    def between(self, start: int | None, end: int | None) -> list[LogEvent]:
        """Events with ``start <= timestamp < end`` (either bound may be None)."""
        lo = 0 if start is None else bisect.bisect_left(self.events, start, key=_timestamp)
        hi = len(self.events) if end is None else bisect.bisect_left(
            self.events, end, key=_timestamp)
        return self.events[lo:hi]


def _timestamp(event: LogEvent) -> int:
    return event.timestamp


@dataclass
class MetricFilter:
    """A metric filter on a log group (``pattern``: the compiled filter pattern)."""

    name: str
    pattern_text: str
    pattern: Any
    transformation: dict
    created: int


@dataclass
class LogGroup:
    """A log group: streams, retention, tags, and the filters that watch new events."""

    name: str
    account_id: str
    region: str
    created: int
    retention_days: int | None = None            # None: never expire (the default)
    kms_key_id: str | None = None
    log_group_class: str = "STANDARD"
    deletion_protection: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    streams: dict[str, LogStream] = field(default_factory=dict)
    metric_filters: dict[str, MetricFilter] = field(default_factory=dict)
    subscription_filters: list = field(default_factory=list)
    _timeline: list[LogEvent] | None = field(default=None, repr=False)
    _columns: tuple | None = field(default=None, repr=False)

    @property
    def arn(self) -> str:
        """The ARN without ``:*`` (DescribeLogGroups' ``logGroupArn``, tagging, IAM)."""
        return f"arn:aws:logs:{self.region}:{self.account_id}:log-group:{self.name}"

    @property
    def stored_bytes(self) -> int:
        return sum(s.stored_bytes for s in self.streams.values())

    def stream_arn(self, stream: str) -> str:
        return f"{self.arn}:log-stream:{stream}"

    def events(self) -> Iterator[LogEvent]:
        """Every stored event, stream by stream."""
        for stream in self.streams.values():
            yield from stream.events

    def timeline(self) -> list[LogEvent]:
        """Every event of every stream in (timestamp, arrival) order, cached until the
        group changes."""
        if self._timeline is None:
            self._timeline = sorted(self.events(), key=lambda e: (e.timestamp, e.seq))
        return self._timeline

    def columns(self) -> tuple:
        """The timeline as arrays, the columnar view Logs Insights scans: timestamps (ms),
        messages, streams, ingestion times (ms) and the running total of message lengths
        (``bytesScanned``); cached with the timeline until the group changes."""
        if self._columns is None:
            import numpy as np
            events = self.timeline()
            n = len(events)
            lengths = np.fromiter((len(e.message) for e in events), dtype="int64", count=n)
            self._columns = (
                np.fromiter((e.timestamp for e in events), dtype="int64", count=n),
                np.array([e.message for e in events], dtype=object),
                np.array([e.stream for e in events], dtype=object),
                np.fromiter((e.ingestion_time for e in events), dtype="int64", count=n),
                np.concatenate(([0], np.cumsum(lengths))))
        return self._columns

    def changed(self) -> None:
        """Forget the cached timeline and columns (events were added or removed)."""
        self._timeline = None
        self._columns = None


class State:
    """CloudWatch Logs in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.groups: dict[str, LogGroup] = {}
        self.seq = 0                       # arrival counter of events (event IDs, order)
        self.retention_job: Any = None     # the hourly sweep, once a retention is set

    def next_seq(self, n: int) -> int:
        """Reserve ``n`` arrival numbers; returns the first."""
        first = self.seq
        self.seq += n
        return first
