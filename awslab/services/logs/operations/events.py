"""PutLogEvents, GetLogEvents and FilterLogEvents."""
from __future__ import annotations

import bisect

from awslab.services.logs.errors import InvalidParameterException
from awslab.services.logs.ingest import check_batch, ingest
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import (
    group_of, identified_group, salt, stream_of)
from awslab.services.logs.patterns import compile_pattern
from awslab.services.logs.state import EVENT_OVERHEAD

MAX_PAGE_BYTES = 1_048_576
MAX_PAGE_EVENTS = 10_000


@OPERATIONS("PutLogEvents")
def put_log_events(call, p):
    if p.get("entity"):
        raise InvalidParameterException(
            "awslab does not simulate entities on log events; leave out 'entity'.")
    state = call.state()
    group = group_of(state, p["logGroupName"])
    stream = stream_of(group, p["logStreamName"])
    check_batch(p["logEvents"])
    out = ingest(call.lab, state, group, stream, p["logEvents"], checked=True)
    out["nextSequenceToken"] = f"{stream.uploads:056d}"
    return out


def _token(kind: str, index: int) -> str:
    return f"{kind}/{index:056d}/s"


def _index(token: str, size: int) -> tuple[str, int]:
    try:
        kind, digits, tail = token.split("/")
        index = int(digits)
        if kind not in ("f", "b") or tail != "s" or not 0 <= index <= size:
            raise ValueError
    except ValueError:
        raise InvalidParameterException(
            "The specified nextToken is invalid.") from None
    return kind, index


def _fits(events, limit: int) -> int:
    """How many of ``events`` (from the first) fit in one page."""
    size = 0
    for i, e in enumerate(events[:limit]):
        size += len(e.message.encode()) + EVENT_OVERHEAD
        if size > MAX_PAGE_BYTES:
            return i
    return min(limit, len(events))


@OPERATIONS("GetLogEvents")
def get_log_events(call, p):
    group = identified_group(call, p)
    stream = stream_of(group, p["logStreamName"])
    window = stream.between(p.get("startTime"), p.get("endTime"))
    limit = p.get("limit", MAX_PAGE_EVENTS)
    token = p.get("nextToken")
    if token:
        kind, index = _index(token, len(window))
    else:
        kind, index = ("f", 0) if p.get("startFromHead") else ("b", len(window))
    if kind == "f":
        lo = index
        hi = lo + _fits(window[lo:], limit)
    else:
        hi = index
        back = window[max(0, hi - limit):hi][::-1]
        lo = hi - _fits(back, limit)
    page = window[lo:hi]
    return {"events": [{"timestamp": e.timestamp, "message": e.message,
                        "ingestionTime": e.ingestion_time} for e in page],
            "nextForwardToken": token if (token and kind == "f" and not page)
            else _token("f", hi),
            "nextBackwardToken": token if (token and kind == "b" and not page)
            else _token("b", lo)}


CHUNK = 65_536


def scan(timeline, start: int, stop: int, test, streams: set | None, limit: int):
    """Matching events of ``timeline[start:stop]``, at most ``limit`` (and 1 MB), and
    where the next scan resumes (``None`` when the range is exhausted)."""
    out, size, pos = [], 0, start
    while pos < stop:
        chunk = timeline[pos:min(pos + CHUNK, stop)]
        if streams is None:
            hits = [i for i, e in enumerate(chunk) if test(e.message)]
        else:
            hits = [i for i, e in enumerate(chunk) if e.stream in streams and test(e.message)]
        for i in hits:
            e = chunk[i]
            size += len(e.message.encode()) + EVENT_OVERHEAD
            if size > MAX_PAGE_BYTES:
                return out, pos + i
            out.append(e)
            if len(out) >= limit:
                nxt = pos + i + 1
                return out, nxt if nxt < stop else None
        pos += len(chunk)
    return out, None


@OPERATIONS("FilterLogEvents")
def filter_log_events(call, p):
    group = identified_group(call, p)
    names, prefix = p.get("logStreamNames"), p.get("logStreamNamePrefix")
    if names and prefix:
        raise InvalidParameterException(
            "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
    streams = set(names) if names else (
        {s for s in group.streams if s.startswith(prefix)} if prefix else None)
    test = compile_pattern(p.get("filterPattern") or "").matches
    timeline = group.timeline()
    lo, hi = time_range(timeline, p.get("startTime"), p.get("endTime"))
    tag = salt("FilterLogEvents", p)
    start = _resume(p.get("nextToken"), tag, lo, hi)
    found, nxt = scan(timeline, start, hi, test, streams, p.get("limit", MAX_PAGE_EVENTS))
    out = {"events": [{"logStreamName": e.stream, "timestamp": e.timestamp,
                       "message": e.message, "ingestionTime": e.ingestion_time,
                       "eventId": e.event_id} for e in found],
           "searchedLogStreams": []}
    if nxt is not None:
        out["nextToken"] = f"{tag}-{nxt}"
    return out


def time_range(timeline, start: int | None, end: int | None) -> tuple[int, int]:
    """Indexes of ``start <= timestamp <= end`` in a timestamp-ordered timeline."""
    lo = 0 if start is None else bisect.bisect_left(timeline, start,
                                                      key=lambda e: e.timestamp)
    hi = len(timeline) if end is None else bisect.bisect_right(timeline, end,
                                                               key=lambda e: e.timestamp)
    return lo, max(lo, hi)


def _resume(token: str | None, tag: str, lo: int, hi: int) -> int:
    if not token:
        return lo
    head, _, pos = token.rpartition("-")
    if head != tag or not pos.isdigit() or not lo <= int(pos) <= hi:
        raise InvalidParameterException("The specified nextToken is invalid.")
    return int(pos)
