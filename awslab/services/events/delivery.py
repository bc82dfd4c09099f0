"""Targets that really receive events, with EventBridge's retries and dead-letter queue.

Per target type: an SNS topic (its access policy must allow ``events.amazonaws.com``), an
SQS queue (its queue policy likewise), a CloudWatch Logs log group (one log stream per
event, named by the event ID), another event bus (in another account: its bus policy
must allow the rule's account ``events:PutEvents``) and a Lambda stand-in (invoked
asynchronously: a handler's exception is the function's own failure, not a delivery
failure). Missing resources and missing permissions are not retried: the event goes
straight to the dead-letter queue with ``ERROR_CODE`` ``NO_RESOURCE`` / ``NO_PERMISSIONS``.
A target that is unavailable (:func:`inject_outage`, e.g. throttling) is retried with
exponential back-off and jitter on the simulated clock until ``MaximumRetryAttempts`` or
``MaximumEventAgeInSeconds`` runs out (lab back-off: 1 s doubling up to 5 minutes, times
a seeded jitter in [0.5, 1)); then the dead-letter queue, if any, gets the event with the
attributes AWS adds (``RULE_ARN``, ``TARGET_ARN``, ``ERROR_CODE``, ``ERROR_MESSAGE``,
``EXHAUSTED_RETRY_CONDITION``, ``RETRY_ATTEMPTS``).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from awslab.errors import AwsError, AwslabError
from awslab.services.events import transform

SERVICE = "events.amazonaws.com"
MAX_BACKOFF = 300.0
MAX_HOPS = 5
DELIVERED_TYPES = ("sns", "sqs", "logs", "lambda", "events")


class Failure(Exception):
    """A failed attempt: ``code`` (AWS's DLQ error code), ``message``, ``retry``."""

    def __init__(self, code: str, message: str, retry: bool = False):
        super().__init__(message)
        self.code, self.message, self.retry = code, message, retry


@dataclass
class Attempt:
    """What to deliver, and how far its retries have got."""

    state: object            # events state of the rule's account and region
    rule: object
    target: object
    event: dict
    first: datetime
    attempts: int = 0
    replay: str | None = None
    hops: int = 0


def arn_parts(arn: str) -> list[str]:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise AwslabError(f"not an ARN: {arn!r}")
    return parts


def deliver(lab, state, rule, target, event: dict, *, replay: str | None = None,
            hops: int = 0) -> None:
    """Hand ``event`` to one target now (retries follow on the clock)."""
    _try(lab, Attempt(state, rule, target, event, lab.now, replay=replay, hops=hops))


def _try(lab, job: Attempt) -> None:
    body = transform.payload(job.target.spec, job.event, job.rule.arn,
                             job.event.get("time", ""))
    try:
        _send(lab, job, body)
    except Failure as failure:
        _failed(lab, job, failure)
        return
    _record(lab, job, "delivered", payload=body)


def _record(lab, job: Attempt, status: str, code=None, message=None, payload=None) -> None:
    job.state.deliveries.append({
        "time": lab.now, "rule": job.rule.name, "rule_arn": job.rule.arn,
        "bus": job.rule.bus_name, "target_id": job.target.id, "target_arn": job.target.arn,
        "event_id": job.event.get("id"), "attempt": job.attempts, "status": status,
        "error_code": code, "error_message": message, "replay_name": job.replay,
        "payload": payload})


def _failed(lab, job: Attempt, failure: Failure) -> None:
    policy = job.target.retry_policy
    if failure.retry:
        job.attempts += 1
        delay = _backoff(job)
        age = (lab.now + delay - job.first).total_seconds()
        exhausted = ("MaximumRetryAttempts" if job.attempts > policy["MaximumRetryAttempts"]
                     else "MaximumEventAgeInSeconds"
                     if age > policy["MaximumEventAgeInSeconds"] else None)
        if exhausted is None:
            _record(lab, job, "retrying", failure.code, failure.message)
            lab.clock.at(lab.now + delay, lambda _t: _try(lab, job),
                         name=f"events retry {job.target.arn}")
            return
        job.attempts -= 1
    else:
        exhausted = None
    _dead_letter(lab, job, failure, exhausted)


def _backoff(job: Attempt) -> timedelta:
    state = job.state
    if state.rng is None:
        state.rng = random.Random(f"events/backoff/{state.account_id}/{state.region}")
    base = min(2.0 ** (job.attempts - 1), MAX_BACKOFF)
    return timedelta(seconds=round(base * (0.5 + state.rng.random() / 2), 3))


def _dead_letter(lab, job: Attempt, failure: Failure, exhausted: str | None) -> None:
    dlq = job.target.dead_letter_arn
    if dlq is None:
        _record(lab, job, "dropped", failure.code, failure.message)
        return
    attributes = {"RULE_ARN": job.rule.arn, "TARGET_ARN": job.target.arn,
                  "ERROR_CODE": failure.code, "ERROR_MESSAGE": failure.message}
    if exhausted is not None:
        attributes["EXHAUSTED_RETRY_CONDITION"] = exhausted
        attributes["RETRY_ATTEMPTS"] = str(job.attempts)
    sqs = lab.service("sqs")
    try:
        if sqs is None:
            raise Failure("NO_RESOURCE", "The dead-letter queue does not exist.")
        sqs.deliver(lab, dlq, json.dumps(job.event), service=SERVICE,
                    source_arn=job.rule.arn, attributes={
                        k: {"DataType": "String", "StringValue": v}
                        for k, v in attributes.items()})
    except (AwsError, Failure) as exc:
        _record(lab, job, "dropped", failure.code,
                f"{failure.message} (dead-letter queue: {getattr(exc, 'message', exc)})")
        return
    _record(lab, job, "dead-lettered", failure.code, failure.message)


# -- outages -------------------------------------------------------------------------------
def inject_outage(lab, target_arn: str, until: datetime,
                  code: str = "ThrottlingException") -> None:
    """Make ``target_arn`` refuse deliveries until ``until`` (retried by EventBridge)."""
    _outages(lab)[target_arn] = (until, code)


def _outages(lab) -> dict:
    if not hasattr(lab, "_events_outages"):
        lab._events_outages = {}
    return lab._events_outages


def _check_outage(lab, arn: str) -> None:
    found = _outages(lab).get(arn)
    if found is not None and lab.now < found[0]:
        raise Failure("SDK_CLIENT_ERROR", f"{found[1]}: the target is unavailable "
                      "(injected outage)", retry=True)


# -- per target type -------------------------------------------------------------------------
def _send(lab, job: Attempt, body: str) -> None:
    arn = job.target.arn
    _check_outage(lab, arn)
    parts = arn_parts(arn)
    service, region, account = parts[2], parts[3], parts[4]
    sender = {"sns": _to_sns, "sqs": _to_sqs, "logs": _to_logs, "lambda": _to_lambda,
              "events": _to_bus}.get(service)
    if sender is None:
        raise Failure("NO_RESOURCE", f"awslab does not deliver to {service} targets")
    sender(lab, job, body, region, account, parts[5])


def _denied(message: str) -> Failure:
    return Failure("NO_PERMISSIONS", message)


def _to_sns(lab, job, body, region, account, rest) -> None:
    from awslab.services.iam.service_access import service_allowed
    topic = lab.state("sns", account, region).topics.get(job.target.arn)
    if topic is None:
        raise Failure("NO_RESOURCE", f"Topic {job.target.arn} does not exist.")
    decision = service_allowed(lab, SERVICE, "sns:Publish", job.target.arn,
                               topic.attributes.get("Policy"), resource_account=account,
                               source_arn=job.rule.arn,
                               source_account=job.state.account_id)
    if not decision.allowed:
        raise _denied(f"The topic policy of {job.target.arn} does not allow "
                      f"{SERVICE} sns:Publish.")
    lab.send("sns", "publish", account, region, {"TopicArn": job.target.arn,
                                                "Message": body})


def _to_sqs(lab, job, body, region, account, rest) -> None:
    sqs = lab.service("sqs")
    if sqs is None:
        raise Failure("NO_RESOURCE", f"Queue {job.target.arn} does not exist.")
    try:
        sqs.deliver(lab, job.target.arn, body, service=SERVICE, source_arn=job.rule.arn)
    except AwsError as err:
        raise _service_error(err) from None


def _service_error(err: AwsError) -> Failure:
    if "Denied" in err.code or "Authoriz" in err.code:
        return _denied(err.message)
    if any(k in err.code for k in ("NotFound", "NonExistent", "NoSuch", "DoesNotExist")):
        return Failure("NO_RESOURCE", err.message)
    return Failure("SDK_CLIENT_ERROR", f"{err.code}: {err.message}", retry=True)


def _to_lambda(lab, job, body, region, account, rest) -> None:
    fn = lab.service("lambda")
    if fn is None or not hasattr(fn, "invoke"):
        raise Failure("NO_RESOURCE", f"Function {job.target.arn} does not exist.")
    try:
        event = json.loads(body)
    except ValueError:
        event = body
    try:
        fn.invoke(lab, job.target.arn, event, service=SERVICE, source_arn=job.rule.arn,
                  source_account=job.state.account_id)
    except AwsError as err:
        raise _service_error(err) from None


def _to_logs(lab, job, body, region, account, rest) -> None:
    group = rest.split(":", 1)[1] if rest.startswith("log-group:") else None
    if group is None:
        raise Failure("NO_RESOURCE", f"{job.target.arn} is not a log group ARN.")
    group = group[:-2] if group.endswith(":*") else group
    if account != job.state.account_id:
        raise _denied("A log group target must be in the rule's account.")
    stamp = _epoch_ms(job.event.get("time"))
    try:
        lab.send("logs", "put", account, region, {
            "logGroupName": group, "logStreamName": job.event.get("id", "event"),
            "events": [{"timestamp": stamp, "message": body}]})
    except AwsError as err:
        raise _service_error(err) from None
    except (AwslabError, AttributeError):
        raise Failure("NO_RESOURCE", f"Log group {group} cannot be written "
                      "(CloudWatch Logs is not in this lab)") from None


def _epoch_ms(text) -> int:
    from awslab.clock import to_utc
    return int(to_utc(text).timestamp() * 1000)


def _to_bus(lab, job, body, region, account, rest) -> None:
    from awslab.services.events import routing
    if job.hops >= MAX_HOPS:
        raise Failure("NO_RESOURCE", "The event went through too many event buses.")
    state = lab.state("events", account, region)
    name = rest.split("/", 1)[1] if rest.startswith("event-bus/") else None
    bus = routing.buses(lab, state).get(name or "")
    if bus is None:
        raise Failure("NO_RESOURCE", f"Event bus {name} does not exist.")
    if account != job.state.account_id and not bus_admits(lab, bus, job.state.account_id,
                                                          "events:PutEvents"):
        raise _denied(f"The policy of event bus {bus.arn} does not allow account "
                      f"{job.state.account_id} events:PutEvents.")
    forwarded = json.loads(body)
    if not isinstance(forwarded, dict):
        raise Failure("SDK_CLIENT_ERROR", "An event bus target needs an event object.")
    routing.route(lab, state, bus, forwarded, replay=job.replay, hops=job.hops + 1)


def bus_admits(lab, bus, account: str, action: str) -> bool:
    """Whether the bus policy lets ``account`` (its root: any of its principals the
    account allows) do ``action`` on the bus; ``aws:PrincipalOrgID`` from Organizations."""
    from awslab.services.iam.policy import PolicySet, Request, evaluate
    if not bus.policy:
        return False
    context = {}
    org = getattr(lab.service("organizations"), "organization_id", None) \
        if _has_organizations() else None
    if org is not None:
        found = org(lab, account)
        if found:
            context["aws:PrincipalOrgID"] = found
    owner = bus.arn.split(":")[4]
    request = Request(f"arn:aws:iam::{account}:root", action, bus.arn,
                      resource_account=owner, context=context)
    policies = PolicySet(identity=[_account_allows()], resource=parsed_policy(bus.policy),
                         resource_account=owner)
    return evaluate(request, policies).allowed


def _has_organizations() -> bool:
    from awslab.services import PACKAGES
    return "organizations" in PACKAGES


@lru_cache(maxsize=1)
def _account_allows():
    from awslab.services.iam.policy import parse_policy
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "events:*", "Resource": "*"}]}), "identity",
        name="the sending account's own permission")


@lru_cache(maxsize=256)
def parsed_policy(text: str):
    from awslab.services.iam.policy import parse_policy
    return parse_policy(text, "resource").named("event bus policy", "event bus policy")
