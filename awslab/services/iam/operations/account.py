"""GetAccountAuthorizationDetails: every user, group, role and managed policy in use, with
their policy documents (what an auditor downloads first)."""
from __future__ import annotations

from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    boundary_dict, encoded, group_dict, page, profile_dict, role_dict, tag_list, user_dict)
from awslab.services.iam.operations.policies import AWS_POLICY_DATE, policy_dict

KINDS = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")


def _inline(entity) -> list:
    return [{"PolicyName": x.name, "PolicyDocument": encoded(x.text)}
            for x in entity.inline.values()]


def _attached(state, entity) -> list:
    out = []
    for arn in entity.attached:
        policy = MANAGED_POLICIES.get(arn) or state.customer_policy(arn)
        if policy is not None:
            out.append({"PolicyName": policy.name, "PolicyArn": arn})
    return out


def _user(state, user) -> dict:
    out = {**user_dict(user, full=False), "UserPolicyList": _inline(user),
           "GroupList": list(user.groups), "AttachedManagedPolicies": _attached(state, user)}
    if user.permissions_boundary:
        out["PermissionsBoundary"] = boundary_dict(user.permissions_boundary)
    if user.tags:
        out["Tags"] = tag_list(user.tags)
    return out


def _group(state, group) -> dict:
    return {**group_dict(group), "GroupPolicyList": _inline(group),
            "AttachedManagedPolicies": _attached(state, group)}


def _role(state, role) -> dict:
    out = {**role_dict(role), "RolePolicyList": _inline(role),
           "AttachedManagedPolicies": _attached(state, role),
           "InstanceProfileList": [profile_dict(state, p)
                                   for p in state.profiles_with_role(role.name)]}
    out.pop("Description", None)
    out.pop("MaxSessionDuration", None)
    return out


def _policy(state, policy) -> dict:
    out = policy_dict(state, policy, full=True)
    out.pop("Tags", None)
    if policy.arn in MANAGED_POLICIES:
        versions = [{"Document": encoded(policy.text), "VersionId": policy.version,
                     "IsDefaultVersion": True, "CreateDate": AWS_POLICY_DATE}]
    else:
        versions = [{"Document": encoded(v.text), "VersionId": v.version_id,
                     "IsDefaultVersion": v.version_id == policy.default_version_id,
                     "CreateDate": v.create_date} for v in policy.versions]
    return {**out, "PolicyVersionList": versions}


@OPERATIONS("GetAccountAuthorizationDetails")
def get_account_authorization_details(call, p):
    state = call.state()
    wanted = set(p.get("Filter") or KINDS)
    in_use = {a for e in [*state.users.values(), *state.groups.values(),
                          *state.roles.values()] for a in e.attached}
    in_use |= {e.permissions_boundary for e in [*state.users.values(),
                                                *state.roles.values()]
               if e.permissions_boundary}
    rows = ([("User", u) for u in state.users.values()] * ("User" in wanted)
            + [("Group", g) for g in state.groups.values()] * ("Group" in wanted)
            + [("Role", r) for r in state.roles.values()] * ("Role" in wanted)
            + [("Policy", x) for x in state.policies.values()] * (
                "LocalManagedPolicy" in wanted)
            + [("Policy", MANAGED_POLICIES[a]) for a in sorted(in_use)
               if a in MANAGED_POLICIES] * ("AWSManagedPolicy" in wanted))
    chunk, more = page(rows, p, ["GetAccountAuthorizationDetails", sorted(wanted)])
    build = {"User": _user, "Group": _group, "Role": _role, "Policy": _policy}
    out = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    lists = {"User": "UserDetailList", "Group": "GroupDetailList", "Role": "RoleDetailList",
             "Policy": "Policies"}
    for kind, entity in chunk:
        out[lists[kind]].append(build[kind](state, entity))
    return {**out, **more}
