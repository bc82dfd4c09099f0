"""IAM resources beyond roles and instance profiles: users, groups, access keys, customer
managed policies and their versions, inline policies, identity providers and MFA devices.

Every policy document is kept twice: the text as the caller sent it (IAM answers it back,
URL-encoded) and the engine's compiled :class:`~awslab.services.iam.policy.Policy`, parsed
once when the document is stored, so that authorising a call never parses JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from awslab.services.iam.policy import Policy


@dataclass
class InlinePolicy:
    """An inline policy embedded in one user, group or role."""

    name: str
    text: str
    policy: Policy


@dataclass
class AccessKey:
    """A long-term access key of an IAM user (``AKIA...``)."""

    access_key_id: str
    secret: str
    user_name: str
    create_date: datetime
    status: str = "Active"
    credentials: Any = None            # the lab's Credentials, registered while Active
    last_used: Optional[datetime] = None
    last_service: Optional[str] = None
    last_region: Optional[str] = None


@dataclass
class User:
    """An IAM user."""

    name: str
    user_id: str
    arn: str
    path: str
    create_date: datetime
    tags: dict[str, str] = field(default_factory=dict)
    inline: dict[str, InlinePolicy] = field(default_factory=dict)     # lower name -> policy
    attached: list[str] = field(default_factory=list)                 # managed policy ARNs
    permissions_boundary: Optional[str] = None
    groups: list[str] = field(default_factory=list)                   # group names, in order
    access_keys: list[AccessKey] = field(default_factory=list)
    mfa_devices: list[str] = field(default_factory=list)              # serial numbers


@dataclass
class Group:
    """An IAM group: a set of users sharing its policies (no boundary, no credentials)."""

    name: str
    group_id: str
    arn: str
    path: str
    create_date: datetime
    inline: dict[str, InlinePolicy] = field(default_factory=dict)
    attached: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)                  # user names


@dataclass
class PolicyVersion:
    """One version of a customer managed policy (``v1``, ``v2``...)."""

    version_id: str
    text: str
    policy: Policy
    create_date: datetime


@dataclass
class CustomerPolicy:
    """A customer managed policy: up to five versions, one of them the default."""

    name: str
    policy_id: str
    arn: str
    path: str
    create_date: datetime
    update_date: datetime
    description: Optional[str] = None
    versions: list[PolicyVersion] = field(default_factory=list)
    default_version_id: str = "v1"
    next_version: int = 2
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def default(self) -> PolicyVersion:
        return next(v for v in self.versions if v.version_id == self.default_version_id)

    def version(self, version_id: str) -> Optional[PolicyVersion]:
        return next((v for v in self.versions if v.version_id == version_id), None)


@dataclass
class SAMLProvider:
    """A SAML 2.0 identity provider the account trusts (``saml-provider/Name``)."""

    name: str
    arn: str
    metadata: str
    uuid: str
    create_date: datetime
    valid_until: datetime
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class OIDCProvider:
    """An OpenID Connect identity provider (``oidc-provider/host/path``)."""

    url: str                     # without the https:// scheme, as IAM keys it
    arn: str
    client_ids: list[str]
    thumbprints: list[str]
    create_date: datetime
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class MFADevice:
    """A virtual MFA device: a TOTP seed, enabled for at most one user."""

    serial: str
    name: str
    path: str
    seed: str                    # base32, as CreateVirtualMFADevice returns it
    user_name: Optional[str] = None
    enable_date: Optional[datetime] = None
    tags: dict[str, str] = field(default_factory=dict)
