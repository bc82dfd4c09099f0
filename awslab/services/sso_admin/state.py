"""IAM Identity Center instances, permission sets, account assignments and the status
of the asynchronous requests that provision them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional


@dataclass
class PermissionSet:
    """A template of policies that becomes a role in each account it is assigned to."""

    arn: str
    name: str
    created: datetime
    description: Optional[str] = None
    session_duration: str = "PT1H"
    relay_state: Optional[str] = None
    managed: list = field(default_factory=list)          # AWS managed policy ARNs
    inline: Optional[str] = None
    version: int = 1                                      # bumped by every change
    provisioned: dict = field(default_factory=dict)       # account -> version provisioned
    tags: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    account_id: str
    permission_set_arn: str
    principal_type: str                                   # USER or GROUP
    principal_id: str


@dataclass
class Instance:
    """An Identity Center instance: ORGANIZATION (manages access to the organization's
    accounts) or ACCOUNT (one account's applications only)."""

    arn: str
    kind: str
    owner: str
    region: str
    store_id: str
    created: datetime
    name: Optional[str] = None
    identity_source: dict = field(default_factory=lambda: {
        "type": "IDENTITY_CENTER_DIRECTORY"})
    permission_sets: dict[str, PermissionSet] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    requests: dict[str, dict] = field(default_factory=dict)   # request ID -> status
    tokens: dict[str, dict] = field(default_factory=dict)     # portal access tokens

    @property
    def instance_id(self) -> str:
        return self.arn.rsplit("/", 1)[-1]


class State:
    """Identity Center in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.instances: dict[str, Instance] = {}
