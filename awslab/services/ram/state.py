"""AWS RAM in one account and region: the resource shares it owns and the invitations it
received."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Association:
    """A resource or a principal associated with a share."""

    entity: str                       # resource ARN, account ID, organization or OU ARN
    kind: str                         # RESOURCE or PRINCIPAL
    created: datetime
    updated: datetime
    status: str = "ASSOCIATED"
    message: str = ""
    external: bool = False


@dataclass
class ResourceShare:
    arn: str
    name: str
    owner: str
    region: str
    allow_external: bool
    created: datetime
    updated: datetime
    status: str = "ACTIVE"
    tags: dict[str, str] = field(default_factory=dict)
    resources: dict[str, Association] = field(default_factory=dict)
    principals: dict[str, Association] = field(default_factory=dict)


@dataclass
class Invitation:
    arn: str
    share: ResourceShare
    sender: str
    receiver: str
    sent: datetime
    status: str = "PENDING"
    job: Any = None


class State:
    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.shares: dict[str, ResourceShare] = {}        # owned, by ARN
        self.invitations: dict[str, Invitation] = {}      # received, by ARN
