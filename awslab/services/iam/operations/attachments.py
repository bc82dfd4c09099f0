"""Managed policies attached to users, groups and roles, and who uses a policy."""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    MAX_ATTACHED, by_path, get_group, get_user, managed_policy, page)


def attach(state, entity, arn: str, quota_name: str, limit: int | None = None) -> None:
    """Attach a managed policy (again: no change) within the entity's quota."""
    limit = MAX_ATTACHED if limit is None else limit
    policy = managed_policy(state, arn)
    if policy.arn in entity.attached:
        return
    if len(entity.attached) >= limit:
        raise errors.quota(quota_name, limit)
    entity.attached.append(policy.arn)


def detach(entity, arn: str) -> None:
    if arn not in entity.attached:
        raise errors.policy_not_found(arn)
    entity.attached.remove(arn)


def _named(state, arn: str):
    return MANAGED_POLICIES.get(arn) or state.customer_policy(arn)


def list_attached(state, entity, p: dict, op: str) -> dict:
    policies = [x for x in (_named(state, a) for a in entity.attached) if x is not None]
    policies = by_path(policies, p.get("PathPrefix"))
    chunk, more = page(policies, p, [op, entity.name, p.get("PathPrefix")])
    return {"AttachedPolicies": [{"PolicyName": x.name, "PolicyArn": x.arn} for x in chunk],
            **more}


@OPERATIONS("AttachUserPolicy")
def attach_user_policy(call, p):
    state = call.state()
    attach(state, get_user(state, p["UserName"]), p["PolicyArn"], "PoliciesPerUser")
    return {}


@OPERATIONS("DetachUserPolicy")
def detach_user_policy(call, p):
    detach(get_user(call.state(), p["UserName"]), p["PolicyArn"])
    return {}


@OPERATIONS("ListAttachedUserPolicies")
def list_attached_user_policies(call, p):
    state = call.state()
    return list_attached(state, get_user(state, p["UserName"]), p,
                         "ListAttachedUserPolicies")


@OPERATIONS("AttachGroupPolicy")
def attach_group_policy(call, p):
    state = call.state()
    attach(state, get_group(state, p["GroupName"]), p["PolicyArn"], "PoliciesPerGroup")
    return {}


@OPERATIONS("DetachGroupPolicy")
def detach_group_policy(call, p):
    detach(get_group(call.state(), p["GroupName"]), p["PolicyArn"])
    return {}


@OPERATIONS("ListAttachedGroupPolicies")
def list_attached_group_policies(call, p):
    state = call.state()
    return list_attached(state, get_group(state, p["GroupName"]), p,
                         "ListAttachedGroupPolicies")


@OPERATIONS("ListEntitiesForPolicy")
def list_entities_for_policy(call, p):
    state = call.state()
    policy = managed_policy(state, p["PolicyArn"])
    users, groups, roles = state.entities_with_policy(policy.arn)
    if p.get("PolicyUsageFilter") == "PermissionsBoundary":
        users = [u for u in state.users.values() if u.permissions_boundary == policy.arn]
        roles = [r for r in state.roles.values() if r.permissions_boundary == policy.arn]
        groups = []
    wanted = p.get("EntityFilter")
    rows = ([("User", u) for u in users] + [("Group", g) for g in groups]
            + [("Role", r) for r in roles])
    rows = [(k, e) for k, e in rows if wanted in (None, "LocalManagedPolicy",
                                                  "AWSManagedPolicy", k)
            and e.path.startswith(p.get("PathPrefix") or "/")]
    chunk, more = page(rows, p, ["ListEntitiesForPolicy", policy.arn, wanted,
                                 p.get("PathPrefix"), p.get("PolicyUsageFilter")])
    ids = {"User": "UserId", "Group": "GroupId", "Role": "RoleId"}
    out = {"PolicyUsers": [], "PolicyGroups": [], "PolicyRoles": []}
    for kind, e in chunk:
        eid = getattr(e, {"User": "user_id", "Group": "group_id", "Role": "role_id"}[kind])
        out[f"Policy{kind}s"].append({f"{kind}Name": e.name, ids[kind]: eid})
    return {**out, **more}
