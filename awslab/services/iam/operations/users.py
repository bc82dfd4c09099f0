"""IAM users, their tags, permissions boundaries and access keys.

``CreateAccessKey`` registers real credentials in the lab: a client made with them acts
as the user (``lab.client("cloudwatch", aws_access_key_id=..., aws_secret_access_key=...)``);
an ``Inactive`` or deleted key answers ``InvalidClientTokenId``.
"""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.entities import AccessKey, User
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    by_path, caller_user, get_user, managed_policy, merge_tags, page, tag_list, tags_of,
    user_dict)

MAX_KEYS = 2              # AccessKeysPerUser


def new_user(state, lab, name: str, path: str, user_id: str, now, tags=None,
             boundary=None) -> User:
    user = User(name=name, user_id=user_id,
                arn=f"arn:aws:iam::{state.account_id}:user{path}{name}", path=path,
                create_date=now.replace(microsecond=0), tags=dict(tags or {}),
                permissions_boundary=boundary)
    state.users[name.lower()] = user
    return user


def principal_of(user, account_id: str):
    from awslab.identity import Principal
    return Principal(kind="IAMUser", account_id=account_id, arn=user.arn,
                     principal_id=user.user_id, name=user.name)


def add_key(lab, state, user, key_id: str, secret: str, now) -> AccessKey:
    """Give ``user`` a long-term key and register its credentials with the lab."""
    from awslab.identity import Credentials
    creds = Credentials(key_id, secret, principal_of(user, state.account_id))
    key = AccessKey(key_id, secret, user.name, now.replace(microsecond=0), credentials=creds)
    user.access_keys.append(key)
    lab.credentials.add(creds)
    return key


@OPERATIONS("CreateUser")
def create_user(call, p):
    state = call.state()
    name = p["UserName"]
    if state.user(name) is not None:
        raise errors.EntityAlreadyExists(f"User with name {name} already exists.")
    boundary = p.get("PermissionsBoundary")
    if boundary is not None:
        boundary = managed_policy(state, boundary).arn
    user = new_user(state, call.lab, name, p.get("Path", "/"),
                    call.lab.ids.unique_id("AIDA"), call.now, tags_of(p), boundary)
    return {"User": user_dict(user)}


@OPERATIONS("GetUser")
def get_user_op(call, p):
    return {"User": user_dict(caller_user(call, p))}


@OPERATIONS("ListUsers")
def list_users(call, p):
    users = by_path(list(call.state().users.values()), p.get("PathPrefix"))
    chunk, more = page(users, p, ["ListUsers", p.get("PathPrefix")])
    return {"Users": [user_dict(u, full=False) for u in chunk], **more}


@OPERATIONS("DeleteUser")
def delete_user(call, p):
    state = call.state()
    user = get_user(state, p["UserName"])
    for blocker, message in ((user.access_keys, "must delete access keys first."),
                             (user.mfa_devices, "must delete MFA device first."),
                             (user.groups, "must remove users from group first."),
                             (user.attached, "must detach all policies first."),
                             (user.inline, "must delete policies first.")):
        if blocker:
            raise errors.DeleteConflict(f"Cannot delete entity, {message}")
    del state.users[user.name.lower()]
    return {}


@OPERATIONS("TagUser")
def tag_user(call, p):
    merge_tags(get_user(call.state(), p["UserName"]).tags, p["Tags"])
    return {}


@OPERATIONS("UntagUser")
def untag_user(call, p):
    user = get_user(call.state(), p["UserName"])
    drop = {k.lower() for k in p["TagKeys"]}
    user.tags = {k: v for k, v in user.tags.items() if k.lower() not in drop}
    return {}


@OPERATIONS("ListUserTags")
def list_user_tags(call, p):
    user = get_user(call.state(), p["UserName"])
    chunk, more = page(tag_list(user.tags), p, ["ListUserTags", user.name])
    return {"Tags": chunk, **more}


@OPERATIONS("PutUserPermissionsBoundary")
def put_user_permissions_boundary(call, p):
    state = call.state()
    user = get_user(state, p["UserName"])
    user.permissions_boundary = managed_policy(state, p["PermissionsBoundary"]).arn
    return {}


@OPERATIONS("DeleteUserPermissionsBoundary")
def delete_user_permissions_boundary(call, p):
    get_user(call.state(), p["UserName"]).permissions_boundary = None
    return {}


# -- access keys -----------------------------------------------------------------
def _key_dict(key, secret: bool = False) -> dict:
    out = {"UserName": key.user_name, "AccessKeyId": key.access_key_id,
           "Status": key.status, "CreateDate": key.create_date}
    if secret:
        out["SecretAccessKey"] = key.secret
    return out


def _key_of(state, user, key_id: str) -> AccessKey:
    key = next((k for k in user.access_keys if k.access_key_id == key_id), None)
    if key is None:
        raise errors.NoSuchEntity(f"The Access Key with id {key_id} cannot be found.")
    return key


@OPERATIONS("CreateAccessKey")
def create_access_key(call, p):
    state = call.state()
    user = caller_user(call, p)
    if len(user.access_keys) >= MAX_KEYS:
        raise errors.quota("AccessKeysPerUser", MAX_KEYS)
    key = add_key(call.lab, state, user, call.lab.ids.access_key(), call.lab.ids.secret(),
                  call.now)
    return {"AccessKey": _key_dict(key, secret=True)}


@OPERATIONS("ListAccessKeys")
def list_access_keys(call, p):
    user = caller_user(call, p)
    chunk, more = page(user.access_keys, p, ["ListAccessKeys", user.name])
    return {"AccessKeyMetadata": [_key_dict(k) for k in chunk], **more}


@OPERATIONS("UpdateAccessKey")
def update_access_key(call, p):
    user = caller_user(call, p)
    key = _key_of(call.state(), user, p["AccessKeyId"])
    key.status = p["Status"]
    if key.status == "Active":
        call.lab.credentials.add(key.credentials)
    else:
        call.lab.credentials.revoke(key.access_key_id)
    return {}


@OPERATIONS("DeleteAccessKey")
def delete_access_key(call, p):
    user = caller_user(call, p)
    key = _key_of(call.state(), user, p["AccessKeyId"])
    user.access_keys.remove(key)
    call.lab.credentials.revoke(key.access_key_id)
    return {}


@OPERATIONS("GetAccessKeyLastUsed")
def get_access_key_last_used(call, p):
    key_id = p["AccessKeyId"]
    key = call.state().access_key(key_id)
    if key is None:
        raise errors.NoSuchEntity(f"The Access Key with id {key_id} cannot be found.")
    last = next((c for c in reversed(call.lab.audit_log) if c.access_key_id == key_id), None)
    used = ({"LastUsedDate": last.time.replace(microsecond=0), "ServiceName": last.service,
             "Region": last.region} if last else {"ServiceName": "N/A", "Region": "N/A"})
    return {"UserName": key.user_name, "AccessKeyLastUsed": used}
