"""Lookups and name rules shared by the Logs operations."""
from __future__ import annotations

import hashlib

from awslab.services.logs.errors import (
    InvalidParameterException, group_not_found, stream_not_found)
from awslab.services.logs.ingest import epoch_ms
from awslab.services.logs.state import LogGroup, LogStream, State


def now_ms(call) -> int:
    return epoch_ms(call.now)


def check_group_name(name: str) -> None:
    """Rules the model's pattern does not express (aws-facts 3.1)."""
    if name.startswith("aws/"):
        raise InvalidParameterException(
            "Log group names cannot start with 'aws/' (reserved for AWS services).")


def group_of(state: State, name: str) -> LogGroup:
    group = state.groups.get(name)
    if group is None:
        raise group_not_found()
    return group


def identified_group(call, p: dict) -> LogGroup:
    """The group named by ``logGroupName`` or ``logGroupIdentifier`` (a name or ARN)."""
    name, ident = p.get("logGroupName"), p.get("logGroupIdentifier")
    if name and ident:
        raise InvalidParameterException(
            "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
    if not name and not ident:
        raise InvalidParameterException(
            "Either logGroupName or logGroupIdentifier must be specified.")
    state = call.state()
    if ident and ident.startswith("arn:"):
        parts = ident.removesuffix(":*").split(":", 6)
        if len(parts) != 7 or parts[2] != "logs" or parts[5] != "log-group":
            raise InvalidParameterException(f"Invalid logGroupIdentifier: {ident}")
        state = call.lab.state("logs", parts[4], parts[3])
        name = parts[6]
    return group_of(state, name or ident)


def stream_of(group: LogGroup, name: str) -> LogStream:
    stream = group.streams.get(name)
    if stream is None:
        raise stream_not_found()
    return stream


def salt(op: str, p: dict, exclude: str = "nextToken") -> str:
    """Ties a pagination token to its operation and request."""
    text = repr(sorted((k, repr(v)) for k, v in p.items() if k != exclude))
    return hashlib.sha1((op + text).encode()).hexdigest()[:12]
