"""The identity store of IAM Identity Center (botocore ``identitystore``): users, groups
and group memberships. A store is created when Identity Center is enabled
(:func:`awslab.services.sso_admin.enable`); with an Active Directory identity source its
users and groups are synchronised from the directory (:func:`sync`).
Introduced in ``12_federation_and_directories.ipynb``.
"""
from __future__ import annotations

from awslab.services.identitystore.operations import OPERATIONS
from awslab.services.identitystore.state import Membership, State, Store, StoreGroup, StoreUser

GLOBAL = False


def create_store(lab, account_id: str, region: str) -> Store:
    """A new, empty identity store ``d-xxxxxxxxxx`` (what enabling Identity Center makes)."""
    store = Store(f"d-{lab.ids.hex(10)}")
    lab.state("identitystore", account_id, region).stores[store.store_id] = store
    return store


def find_store(lab, account_id: str, region: str, store_id: str) -> Store | None:
    return lab.state("identitystore", account_id, region).stores.get(store_id)


def sync(lab, store: Store, source: str, issuer: str, users: dict, groups: dict) -> None:
    """Replace the store's identities with those of an identity source.

    ``users``: ``{user name: {"display": str, "given": str, "family": str,
    "email": str}}``; ``groups``: ``{group name: [user names]}``. IDs are kept for
    identities that were there before (as SCIM or AD sync keeps them).
    """
    now = lab.now.replace(microsecond=0)
    store.source = source
    old_users = {u.user_name.lower(): u for u in store.users.values()}
    old_groups = {g.display_name.lower(): g for g in store.groups.values()}
    store.users, store.groups, store.memberships = {}, {}, {}
    prefix = store.store_id[2:]
    for name, info in users.items():
        user = old_users.get(name.lower()) or StoreUser(
            f"{prefix}-{lab.ids.uuid()}", name, info.get("display", name),
            {"GivenName": info.get("given", name), "FamilyName": info.get("family", "-")},
            [{"Value": info["email"], "Primary": True}] if info.get("email") else [], now,
            [{"Issuer": issuer, "Id": name}])
        store.users[user.user_id] = user
    for name, members in groups.items():
        group = old_groups.get(name.lower()) or StoreGroup(
            f"{prefix}-{lab.ids.uuid()}", name, None, now, [{"Issuer": issuer, "Id": name}])
        store.groups[group.group_id] = group
        for member in members:
            user = store.user_named(member)
            if user is not None:
                m = Membership(f"{prefix}-{lab.ids.uuid()}", group.group_id, user.user_id, now)
                store.memberships[m.membership_id] = m


def _store_arn(call) -> list:
    store = call.params.get("IdentityStoreId", "")
    return [store if store.startswith("arn:") else
            f"arn:aws:identitystore::{call.account_id}:identitystore/{store}"]


#: Every operation acts on the identity store.
RESOURCES = {op: _store_arn for op in OPERATIONS.names()}

__all__ = ["GLOBAL", "OPERATIONS", "RESOURCES", "State", "Store", "create_store",
           "find_store", "sync"]
