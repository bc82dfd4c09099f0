"""CloudTrail to EventBridge: "AWS API Call via CloudTrail" events on the default bus.

As AWS documents it (EventBridge user guide, "Events from AWS services": events with
the detail-type ``AWS API Call via CloudTrail`` need a CloudTrail trail with logging
enabled): while a logging trail covers the region, every write management event goes to
the default bus of the account and region it was recorded in; read-only management
events only when the events service asks for them (a rule in the state
``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS``: the events package's optional
``wants_read_only(lab, account, region)``); data events only when a trail logs them.
Events over 256 KB are not sent. The detail is the CloudTrail record, handed over as a
function: EventBridge makes it only when a rule, archive or schema discoverer could see
the event, or when its history is read, so calls nobody listens for cost little more.
"""
from __future__ import annotations

import json
import os
from functools import partial

from awslab.services.cloudtrail import records
from awslab.services.cloudtrail.hub import origin as hub_origin
from awslab.services.cloudtrail.hub import where
from awslab.services.cloudtrail.trails import visible

DETAIL_TYPE = "AWS API Call via CloudTrail"
INSIGHT_DETAIL_TYPE = "AWS Insight via CloudTrail"
MAX_BYTES = 256 * 1024


def wanted(lab, api_call, place) -> bool:
    """Whether EventBridge receives this call's event."""
    if not any(t.logging for t in visible(lab, place[0], place[1])):
        return False
    service, op = api_call.service, api_call.operation
    if records.is_data_event(service, op):
        from awslab.services.cloudtrail.selectors import data_logged
        return data_logged(lab, place[0], api_call)
    if records.is_read_only(service, op):
        events = lab.service("events")
        wants = getattr(events, "wants_read_only", None)
        return bool(wants and wants(lab, place[0], place[1]))
    return True


def on_call(lab, api_call) -> None:
    """Send the event of one new call to the default bus, if AWS would."""
    place = where(api_call)
    if place is None or lab.service("events") is None or not wanted(lab, api_call, place):
        return
    big = len(repr(api_call.request)) + len(repr(api_call.response)) > MAX_BYTES // 2
    detail = records.record(lab, api_call) if big else (         # big: measured now
        partial(records.record, lab, api_call, hub_origin(lab, api_call)))
    send(lab, place, records.event_bus_source(api_call.service), DETAIL_TYPE, detail,
         checked=not big)


def send(lab, place, source: str, detail_type: str, detail, *,
         checked: bool = False) -> None:
    """Hand one event to the default bus (events over 256 KB are dropped, as in AWS;
    ``checked``: the caller knows the detail is small). A small ``detail`` may be given
    as a function making it, which EventBridge calls only when the event is needed."""
    if not checked and len(json.dumps(detail, separators=(",", ":"))) > MAX_BYTES:
        return
    try:
        lab.send("events", "event", place[0], place[1],
                 {"source": source, "detail-type": detail_type, "detail": detail})
    except Exception:      # a broken target must not fail the call or the clock
        if os.environ.get("AWSLAB_DEBUG"):
            raise
