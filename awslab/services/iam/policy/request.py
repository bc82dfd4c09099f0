"""What :func:`.evaluate` reads: the :class:`Request` and the :class:`PolicySet`.

The request carries the caller (its ARN, account, type, the role of a session, tags,
whether it is a service-linked role), the action, the resource and the condition keys.
Keys that follow from the caller are filled in unless the caller gives them:
``aws:PrincipalArn`` (the *role* ARN for a role session), ``aws:PrincipalAccount``,
``aws:PrincipalType``, ``aws:username`` (IAM users only), ``aws:userid``,
``aws:PrincipalTag/<key>``, ``aws:PrincipalIsAWSService`` and
``aws:PrincipalServiceName``.

The policy set carries every policy that may apply, grouped by layer, and the
Organizations facts: SCP and RCP levels from the root through each OU to the account
(``None``: no organization, or the policy type is not enabled), whether the caller's
account is the management account (SCPs do not apply) and whether the resource is in the
management account (RCPs do not apply).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, Optional, Sequence, Union

from awslab.services.iam.policy.context import Context
from awslab.services.iam.policy.document import Policy
from awslab.services.iam.policy.matching import Caller, account_root, partition_of

PRINCIPAL_TYPES = ("Root", "IAMUser", "AssumedRole", "FederatedUser", "Service",
                   "WebIdentity", "SAML", "Anonymous")
_PRINCIPAL_TYPE_KEY = {"Root": "Account", "IAMUser": "User", "AssumedRole": "AssumedRole",
                       "FederatedUser": "FederatedUser", "Anonymous": "Anonymous"}


def _guess_type(arn: str) -> str:
    if not arn.startswith("arn:"):
        return "Service" if arn.endswith(".amazonaws.com") else "Anonymous"
    resource = arn.split(":", 5)[-1]
    if resource == "root":
        return "Root"
    if resource.startswith("assumed-role/"):
        return "AssumedRole"
    if resource.startswith("federated-user/"):
        return "FederatedUser"
    return "IAMUser"


def _account_of(arn: str) -> Optional[str]:
    parts = arn.split(":", 5)
    return parts[4] or None if len(parts) == 6 and parts[0] == "arn" else None


def _role_of_session(arn: str) -> Optional[str]:
    """``arn:aws:sts::A:assumed-role/R/S`` -> ``arn:aws:iam::A:role/R`` (no path known)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("assumed-role/"):
        return None
    role = parts[5].split("/")[1]
    return f"arn:{parts[1]}:iam::{parts[4]}:role/{role}"


@dataclass(frozen=True)
class Request:
    """One request to authorise.

    Parameters
    ----------
    principal
        The caller's ARN: ``arn:aws:iam::A:user/U``, ``arn:aws:sts::A:assumed-role/R/S``,
        ``arn:aws:sts::A:federated-user/N``, ``arn:aws:iam::A:root``; a service principal
        name (``cloudtrail.amazonaws.com``) for a service; an identity provider for
        ``WebIdentity``/``SAML``.
    action
        ``service:Action`` (``s3:GetObject``).
    resource
        The resource ARN, ``"*"`` for actions without resource-level permissions.
    principal_type
        One of :data:`PRINCIPAL_TYPES`; guessed from ``principal`` when ``None``.
    principal_account
        The caller's account; taken from the ARN when ``None``.
    role_arn
        For a role session, the role's ARN (with its path); for a GetFederationToken
        session, the IAM user's ARN. Guessed (without path) for role sessions.
    resource_account
        The account that owns the resource; taken from the ARN, else the caller's.
    context
        Condition keys -> value(s); see :mod:`.context` for how values are read.
    principal_tags
        Tags of the caller (user or role, plus session tags).
    is_service_linked_role
        Service-linked roles are exempt from SCPs and RCPs.
    user_id
        The unique ID for ``aws:userid`` (``AIDA...`` or ``AROA...:session``).
    """

    principal: str
    action: str
    resource: str = "*"
    principal_type: Optional[str] = None
    principal_account: Optional[str] = None
    role_arn: Optional[str] = None
    resource_account: Optional[str] = None
    context: Mapping[str, Any] = field(default_factory=dict)
    principal_tags: Mapping[str, str] = field(default_factory=dict)
    is_service_linked_role: bool = False
    user_id: Optional[str] = None

    @cached_property
    def kind(self) -> str:
        """The principal type (given or guessed)."""
        return self.principal_type or _guess_type(self.principal)

    @cached_property
    def account(self) -> Optional[str]:
        """The caller's account."""
        return self.principal_account or _account_of(self.principal)

    @cached_property
    def parent_arn(self) -> Optional[str]:
        """The role ARN of a session (or the IAM user behind a federated session)."""
        if self.role_arn:
            return self.role_arn
        return _role_of_session(self.principal) if self.kind == "AssumedRole" else None

    @cached_property
    def owner(self) -> Optional[str]:
        """The account that owns the resource."""
        return self.resource_account or _account_of(self.resource) or self.account

    @cached_property
    def caller(self) -> Caller:
        return Caller(self.principal, self.account, self.kind, self.parent_arn)

    @cached_property
    def ctx(self) -> Context:
        """The request context with the keys that follow from the caller filled in."""
        ctx = Context(self.context)
        kind = self.kind
        service = kind == "Service"
        if not service and kind in _PRINCIPAL_TYPE_KEY:
            arn = self.parent_arn if kind == "AssumedRole" and self.parent_arn \
                else self.principal
            ctx.setdefault("aws:PrincipalArn", arn)
            ctx.setdefault("aws:PrincipalType", _PRINCIPAL_TYPE_KEY[kind])
        if self.account and not service:
            ctx.setdefault("aws:PrincipalAccount", self.account)
        if kind == "IAMUser":
            ctx.setdefault("aws:username", self.principal.rsplit("/", 1)[-1])
        if self.user_id:
            ctx.setdefault("aws:userid", self.user_id)
        elif kind == "Root" and self.account:
            ctx.setdefault("aws:userid", self.account)
        ctx.setdefault("aws:PrincipalIsAWSService", service)
        if service:
            ctx.setdefault("aws:PrincipalServiceName", self.principal)
        for key, value in self.principal_tags.items():
            ctx.setdefault(f"aws:PrincipalTag/{key}", value)
        return ctx

    def describe(self) -> str:
        """``s3:GetObject on arn:aws:s3:::b/k by arn:aws:iam::1:user/alice``."""
        return f"{self.action} on {self.resource} by {self.principal}"


@dataclass(frozen=True)
class OrgLevel:
    """The policies attached at one level of the organization path."""

    label: str
    policies: tuple


LevelsInput = Optional[Sequence[Union[OrgLevel, Sequence[Policy], tuple]]]


def _default_label(i: int, n: int) -> str:
    if i == 0:
        return "root"
    return "account" if i == n - 1 else f"OU {i}"


def org_levels(levels: LevelsInput) -> Optional[tuple]:
    """Normalise SCP/RCP levels: ``OrgLevel``, ``(label, [policies])`` or ``[policies]``."""
    if levels is None:
        return None
    out = []
    for i, level in enumerate(levels):
        if isinstance(level, OrgLevel):
            out.append(level)
        elif isinstance(level, tuple) and len(level) == 2 and isinstance(level[0], str):
            out.append(OrgLevel(level[0], tuple(level[1])))
        else:
            out.append(OrgLevel(_default_label(i, len(levels)), tuple(level)))
    return tuple(out)


@dataclass(frozen=True)
class PolicySet:
    """Every policy that may take part in one decision.

    Parameters
    ----------
    identity
        Identity-based policies of the caller: its own inline and managed policies and
        those of its groups (set ``name``/``source`` with :meth:`.Policy.named`).
    boundary
        The permissions boundary of the user or role, if any.
    session
        Session policies passed to AssumeRole*/GetFederationToken (``None``: none
        passed; a GetFederationToken session without one has no permissions).
    resource
        The resource-based policy (bucket policy, trust policy, key policy...).
    scps, rcps
        Levels from the root through each OU to the account; each level is an
        :class:`OrgLevel`, a ``(label, [policies])`` pair or a list of policies. SCPs are
        those of the caller's account, RCPs those of the resource's. ``None``: no
        organization, or the policy type is not enabled.
    management_account
        The caller's account is the organization's management account: SCPs do not apply.
    resource_in_management_account
        RCPs do not apply to resources of the management account.
    resource_policy_required
        The resource policy must allow the caller even within one account (role trust
        policies and KMS key policies); set automatically for a ``trust`` policy.
    resource_account
        The account that owns the resource (and its policy), when the request does not
        say (an S3 bucket ARN has no account in it).
    """

    identity: Sequence[Policy] = ()
    boundary: Optional[Policy] = None
    session: Optional[Sequence[Policy]] = None
    resource: Optional[Policy] = None
    scps: LevelsInput = None
    rcps: LevelsInput = None
    management_account: bool = False
    resource_in_management_account: bool = False
    resource_policy_required: bool = False
    resource_account: Optional[str] = None

    @cached_property
    def scp_levels(self) -> Optional[tuple]:
        return org_levels(self.scps)

    @cached_property
    def rcp_levels(self) -> Optional[tuple]:
        return org_levels(self.rcps)

    @property
    def requires_resource_policy(self) -> bool:
        return self.resource_policy_required or (
            self.resource is not None and self.resource.kind == "trust")


__all__ = ["Request", "PolicySet", "OrgLevel", "PRINCIPAL_TYPES", "account_root",
           "partition_of"]
