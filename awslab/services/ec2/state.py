"""EC2 resources of one account in one region: instances, profile associations, subnets,
Elastic IP addresses, placement groups and launch templates.

The state holds data only; times, IDs and randomness are passed in by the operations and
the lifecycle (``lifecycle.py``), which put the state machine on the lab's clock.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from awslab.workloads import Spike

# EC2's numeric state codes (the low byte of InstanceState.Code).
STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48,
               "stopping": 64, "stopped": 80}
AZ_LETTERS = "abcdef"


def _stable_hex(*parts: str, n: int = 17) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:n]


@dataclass(frozen=True)
class Subnet:
    """A default subnet of the default VPC (172.31.0.0/16, one /20 per zone)."""

    subnet_id: str
    vpc_id: str
    availability_zone: str
    index: int

    @property
    def cidr(self) -> str:
        return f"172.31.{16 * self.index}.0/20"

    def address(self, host: int) -> str:
        """The ``host``-th address of the subnet (AWS reserves the first four)."""
        host = 4 + host % 4090
        return f"172.31.{16 * self.index + host // 256}.{host % 256}"


@dataclass
class ProfileAssociation:
    """An IAM instance profile associated with an instance."""

    association_id: str
    instance_id: str
    profile_arn: str
    profile_id: str
    state: str
    timestamp: datetime


@dataclass
class Instance:
    """One EC2 instance and what the simulator keeps about it."""

    instance_id: str
    reservation_id: str
    owner_id: str
    region: str
    image_id: str
    instance_type: str
    launch_index: int
    workload_key: str
    subnet: Subnet
    private_ip: str
    launch_time: datetime
    platform: str | None = None
    key_name: str | None = None
    client_token: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    state: str = "pending"
    state_reason: tuple[str, str] | None = ("pending", "pending")
    transition_reason: str = ""
    monitoring: str = "disabled"
    public_ip: str | None = None
    generation: int = 0                  # bumped on each transition; stale timers check it
    running_since: datetime | None = None
    terminated_at: datetime | None = None
    runs: list[list] = field(default_factory=list)   # [first minute, end minute or None]
    spikes: list[Spike] = field(default_factory=list)
    impaired: dict[str, datetime] = field(default_factory=dict)  # "system"/"instance"
    association: ProfileAssociation | None = None
    credit_balance: float = 0.0
    publisher: Any = None                # the clock job publishing AWS/EC2 metrics
    published_through: int = -1          # last epoch minute published
    pending_minutes: list = field(default_factory=list)   # basic: minutes not yet sent
    agent: Any = None                    # CloudWatchAgent, when installed
    placement_group: str | None = None
    host_moves: int = 0                  # new hardware after each stop/start or recovery
    booted_at: datetime | None = None    # last (re)boot: uptime and memory start here
    memory_reset_at: datetime | None = None   # reboot/recovery: in-memory data lost
    rebooting: bool = False
    recoveries: list[datetime] = field(default_factory=list)   # recover attempts
    address: Any = None                  # the associated Elastic IP (Address)
    load: Any = None                     # workloads.GroupLoad of its Auto Scaling group
    load_shares: list[tuple[int, int]] = field(default_factory=list)  # (minute, sharers)
    fault_jobs: dict[str, Any] = field(default_factory=dict)   # check -> timed clear job

    @property
    def state_code(self) -> int:
        return STATE_CODES[self.state]

    @property
    def public_address(self) -> str | None:
        """The public IPv4 address the instance answers on (its Elastic IP, if any)."""
        return self.address.public_ip if self.address is not None else self.public_ip

    @property
    def host(self) -> str:
        """The physical host the instance runs on (a stable ID; recovery changes it)."""
        return "h-0" + _stable_hex(self.instance_id, "host", str(self.host_moves), n=16)

    @property
    def private_dns(self) -> str:
        host = "ip-" + self.private_ip.replace(".", "-")
        if self.region == "us-east-1":
            return f"{host}.ec2.internal"
        return f"{host}.{self.region}.compute.internal"

    @property
    def availability_zone(self) -> str:
        return self.subnet.availability_zone


@dataclass
class Address:
    """An Elastic IP address (VPC domain)."""

    allocation_id: str
    public_ip: str
    tags: dict[str, str] = field(default_factory=dict)
    association_id: str | None = None
    instance_id: str | None = None
    private_ip: str | None = None


@dataclass
class PlacementGroup:
    """A placement group (cluster, spread or partition)."""

    group_id: str
    name: str
    strategy: str
    arn: str
    partition_count: int | None = None
    spread_level: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class LaunchTemplate:
    """A launch template with one version (the default and latest)."""

    template_id: str
    name: str
    data: dict
    created: datetime
    created_by: str
    description: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


class State:
    """EC2 in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.vpc_id = "vpc-0" + _stable_hex(account_id, region, "vpc", n=16)
        self.security_group_id = "sg-0" + _stable_hex(account_id, region, "sg", n=16)
        self.subnets = {}
        for i, letter in enumerate(AZ_LETTERS):
            sid = "subnet-0" + _stable_hex(account_id, region, letter, n=16)
            self.subnets[sid] = Subnet(sid, self.vpc_id, f"{region}{letter}", i)
        self.instances: dict[str, Instance] = {}
        self.retired: dict[str, Instance] = {}     # gone from Describe*, kept for truth
        self.associations: dict[str, ProfileAssociation] = {}
        self.launches = 0                          # instances ever launched (workload keys)
        self.aggregate_buffer: dict[int, list] = {}
        self.aggregator: Any = None
        self.addresses: dict[str, Address] = {}
        self.placement_groups: dict[str, PlacementGroup] = {}
        self.launch_templates: dict[str, LaunchTemplate] = {}
        self.vpcs: dict = {}                       # VPC ID -> Vpc (operations/vpcs.py)
        self.vpc_subnets: dict = {}                # subnet ID -> VpcSubnet of custom VPCs
        self.shared_subnets: dict = {}             # subnet ID -> VpcSubnet shared via RAM
        self.transit_gateways: dict = {}           # TGW ID -> TransitGateway
        self.shared_transit_gateways: dict = {}    # TGW ID -> TransitGateway shared via RAM
        self.security_groups: dict = {}            # group ID -> SecurityGroup (security_groups.py)
        self.volumes: dict = {}                    # volume ID -> Volume (volumes.py)

    def find(self, instance_id: str) -> Instance | None:
        """A visible instance by ID (terminated ones stay visible for about an hour)."""
        return self.instances.get(instance_id)

    def any_instance(self, instance_id: str) -> Instance | None:
        """An instance by ID, including those no longer visible through the API."""
        return self.instances.get(instance_id) or self.retired.get(instance_id)

    def next_workload_key(self) -> str:
        key = f"{self.account_id}/{self.region}/{self.launches}"
        self.launches += 1
        return key

    def subnet_for(self, index: int) -> Subnet:
        return list(self.subnets.values())[index % len(self.subnets)]
