"""Helpers shared by the IAM handlers: lookups, paging with Marker/MaxItems, answer dicts,
policy documents checked by the policy engine."""
from __future__ import annotations

import json
from urllib.parse import quote

from awslab.bridge.pagination import paginate
from awslab.services.iam import errors
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.policy import check_size, parse_policy

MAX_ATTACHED = 10         # default quota of managed policies per user, group or role


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


def get_user(state, name: str):
    user = state.user(name)
    if user is None:
        raise errors.no_such_user(name)
    return user


def get_group(state, name: str):
    group = state.group(name)
    if group is None:
        raise errors.no_such_group(name)
    return group


def caller_user(call, p: dict, key: str = "UserName"):
    """The user named in ``p``, or (as IAM does without one) the calling IAM user."""
    name = p.get(key)
    if name is None:
        caller = call.caller
        if caller.kind != "IAMUser":
            raise errors.InvalidInput("Must specify userName when calling with "
                                      "non-User credentials")
        name = caller.name
    return get_user(call.state(), name)


def managed_policy(state, arn: str):
    """An AWS managed policy or a customer managed policy of this account.

    Raises
    ------
    InvalidInput
        ``ARN X is not valid.`` for something that is not a policy ARN.
    NoSuchEntity
        ``Policy X does not exist or is not attachable.``
    """
    if not arn.startswith("arn:aws:iam::") or ":policy/" not in arn:
        raise errors.invalid_arn(arn)
    policy = MANAGED_POLICIES.get(arn) or state.customer_policy(arn)
    if policy is None:
        raise errors.no_such_policy(arn)
    return policy


def compiled_of(state, arn: str):
    """The compiled default version of the managed policy ``arn`` (None if it is gone)."""
    aws = MANAGED_POLICIES.get(arn)
    if aws is not None:
        return aws.compiled
    policy = state.customer_policy(arn)
    return policy.default.policy if policy is not None else None


def parse_document(text: str, kind: str = "identity", size: str | None = None,
                   name: str = ""):
    """Check a policy text as IAM does: the engine's grammar, then the size quota."""
    policy = parse_policy(text, kind, name=name)
    if size is not None:
        check_size(text, size, name)
    return policy


def page(items: list, p: dict, salt_parts) -> tuple[list, dict]:
    """One page of ``items`` and the ``IsTruncated``/``Marker`` members of the answer."""
    salt = json.dumps(salt_parts, sort_keys=True, default=str)
    chunk, marker = paginate(items, p.get("Marker"), p.get("MaxItems") or 100, salt,
                             errors.InvalidInput)
    return chunk, {"IsTruncated": marker is not None, "Marker": marker}


def encoded(text: str) -> str:
    """IAM sends policy documents URL-encoded; boto3 decodes them into dicts."""
    return quote(text, safe="")


def tag_list(tags: dict) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def tags_of(p: dict) -> dict:
    return {t["Key"]: t["Value"] for t in p.get("Tags") or []}


def merge_tags(current: dict, new: list, quota_name: str = "TagsPerUser") -> None:
    """TagUser/TagRole: keys are case-insensitive, a new value replaces the old one."""
    for tag in new:
        for key in [k for k in current if k.lower() == tag["Key"].lower()]:
            del current[key]
        current[tag["Key"]] = tag["Value"]
    if len(current) > 50:
        raise errors.quota(quota_name, 50)


def boundary_dict(arn: str | None) -> dict | None:
    if not arn:
        return None
    return {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": arn}


def role_dict(role, full: bool = True) -> dict:
    """A ``Role`` structure; ``full`` adds what only GetRole/CreateRole return."""
    out = {"Path": role.path, "RoleName": role.name, "RoleId": role.role_id,
           "Arn": role.arn, "CreateDate": role.create_date,
           "AssumeRolePolicyDocument": encoded(role.trust_policy_text),
           "Description": role.description,
           "MaxSessionDuration": role.max_session_duration}
    if full:
        if role.permissions_boundary:
            out["PermissionsBoundary"] = boundary_dict(role.permissions_boundary)
        if role.tags:
            out["Tags"] = tag_list(role.tags)
        out["RoleLastUsed"] = {}
    return {k: v for k, v in out.items() if v is not None}


def user_dict(user, full: bool = True) -> dict:
    out = {"Path": user.path, "UserName": user.name, "UserId": user.user_id,
           "Arn": user.arn, "CreateDate": user.create_date}
    if full:
        if user.permissions_boundary:
            out["PermissionsBoundary"] = boundary_dict(user.permissions_boundary)
        if user.tags:
            out["Tags"] = tag_list(user.tags)
    return out


def group_dict(group) -> dict:
    return {"Path": group.path, "GroupName": group.name, "GroupId": group.group_id,
            "Arn": group.arn, "CreateDate": group.create_date}


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
