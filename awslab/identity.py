"""Who is calling: principals and the credentials that stand for them.

Every client the lab hands out carries access keys; the bridge looks them up here to find
the caller (an IAM user, an assumed-role session, ...). The IAM engine decides what the
caller may do; this module only knows who it is and until when its keys are valid.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Principal:
    """A caller as CloudTrail's ``userIdentity`` and STS's GetCallerIdentity see it."""

    kind: str            # "IAMUser", "AssumedRole", "Root", "FederatedUser", ...
    account_id: str
    arn: str
    principal_id: str    # AIDA... for users, AROA...:session for role sessions
    name: str
    # Temporary credentials only: how they were issued ("type": AssumeRole,
    # GetSessionToken...), the role, session policies and tags, MFA time, source identity
    # (see awslab.services.sts.sessions). Empty for long-term keys.
    session: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Credentials:
    """A key pair (and session token for temporary credentials) bound to a principal."""

    access_key_id: str
    secret_access_key: str
    principal: Principal
    session_token: str | None = None
    expiration: datetime | None = None

    def as_client_kwargs(self) -> dict:
        """The keyword arguments ``lab.client(...)`` takes for these credentials."""
        kw = {"aws_access_key_id": self.access_key_id,
              "aws_secret_access_key": self.secret_access_key}
        if self.session_token:
            kw["aws_session_token"] = self.session_token
        return kw


class CredentialStore:
    """Access keys known to the lab, by access key ID."""

    def __init__(self):
        self._by_key: dict[str, Credentials] = {}

    def add(self, creds: Credentials) -> Credentials:
        self._by_key[creds.access_key_id] = creds
        return creds

    def get(self, access_key_id: str | None) -> Credentials | None:
        return self._by_key.get(access_key_id or "")

    def revoke(self, access_key_id: str) -> None:
        self._by_key.pop(access_key_id, None)

    def all(self) -> list[Credentials]:
        """Every registered credential, oldest first."""
        return list(self._by_key.values())
