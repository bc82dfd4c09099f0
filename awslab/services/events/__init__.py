"""Amazon EventBridge (formerly CloudWatch Events: the same API, endpoint and
infrastructure, with custom and partner buses and the schema registry added).

Every account and region has a default bus, where the lab's services emit their events
(CloudWatch alarm state changes, EC2 instance state changes, CodeBuild, CloudTrail API
calls): ``lab.send("events", "event", account, region, {"source", "detail-type",
"detail", "resources"?, "bus"?})`` stamps the envelope and routes it (:mod:`.routing`).
``lab.state("events", account, region).events`` lists what the default bus received.

Pure cores: :func:`compile_pattern` (the pattern matcher, :mod:`.patterns`) and
:func:`next_fire_times` (schedules, :mod:`.schedule`). Targets really receive events
(:mod:`.delivery`); partners and seeded sources live in :mod:`.partners`.
"""
from __future__ import annotations

from awslab.services.events.delivery import inject_outage
from awslab.services.events.operations import OPERATIONS
from awslab.services.events.partners import (
    codebuild_build_failed, offer_source, partner_event, seed_partners)
from awslab.services.events.patterns import compile_pattern
from awslab.services.events.routing import ENVELOPE, receive
from awslab.services.events.schedule import next_fire_times, parse_schedule
from awslab.services.events.state import State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "receive", "ENVELOPE", "compile_pattern",
           "next_fire_times", "parse_schedule", "inject_outage", "offer_source",
           "partner_event", "seed_partners", "codebuild_build_failed", "RESOURCES",
           "resource_policy", "deliveries"]


def deliveries(lab, account_id: str = "123456789012", region: str = "us-east-1",
               rule: str | None = None, status: str | None = None) -> list[dict]:
    """Delivery attempts of the rules of one account and region (oldest first)."""
    return [d for d in lab.state("events", account_id, region).deliveries
            if rule in (None, d["rule"]) and status in (None, d["status"])]


# -- IAM -----------------------------------------------------------------------------------
def _arn(call, resource: str) -> str:
    return f"arn:aws:events:{call.region}:{call.account_id}:{resource}"


def _bus_arn(value: str | None, call) -> str:
    if value and value.startswith("arn:"):
        return value
    return _arn(call, f"event-bus/{value or 'default'}")


def _rule_arn(call) -> list:
    bus = call.params.get("EventBusName")
    name = call.params.get("Name") or call.params.get("Rule") or ""
    bus_arn = _bus_arn(bus, call)
    prefix, bus_name = bus_arn.rsplit(":", 1)[0], bus_arn.rsplit("/", 1)[-1]
    return [f"{prefix}:rule/{name}" if bus_name == "default" else
            f"{prefix}:rule/{bus_name}/{name}"]


def _entries(call) -> list:
    return sorted({_bus_arn(e.get("EventBusName"), call)
                   for e in call.params.get("Entries") or []}) or ["*"]


def _bus(key: str):
    return lambda call: [_bus_arn(call.params.get(key), call)]


#: IAM resources of each operation (``awslab.authz`` reads this table).
RESOURCES = {"PutEvents": _entries,
             "CreateEventBus": lambda call: [_arn(call, f"event-bus/{call.params['Name']}")],
             "DeleteEventBus": _bus("Name"), "DescribeEventBus": _bus("Name"),
             "PutPermission": _bus("EventBusName"), "RemovePermission": _bus("EventBusName"),
             "ListRules": _bus("EventBusName"),
             "CreateArchive": lambda call: [_arn(call, f"archive/{call.params['ArchiveName']}")],
             "StartReplay": lambda call: [_arn(call, f"replay/{call.params['ReplayName']}")]}
RESOURCES.update({op: _rule_arn for op in (
    "PutRule", "DescribeRule", "EnableRule", "DisableRule", "DeleteRule", "PutTargets",
    "RemoveTargets", "ListTargetsByRule")})
RESOURCES.update({op: (lambda call: [_arn(call, f"archive/{call.params['ArchiveName']}")])
                  for op in ("DescribeArchive", "UpdateArchive", "DeleteArchive")})
RESOURCES.update({op: (lambda call: [_arn(call, f"replay/{call.params['ReplayName']}")])
                  for op in ("DescribeReplay", "CancelReplay")})


def resource_policy(lab, action: str, arn: str):
    """The policy of the event bus ``arn`` names (a bus, or a rule on a bus), which the
    IAM engine evaluates beside the caller's identity policies: another account's
    ``PutEvents`` needs its Allow."""
    from awslab.services.events.delivery import parsed_policy
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "events":
        return None
    kind, _, path = parts[5].partition("/")
    if kind == "event-bus":
        name = path
    elif kind == "rule":
        name = path.rpartition("/")[0] or "default"
    else:
        return None
    state = lab.state("events", parts[4], parts[3])
    bus = state.buses.get(name)
    if bus is None or not bus.policy:
        return None
    return parsed_policy(bus.policy).named(f"policy of event bus {bus.name}",
                                           "event bus policy")
