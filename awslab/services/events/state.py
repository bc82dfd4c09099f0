"""EventBridge resources of one account in one region: buses with their rules and
targets, archives, replays, partner event sources, and what targets received.

Data only: the operations and :mod:`routing` change it, on the lab's clock.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DEFAULT_BUS = "default"


@dataclass
class Target:
    """One target of a rule, as PutTargets gave it (``spec``: the AWS members)."""

    id: str
    arn: str
    spec: dict

    @property
    def retry_policy(self) -> dict:
        return {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400,
                **(self.spec.get("RetryPolicy") or {})}

    @property
    def dead_letter_arn(self) -> str | None:
        return (self.spec.get("DeadLetterConfig") or {}).get("Arn")


@dataclass
class Rule:
    name: str
    arn: str
    bus_name: str
    created: datetime
    event_pattern: str | None = None
    schedule: str | None = None
    state: str = "ENABLED"
    description: str | None = None
    role_arn: str | None = None
    managed_by: str | None = None
    created_by: str = ""
    targets: dict[str, Target] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    pattern: Any = None            # the compiled pattern
    job: Any = None                # the clock job of the next scheduled firing

    @property
    def enabled(self) -> bool:
        return self.state != "DISABLED"


@dataclass
class Bus:
    name: str
    arn: str
    created: datetime
    description: str | None = None
    policy: str | None = None
    event_source_name: str | None = None       # partner buses
    rules: dict[str, Rule] = field(default_factory=dict)
    received: list[dict] = field(default_factory=list)  # every event in, oldest first
    tags: dict[str, str] = field(default_factory=dict)
    modified: datetime | None = None
    unbuilt: list = field(default_factory=list)      # (event, build): details not made yet

    @property
    def events(self) -> list[dict]:
        """Every event the bus received, oldest first (details that nothing on the bus
        needed when they came are made now, once)."""
        if self.unbuilt:
            pending, self.unbuilt = self.unbuilt, []
            for event, build in pending:
                event["detail"] = build()
        return self.received


@dataclass
class Archive:
    name: str
    arn: str
    source_arn: str
    created: datetime
    description: str | None = None
    event_pattern: str | None = None
    retention_days: int = 0                     # 0: keep indefinitely
    state: str = "ENABLED"
    state_reason: str | None = None
    events: list[tuple[datetime, dict]] = field(default_factory=list)   # (event time, event)
    pattern: Any = None

    @property
    def size_bytes(self) -> int:
        import json
        return sum(len(json.dumps(e, separators=(",", ":")).encode()) for _, e in self.events)


@dataclass
class Replay:
    name: str
    arn: str
    archive_arn: str
    start: datetime
    end: datetime
    destination: dict
    started: datetime
    description: str | None = None
    state: str = "STARTING"
    state_reason: str | None = None
    last_replayed: datetime | None = None
    finished: datetime | None = None
    cursor: datetime | None = None              # event time replayed up to (exclusive)
    replayed: int = 0
    job: Any = None


@dataclass
class EventSource:
    """A partner event source offered to this account by a SaaS partner."""

    name: str
    arn: str
    created_by: str
    created: datetime
    expires: datetime | None
    state: str = "PENDING"


class State:
    """EventBridge in one account and region (the default bus exists from the start)."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.buses: dict[str, Bus] = {}
        self.archives: dict[str, Archive] = {}
        self.replays: dict[str, Replay] = {}
        self.sources: dict[str, EventSource] = {}
        self.deliveries: list[dict] = []        # each delivery attempt to a target
        self.rng: random.Random | None = None   # back-off jitter

    @property
    def bus_name(self) -> str:
        return DEFAULT_BUS

    @property
    def events(self) -> list[dict]:
        """Every event the default bus received, oldest first."""
        return self.buses[DEFAULT_BUS].events if DEFAULT_BUS in self.buses else []

    def arn(self, resource: str) -> str:
        return f"arn:aws:events:{self.region}:{self.account_id}:{resource}"

    def bus_arn(self, name: str) -> str:
        return self.arn(f"event-bus/{name}")

    def rule_arn(self, bus: str, name: str) -> str:
        return self.arn(f"rule/{name}" if bus == DEFAULT_BUS else f"rule/{bus}/{name}")
