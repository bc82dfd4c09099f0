"""Identity store operations: users, groups and memberships of an IAM Identity Center
directory. When the identity source is Active Directory (or an external IdP) the store
is read-only here: identities are synchronised from the source, as in AWS.

Users need ``UserName``, ``DisplayName`` and ``Name`` (given and family names), as AWS
requires. Extensions, addresses, phone numbers and the Update* operations are not
simulated (unregistered operations are refused by the bridge).
"""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.errors import error_class
from awslab.services.identitystore.state import Membership, StoreGroup, StoreUser

OPERATIONS = Operations("identitystore", validation_code="ValidationException")
ValidationException = error_class("ValidationException", 400)
ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
ConflictException = error_class("ConflictException", 400)
ARN = "arn:aws:identitystore:::{kind}/{id}"
PAGE = 100


def store_of(call, store_id: str, writable: bool = False):
    store_id = store_id.rsplit("/", 1)[-1]
    store = call.state().stores.get(store_id)
    if store is None:
        raise ResourceNotFoundException(f"Identity store {store_id} not found.",
                                        ResourceType="IDENTITY_STORE", ResourceId=store_id)
    if writable and store.source != "IDENTITY_CENTER_DIRECTORY":
        raise ValidationException(
            f"The identity source of identity store {store_id} is {store.source}: users "
            "and groups are managed there and synchronised into IAM Identity Center.")
    return store


def _found(table: dict, kind: str, key: str):
    item = table.get(key.rsplit("/", 1)[-1])
    if item is None:
        raise ResourceNotFoundException(f"{kind.title()} not found.",
                                        ResourceType=kind.upper(), ResourceId=key)
    return item


def _new_id(call, store) -> str:
    return f"{store.store_id[2:]}-{call.lab.ids.uuid()}"


def user_dict(store, u: StoreUser) -> dict:
    out = {"IdentityStoreId": store.store_id, "UserId": u.user_id,
           "UserArn": ARN.format(kind="user", id=u.user_id), "Revision": "1",
           "UserName": u.user_name, "DisplayName": u.display_name, "Name": dict(u.name),
           "UserStatus": "ENABLED", "CreatedAt": u.created, "UpdatedAt": u.created}
    if u.emails:
        out["Emails"] = [dict(e) for e in u.emails]
    if u.external_ids:
        out["ExternalIds"] = [dict(x) for x in u.external_ids]
    return out


def group_dict(store, g: StoreGroup) -> dict:
    out = {"IdentityStoreId": store.store_id, "GroupId": g.group_id,
           "GroupArn": ARN.format(kind="group", id=g.group_id), "Revision": "1",
           "DisplayName": g.display_name, "CreatedAt": g.created, "UpdatedAt": g.created}
    if g.description:
        out["Description"] = g.description
    if g.external_ids:
        out["ExternalIds"] = [dict(x) for x in g.external_ids]
    return out


def membership_dict(store, m: Membership) -> dict:
    return {"IdentityStoreId": store.store_id, "MembershipId": m.membership_id,
            "MembershipArn": ARN.format(kind="membership", id=m.membership_id),
            "GroupId": m.group_id, "MemberId": {"UserId": m.user_id},
            "CreatedAt": m.created, "UpdatedAt": m.created}


def _page(items: list, p: dict, salt: str, key: str) -> dict:
    chunk, token = paginate(items, p.get("NextToken"), p.get("MaxResults") or PAGE, salt,
                            ValidationException)
    return {key: chunk, **({"NextToken": token} if token else {})}


def _filtered(items, p: dict, attribute: str, value_of) -> list:
    for f in p.get("Filters") or []:
        if f["AttributePath"] != attribute:
            raise ValidationException(f"Filtering by {f['AttributePath']} is not "
                                      f"supported; use {attribute}.")
        items = [i for i in items if value_of(i).lower() == f["AttributeValue"].lower()]
    return list(items)


@OPERATIONS("CreateUser")
def create_user(call, p):
    store = store_of(call, p["IdentityStoreId"], writable=True)
    name = p.get("Name") or {}
    missing = [k for k, ok in (("UserName", p.get("UserName")),
                               ("DisplayName", p.get("DisplayName")),
                               ("Name.GivenName", name.get("GivenName")),
                               ("Name.FamilyName", name.get("FamilyName"))) if not ok]
    if missing:
        raise ValidationException(f"{', '.join(missing)} must be provided.")
    if store.user_named(p["UserName"]) is not None:
        raise ConflictException("Duplicate UserName", Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
    user = StoreUser(_new_id(call, store), p["UserName"], p["DisplayName"], dict(name),
                     list(p.get("Emails") or []), call.now.replace(microsecond=0))
    store.users[user.user_id] = user
    return {"IdentityStoreId": store.store_id, "UserId": user.user_id,
            "UserArn": ARN.format(kind="user", id=user.user_id), "Revision": "1"}


@OPERATIONS("DescribeUser")
def describe_user(call, p):
    store = store_of(call, p["IdentityStoreId"])
    return user_dict(store, _found(store.users, "user", p["UserId"]))


@OPERATIONS("ListUsers")
def list_users(call, p):
    store = store_of(call, p["IdentityStoreId"])
    users = _filtered(store.users.values(), p, "UserName", lambda u: u.user_name)
    return _page([user_dict(store, u) for u in users], p, "ListUsers" + store.store_id,
                 "Users")


def _delete(call, p, kind: str) -> dict:
    """Delete a user or group and its memberships."""
    store = store_of(call, p["IdentityStoreId"], writable=True)
    table = store.users if kind == "user" else store.groups
    key = _found(table, kind, p["UserId" if kind == "user" else "GroupId"])
    gone = key.user_id if kind == "user" else key.group_id
    del table[gone]
    for member in [k for k, m in store.memberships.items()
                   if (m.user_id if kind == "user" else m.group_id) == gone]:
        del store.memberships[member]
    return {}


@OPERATIONS("DeleteUser")
def delete_user(call, p):
    return _delete(call, p, "user")


@OPERATIONS("CreateGroup")
def create_group(call, p):
    store = store_of(call, p["IdentityStoreId"], writable=True)
    if not p.get("DisplayName"):
        raise ValidationException("DisplayName must be provided.")
    if store.group_named(p["DisplayName"]) is not None:
        raise ConflictException("Duplicate GroupDisplayName",
                                Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
    group = StoreGroup(_new_id(call, store), p["DisplayName"], p.get("Description"),
                       call.now.replace(microsecond=0))
    store.groups[group.group_id] = group
    return {"IdentityStoreId": store.store_id, "GroupId": group.group_id,
            "GroupArn": ARN.format(kind="group", id=group.group_id), "Revision": "1"}


@OPERATIONS("DescribeGroup")
def describe_group(call, p):
    store = store_of(call, p["IdentityStoreId"])
    return group_dict(store, _found(store.groups, "group", p["GroupId"]))


@OPERATIONS("ListGroups")
def list_groups(call, p):
    store = store_of(call, p["IdentityStoreId"])
    groups = _filtered(store.groups.values(), p, "DisplayName", lambda g: g.display_name)
    return _page([group_dict(store, g) for g in groups], p, "ListGroups" + store.store_id,
                 "Groups")


@OPERATIONS("DeleteGroup")
def delete_group(call, p):
    return _delete(call, p, "group")


@OPERATIONS("GetGroupId")
def get_group_id(call, p):
    store = store_of(call, p["IdentityStoreId"])
    group = _by_unique(p, "DisplayName", store.group_named, "GROUP")
    return {"IdentityStoreId": store.store_id, "GroupId": group.group_id,
            "GroupArn": ARN.format(kind="group", id=group.group_id)}


@OPERATIONS("GetUserId")
def get_user_id(call, p):
    store = store_of(call, p["IdentityStoreId"])
    user = _by_unique(p, "UserName", store.user_named, "USER")
    return {"IdentityStoreId": store.store_id, "UserId": user.user_id,
            "UserArn": ARN.format(kind="user", id=user.user_id)}


def _by_unique(p: dict, attribute: str, lookup, kind: str):
    unique = p["AlternateIdentifier"].get("UniqueAttribute")
    if not unique or unique["AttributePath"] != attribute or \
            not isinstance(unique["AttributeValue"], str):
        raise ValidationException(f"Only the UniqueAttribute {attribute} is supported.")
    found = lookup(unique["AttributeValue"])
    if found is None:
        raise ResourceNotFoundException(f"{kind.title()} not found.", ResourceType=kind)
    return found


@OPERATIONS("CreateGroupMembership")
def create_group_membership(call, p):
    store = store_of(call, p["IdentityStoreId"], writable=True)
    group = _found(store.groups, "group", p["GroupId"])
    user = _found(store.users, "user", p["MemberId"].get("UserId", ""))
    if group.group_id in store.groups_of(user.user_id):
        raise ConflictException("Member already exists in group",
                                Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
    member = Membership(_new_id(call, store), group.group_id, user.user_id,
                        call.now.replace(microsecond=0))
    store.memberships[member.membership_id] = member
    return {"IdentityStoreId": store.store_id, "MembershipId": member.membership_id,
            "MembershipArn": ARN.format(kind="membership", id=member.membership_id)}


@OPERATIONS("DeleteGroupMembership")
def delete_group_membership(call, p):
    store = store_of(call, p["IdentityStoreId"], writable=True)
    member = _found(store.memberships, "membership", p["MembershipId"])
    del store.memberships[member.membership_id]
    return {}


@OPERATIONS("ListGroupMemberships")
def list_group_memberships(call, p):
    store = store_of(call, p["IdentityStoreId"])
    group = _found(store.groups, "group", p["GroupId"])
    items = [membership_dict(store, m) for m in store.memberships.values()
             if m.group_id == group.group_id]
    return _page(items, p, "ListGroupMemberships" + group.group_id, "GroupMemberships")


@OPERATIONS("ListGroupMembershipsForMember")
def list_group_memberships_for_member(call, p):
    store = store_of(call, p["IdentityStoreId"])
    user = _found(store.users, "user", p["MemberId"].get("UserId", ""))
    items = [membership_dict(store, m) for m in store.memberships.values()
             if m.user_id == user.user_id]
    return _page(items, p, "ListGroupMembershipsForMember" + user.user_id,
                 "GroupMemberships")
