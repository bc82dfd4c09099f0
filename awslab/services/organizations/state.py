"""Organizations data: an organization (root, OUs, accounts, policies, attachments) and,
per account, which organization it belongs to and the handshakes it can see.

The organization lives in the state of its management account; a member's state points
to its management account (:attr:`State.management`). Handshakes are shared objects kept
in the states of both parties.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"
POLICY_TYPES = (SCP, RCP, "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY")


@dataclass
class Node:
    """The root or an organizational unit."""

    id: str
    arn: str
    name: str
    parent_id: Optional[str]          # None for the root
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "ROOT" if self.parent_id is None else "ORGANIZATIONAL_UNIT"


@dataclass
class Member:
    """An account in an organization (the management account included)."""

    id: str
    arn: str
    name: str
    email: str
    parent_id: str
    joined_method: str                # CREATED or INVITED
    joined: datetime
    created: datetime                 # when the account itself was created
    tags: dict[str, str] = field(default_factory=dict)
    standalone_ready: bool = True     # payment method, phone, EULA: can leave


@dataclass
class OrgPolicy:
    """A policy of the organization (customer-managed or AWS-managed)."""

    id: str
    arn: str
    name: str
    type: str
    content: str
    description: str = ""
    aws_managed: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    compiled: Any = None              # the engine's Policy (SCP/RCP), built on use


@dataclass
class Handshake:
    """An invitation (or another handshake) between an organization and an account."""

    id: str
    arn: str
    action: str
    organization_id: str
    management: str                   # the inviting management account
    target: str                       # the invited account
    notes: str
    requested: datetime
    expires: datetime
    state: str = "OPEN"
    master_email: str = ""
    master_name: str = ""
    feature_set: str = "ALL"          # of the organization, when the handshake was made
    parent: Optional[str] = None      # APPROVE_ALL_FEATURES: its ENABLE_ALL_FEATURES
    job: Any = None                   # expiry on the lab's clock


@dataclass
class CreateAccountStatus:
    """One CreateAccount request."""

    id: str
    name: str
    requested: datetime
    state: str = "IN_PROGRESS"
    account_id: Optional[str] = None
    completed: Optional[datetime] = None
    failure: Optional[str] = None


@dataclass
class Organization:
    """An organization: its tree, accounts, policies and where they are attached."""

    id: str
    arn: str
    management: str
    management_email: str
    feature_set: str
    root: Node
    created: datetime
    units: dict[str, Node] = field(default_factory=dict)          # OUs by ID
    accounts: dict[str, Member] = field(default_factory=dict)     # by account ID
    policies: dict[str, OrgPolicy] = field(default_factory=dict)  # customer policies
    attachments: dict[str, list[str]] = field(default_factory=dict)   # target -> policy IDs
    enabled: list[str] = field(default_factory=list)              # enabled policy types
    statuses: dict[str, CreateAccountStatus] = field(default_factory=dict)
    handshakes: dict[str, Handshake] = field(default_factory=dict)
    service_access: dict = field(default_factory=dict)   # service principal -> enabled at
    levels_cache: dict = field(default_factory=dict)     # (account, type) -> (gen, levels)

    def node(self, node_id: str) -> Optional[Node]:
        """The root or OU with this ID."""
        return self.root if node_id == self.root.id else self.units.get(node_id)


class State:
    """Organizations as one account sees it."""

    def __init__(self, account_id: str, region: str | None = None):
        self.account_id = account_id
        self.organization: Optional[Organization] = None   # set in the management account
        self.management: Optional[str] = None               # the org's management account
        self.handshakes: dict[str, Handshake] = {}          # received invitations
        self.left: list[tuple[str, datetime]] = []          # (org ID, when) history
