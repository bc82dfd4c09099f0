"""Export of a log group to S3 (CreateExportTask), on the simulated clock (aws-facts 3.7).

Log data "can take up to 12 hours to become available for export": each event becomes
exportable at its ingestion time plus a seeded delay between :data:`MIN_LAG` and
:data:`MAX_LAG` (one delay per stream and hour of ingestion), so a task started soon after
an incident misses its most recent events. A task is ``PENDING`` for
:data:`PENDING_FOR`, ``RUNNING`` while it reads and writes, then ``COMPLETED`` (or
``FAILED`` when the bucket refuses the write); it exports the events with ``from <=
timestamp <= to`` of the streams matching the prefix that are exportable when it runs, to
``<destinationPrefix>/<taskId>/<stream>/000000.gz`` (gzip text, one
``<ISO-8601 time> <message>`` line per event; a new numbered file every
:data:`EVENTS_PER_FILE` events), written as ``logs.<region>.amazonaws.com``.
"""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

MIN_LAG = timedelta(minutes=10)
MAX_LAG = timedelta(hours=12)
PENDING_FOR = timedelta(seconds=5)
RUN_BASE = timedelta(seconds=10)
WRITE_RATE = 10_000_000               # bytes per simulated second
EVENTS_PER_FILE = 100_000
HOUR_MS = 3_600_000


@dataclass
class ExportTask:
    task_id: str
    name: str | None
    group: Any                         # the LogGroup
    stream_prefix: str | None
    start: int                         # "from", epoch ms
    end: int                           # "to", epoch ms (inclusive)
    bucket: str
    prefix: str
    created: datetime
    status: str = "PENDING"
    message: str = "Pending"
    completed: datetime | None = None
    keys: list[str] = field(default_factory=list)
    exported: int = 0                  # events written
    not_yet: int = 0                   # events in range not yet exportable
    jobs: list[Any] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.status in ("PENDING", "RUNNING")


def export_lag(seed: int, group: str, stream: str, ingestion_ms: int) -> timedelta:
    """How long after ingestion an event becomes exportable (seeded, per stream and hour).

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    hour = ingestion_ms // HOUR_MS
    digest = hashlib.sha256(f"{seed}/logs-export/{group}/{stream}/{hour}".encode()).digest()
    span = (MAX_LAG - MIN_LAG).total_seconds()
    return MIN_LAG + timedelta(seconds=int.from_bytes(digest[:4], "big") % int(span + 1))


def exportable(seed: int, group, event, at_ms: int) -> bool:
    """Whether ``event`` of ``group`` can be exported by a task running at ``at_ms``."""
    lag = export_lag(seed, group.name, event.stream, event.ingestion_time)
    return event.ingestion_time + lag.total_seconds() * 1000 <= at_ms


def object_key(prefix: str, task_id: str, stream: str, part: int) -> str:
    """AWS's layout: ``<prefix>/<taskId>/<stream>/000000.gz``."""
    return f"{prefix}/{task_id}/{stream}/{part:06d}.gz"


def _line(event) -> str:
    t = datetime.fromtimestamp(event.timestamp / 1000, tz=timezone.utc)
    return f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond // 1000:03d}Z {event.message}\n"


def selected(task: ExportTask):
    """The events of the task's range and streams: ``{stream: [events]}``."""
    out = {}
    for name, stream in sorted(task.group.streams.items()):
        if task.stream_prefix and not name.startswith(task.stream_prefix):
            continue
        events = [e for e in stream.between(task.start, None) if e.timestamp <= task.end]
        if events:
            out[name] = events
    return out


def start(lab, task: ExportTask) -> None:
    """Put the task on the clock: RUNNING after PENDING_FOR, then the export itself."""
    def running(t):
        if task.status != "PENDING":
            return
        task.status, task.message = "RUNNING", "Started successfully"
        size = sum(len(e.message) for events in selected(task).values() for e in events)
        done = lab.now + RUN_BASE + timedelta(seconds=size / WRITE_RATE)
        task.jobs.append(lab.clock.at(done, lambda t: finish(lab, task),
                                      name=f"logs export {task.task_id}"))
    task.jobs.append(lab.clock.at(lab.now + PENDING_FOR, running,
                                  name=f"logs export {task.task_id}"))


def finish(lab, task: ExportTask) -> None:
    """Write what is exportable now to S3; COMPLETED, or FAILED with S3's reason."""
    from awslab.services import s3
    if task.status != "RUNNING":
        return
    now_ms = int(lab.now.timestamp() * 1000)
    group = task.group
    service = f"logs.{group.region}.amazonaws.com"
    try:
        for name, events in selected(task).items():
            ready = [e for e in events if exportable(lab.seed, group, e, now_ms)]
            task.not_yet += len(events) - len(ready)
            for part in range(0, len(ready), EVENTS_PER_FILE):
                chunk = ready[part:part + EVENTS_PER_FILE]
                body = gzip.compress("".join(_line(e) for e in chunk).encode(), mtime=0)
                key = object_key(task.prefix, task.task_id, name, part // EVENTS_PER_FILE)
                s3.deliver(lab, task.bucket, key, body, service=service,
                           source_account=group.account_id, source_arn=group.arn)
                task.keys.append(key)
                task.exported += len(chunk)
    except s3.DeliveryError as err:
        task.status, task.message = "FAILED", err.message
    else:
        task.status, task.message = "COMPLETED", "Completed successfully"
    task.completed = lab.now
