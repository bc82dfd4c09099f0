"""Event buses: the default bus, custom buses and partner buses; bus policies
(PutPermission / RemovePermission, ``Policy`` in DescribeEventBus)."""
from __future__ import annotations

import json

from awslab.services.events import routing
from awslab.services.events.errors import (
    LimitExceededException, PolicyLengthExceededException, ResourceAlreadyExistsException,
    ResourceNotFoundException, ValidationException)
from awslab.services.events.operations.common import (
    OPERATIONS, compact, find_bus, page, tags_in)
from awslab.services.events.state import DEFAULT_BUS, Bus

MAX_BUSES = 100
MAX_POLICY = 10240


def describe(bus: Bus) -> dict:
    out = {"Name": bus.name, "Arn": bus.arn, "Description": bus.description,
           "Policy": bus.policy}
    if bus.name != DEFAULT_BUS:
        out.update(CreationTime=bus.created, LastModifiedTime=bus.modified or bus.created)
    return compact(out)


@OPERATIONS("CreateEventBus")
def create_event_bus(call, p):
    state = call.state()
    name = p["Name"]
    existing = routing.buses(call.lab, state)
    if name in existing:
        raise ResourceAlreadyExistsException(f"Event bus {name} already exists.")
    source = p.get("EventSourceName")
    if source is not None:
        found = state.sources.get(source)
        if found is None or found.state == "DELETED":
            raise ResourceNotFoundException(f"Event source {source} does not exist.")
        if source != name:
            raise ValidationException("Event bus name must be the same as the event "
                                      "source name for a partner event bus.")
        found.state = "ACTIVE"
    elif "/" in name:
        raise ValidationException("Event bus name must not contain '/'.")
    if len(existing) >= MAX_BUSES:
        raise LimitExceededException("The requested resource exceeds the maximum number "
                                     "allowed.")
    bus = Bus(name, state.bus_arn(name), call.now, p.get("Description"),
              event_source_name=source, tags=tags_in(p.get("Tags")))
    existing[name] = bus
    return {"EventBusArn": bus.arn, "Description": bus.description}


@OPERATIONS("DeleteEventBus")
def delete_event_bus(call, p):
    state = call.state()
    name = p["Name"]
    if name == DEFAULT_BUS:
        raise ValidationException("Cannot delete event bus default.")
    bus = routing.buses(call.lab, state).pop(name, None)
    if bus is None:
        return {}
    for rule in bus.rules.values():
        if rule.job is not None:
            rule.job.cancel()
    for archive in state.archives.values():
        if archive.source_arn == bus.arn:
            archive.state, archive.state_reason = "DISABLED", "The event bus was deleted."
    return {}


@OPERATIONS("DescribeEventBus")
def describe_event_bus(call, p):
    return describe(find_bus(call, p.get("Name"))[1])


@OPERATIONS("ListEventBuses")
def list_event_buses(call, p):
    prefix = p.get("NamePrefix") or ""
    found = [describe(b) for n, b in sorted(routing.buses(call.lab, call.state()).items())
             if n.startswith(prefix)]
    items, token = page(found, p, f"buses/{prefix}")
    return {"EventBuses": items, "NextToken": token}


# -- bus policies -------------------------------------------------------------------------
def _statements(bus: Bus) -> list[dict]:
    return json.loads(bus.policy)["Statement"] if bus.policy else []


def _set_policy(bus: Bus, statements: list[dict], now) -> None:
    if not statements:
        bus.policy = None
    else:
        text = json.dumps({"Version": "2012-10-17", "Statement": statements},
                          separators=(",", ":"))
        if len(text) > MAX_POLICY:
            raise PolicyLengthExceededException(
                "Event bus policy exceeds the maximum length of 10240.")
        bus.policy = text
    bus.modified = now


def permission_statement(bus: Bus, p: dict) -> dict:
    """The statement PutPermission adds for ``Principal`` (+ ``Condition``)."""
    action, principal = p.get("Action"), p.get("Principal")
    if action not in ("events:PutEvents", "events:PutRule", "events:PutTargets"):
        raise ValidationException("Provided value in parameter 'action' is not supported.")
    if principal is None:
        raise ValidationException("Parameter Principal must be specified.")
    if principal != "*" and not (len(principal) == 12 and principal.isdigit()):
        raise ValidationException("Parameter Principal is not valid.")
    condition = p.get("Condition")
    statement = {"Sid": p["StatementId"], "Effect": "Allow",
                 "Principal": "*" if principal == "*" else {
                     "AWS": f"arn:aws:iam::{principal}:root"},
                 "Action": action, "Resource": bus.arn}
    if condition is not None:
        if condition["Type"] != "StringEquals":
            raise ValidationException("Parameter Condition.Type is not valid.")
        statement["Condition"] = {condition["Type"]: {condition["Key"]: condition["Value"]}}
    return statement


@OPERATIONS("PutPermission")
def put_permission(call, p):
    _, bus = find_bus(call, p.get("EventBusName"))
    if p.get("Policy") is not None:
        if any(p.get(k) is not None for k in ("Action", "Principal", "StatementId",
                                               "Condition")):
            raise ValidationException("Policy cannot be combined with Action, Principal, "
                                      "StatementId or Condition.")
        _check_policy(p["Policy"])
        if len(p["Policy"]) > MAX_POLICY:
            raise PolicyLengthExceededException(
                "Event bus policy exceeds the maximum length of 10240.")
        bus.policy, bus.modified = p["Policy"], call.now
        return {}
    if not p.get("StatementId"):
        raise ValidationException("Parameter StatementId must be specified.")
    statements = [s for s in _statements(bus) if s.get("Sid") != p["StatementId"]]
    statements.append(permission_statement(bus, p))
    _set_policy(bus, statements, call.now)
    return {}


def _check_policy(text: str) -> None:
    from awslab.errors import AwsError
    from awslab.services.iam.policy import parse_policy
    try:
        parse_policy(text, "resource")
    except AwsError as err:
        raise ValidationException(f"Policy is not valid: {err.message}") from None


@OPERATIONS("RemovePermission")
def remove_permission(call, p):
    _, bus = find_bus(call, p.get("EventBusName"))
    if p.get("RemoveAllPermissions"):
        _set_policy(bus, [], call.now)
        return {}
    sid = p.get("StatementId")
    statements = _statements(bus)
    kept = [s for s in statements if s.get("Sid") != sid]
    if not sid or len(kept) == len(statements):
        raise ResourceNotFoundException("Statement with the provided id does not exist.")
    _set_policy(bus, kept, call.now)
    return {}
