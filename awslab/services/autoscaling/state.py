"""Auto Scaling resources of one account in one region: launch configurations, groups,
their instances, scaling policies and scaling activities.

The state holds data only; the controller (``controller.py``) and the operations change it
on the lab's clock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class LaunchConfiguration:
    """A launch configuration (the older way to say what a group launches)."""

    name: str
    arn: str
    image_id: str
    instance_type: str
    created: datetime
    monitoring: bool = True               # launch configurations default to detailed
    key_name: str | None = None
    iam_instance_profile: str | None = None
    security_groups: list[str] = field(default_factory=list)


@dataclass
class Activity:
    """One scaling activity (a launch or a termination of one instance)."""

    activity_id: str
    group_name: str
    group_arn: str
    description: str
    cause: str
    start: datetime
    details: str
    instance_id: str | None = None
    end: datetime | None = None
    status: str = "InProgress"
    status_message: str | None = None
    progress: int = 0

    def finish(self, t: datetime, status: str = "Successful",
               message: str | None = None) -> None:
        self.end, self.status, self.progress = t, status, 100
        self.status_message = message


@dataclass
class Member:
    """An instance of a group, as Auto Scaling tracks it."""

    instance_id: str
    availability_zone: str
    subnet_id: str
    instance_type: str
    launched: datetime
    warmup: float | None = None           # seconds of warm-up once in service
    lifecycle: str = "Pending"            # Pending -> InService -> Terminating
    health: str = "Healthy"
    in_service_at: datetime | None = None
    protected: bool = False
    activity: Activity | None = None      # the launch or termination in progress

    def warming(self, now: datetime) -> bool:
        """Still warming up (launched recently; step scaling does not count it yet)."""
        if self.warmup is None or self.lifecycle not in ("Pending", "InService"):
            return False
        return self.in_service_at is None or (
            (now - self.in_service_at).total_seconds() < self.warmup)


@dataclass
class Policy:
    """A simple or step scaling policy."""

    name: str
    arn: str
    group_name: str
    policy_type: str
    adjustment_type: str
    scaling_adjustment: int | None = None
    min_adjustment_magnitude: int | None = None
    cooldown: int | None = None
    step_adjustments: list[dict] = field(default_factory=list)
    metric_aggregation_type: str | None = None
    estimated_warmup: int | None = None
    enabled: bool = True


@dataclass
class Group:
    """An Auto Scaling group."""

    name: str
    arn: str
    launch: dict                          # {"LaunchConfigurationName"} or {"LaunchTemplate"}
    min_size: int
    max_size: int
    desired: int
    default_cooldown: int
    subnets: list[tuple[str, str]]        # (subnet ID, Availability Zone)
    vpc_zone_identifier: str
    created: datetime
    load: Any                             # workloads.GroupLoad shared by its instances
    health_check_type: str = "EC2"
    grace_period: int = 0
    default_warmup: int | None = None
    placement_group: str | None = None
    protect_new: bool = False
    tags: list[dict] = field(default_factory=list)
    termination_policies: list[str] = field(default_factory=lambda: ["Default"])
    members: dict[str, Member] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    cause: str | None = None              # why desired capacity last changed (not yet used)
    launch_warmup: int | None = None      # warm-up of the instances that change launches
    cooldown_until: datetime | None = None
    cooldown_after: int | None = None     # seconds of cooldown once activities complete
    retry_at: datetime | None = None      # after a failed launch
    serving: tuple = ()                   # instances last told to share the load
    status: str | None = None             # "Delete in progress"
    job: Any = None                       # the controller's clock job

    @property
    def live(self) -> list[Member]:
        """Members that count toward capacity (pending or in service)."""
        return [m for m in self.members.values() if m.lifecycle in ("Pending", "InService")]

    def warmup_for(self, policy: Policy | None) -> int | None:
        """Warm-up of instances a policy launches (its own, else the group's)."""
        if policy is not None and policy.policy_type == "StepScaling":
            if policy.estimated_warmup is not None:
                return policy.estimated_warmup
            return self.default_warmup if self.default_warmup is not None else (
                self.default_cooldown)
        return self.default_warmup


class State:
    """Auto Scaling in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.launch_configurations: dict[str, LaunchConfiguration] = {}
        self.groups: dict[str, Group] = {}
        self.activities: list[Activity] = []        # every activity, oldest first
        self.deleted: set[str] = set()              # group ARNs deleted

    def arn(self, kind: str, uid: str, path: str) -> str:
        return f"arn:aws:autoscaling:{self.region}:{self.account_id}:{kind}:{uid}:{path}"

    def policy_by_arn(self, arn: str) -> tuple[Group, Policy] | None:
        for group in self.groups.values():
            for policy in group.policies.values():
                if policy.arn == arn:
                    return group, policy
        return None
