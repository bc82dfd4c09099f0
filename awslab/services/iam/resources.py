"""What enforcement asks about an IAM call: the resource it acts on and IAM's own
condition keys (read by :mod:`awslab.authz`).

* The resource is the entity the operation names: the instance profile, else the group,
  role, user (the caller itself when ``UserName`` is left out), policy, identity provider
  or MFA device, with its path as stored. IAM's denial messages show existing users, groups,
  roles and policies as ``role NAME``; creations and the rest by ARN. ``List{Users,
  Groups,Roles,InstanceProfiles}`` act on the path prefix (``arn:aws:iam::A:role/``).
* Condition keys: ``iam:PolicyARN`` (attach and detach), ``iam:PermissionsBoundary`` (the
  boundary being set, or the one the target user or role has), ``aws:ResourceTag/*`` (the
  target user's or role's tags).
"""
from __future__ import annotations

from awslab.authz import Resource

_NAMED = (("InstanceProfileName", "instance-profile"), ("GroupName", "group"),
          ("RoleName", "role"), ("UserName", "user"))
_CREATES = {"CreateUser": "user", "CreateRole": "role", "CreateGroup": "group",
            "CreateInstanceProfile": "instance-profile"}
_LISTS = {"ListUsers": "user", "ListGroups": "group", "ListRoles": "role",
          "ListInstanceProfiles": "instance-profile"}
_CALLER = ("GetUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey",
           "DeleteAccessKey", "ListMFADevices", "ListUserPolicies", "ChangePassword")
_ANY = ("ListPolicies", "SimulateCustomPolicy", "ListSAMLProviders",
        "ListOpenIDConnectProviders", "ListVirtualMFADevices",
        "GetAccountAuthorizationDetails", "GetContextKeysForCustomPolicy")


def _lookup(state, kind: str, name: str):
    table = {"user": state.user, "group": state.group, "role": state.role,
             "instance-profile": state.instance_profile}[kind]
    return table(name)


def _entity_arn(call, kind: str, name: str, path: str = "/") -> tuple:
    entity = _lookup(call.state("iam"), kind, name)
    if entity is not None:
        return entity.arn, entity
    return f"arn:aws:iam::{call.account_id}:{kind}{path}{name}", None


def _target(call):
    """``(kind, name)`` of the entity a call names, or None."""
    p = call.params
    if call.operation in _CREATES:
        kind = _CREATES[call.operation]
        return kind, p.get({"instance-profile": "InstanceProfileName"}.get(
            kind, f"{kind.capitalize()}Name"))
    for key, kind in _NAMED:
        if p.get(key):
            return kind, p[key]
    if call.operation in _CALLER and call.caller is not None and \
            call.caller.kind == "IAMUser":
        return "user", call.caller.name
    return None


def resolve(call) -> list:
    """The resource(s) of an IAM call (see the module docstring)."""
    op, p, account = call.operation, call.params, call.account_id
    if op in _ANY:
        return ["*"]
    if op in _LISTS:
        return [f"arn:aws:iam::{account}:{_LISTS[op]}{p.get('PathPrefix') or '/'}"]
    if op == "CreatePolicy":
        name = p["PolicyName"]
        return [Resource(f"arn:aws:iam::{account}:policy{p.get('Path', '/')}{name}",
                         f"policy {name}")]
    if op == "CreateVirtualMFADevice":
        return [f"arn:aws:iam::{account}:mfa{p.get('Path', '/')}{p['VirtualMFADeviceName']}"]
    if op == "CreateSAMLProvider":
        return [f"arn:aws:iam::{account}:saml-provider/{p['Name']}"]
    if op == "CreateOpenIDConnectProvider":
        url = p["Url"].removeprefix("https://")
        return [f"arn:aws:iam::{account}:oidc-provider/{url}"]
    if op == "SimulatePrincipalPolicy":
        return [p["PolicySourceArn"]]
    if op == "GetAccessKeyLastUsed":
        key = call.state("iam").access_key(p["AccessKeyId"])
        return [Resource(_entity_arn(call, "user", key.user_name)[0],
                         f"user {key.user_name}")] if key else ["*"]
    target = _target(call)
    if target is not None:
        kind, name = target
        arn, entity = _entity_arn(call, kind, name, p.get("Path", "/"))
        shown = arn if op in _CREATES or kind == "instance-profile" else f"{kind} {name}"
        return [Resource(arn, shown)]
    for key in ("PolicyArn", "SAMLProviderArn", "OpenIDConnectProviderArn", "SerialNumber"):
        if p.get(key):
            value = p[key]
            shown = f"policy {value.rsplit('/', 1)[-1]}" if key == "PolicyArn" else value
            return [Resource(value, shown)]
    return ["*"]


def condition_keys(call) -> dict:
    """IAM's own condition keys for a call (see the module docstring)."""
    p, ctx = call.params, {}
    if call.operation.startswith(("Attach", "Detach")) and p.get("PolicyArn"):
        ctx["iam:PolicyARN"] = p["PolicyArn"]
    if p.get("PermissionsBoundary"):
        ctx["iam:PermissionsBoundary"] = p["PermissionsBoundary"]
    target = _target(call)
    if target is not None and target[0] in ("user", "role") and \
            call.operation not in _CREATES:
        entity = _lookup(call.state("iam"), *target)
        if entity is not None:
            if entity.permissions_boundary and "PermissionsBoundary" not in p:
                ctx["iam:PermissionsBoundary"] = entity.permissions_boundary
            for key, value in entity.tags.items():
                ctx[f"aws:ResourceTag/{key}"] = value
                ctx[f"iam:ResourceTag/{key}"] = value
    return ctx


class _EveryOperation(dict):
    """A table that answers the same function for every IAM operation."""

    def __init__(self, fn):
        super().__init__()
        self._fn = fn

    def get(self, key, default=None):
        return self._fn


RESOURCES = _EveryOperation(resolve)
CONDITION_KEYS = _EveryOperation(condition_keys)
