"""Amazon CloudWatch Logs: log groups, streams, events, retention, filter patterns and
metric filters.

Beside the boto3 operations (``OPERATIONS``), other services and notebooks use:

* ``lab.send("logs", "put", account, region, {"logGroupName", "logStreamName",
  "events": [{"timestamp": epoch_ms, "message": str}, ...]})`` (``receive``): ingestion as
  an AWS service with permission does it, creating the group and stream if missing;
* :func:`find_group` (``LogGroup`` with ``.streams`` of ``LogStream`` whose ``.events``
  are ``LogEvent(timestamp, ingestion_time, message)`` in timestamp order);
* the pure filter-pattern engine :func:`compile_pattern` (``.patterns``);
* :func:`seed_petshop`: PetShop's services writing their logs into their conventional
  groups (``.sources``); agents shipping files live with EC2's agent
  (``awslab.services.ec2.agent_logs``).
"""
from __future__ import annotations

from awslab.errors import AwslabError
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations import (  # noqa: F401  (Insights, export, subscriptions)
    destinations, exports, queries, subscriptions)
from awslab.services.logs.operations.destinations import resource_policy  # noqa: F401
from awslab.services.logs.operations.queries import logs_query  # noqa: F401
from awslab.services.logs.patterns import compile_pattern
from awslab.services.logs.sources import seed_petshop
from awslab.services.logs.state import LogEvent, LogGroup, LogStream, State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "LogEvent", "LogGroup", "LogStream", "receive",
           "find_group", "RESOURCES", "compile_pattern", "seed_petshop"]


def find_group(lab, account_id: str, region: str, name: str) -> LogGroup | None:
    """The log group ``name`` of ``account_id`` in ``region``, or None."""
    return lab.state("logs", account_id, region).groups.get(name)


def receive(lab, state: State, kind: str, payload: dict) -> None:
    """Work handed over by AWS services and agents through ``lab.send("logs", kind, ...)``.

    * ``"put"`` -- ``{"logGroupName", "logStreamName", "events"}``: ingest as PutLogEvents
      does (the group and stream are created when missing; a bad batch raises the Logs
      error; old/new events are rejected as PutLogEvents rejects them);
    * ``"retention"`` -- ``{"logGroupName", "retentionInDays"}``: PutRetentionPolicy for an
      agent's ``retention_in_days``.
    """
    from awslab.services.logs.ingest import check_batch, epoch_ms, ingest
    from awslab.services.logs.operations.groups import create_group
    from awslab.services.logs.operations.streams import create_stream
    from awslab.services.logs.retention import ALLOWED, ensure_sweeping
    if kind not in ("put", "retention"):
        raise AwslabError(f"CloudWatch Logs does not handle {kind!r} requests")
    now = epoch_ms(lab.now)
    name = payload["logGroupName"]
    if kind == "put":
        check_batch(list(payload["events"]))
    group = state.groups.get(name) or create_group(state, name, now=now)
    if kind == "retention":
        if payload["retentionInDays"] not in ALLOWED:
            raise AwslabError(f"retention {payload['retentionInDays']} is not allowed")
        group.retention_days = payload["retentionInDays"]
        ensure_sweeping(lab, state)
        return
    events = list(payload["events"])
    stream_name = payload["logStreamName"]
    stream = group.streams.get(stream_name) or create_stream(group, stream_name, now)
    ingest(lab, state, group, stream, events, checked=True)


def _group_arn(call) -> list:
    name = call.params.get("logGroupName")
    if not name:
        return ["*"]
    return [f"arn:aws:logs:{call.region}:{call.account_id}:log-group:{name}"]


def _stream_arn(call) -> list:
    group = _group_arn(call)[0]
    stream = call.params.get("logStreamName")
    return [f"{group}:log-stream:{stream}"] if stream and group != "*" else [group]


def _tagged_arn(call) -> list:
    return [call.params.get("resourceArn", "*").removesuffix(":*")]


#: IAM resources of each operation (``awslab.authz`` reads this table).
RESOURCES = {op: _group_arn for op in (
    "CreateLogGroup", "DeleteLogGroup", "DescribeLogStreams", "PutRetentionPolicy",
    "DeleteRetentionPolicy", "FilterLogEvents", "PutMetricFilter", "DeleteMetricFilter",
    "TagLogGroup", "UntagLogGroup", "ListTagsLogGroup")}
RESOURCES.update({op: _stream_arn for op in (
    "CreateLogStream", "DeleteLogStream", "PutLogEvents", "GetLogEvents")})
RESOURCES.update({op: _tagged_arn for op in (
    "TagResource", "UntagResource", "ListTagsForResource")})
for _module in (queries, exports, subscriptions, destinations):    # their own tables
    RESOURCES.update(_module.RESOURCES)
