"""CreateLogStream, DeleteLogStream and DescribeLogStreams."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.logs.errors import InvalidParameterException, stream_exists
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import (
    group_of, identified_group, now_ms, salt, stream_of)
from awslab.services.logs.state import LogGroup, LogStream

PAGE = 50


def create_stream(group: LogGroup, name: str, now: int) -> LogStream:
    """Create a stream in ``group`` (the operation, and services creating theirs)."""
    if name in group.streams:
        raise stream_exists()
    stream = LogStream(name, group.stream_arn(name), now)
    group.streams[name] = stream
    return stream


@OPERATIONS("CreateLogStream")
def create_log_stream(call, p):
    create_stream(group_of(call.state(), p["logGroupName"]), p["logStreamName"],
                  now_ms(call))
    return {}


@OPERATIONS("DeleteLogStream")
def delete_log_stream(call, p):
    group = group_of(call.state(), p["logGroupName"])
    stream_of(group, p["logStreamName"])
    del group.streams[p["logStreamName"]]
    group.changed()
    return {}


def describe(stream: LogStream) -> dict:
    """A stream as DescribeLogStreams shows it."""
    out = {"logStreamName": stream.name, "creationTime": stream.created,
           "arn": stream.arn, "storedBytes": stream.stored_bytes}
    if stream.events:
        out["firstEventTimestamp"] = stream.first_timestamp
        out["lastEventTimestamp"] = stream.last_timestamp
    if stream.last_ingestion is not None:
        out["lastIngestionTime"] = stream.last_ingestion
        out["uploadSequenceToken"] = f"{stream.uploads:056d}"
    return out


@OPERATIONS("DescribeLogStreams")
def describe_log_streams(call, p):
    group = identified_group(call, p)
    prefix, order = p.get("logStreamNamePrefix"), p.get("orderBy", "LogStreamName")
    if prefix and order == "LastEventTime":
        raise InvalidParameterException(
            "Cannot order by LastEventTime with a logStreamNamePrefix.")
    streams = [s for s in group.streams.values() if not prefix or s.name.startswith(prefix)]
    if order == "LastEventTime":
        streams.sort(key=lambda s: (s.last_timestamp or 0, s.name))
    else:
        streams.sort(key=lambda s: s.name)
    if p.get("descending"):
        streams.reverse()
    page, token = paginate(streams, p.get("nextToken"), p.get("limit", PAGE),
                           salt("DescribeLogStreams", p), InvalidParameterException)
    out = {"logStreams": [describe(s) for s in page]}
    if token:
        out["nextToken"] = token
    return out
