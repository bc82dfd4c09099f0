"""Roles: trust policies, MaxSessionDuration, attached managed policies, boundaries, tags."""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.attachments import attach, detach, list_attached
from awslab.services.iam.operations.common import (
    by_path, get_role, managed_policy, merge_tags, page, parse_document, role_dict, tag_list,
    tags_of)
from awslab.services.iam.state import Role

MAX_ATTACHED = 10         # default quota of managed policies per role


def parse_trust(call, text: str):
    """A trust policy checked as IAM checks it: grammar, size, and that every IAM user or
    role it names exists (in the accounts this lab knows)."""
    trust = parse_document(text, "trust", size="trust")
    for stmt in trust.statements:
        for arn in sorted(stmt.principal.aws if stmt.principal else ()):
            if not _principal_exists(call.lab, arn):
                raise errors.MalformedPolicyDocument(
                    f'Invalid principal in policy: "AWS":"{arn}"')
    return trust


def _principal_exists(lab, arn: str) -> bool:
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[2] != "iam" or parts[4] not in lab.accounts:
        return True
    kind, _, rest = parts[5].partition("/")
    if kind not in ("user", "role"):
        return True
    state = lab.state("iam", parts[4])
    entity = (state.user if kind == "user" else state.role)(rest.rsplit("/", 1)[-1])
    return entity is not None and entity.arn == arn


@OPERATIONS("CreateRole")
def create_role(call, p):
    state = call.state()
    name = p["RoleName"]
    if state.role(name) is not None:
        raise errors.EntityAlreadyExists(f"Role with name {name} already exists.")
    text = p["AssumeRolePolicyDocument"]
    trust = parse_trust(call, text)
    path = p.get("Path", "/")
    boundary = p.get("PermissionsBoundary")
    if boundary is not None:
        managed_policy(state, boundary)
    role = Role(name=name, role_id=call.lab.ids.unique_id("AROA"),
                arn=f"arn:aws:iam::{call.account_id}:role{path}{name}", path=path,
                trust_policy=trust.document, trust_policy_text=text,
                create_date=call.now.replace(microsecond=0),
                description=p.get("Description"),
                max_session_duration=p.get("MaxSessionDuration", 3600),
                permissions_boundary=boundary, tags=tags_of(p), trust=trust)
    state.roles[name.lower()] = role
    return {"Role": role_dict(role)}


@OPERATIONS("GetRole")
def get_role_op(call, p):
    return {"Role": role_dict(get_role(call.state(), p["RoleName"]))}


@OPERATIONS("ListRoles")
def list_roles(call, p):
    roles = by_path(list(call.state().roles.values()), p.get("PathPrefix"))
    chunk, more = page(roles, p, ["ListRoles", p.get("PathPrefix")])
    return {"Roles": [role_dict(r, full=False) for r in chunk], **more}


@OPERATIONS("DeleteRole")
def delete_role(call, p):
    state = call.state()
    role = get_role(state, p["RoleName"])
    if state.profiles_with_role(role.name):
        raise errors.DeleteConflict(
            "Cannot delete entity, must remove roles from instance profile first.")
    if role.attached:
        raise errors.DeleteConflict("Cannot delete entity, must detach all policies first.")
    if role.inline:
        raise errors.DeleteConflict("Cannot delete entity, must delete policies first.")
    del state.roles[role.name.lower()]
    return {}


@OPERATIONS("UpdateAssumeRolePolicy")
def update_assume_role_policy(call, p):
    role = get_role(call.state(), p["RoleName"])
    trust = parse_trust(call, p["PolicyDocument"])
    role.trust, role.trust_policy, role.trust_policy_text = (
        trust, trust.document, p["PolicyDocument"])
    return {}


@OPERATIONS("UpdateRole")
def update_role(call, p):
    role = get_role(call.state(), p["RoleName"])
    if "Description" in p:
        role.description = p["Description"] or None
    if "MaxSessionDuration" in p:
        role.max_session_duration = p["MaxSessionDuration"]
    return {}


@OPERATIONS("AttachRolePolicy")
def attach_role_policy(call, p):
    state = call.state()
    attach(state, get_role(state, p["RoleName"]), p["PolicyArn"], "PoliciesPerRole",
           MAX_ATTACHED)
    return {}


@OPERATIONS("DetachRolePolicy")
def detach_role_policy(call, p):
    state = call.state()
    detach(get_role(state, p["RoleName"]), p["PolicyArn"])
    return {}


@OPERATIONS("ListAttachedRolePolicies")
def list_attached_role_policies(call, p):
    state = call.state()
    role = get_role(state, p["RoleName"])
    return list_attached(state, role, p, "ListAttachedRolePolicies")


@OPERATIONS("PutRolePermissionsBoundary")
def put_role_permissions_boundary(call, p):
    state = call.state()
    role = get_role(state, p["RoleName"])
    role.permissions_boundary = managed_policy(state, p["PermissionsBoundary"]).arn
    return {}


@OPERATIONS("DeleteRolePermissionsBoundary")
def delete_role_permissions_boundary(call, p):
    get_role(call.state(), p["RoleName"]).permissions_boundary = None
    return {}


@OPERATIONS("TagRole")
def tag_role(call, p):
    merge_tags(get_role(call.state(), p["RoleName"]).tags, p["Tags"], "TagsPerRole")
    return {}


@OPERATIONS("UntagRole")
def untag_role(call, p):
    role = get_role(call.state(), p["RoleName"])
    drop = {k.lower() for k in p["TagKeys"]}
    role.tags = {k: v for k, v in role.tags.items() if k.lower() not in drop}
    return {}


@OPERATIONS("ListRoleTags")
def list_role_tags(call, p):
    role = get_role(call.state(), p["RoleName"])
    chunk, more = page(tag_list(role.tags), p, ["ListRoleTags", role.name])
    return {"Tags": chunk, **more}
