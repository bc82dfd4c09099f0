"""Helpers shared by the IAM handlers: lookups, paging with Marker/MaxItems, role dicts."""
from __future__ import annotations

import json
from urllib.parse import quote

from awslab.bridge.pagination import paginate
from awslab.services.iam import errors


def get_role(state, name: str):
    role = state.role(name)
    if role is None:
        raise errors.no_such_role(name)
    return role


def get_profile(state, name: str):
    profile = state.instance_profile(name)
    if profile is None:
        raise errors.no_such_profile(name)
    return profile


def page(items: list, p: dict, salt_parts) -> tuple[list, dict]:
    """One page of ``items`` and the ``IsTruncated``/``Marker`` members of the answer."""
    salt = json.dumps(salt_parts, sort_keys=True, default=str)
    chunk, marker = paginate(items, p.get("Marker"), p.get("MaxItems") or 100, salt,
                             errors.InvalidInput)
    return chunk, {"IsTruncated": marker is not None, "Marker": marker}


def tag_list(tags: dict) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def role_dict(role, full: bool = True) -> dict:
    """A ``Role`` structure; ``full`` adds what only GetRole/CreateRole return."""
    out = {"Path": role.path, "RoleName": role.name, "RoleId": role.role_id,
           "Arn": role.arn, "CreateDate": role.create_date,
           # IAM sends policy documents URL-encoded; boto3 decodes them into dicts.
           "AssumeRolePolicyDocument": quote(role.trust_policy_text, safe=""),
           "Description": role.description,
           "MaxSessionDuration": role.max_session_duration}
    if full:
        if role.permissions_boundary:
            out["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                "PermissionsBoundaryArn": role.permissions_boundary}
        if role.tags:
            out["Tags"] = tag_list(role.tags)
        out["RoleLastUsed"] = {}
    return {k: v for k, v in out.items() if v is not None}


def profile_dict(state, profile) -> dict:
    roles = [state.role(n) for n in profile.roles]
    out = {"Path": profile.path, "InstanceProfileName": profile.name,
           "InstanceProfileId": profile.profile_id, "Arn": profile.arn,
           "CreateDate": profile.create_date,
           "Roles": [role_dict(r, full=False) for r in roles if r is not None]}
    if profile.tags:
        out["Tags"] = tag_list(profile.tags)
    return out


def by_path(items: list, prefix: str | None) -> list:
    return [i for i in items if i.path.startswith(prefix or "/")]
