"""AWS Config in one account and region: recorder, delivery channel, configuration items,
rules and their evaluations, remediation and aggregators (aws-facts 7).

Data only: times and IDs come from the callers (operations, recorder, rule engine).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple


@dataclass
class Recorder:
    """The configuration recorder (one per account and region)."""

    name: str
    role_arn: str
    all_supported: bool = True
    include_global: bool = False
    resource_types: tuple[str, ...] = ()
    frequency: str = "CONTINUOUS"             # or DAILY
    recording: bool = False
    last_start: datetime | None = None
    last_stop: datetime | None = None
    last_status_change: datetime | None = None
    daily_job: Any = None

    @property
    def types(self) -> frozenset:
        """The resource types this recorder records (computed once)."""
        if getattr(self, "_types", None) is None:
            from awslab.services.config.recorder import recorded_types
            self._types = recorded_types(self)
        return self._types


@dataclass
class DeliveryChannel:
    """Where Config delivers: an S3 bucket (snapshots, history) and an SNS topic (stream)."""

    name: str
    bucket: str
    prefix: str | None = None
    topic_arn: str | None = None
    frequency: str = "TwentyFour_Hours"
    last_stream: dict = field(default_factory=dict)      # status of the SNS stream
    last_snapshot: dict = field(default_factory=dict)
    last_history: dict = field(default_factory=dict)


class Snapshot(NamedTuple):
    """What the recorder sees of one resource at one moment (a tuple: made at every
    change, so it must be cheap to make)."""

    resource_type: str
    resource_id: str
    name: str | None
    arn: str | None
    region: str                               # "global" for IAM
    availability_zone: str | None
    created: datetime | None
    configuration: dict
    relationships: tuple = ()                 # (resourceType, resourceId, name, relationship)
    tags: tuple = ()                          # sorted (key, value) pairs
    supplementary: tuple = ()                 # sorted (key, value) pairs (copies, JSON-able)

    def same_as(self, other: "Snapshot | None") -> bool:
        """Whether ``other`` shows the resource as it is here (the description and its
        relationships, tags and supplementary configuration)."""
        return other is self or other is not None and self[7:] == other[7:]


@dataclass
class ConfigItem:
    """A configuration item: one recorded state of one resource."""

    snapshot: Snapshot
    status: str                               # OK, ResourceDiscovered, ResourceDeleted
    capture_time: datetime
    state_id: str
    account_id: str
    calls: tuple = ()                         # the ApiCall records behind the change
    change_type: str = "UPDATE"               # CREATE, UPDATE, DELETE
    frequency: str = "CONTINUOUS"

    @property
    def key(self) -> tuple[str, str]:
        return self.snapshot.resource_type, self.snapshot.resource_id

    @property
    def related_events(self) -> tuple[str, ...]:
        """The CloudTrail event IDs of the calls behind the change."""
        from awslab.services.cloudtrail.records import event_id
        return tuple(event_id(c.request_id) for c in self.calls)


@dataclass
class Result:
    """The latest evaluation of one resource by one rule."""

    compliance: str
    annotation: str | None
    ordering: datetime
    recorded: datetime
    invoked: datetime
    token: str | None = None


@dataclass
class Rule:
    """A Config rule (managed or custom) and its evaluation results."""

    name: str
    arn: str
    rule_id: str
    owner: str                                # AWS, CUSTOM_LAMBDA
    identifier: str                           # managed identifier or Lambda ARN
    source_details: list = field(default_factory=list)
    scope: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    parameters_text: str | None = None
    frequency: str | None = None              # periodic trigger, if any
    change_triggered: bool = True
    description: str | None = None
    state: str = "ACTIVE"
    created: datetime | None = None
    results: dict = field(default_factory=dict)          # (type, id) -> Result
    history: list = field(default_factory=list)          # (time, type, id, compliance)
    periodic_job: Any = None
    last_manual_start: datetime | None = None
    status: dict = field(default_factory=dict)           # evaluation status fields
    evaluations: int = 0                                 # results recorded (cost meter)


@dataclass
class RemediationConfig:
    """PutRemediationConfigurations: how Config fixes a rule's non-compliant resources."""

    rule_name: str
    arn: str
    target_id: str                            # SSM document name
    target_version: str | None
    parameters: dict
    resource_type: str | None
    automatic: bool
    max_attempts: int
    retry_seconds: int
    controls: dict | None = None


@dataclass
class RemediationRun:
    """The remediation of one resource: its attempts and where they ended."""

    rule_name: str
    resource_type: str
    resource_id: str
    state: str = "QUEUED"
    invoked: datetime | None = None
    updated: datetime | None = None
    attempts: list = field(default_factory=list)          # (time, execution id, ok, error)
    steps: list = field(default_factory=list)             # last attempt's step details
    retry_job: Any = None


@dataclass
class Aggregator:
    """A configuration aggregator (account sources or an organization)."""

    name: str
    arn: str
    created: datetime
    updated: datetime
    accounts: tuple = ()                      # account IDs
    regions: tuple = ()                       # region names ("*" for all)
    organization: dict | None = None


class State:
    """AWS Config of one account in one region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.recorder: Recorder | None = None
        self.channel: DeliveryChannel | None = None
        self.items: dict[tuple[str, str], list[ConfigItem]] = {}     # history per resource
        self.latest: dict[tuple[str, str], Snapshot] = {}            # last recorded state
        self.rules: dict[str, Rule] = {}
        self.tokens: dict[str, tuple[str, datetime]] = {}            # result token -> rule
        self.remediations: dict[str, RemediationConfig] = {}
        self.runs: dict[tuple[str, str, str], RemediationRun] = {}   # (rule, type, id)
        self.exceptions: dict[tuple[str, str, str], dict] = {}       # remediation exceptions
        self.aggregators: dict[str, Aggregator] = {}
        self.authorizations: dict[tuple[str, str], datetime] = {}    # (account, region)
        self.counts = {"CONTINUOUS": 0, "DAILY": 0}                  # CIs recorded (cost)
        self.notifications: list[dict] = []                          # messages sent to SNS
        self.deleted_evaluations = 0                                 # of deleted rules
        self.settle_types: set | None = None                         # a second look due
        self.id_stream = None                                        # tokens, IDs
        self.pending: deque = deque()            # (item, previous) not yet evaluated
        self.flush_job = None                    # the clock job that works them off
        self.history_delivered = None            # last configuration history delivery
        self.delivery_jobs: list = []            # snapshot and history deliveries
        self.scanned: dict[tuple, tuple] = {}    # (type, id) -> (field texts, Snapshot)

    @property
    def recording(self) -> bool:
        return self.recorder is not None and self.recorder.recording

    def evaluations(self) -> int:
        """Rule evaluations recorded in this account and region (the cost meter's count)."""
        return sum(r.evaluations for r in self.rules.values()) + self.deleted_evaluations
