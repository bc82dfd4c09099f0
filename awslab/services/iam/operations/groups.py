"""IAM groups and their members (a group has policies, never credentials or a boundary)."""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.entities import Group
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    by_path, get_group, get_user, group_dict, page, user_dict)

MAX_GROUPS = 10           # GroupsPerUser


@OPERATIONS("CreateGroup")
def create_group(call, p):
    state = call.state()
    name = p["GroupName"]
    if state.group(name) is not None:
        raise errors.EntityAlreadyExists(f"Group with name {name} already exists.")
    path = p.get("Path", "/")
    group = Group(name=name, group_id=call.lab.ids.unique_id("AGPA"),
                  arn=f"arn:aws:iam::{call.account_id}:group{path}{name}", path=path,
                  create_date=call.now.replace(microsecond=0))
    state.groups[name.lower()] = group
    return {"Group": group_dict(group)}


@OPERATIONS("GetGroup")
def get_group_op(call, p):
    state = call.state()
    group = get_group(state, p["GroupName"])
    users = [state.user(n) for n in group.members]
    chunk, more = page([u for u in users if u is not None], p, ["GetGroup", group.name])
    return {"Group": group_dict(group), "Users": [user_dict(u, full=False) for u in chunk],
            **more}


@OPERATIONS("ListGroups")
def list_groups(call, p):
    groups = by_path(list(call.state().groups.values()), p.get("PathPrefix"))
    chunk, more = page(groups, p, ["ListGroups", p.get("PathPrefix")])
    return {"Groups": [group_dict(g) for g in chunk], **more}


@OPERATIONS("DeleteGroup")
def delete_group(call, p):
    state = call.state()
    group = get_group(state, p["GroupName"])
    for blocker, message in ((group.members, "must remove users from group first."),
                             (group.attached, "must detach all policies first."),
                             (group.inline, "must delete policies first.")):
        if blocker:
            raise errors.DeleteConflict(f"Cannot delete entity, {message}")
    del state.groups[group.name.lower()]
    return {}


@OPERATIONS("AddUserToGroup")
def add_user_to_group(call, p):
    state = call.state()
    group = get_group(state, p["GroupName"])
    user = get_user(state, p["UserName"])
    if group.name in user.groups:
        return {}
    if len(user.groups) >= MAX_GROUPS:
        raise errors.quota("GroupsPerUser", MAX_GROUPS)
    user.groups.append(group.name)
    group.members.append(user.name)
    return {}


@OPERATIONS("RemoveUserFromGroup")
def remove_user_from_group(call, p):
    state = call.state()
    group = get_group(state, p["GroupName"])
    user = get_user(state, p["UserName"])
    if group.name not in user.groups:
        raise errors.no_such_user(p["UserName"])
    user.groups.remove(group.name)
    group.members.remove(user.name)
    return {}


@OPERATIONS("ListGroupsForUser")
def list_groups_for_user(call, p):
    state = call.state()
    user = get_user(state, p["UserName"])
    groups = [g for g in (state.group(n) for n in user.groups) if g is not None]
    chunk, more = page(groups, p, ["ListGroupsForUser", user.name])
    return {"Groups": [group_dict(g) for g in chunk], **more}
