"""Identity pools and the identities they issued, in one account and region."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class IdentityPool:
    """An identity pool: which providers it accepts and the roles it hands out."""

    pool_id: str                     # "us-east-1:<uuid>"
    name: str
    allow_unauthenticated: bool
    allow_classic_flow: bool = False
    login_providers: dict = field(default_factory=dict)     # "accounts.google.com" -> app id
    developer_provider: str | None = None
    oidc_providers: list = field(default_factory=list)      # IAM OIDC provider ARNs
    cognito_providers: list = field(default_factory=list)   # user pool {ProviderName, ClientId}
    saml_providers: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)               # "authenticated"/"unauthenticated"
    role_mappings: dict = field(default_factory=dict)


@dataclass
class Identity:
    """One identity of a pool: a guest (no logins) or the logins that proved it."""

    identity_id: str
    pool_id: str
    created: datetime
    logins: dict = field(default_factory=dict)              # provider -> subject


class State:
    """Cognito identity pools of one account in one region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.pools: dict[str, IdentityPool] = {}
        self.identities: dict[str, Identity] = {}

    def find_login(self, pool_id: str, provider: str, subject: str) -> Identity | None:
        """The identity a provider's user already has in the pool."""
        return next((i for i in self.identities.values() if i.pool_id == pool_id and
                     i.logins.get(provider) == subject), None)
