"""Helpers every EventBridge operation shares: the registry, finding buses and rules by
name or ARN (in whichever account owns them), pagination, tags."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.events import routing
from awslab.services.events.errors import ResourceNotFoundException, ValidationException
from awslab.services.events.state import DEFAULT_BUS

OPERATIONS = Operations("events", validation_code="ValidationException")
PAGE = 100


def owner_state(call, arn_or_name: str | None):
    """The events state of the account and region an ARN names (else the caller's)."""
    parts = (arn_or_name or "").split(":")
    if len(parts) >= 6 and parts[0] == "arn" and parts[2] == "events":
        return call.lab.state("events", parts[4] or call.account_id, parts[3] or call.region)
    return call.state()


def bus_name(value: str | None) -> str:
    """``EventBusName`` (name or ARN) as a name."""
    if not value:
        return DEFAULT_BUS
    if value.startswith("arn:"):
        return value.split(":", 5)[5].split("/", 1)[-1]
    return value


def find_bus(call, value: str | None):
    """``(state, bus)`` for an ``EventBusName``/``Name`` or ResourceNotFoundException."""
    state = owner_state(call, value)
    name = bus_name(value)
    bus = routing.buses(call.lab, state).get(name)
    if bus is None:
        raise ResourceNotFoundException(f"Event bus {name} does not exist.")
    return state, bus


def find_rule(call, name: str, bus_value: str | None):
    state, bus = find_bus(call, bus_value)
    rule = bus.rules.get(name)
    if rule is None:
        raise ResourceNotFoundException(f"Rule {name} does not exist on EventBus {bus.name}.")
    return state, bus, rule


def page(items: list, p: dict, salt: str, limit_key: str = "Limit"):
    size = p.get(limit_key) or PAGE
    if size < 1:
        raise ValidationException(f"Parameter {limit_key} is not valid.")
    return paginate(items, p.get("NextToken"), size, salt, ValidationException)


def tags_out(tags: dict) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def tags_in(items) -> dict:
    return {t["Key"]: t["Value"] for t in items or []}


def compact(item: dict) -> dict:
    """``item`` without the members that have no value (AWS leaves them out)."""
    return {k: v for k, v in item.items() if v is not None}
