"""Identity store users, groups and memberships; read-only with an AD identity source."""
import sys
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from awslab import Lab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sso_admin"))
from sso_helpers import error_of, setup  # noqa: E402


@pytest.fixture
def env():
    lab = Lab(seed=31)
    return setup(lab)


def test_users_and_groups_round_trip(env):
    ids, store = env["ids"], env["store"]
    user = ids.describe_user(IdentityStoreId=store, UserId=env["user"])
    assert user["UserName"] == "alice" and user["Name"]["FamilyName"] == "Doe"
    assert user["UserArn"] == f"arn:aws:identitystore:::user/{env['user']}"
    assert env["user"].startswith(store[2:] + "-")
    found = ids.get_user_id(IdentityStoreId=store, AlternateIdentifier={
        "UniqueAttribute": {"AttributePath": "UserName", "AttributeValue": "ALICE"}})
    assert found["UserId"] == env["user"]
    groups = ids.list_groups(IdentityStoreId=store)["Groups"]
    assert [g["DisplayName"] for g in groups] == ["Auditors"]
    members = ids.list_group_memberships_for_member(
        IdentityStoreId=store, MemberId={"UserId": env["user"]})["GroupMemberships"]
    assert [m["GroupId"] for m in members] == [env["group"]]


def test_user_needs_names_and_unique_user_name(env):
    ids, store = env["ids"], env["store"]
    with pytest.raises(ClientError) as exc:
        ids.create_user(IdentityStoreId=store, UserName="bob")
    assert error_of(exc)[0] == "ValidationException"
    with pytest.raises(ClientError) as exc:
        ids.create_user(IdentityStoreId=store, UserName="Alice", DisplayName="A",
                        Name={"GivenName": "A", "FamilyName": "B"})
    assert error_of(exc) == ("ConflictException", "Duplicate UserName")


def test_membership_twice_conflicts_and_delete_cascades(env):
    ids, store = env["ids"], env["store"]
    with pytest.raises(ClientError) as exc:
        ids.create_group_membership(IdentityStoreId=store, GroupId=env["group"],
                                    MemberId={"UserId": env["user"]})
    assert error_of(exc)[0] == "ConflictException"
    ids.delete_user(IdentityStoreId=store, UserId=env["user"])
    assert ids.list_group_memberships(IdentityStoreId=store,
                                      GroupId=env["group"])["GroupMemberships"] == []
    with pytest.raises(ClientError) as exc:
        ids.describe_user(IdentityStoreId=store, UserId=env["user"])
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_unknown_store(env):
    with pytest.raises(ClientError) as exc:
        env["ids"].list_users(IdentityStoreId="d-0000000000")
    assert error_of(exc)[0] == "ResourceNotFoundException"
