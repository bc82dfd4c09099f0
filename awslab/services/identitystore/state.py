"""Identity stores (the users and groups of IAM Identity Center), by store ID."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class StoreUser:
    user_id: str
    user_name: str
    display_name: str
    name: dict
    emails: list
    created: datetime
    external_ids: list = field(default_factory=list)   # [{"Issuer", "Id"}] when synced


@dataclass
class StoreGroup:
    group_id: str
    display_name: str
    description: str | None
    created: datetime
    external_ids: list = field(default_factory=list)


@dataclass
class Membership:
    membership_id: str
    group_id: str
    user_id: str
    created: datetime


@dataclass
class Store:
    """One identity store ``d-xxxxxxxxxx`` and where its identities come from."""

    store_id: str
    source: str = "IDENTITY_CENTER_DIRECTORY"    # or ACTIVE_DIRECTORY, EXTERNAL_IDP
    users: dict[str, StoreUser] = field(default_factory=dict)
    groups: dict[str, StoreGroup] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)

    def user_named(self, name: str) -> StoreUser | None:
        return next((u for u in self.users.values()
                     if u.user_name.lower() == name.lower()), None)

    def group_named(self, name: str) -> StoreGroup | None:
        return next((g for g in self.groups.values()
                     if g.display_name.lower() == name.lower()), None)

    def groups_of(self, user_id: str) -> list[str]:
        return [m.group_id for m in self.memberships.values() if m.user_id == user_id]


class State:
    """The identity stores of one account in one region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.stores: dict[str, Store] = {}
