"""PutLogEvents, GetLogEvents and FilterLogEvents."""
from __future__ import annotations

from awslab.services.logs.errors import InvalidParameterException
from awslab.services.logs.ingest import check_batch, ingest
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import (
    group_of, identified_group, stream_of)
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
