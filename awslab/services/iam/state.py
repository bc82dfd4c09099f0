"""IAM resources of one account (IAM is global): users, groups, roles, instance profiles,
customer managed policies, identity providers and MFA devices.

Names are unique without regard to case, as in IAM; lookups are case-insensitive too.
``generation`` counts changes: the enforcement cache of each caller's policies
(:mod:`awslab.services.iam.enforce`) is valid for one generation only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from awslab.services.iam.entities import (  # noqa: F401  (re-exported)
    AccessKey, CustomerPolicy, Group, InlinePolicy, MFADevice, OIDCProvider, PolicyVersion,
    SAMLProvider, User)


@dataclass
class Role:
    """An IAM role with its trust policy, inline and attached managed policies."""

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
    inline: dict[str, InlinePolicy] = field(default_factory=dict)
    trust: object = None                                  # the compiled trust policy


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
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.policies: dict[str, CustomerPolicy] = {}     # lower-case name -> policy
        self.saml_providers: dict[str, SAMLProvider] = {}     # ARN -> provider
        self.oidc_providers: dict[str, OIDCProvider] = {}     # ARN -> provider
        self.mfa_devices: dict[str, MFADevice] = {}           # serial -> device
        self.generation = 0
        self.policy_sets: dict = {}                       # enforcement cache (one generation)

    def changed(self) -> None:
        """Record a change: cached policy sets of this account's principals are stale."""
        self.generation += 1
        self.policy_sets.clear()

    # -- lookups --------------------------------------------------------------
    def role(self, name: str) -> Role | None:
        return self.roles.get(name.lower())

    def user(self, name: str) -> User | None:
        return self.users.get(name.lower())

    def group(self, name: str) -> Group | None:
        return self.groups.get(name.lower())

    def instance_profile(self, name: str) -> InstanceProfile | None:
        return self.instance_profiles.get(name.lower())

    def instance_profile_by_arn(self, arn: str) -> InstanceProfile | None:
        return next((p for p in self.instance_profiles.values() if p.arn == arn), None)

    def profiles_with_role(self, role_name: str) -> list[InstanceProfile]:
        low = role_name.lower()
        return [p for p in self.instance_profiles.values()
                if any(r.lower() == low for r in p.roles)]

    def customer_policy(self, arn: str) -> Optional[CustomerPolicy]:
        """The customer managed policy ``arn`` of this account, if it exists."""
        name = arn.rsplit("/", 1)[-1].lower()
        policy = self.policies.get(name)
        return policy if policy is not None and policy.arn == arn else None

    def access_key(self, key_id: str) -> Optional[AccessKey]:
        return next((k for u in self.users.values() for k in u.access_keys
                     if k.access_key_id == key_id), None)

    def entities_with_policy(self, arn: str) -> tuple[list, list, list]:
        """``(users, groups, roles)`` that have the managed policy ``arn`` attached."""
        return ([u for u in self.users.values() if arn in u.attached],
                [g for g in self.groups.values() if arn in g.attached],
                [r for r in self.roles.values() if arn in r.attached])

    def boundary_users(self, arn: str) -> int:
        """How many users and roles use ``arn`` as their permissions boundary."""
        return sum(1 for e in [*self.users.values(), *self.roles.values()]
                   if e.permissions_boundary == arn)
