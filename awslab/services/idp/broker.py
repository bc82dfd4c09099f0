"""A custom identity broker: the do-it-yourself federation of the source notes, for an
identity store that speaks no SAML.

The broker is an application with its own long-term IAM credentials. It checks the user's
password against the corporate directory, **decides the permissions itself**, and calls
STS:

* ``GetFederationToken`` (the original pattern): a *federated user*
  ``arn:aws:sts::ACCOUNT:federated-user/NAME``; its permissions are the broker user's
  policies intersected with the session policy the broker passes (no session policy, no
  permissions); up to 36 hours; cannot call IAM, nor STS except GetCallerIdentity.
* ``AssumeRole`` (what AWS recommends today): a role session chosen by the broker per
  group, optionally narrowed by a session policy; up to the role's maximum session.

It then turns the credentials into a console URL through the federation endpoint
(:mod:`.signin`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Optional

from awslab.errors import AwslabError
from awslab.services.idp import signin
from awslab.services.idp.onprem import CorporateDirectory

METHODS = ("GetFederationToken", "AssumeRole")


@dataclass
class BrokerLogin:
    """What the broker hands the user: credentials, who they are, the console URL."""

    method: str
    arn: str
    credentials: dict
    console_url: str
    policy: Optional[dict]

    @property
    def keys(self) -> dict:
        c = self.credentials
        return {"aws_access_key_id": c["AccessKeyId"],
                "aws_secret_access_key": c["SecretAccessKey"],
                "aws_session_token": c["SessionToken"]}


class IdentityBroker:
    """A broker for ``directory`` calling STS with ``broker_keys`` (``lab.client``
    keyword arguments of its IAM user).

    ``policy_for(groups) -> dict | None`` is the broker's decision (a session policy);
    with ``method="AssumeRole"``, ``role_for(groups) -> role ARN`` picks the role.
    """

    def __init__(self, lab, directory: CorporateDirectory, broker_keys: dict,
                 method: str = "GetFederationToken",
                 policy_for: Optional[Callable] = None, role_for: Optional[Callable] = None,
                 issuer: str = "https://broker.corp.example.com"):
        if method not in METHODS:
            raise AwslabError(f"a broker calls one of {', '.join(METHODS)}")
        if method == "AssumeRole" and role_for is None:
            raise AwslabError("an AssumeRole broker needs role_for(groups) -> role ARN")
        self.lab, self.directory, self.keys = lab, directory, broker_keys
        self.method, self.policy_for, self.role_for = method, policy_for, role_for
        self.issuer = issuer

    def sign_in(self, user: str, password: str, duration: int = 3600) -> BrokerLogin:
        """Authenticate ``user``, get their credentials from STS and the console URL.

        STS errors arrive as botocore ClientError (the broker's own IAM user needs
        ``sts:GetFederationToken`` or ``sts:AssumeRole``)."""
        if not self.directory.authenticate(user, password):
            raise AwslabError("broker: the user name or password is incorrect")
        entry = self.directory.user(user)
        groups = list(entry["groups"])
        policy = self.policy_for(groups) if self.policy_for else None
        extra = {"Policy": json.dumps(policy)} if policy else {}
        sts = self.lab.client("sts", **self.keys)
        if self.method == "GetFederationToken":
            answer = sts.get_federation_token(Name=entry["name"][:32], DurationSeconds=duration,
                                              **extra)
            arn = answer["FederatedUser"]["Arn"]
        else:
            answer = sts.assume_role(RoleArn=self.role_for(groups), DurationSeconds=duration,
                                     RoleSessionName=entry["name"][:64], **extra)
            arn = answer["AssumedRoleUser"]["Arn"]
        creds = answer["Credentials"]
        token = signin.get_signin_token(self.lab, creds)
        return BrokerLogin(self.method, arn, creds, signin.login_url(token, self.issuer),
                           policy)
