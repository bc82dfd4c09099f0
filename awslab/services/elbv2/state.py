"""Elastic Load Balancing (v2) resources of one account and region."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class LoadBalancer:
    arn: str
    name: str
    dns_name: str
    created: datetime
    scheme: str
    lb_type: str
    vpc_id: str
    zones: list                        # (zone, subnet ID)
    security_groups: list
    tags: dict = field(default_factory=dict)
    state: str = "provisioning"


@dataclass
class TargetGroup:
    arn: str
    name: str
    protocol: str
    port: int
    vpc_id: str
    target_type: str = "instance"
    targets: dict = field(default_factory=dict)          # id -> port
    tags: dict = field(default_factory=dict)


@dataclass
class Listener:
    arn: str
    lb_arn: str
    protocol: str
    port: int
    actions: list
    certificates: list = field(default_factory=list)     # certificate ARNs (default first)
    ssl_policy: str | None = None


class State:
    """Load balancers, target groups and listeners."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.load_balancers: dict[str, LoadBalancer] = {}
        self.target_groups: dict[str, TargetGroup] = {}
        self.listeners: dict[str, Listener] = {}
