"""Amazon EventBridge, minimal for now: each account and region's default event bus
receives the events other services emit (CloudWatch's "CloudWatch Alarm State Change").

Services hand an event over with ``lab.send("events", "event", account, region, event)``;
:func:`receive` completes the envelope as EventBridge does (``version``, ``id``,
``account``, ``time``, ``region``; aws-facts 5.1) and keeps it in the bus's list,
``lab.state("events").events``. Rules, targets, patterns and schedules come with the
EventBridge issue; no API operation is simulated yet.
"""
from __future__ import annotations

import random

from awslab.bridge.registry import Operations
from awslab.ids import IdFactory

GLOBAL = False
OPERATIONS = Operations("events", validation_code="ValidationException")
ENVELOPE = ("version", "id", "detail-type", "source", "account", "time", "region",
            "resources", "detail")


class State:
    """The default event bus of one account in one region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.bus_name = "default"
        self.events: list[dict] = []          # every event received, oldest first
        self.ids: IdFactory | None = None     # event ids: a seeded stream of their own


def receive(lab, state: State, kind: str, payload: dict) -> dict:
    """Take one event for the default bus; return it as stored (full envelope).

    ``payload`` holds at least ``source``, ``detail-type`` and ``detail`` (and optionally
    ``resources``); ``id``, ``time``, ``account``, ``region`` and ``version`` are stamped
    here, from the lab's clock and a seeded ID stream.
    """
    if kind != "event":
        raise ValueError(f"EventBridge cannot receive {kind!r}")
    if state.ids is None:
        state.ids = IdFactory(random.Random(f"{lab.seed}/events/{state.account_id}/"
                                            f"{state.region}"))
    fields = {"version": "0", "id": state.ids.uuid(),
              "detail-type": payload["detail-type"], "source": payload["source"],
              "account": state.account_id,
              "time": lab.now.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": state.region,
              "resources": list(payload.get("resources", ())), "detail": payload["detail"]}
    event = {k: fields[k] for k in ENVELOPE}
    state.events.append(event)
    return event
