"""PutLogEvents' rules and the one ingestion path (aws-facts 3.3).

Every event that reaches a log group, from PutLogEvents, an AWS service
(``lab.send("logs", "put", ...)``), a seeded source or an agent, passes through
:func:`ingest`: the batch checks (at most 10,000 events, at most 1,048,576 bytes counting
26 bytes per event, chronological order, a span of at most 24 hours), the per-event
rejections against the simulated clock (more than 2 hours in the future, more than 14 days
old, older than the group's retention), then storage, metric filters and subscription
filters, in that order, for the accepted events only.
"""
from __future__ import annotations

from datetime import datetime

from awslab.services.logs import metric_filters, subscriptions
from awslab.services.logs.errors import InvalidParameterException
from awslab.services.logs.state import EVENT_OVERHEAD, LogEvent, LogGroup, LogStream, State

MAX_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
MAX_SPAN_MS = 24 * 3600 * 1000
TOO_NEW_MS = 2 * 3600 * 1000
TOO_OLD_MS = 14 * 24 * 3600 * 1000
DAY_MS = 24 * 3600 * 1000


def epoch_ms(t: datetime) -> int:
    """An aware datetime as epoch milliseconds."""
    return int(t.timestamp() * 1000)


def check_batch(events: list[dict]) -> None:
    """Raise InvalidParameterException as PutLogEvents does for a bad batch."""
    if len(events) > MAX_EVENTS:
        raise InvalidParameterException(
            f"1 validation error detected: Value at 'logEvents' failed to satisfy "
            f"constraint: Member must have length less than or equal to {MAX_EVENTS}")
    size = sum(len(e["message"].encode()) for e in events) + EVENT_OVERHEAD * len(events)
    if size > MAX_BATCH_BYTES:
        raise InvalidParameterException(
            f"Upload too large: {size} bytes exceeds limit of {MAX_BATCH_BYTES}")
    stamps = [e["timestamp"] for e in events]
    if any(b < a for a, b in zip(stamps, stamps[1:])):
        raise InvalidParameterException(
            "Log events in a single PutLogEvents request must be in chronological order.")
    if stamps and stamps[-1] - stamps[0] > MAX_SPAN_MS:
        raise InvalidParameterException(
            "The batch of log events in a single PutLogEvents request cannot span more "
            "than 24 hours.")


def rejections(group: LogGroup, stamps: list[int], now_ms: int) -> tuple[dict, int, int]:
    """``(rejectedLogEventsInfo, first accepted index, end of accepted)`` for a
    chronological batch: too-old and expired events form a prefix, too-new a suffix."""
    info: dict[str, int] = {}
    lo, hi = 0, len(stamps)
    old = [i for i, t in enumerate(stamps) if t < now_ms - TOO_OLD_MS]
    if old:
        info["tooOldLogEventEndIndex"] = old[-1]
    if group.retention_days is not None:
        expired = [i for i, t in enumerate(stamps)
                   if t < now_ms - group.retention_days * DAY_MS]
        if expired:
            info["expiredLogEventEndIndex"] = expired[-1]
    lo = max(info.values(), default=-1) + 1
    new = [i for i, t in enumerate(stamps) if t > now_ms + TOO_NEW_MS]
    if new:
        info["tooNewLogEventStartIndex"] = new[0]
        hi = new[0]
    return info, lo, max(lo, hi)


def ingest(lab, state: State, group: LogGroup, stream: LogStream, events: list[dict],
           *, checked: bool = False) -> dict:
    """Store a batch in ``stream`` as PutLogEvents does; run the filters on what is kept.

    Parameters
    ----------
    events : list of dict
        ``{"timestamp": epoch_ms, "message": str}`` in the caller's order.
    checked : bool
        True when the caller already ran :func:`check_batch`.

    Returns
    -------
    dict
        ``{"rejectedLogEventsInfo": {...}}`` when some events were rejected, else ``{}``.
    """
    if not checked:
        check_batch(events)
    now_ms = epoch_ms(lab.now)
    info, lo, hi = rejections(group, [e["timestamp"] for e in events], now_ms)
    first = state.next_seq(hi - lo)
    kept = [LogEvent(e["timestamp"], now_ms, e["message"], stream.name, first + i)
            for i, e in enumerate(events[lo:hi])]
    if kept:
        stream.add(kept)
        stream.last_ingestion = now_ms
        group.changed()
        metric_filters.apply(lab, group, kept)
        subscriptions.deliver(lab, state, group, stream, kept)
    stream.uploads += 1
    return {"rejectedLogEventsInfo": info} if info else {}
