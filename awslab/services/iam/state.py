"""IAM resources of one account (IAM is global): roles and instance profiles.

Names are unique without regard to case, as in IAM; lookups are case-insensitive too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Role:
    """An IAM role with its trust policy and attached managed policies."""

    name: str
    role_id: str
    arn: str
    path: str
    trust_policy: dict
    trust_policy_text: str
    create_date: datetime
    description: str | None = None
    max_session_duration: int = 3600
    permissions_boundary: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    attached: list[str] = field(default_factory=list)    # managed policy ARNs, in order


@dataclass
class InstanceProfile:
    """An instance profile: the container that hands a role to EC2 (at most one role)."""

    name: str
    profile_id: str
    arn: str
    path: str
    create_date: datetime
    roles: list[str] = field(default_factory=list)       # role names
    tags: dict[str, str] = field(default_factory=dict)


class State:
    """IAM in one account."""

    def __init__(self, account_id: str, region: str | None = None):
        self.account_id = account_id
        self.roles: dict[str, Role] = {}                  # lower-case name -> role
        self.instance_profiles: dict[str, InstanceProfile] = {}

    def role(self, name: str) -> Role | None:
        return self.roles.get(name.lower())

    def instance_profile(self, name: str) -> InstanceProfile | None:
        return self.instance_profiles.get(name.lower())

    def instance_profile_by_arn(self, arn: str) -> InstanceProfile | None:
        return next((p for p in self.instance_profiles.values() if p.arn == arn), None)

    def profiles_with_role(self, role_name: str) -> list[InstanceProfile]:
        low = role_name.lower()
        return [p for p in self.instance_profiles.values()
                if any(r.lower() == low for r in p.roles)]
