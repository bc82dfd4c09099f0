"""What enforcement asks about an STS call (read by :mod:`awslab.authz`).

* AssumeRole acts on the role (its trust policy is the resource policy); a request with
  session tags also needs ``sts:TagSession`` and one with a source identity
  ``sts:SetSourceIdentity``, on the same role. GetFederationToken acts on
  ``federated-user/NAME`` (and needs ``sts:TagSession`` for tags).
* Condition keys: ``sts:RoleSessionName``, ``sts:ExternalId``, ``sts:SourceIdentity``,
  ``sts:TransitiveTagKeys``; with ``SerialNumber`` and ``TokenCode`` the MFA code is
  checked first and ``aws:MultiFactorAuthPresent`` is true (``aws:MultiFactorAuthAge`` 0).
"""
from __future__ import annotations

from awslab.authz import Resource
from awslab.services.iam import directory
from awslab.services.sts import errors


def _role(call) -> list:
    return [Resource(call.params["RoleArn"])]


def _federated_user(call) -> list:
    return [f"arn:aws:sts::{call.account_id}:federated-user/{call.params['Name']}"]


def _assume_role_keys(call) -> dict:
    p = call.params
    ctx = {"sts:RoleSessionName": p["RoleSessionName"]}
    for key, name in (("ExternalId", "sts:ExternalId"), ("SourceIdentity",
                                                          "sts:SourceIdentity")):
        if p.get(key):
            ctx[name] = p[key]
    if p.get("TransitiveTagKeys"):
        ctx["sts:TransitiveTagKeys"] = list(p["TransitiveTagKeys"])
    if p.get("SerialNumber") or p.get("TokenCode"):
        reason = directory.mfa_valid(call.lab, call.caller, p.get("SerialNumber", ""),
                                     p.get("TokenCode", ""))
        if reason:
            raise errors.AccessDenied(reason)
        ctx["aws:MultiFactorAuthPresent"] = True
        ctx["aws:MultiFactorAuthAge"] = "0"
    return ctx


def _assume_role_extra(call) -> list:
    p, out = call.params, []
    if p.get("SourceIdentity", "").lower().startswith("aws:"):
        raise errors.ValidationError("SourceIdentity cannot start with the reserved "
                                     "prefix 'aws:'")
    if p.get("Tags") or p.get("TransitiveTagKeys"):
        out.append(("sts:TagSession", _role(call), {}))
    if p.get("SourceIdentity"):
        out.append(("sts:SetSourceIdentity", _role(call), {}))
    return out


def _federation_extra(call) -> list:
    return [("sts:TagSession", _federated_user(call), {})] if call.params.get("Tags") else []


RESOURCES = {"AssumeRole": _role, "GetFederationToken": _federated_user}
CONDITION_KEYS = {"AssumeRole": _assume_role_keys}
EXTRA_ACTIONS = {"AssumeRole": _assume_role_extra, "GetFederationToken": _federation_extra}
