"""Roles and their attached managed policies."""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.documents import parse_policy_document
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import by_path, get_role, page, role_dict
from awslab.services.iam.state import Role

MAX_ATTACHED = 10         # default quota of managed policies per role


@OPERATIONS("CreateRole")
def create_role(call, p):
    state = call.state()
    name = p["RoleName"]
    if state.role(name) is not None:
        raise errors.EntityAlreadyExists(f"Role with name {name} already exists.")
    text = p["AssumeRolePolicyDocument"]
    trust = parse_policy_document(text, trust=True)
    path = p.get("Path", "/")
    boundary = p.get("PermissionsBoundary")
    if boundary is not None:
        _managed(boundary)
    role = Role(name=name, role_id=call.lab.ids.unique_id("AROA"),
                arn=f"arn:aws:iam::{call.account_id}:role{path}{name}", path=path,
                trust_policy=trust, trust_policy_text=text,
                create_date=call.now.replace(microsecond=0),
                description=p.get("Description"),
                max_session_duration=p.get("MaxSessionDuration", 3600),
                permissions_boundary=boundary,
                tags={t["Key"]: t["Value"] for t in p.get("Tags") or []})
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
    del state.roles[role.name.lower()]
    return {}


def _managed(arn: str):
    """The AWS managed policy ``arn`` (customer managed policies arrive with CreatePolicy)."""
    if not arn.startswith("arn:aws:iam::") or ":policy/" not in arn:
        raise errors.InvalidInput(f"ARN {arn} is not valid.")
    policy = MANAGED_POLICIES.get(arn)
    if policy is None:
        raise errors.NoSuchEntity(f"Policy {arn} does not exist or is not attachable.")
    return policy


@OPERATIONS("AttachRolePolicy")
def attach_role_policy(call, p):
    role = get_role(call.state(), p["RoleName"])
    policy = _managed(p["PolicyArn"])
    if policy.arn not in role.attached:
        if len(role.attached) >= MAX_ATTACHED:
            raise errors.LimitExceeded(
                f"Cannot exceed quota for PoliciesPerRole: {MAX_ATTACHED}")
        role.attached.append(policy.arn)
    return {}


@OPERATIONS("DetachRolePolicy")
def detach_role_policy(call, p):
    role = get_role(call.state(), p["RoleName"])
    arn = p["PolicyArn"]
    if arn not in role.attached:
        raise errors.NoSuchEntity(f"Policy {arn} was not found.")
    role.attached.remove(arn)
    return {}


@OPERATIONS("ListAttachedRolePolicies")
def list_attached_role_policies(call, p):
    role = get_role(call.state(), p["RoleName"])
    policies = by_path([MANAGED_POLICIES[a] for a in role.attached], p.get("PathPrefix"))
    chunk, more = page(policies, p, ["ListAttachedRolePolicies", role.name,
                                     p.get("PathPrefix")])
    return {"AttachedPolicies": [{"PolicyName": x.name, "PolicyArn": x.arn} for x in chunk],
            **more}
