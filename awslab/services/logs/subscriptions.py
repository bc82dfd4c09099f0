"""Subscription filters: real-time delivery of a log group's new events (aws-facts 3.6).

:func:`deliver` is called by ingestion (``ingest.py``) with the events a log group just
accepted. Each of the group's (at most two) filters picks the events its pattern matches
and sends them, a moment later on the simulated clock (:func:`latency`), as one payload:
the JSON ``{"messageType": "DATA_MESSAGE", "owner", "logGroup", "logStream",
"subscriptionFilters", "logEvents": [{"id", "timestamp", "message"}]}`` gzip-compressed,
to a Kinesis data stream (record data, partition key = log stream or random), a Firehose
stream (record data), a Lambda function (``{"awslogs": {"data": base64}}``) or a
cross-account destination (its target, through the destination's role). Kinesis and
Firehose writes are authorised as the filter's role (trusting ``logs.amazonaws.com``),
Lambda invocations by the function's resource policy. Failures are recorded in
``SubscriptionFilter.deliveries``; AWS retries retryable errors for up to 24 hours and
drops non-retryable ones (``AccessDeniedException``, ``ResourceNotFoundException``), and
so does the lab (a retryable error here is a stream that is not ACTIVE, retried every
minute).
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

SERVICE = "logs.amazonaws.com"
RETRY_EVERY = timedelta(minutes=1)
RETRY_FOR = timedelta(hours=24)
CONTROL_TEXT = "CWL CONTROL MESSAGE: Checking health of destination {kind}."


@dataclass
class Delivery:
    """One payload sent (or not) to a filter's destination."""

    time: datetime                 # when it was delivered (or given up)
    ingested: datetime             # when its events were ingested
    filter_name: str
    destination: str               # the ARN the payload went to (a destination's target)
    events: int
    message_type: str = "DATA_MESSAGE"
    error: str | None = None

    @property
    def latency(self) -> float:
        """Seconds from ingestion to delivery."""
        return (self.time - self.ingested).total_seconds()


@dataclass
class SubscriptionFilter:
    """A subscription filter of a log group."""

    name: str
    group: str
    pattern_text: str
    pattern: Any
    destination_arn: str
    role_arn: str | None
    distribution: str
    created: int                                   # epoch ms
    deliveries: list[Delivery] = field(default_factory=list)


def payload(owner: str, group: str, stream: str, filters: list[str], events,
            message_type: str = "DATA_MESSAGE") -> bytes:
    """AWS's gzip-compressed JSON payload of a subscription delivery."""
    body = {"messageType": message_type, "owner": owner, "logGroup": group,
            "logStream": stream, "subscriptionFilters": filters,
            "logEvents": [{"id": e.event_id, "timestamp": e.timestamp,
                           "message": e.message} for e in events]}
    return gzip.compress(json.dumps(body, separators=(",", ":")).encode(), mtime=0)


def control_payload(kind: str, now_ms: int) -> bytes:
    """The CONTROL_MESSAGE Logs sends to check a new destination."""
    body = {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "",
            "logStream": "", "subscriptionFilters": [],
            "logEvents": [{"id": "", "timestamp": now_ms,
                           "message": CONTROL_TEXT.format(kind=kind)}]}
    return gzip.compress(json.dumps(body, separators=(",", ":")).encode(), mtime=0)


def decode(data: bytes | str) -> dict:
    """A subscription payload back to JSON: base64 text (Lambda's ``awslogs.data``) or the
    raw gzip bytes (a Kinesis or Firehose record).

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    raw = base64.b64decode(data) if isinstance(data, str) else data
    return json.loads(gzip.decompress(raw))


def latency(lab, group: str, first_seq: int) -> timedelta:
    """A seeded delivery latency between 0.2 and 1.5 seconds."""
    digest = hashlib.sha256(f"{lab.seed}/logs-subscriptions/{group}/{first_seq}".encode())
    return timedelta(milliseconds=200 + int.from_bytes(digest.digest()[:4], "big") % 1300)


def deliver(lab, state, group, stream, events) -> None:
    """Hand ``events`` (just accepted into ``stream`` of ``group``) to the group's
    subscription filters."""
    if not group.subscription_filters:
        return
    for sub in list(group.subscription_filters):
        matched = [e for e in events if sub.pattern.matches(e.message)]
        if not matched:
            continue
        data = payload(group.account_id, group.name, stream.name, [sub.name], matched)
        due = lab.now + latency(lab, group.name, matched[0].seq)
        ingested = lab.now
        lab.clock.at(due, lambda t, s=sub, d=data, n=len(matched), k=stream.name:
                     _attempt(lab, group, s, d, n, k, ingested),
                     name=f"logs subscription {sub.name}")


def _attempt(lab, group, sub: SubscriptionFilter, data: bytes, count: int,
             stream_name: str, ingested: datetime) -> None:
    from awslab.errors import AwsError
    if sub not in group.subscription_filters:
        return                                     # deleted meanwhile
    try:
        target = send(lab, group.account_id, group.region, sub, data, stream_name,
                      source_arn=f"{group.arn}:*")
        sub.deliveries.append(Delivery(lab.now, ingested, sub.name, target, count))
    except AwsError as err:
        retry = err.code == "RetryableDestination" and lab.now - ingested < RETRY_FOR
        if retry:
            lab.clock.at(lab.now + RETRY_EVERY, lambda t: _attempt(
                lab, group, sub, data, count, stream_name, ingested),
                name=f"logs subscription retry {sub.name}")
            return
        sub.deliveries.append(Delivery(lab.now, ingested, sub.name, sub.destination_arn,
                                       count, error=f"{err.code}: {err.message}"))


def send(lab, account: str, region: str, sub, data: bytes, stream_name: str, *,
         source_arn: str, message_type: str = "DATA_MESSAGE") -> str:
    """Put one payload into the filter's destination; returns the ARN written to.

    Raises an ``AwsError`` (``AccessDeniedException``, ``ResourceNotFoundException``, or
    ``RetryableDestination`` for a stream that is not ACTIVE yet).
    """
    from awslab.services.logs.operations.destinations import find_destination
    target, role = sub.destination_arn, sub.role_arn
    if target.split(":")[2:3] == ["logs"]:
        dest = find_destination(lab, target)
        if dest is None:
            raise _error("ResourceNotFoundException", f"Destination {target} does not exist")
        target, role = dest.target_arn, dest.role_arn
    kind = target.split(":")[2] if target.count(":") >= 5 else ""
    if kind == "lambda":
        from awslab.services import lambda_
        try:
            lambda_.invoke(lab, target, {"awslogs": {"data": base64.b64encode(data).decode()}},
                           service=SERVICE, source_arn=source_arn, source_account=account)
        except lambda_.DeliveryError as err:
            raise _error(err.code, err.message) from None
        return target
    if kind not in ("kinesis", "firehose"):
        raise _error("ResourceNotFoundException", f"Unsupported destination {target}")
    action = "kinesis:PutRecord" if kind == "kinesis" else "firehose:PutRecord"
    check_role(lab, role, action, target)
    try:
        if kind == "kinesis":
            from awslab.services import kinesis
            key = stream_name if sub.distribution != "Random" else hashlib.md5(
                data).hexdigest()
            kinesis.put_record(lab, target, data, key)
        else:
            from awslab.services import firehose
            firehose.put_record(lab, target, data)
    except Exception as err:                      # the stream is missing or not ACTIVE
        from awslab.errors import AwsError
        if not isinstance(err, AwsError):
            raise
        if _exists(lab, kind, target):
            raise _error("RetryableDestination", err.message) from None
        raise _error("ResourceNotFoundException", err.message) from None
    return target


def _exists(lab, kind: str, arn: str) -> bool:
    from awslab.services import firehose, kinesis
    parts = arn.split(":")
    finder = kinesis.find_stream if kind == "kinesis" else firehose.find_stream
    return finder(lab, parts[4], parts[3], arn) is not None


def check_role(lab, role_arn: str | None, action: str, target: str) -> None:
    """Raise AccessDeniedException unless Logs, through ``role_arn``, may do ``action``
    on ``target`` (the role must trust ``logs.amazonaws.com`` or the regional name)."""
    from awslab.services.iam.service_access import role_allowed
    if not role_arn:
        raise _error("AccessDeniedException", f"No role to write to {target}")
    region, owner = target.split(":")[3], target.split(":")[4]
    decision = None
    for principal in (SERVICE, f"logs.{region}.amazonaws.com"):
        decision = role_allowed(lab, principal, role_arn, action, target,
                                resource_account=owner)
        if decision.allowed:
            return
    raise _error("AccessDeniedException", f"{role_arn} does not allow {action} on "
                 f"{target}: {decision.reason}")


def _error(code: str, message: str):
    from awslab.errors import AwsError
    return AwsError(message, code=code)
