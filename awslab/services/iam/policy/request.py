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
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from awslab.services.iam.policy.caller import (PRINCIPAL_TYPES, account_of, caller_facts,
                                               caller_keys, parent_arn as parent_of)
from awslab.services.iam.policy.context import Context
from awslab.services.iam.policy.document import Policy
from awslab.services.iam.policy.matching import Caller, account_root, partition_of


class once:
    """A read-only attribute computed on first use and kept on the instance (as
    :func:`functools.cached_property`, without the lock it takes on Python 3.11)."""

    def __init__(self, fn: Callable):
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True, init=False)
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

    Attributes
    ----------
    kind
        The principal type (given or guessed).
    account
        The caller's account (given, or from the ARN).
    ctx
        The request :class:`.Context`: ``context`` with the keys that follow from the
        caller filled in (unless the request gives them). It reads ``context`` on the
        first lookup and adds the caller's keys when a lookup first needs one.

    Notes
    -----
    A request is immutable; what it derives (``kind``, ``account`` and ``ctx`` when
    built, :attr:`caller`, :attr:`parent_arn` and :attr:`owner` on first use) is computed
    once and kept.
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

    def __init__(self, principal: str, action: str, resource: str = "*",
                 principal_type: Optional[str] = None,
                 principal_account: Optional[str] = None, role_arn: Optional[str] = None,
                 resource_account: Optional[str] = None,
                 context: Optional[Mapping[str, Any]] = None,
                 principal_tags: Optional[Mapping[str, str]] = None,
                 is_service_linked_role: bool = False, user_id: Optional[str] = None):
        kind, account = caller_facts(principal)
        kind, account = principal_type or kind, principal_account or account
        context = {} if context is None else context
        tags = {} if principal_tags is None else principal_tags
        own = self.__dict__          # frozen: the fields are set once, here
        own["principal"], own["action"], own["resource"] = principal, action, resource
        own["principal_type"], own["principal_account"] = principal_type, principal_account
        own["role_arn"], own["resource_account"] = role_arn, resource_account
        own["context"], own["principal_tags"] = context, tags
        own["is_service_linked_role"], own["user_id"] = is_service_linked_role, user_id
        own["kind"], own["account"] = kind, account
        own["ctx"] = Context(context, caller_keys,
                             (principal, kind, account, role_arn, user_id, tags))

    @once
    def parent_arn(self) -> Optional[str]:
        """The role ARN of a session (or the IAM user behind a federated session)."""
        return parent_of(self.principal, self.kind, self.role_arn)

    @once
    def owner(self) -> Optional[str]:
        """The account that owns the resource."""
        return self.resource_account or account_of(self.resource) or self.account

    @once
    def caller(self) -> Caller:
        """The caller as principal matching needs it."""
        return Caller(self.principal, self.account, self.kind,
                      parent_of(self.principal, self.kind, self.role_arn))

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

    Notes
    -----
    A policy set is read as immutable: :func:`.evaluate` keeps what it plans from it in
    ``plans`` (per type of caller, see :mod:`.plan`).
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
    plans: dict = field(default_factory=dict, init=False, compare=False, repr=False)

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
