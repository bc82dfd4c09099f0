"""PutEvents: 1-10 entries, 256 KB in all, a result per entry (aws-facts 5.1)."""
from __future__ import annotations

import json

from awslab.clock import to_utc
from awslab.services.events import routing
from awslab.services.events.errors import ValidationException
from awslab.services.events.operations.common import OPERATIONS, bus_name, owner_state

MAX_ENTRIES = 10
MAX_SIZE = 256 * 1024
MAX_DETAIL_TYPE = 128


def entry_size(entry: dict) -> int:
    """AWS's size of one entry: 14 bytes for ``Time`` plus the UTF-8 bytes of Source,
    DetailType, Detail and each Resources string."""
    size = 14 if entry.get("Time") is not None else 0
    for key in ("Source", "DetailType", "Detail"):
        if entry.get(key) is not None:
            size += len(entry[key].encode())
    return size + sum(len(r.encode()) for r in entry.get("Resources") or ())


def _failure(code: str, message: str) -> dict:
    return {"ErrorCode": code, "ErrorMessage": message}


def _detail(text: str):
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _one(call, entry: dict) -> dict:
    for key in ("Source", "DetailType", "Detail"):
        if not entry.get(key):
            return _failure("InvalidArgument", f"Parameter {key} is not valid. Reason: "
                            f"{key} is a required argument.")
    if len(entry["DetailType"]) > MAX_DETAIL_TYPE:
        return _failure("InvalidArgument", "Parameter DetailType is not valid. Reason: "
                        "DetailType exceeds 128 characters.")
    detail = _detail(entry["Detail"])
    if detail is None:
        return _failure("MalformedDetail", "Detail is malformed.")
    if entry["Source"].startswith("aws."):
        return _failure("NotAuthorizedForSourceException", "Not authorized for the source.")
    target = entry.get("EventBusName")
    state = owner_state(call, target)
    name = bus_name(target)
    bus = routing.buses(call.lab, state).get(name)
    if bus is None:
        return _failure("ResourceNotFoundException", f"Event bus {name} does not exist.")
    if bus.event_source_name is not None:
        return _failure("InvalidArgument", "Events cannot be put on a partner event bus.")
    when = to_utc(entry["Time"]) if entry.get("Time") is not None else None
    event = routing.stamp(call.lab, state, {
        "source": entry["Source"], "detail-type": entry["DetailType"], "detail": detail,
        "resources": entry.get("Resources") or []}, account=call.account_id, when=when)
    routing.route(call.lab, state, bus, event)
    return {"EventId": event["id"]}


@OPERATIONS("PutEvents")
def put_events(call, p):
    entries = p["Entries"]
    if len(entries) > MAX_ENTRIES:
        raise ValidationException("1 validation error detected: Value at 'entries' failed "
                                  "to satisfy constraint: Member must have length less than "
                                  "or equal to 10")
    if sum(entry_size(e) for e in entries) > MAX_SIZE:
        raise ValidationException("Total size of the entries in the request is over the "
                                  "limit.")
    if not any(all(e.get(k) for k in ("Source", "DetailType", "Detail")) for e in entries):
        raise ValidationException("Parameter(s) Source, DetailType and Detail must be "
                                  "specified in at least one entry.")
    results = [_one(call, e) for e in entries]
    return {"FailedEntryCount": sum("ErrorCode" in r for r in results), "Entries": results}
