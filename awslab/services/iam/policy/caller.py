"""Who is asking: what a principal ARN says about the caller, and the condition keys that
follow from it (see :mod:`.request`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Optional

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


def account_of(arn: str) -> Optional[str]:
    """The account of an ARN (``None``: not an ARN, or none in it)."""
    parts = arn.split(":", 5)
    return parts[4] or None if len(parts) == 6 and parts[0] == "arn" else None


@lru_cache(maxsize=4096)
def caller_facts(principal: str) -> tuple:
    """``(type, account)`` as read from a principal ARN (a caller makes many requests)."""
    return _guess_type(principal), account_of(principal)


def _role_of_session(arn: str) -> Optional[str]:
    """``arn:aws:sts::A:assumed-role/R/S`` -> ``arn:aws:iam::A:role/R`` (no path known)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("assumed-role/"):
        return None
    role = parts[5].split("/")[1]
    return f"arn:{parts[1]}:iam::{parts[4]}:role/{role}"


def parent_arn(principal: str, kind: str, role_arn: Optional[str]) -> Optional[str]:
    """The role ARN of a session (given, or guessed without its path), or the IAM user
    behind a federated session (given)."""
    if role_arn:
        return role_arn
    return _role_of_session(principal) if kind == "AssumedRole" else None


def caller_keys(ctx, principal: str, kind: str, account: Optional[str],
                role_arn: Optional[str], user_id: Optional[str], tags: Mapping) -> None:
    """Add to ``ctx`` (a :class:`.Context`) the condition keys that follow from the
    caller, unless the request gives them (see :mod:`.request`)."""
    service = kind == "Service"
    if not service and kind in _PRINCIPAL_TYPE_KEY:
        parent = parent_arn(principal, kind, role_arn)
        ctx.setdefault("aws:PrincipalArn", parent if kind == "AssumedRole" and parent
                       else principal)
        ctx.setdefault("aws:PrincipalType", _PRINCIPAL_TYPE_KEY[kind])
    if account and not service:
        ctx.setdefault("aws:PrincipalAccount", account)
    if kind == "IAMUser":
        ctx.setdefault("aws:username", principal.rsplit("/", 1)[-1])
    if user_id:
        ctx.setdefault("aws:userid", user_id)
    elif kind == "Root" and account:
        ctx.setdefault("aws:userid", account)
    ctx.setdefault("aws:PrincipalIsAWSService", service)
    if service:
        ctx.setdefault("aws:PrincipalServiceName", principal)
    for key, value in tags.items():
        ctx.setdefault(f"aws:PrincipalTag/{key}", value)
