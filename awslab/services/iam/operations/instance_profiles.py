"""Instance profiles: the one-role containers EC2 instances get their credentials from."""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    by_path, get_profile, get_role, page, profile_dict)
from awslab.services.iam.state import InstanceProfile

MAX_ROLES = 1             # InstanceSessionsPerInstanceProfile


@OPERATIONS("CreateInstanceProfile")
def create_instance_profile(call, p):
    state = call.state()
    name = p["InstanceProfileName"]
    if state.instance_profile(name) is not None:
        raise errors.EntityAlreadyExists(f"Instance Profile {name} already exists.")
    path = p.get("Path", "/")
    profile = InstanceProfile(
        name=name, profile_id=call.lab.ids.unique_id("AIPA"),
        arn=f"arn:aws:iam::{call.account_id}:instance-profile{path}{name}", path=path,
        create_date=call.now.replace(microsecond=0),
        tags={t["Key"]: t["Value"] for t in p.get("Tags") or []})
    state.instance_profiles[name.lower()] = profile
    return {"InstanceProfile": profile_dict(state, profile)}


@OPERATIONS("GetInstanceProfile")
def get_instance_profile(call, p):
    state = call.state()
    return {"InstanceProfile": profile_dict(state, get_profile(state, p["InstanceProfileName"]))}


@OPERATIONS("DeleteInstanceProfile")
def delete_instance_profile(call, p):
    state = call.state()
    profile = get_profile(state, p["InstanceProfileName"])
    if profile.roles:
        raise errors.DeleteConflict(
            "Cannot delete entity, must remove roles from instance profile first.")
    del state.instance_profiles[profile.name.lower()]
    return {}


@OPERATIONS("ListInstanceProfiles")
def list_instance_profiles(call, p):
    state = call.state()
    profiles = by_path(list(state.instance_profiles.values()), p.get("PathPrefix"))
    chunk, more = page(profiles, p, ["ListInstanceProfiles", p.get("PathPrefix")])
    return {"InstanceProfiles": [profile_dict(state, x) for x in chunk], **more}


@OPERATIONS("ListInstanceProfilesForRole")
def list_instance_profiles_for_role(call, p):
    state = call.state()
    role = get_role(state, p["RoleName"])
    chunk, more = page(state.profiles_with_role(role.name), p,
                       ["ListInstanceProfilesForRole", role.name])
    return {"InstanceProfiles": [profile_dict(state, x) for x in chunk], **more}


@OPERATIONS("AddRoleToInstanceProfile")
def add_role_to_instance_profile(call, p):
    state = call.state()
    profile = get_profile(state, p["InstanceProfileName"])
    role = get_role(state, p["RoleName"])
    if len(profile.roles) >= MAX_ROLES:
        raise errors.LimitExceeded(
            f"Cannot exceed quota for InstanceSessionsPerInstanceProfile: {MAX_ROLES}")
    profile.roles.append(role.name)
    return {}


@OPERATIONS("RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(call, p):
    state = call.state()
    profile = get_profile(state, p["InstanceProfileName"])
    role = get_role(state, p["RoleName"])
    if role.name not in profile.roles:
        raise errors.no_such_role(p["RoleName"])
    profile.roles.remove(role.name)
    return {}
