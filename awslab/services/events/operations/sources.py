"""Partner event sources as the customer sees them (ListEventSources,
DescribeEventSource, ActivateEventSource, DeactivateEventSource); partners offer them
with :func:`awslab.services.events.partners.offer_source`."""
from __future__ import annotations

from awslab.services.events.errors import ResourceNotFoundException
from awslab.services.events.operations.common import OPERATIONS, compact, page


def describe(source) -> dict:
    return compact({"Arn": source.arn, "CreatedBy": source.created_by,
            "CreationTime": source.created, "ExpirationTime": source.expires,
            "Name": source.name, "State": source.state})


def _source(call, name: str):
    source = call.state().sources.get(name)
    if source is None or source.state == "DELETED":
        raise ResourceNotFoundException(f"Event source {name} does not exist.")
    return source


@OPERATIONS("ListEventSources")
def list_event_sources(call, p):
    prefix = p.get("NamePrefix") or ""
    found = [describe(s) for n, s in sorted(call.state().sources.items())
             if n.startswith(prefix) and s.state != "DELETED"]
    items, token = page(found, p, f"sources/{prefix}")
    return {"EventSources": items, "NextToken": token}


@OPERATIONS("DescribeEventSource")
def describe_event_source(call, p):
    return describe(_source(call, p["Name"]))


@OPERATIONS("ActivateEventSource")
def activate_event_source(call, p):
    _source(call, p["Name"]).state = "ACTIVE"
    return {}


@OPERATIONS("DeactivateEventSource")
def deactivate_event_source(call, p):
    _source(call, p["Name"]).state = "PENDING"
    return {}
