"""Instance profiles: at most one role each."""
import pytest
from botocore.exceptions import ClientError

from iam_helpers import TRUST, error_of


@pytest.fixture
def role(iam):
    return iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)["Role"]


def test_create_add_get(lab, iam, role):
    p = iam.create_instance_profile(InstanceProfileName="AppProfile")["InstanceProfile"]
    assert p["Arn"] == "arn:aws:iam::123456789012:instance-profile/AppProfile"
    assert p["InstanceProfileId"].startswith("AIPA") and p["Roles"] == []
    assert p["CreateDate"] == lab.now
    iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="AppRole")
    got = iam.get_instance_profile(InstanceProfileName="AppProfile")["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == ["AppRole"]
    assert got["Roles"][0]["Arn"] == role["Arn"]
    listed = iam.list_instance_profiles()["InstanceProfiles"]
    assert [x["InstanceProfileName"] for x in listed] == ["AppProfile"]
    for_role = iam.list_instance_profiles_for_role(RoleName="AppRole")["InstanceProfiles"]
    assert [x["InstanceProfileName"] for x in for_role] == ["AppProfile"]


def test_one_role_per_profile(iam, role):
    iam.create_role(RoleName="Other", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="AppProfile")
    iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="AppRole")
    with pytest.raises(ClientError) as e:
        iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="Other")
    assert error_of(e) == ("LimitExceeded",
                           "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409)


def test_profile_errors(iam, role):
    iam.create_instance_profile(InstanceProfileName="AppProfile")
    with pytest.raises(ClientError) as e:
        iam.create_instance_profile(InstanceProfileName="AppProfile")
    assert error_of(e) == ("EntityAlreadyExists", "Instance Profile AppProfile already exists.",
                           409)
    with pytest.raises(ClientError) as e:
        iam.get_instance_profile(InstanceProfileName="Nope")
    assert error_of(e) == ("NoSuchEntity", "Instance Profile Nope cannot be found.", 404)
    with pytest.raises(ClientError) as e:
        iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="Nope")
    assert error_of(e) == ("NoSuchEntity", "The role with name Nope cannot be found.", 404)
    with pytest.raises(ClientError) as e:
        iam.remove_role_from_instance_profile(InstanceProfileName="AppProfile",
                                              RoleName="AppRole")
    assert error_of(e)[0] == "NoSuchEntity"


def test_delete_profile(iam, role):
    iam.create_instance_profile(InstanceProfileName="AppProfile", Path="/app/")
    iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="AppRole")
    with pytest.raises(ClientError) as e:
        iam.delete_instance_profile(InstanceProfileName="AppProfile")
    assert error_of(e) == ("DeleteConflict",
                           "Cannot delete entity, must remove roles from instance profile "
                           "first.", 409)
    iam.remove_role_from_instance_profile(InstanceProfileName="AppProfile", RoleName="AppRole")
    iam.delete_instance_profile(InstanceProfileName="AppProfile")
    assert iam.list_instance_profiles()["InstanceProfiles"] == []


def test_list_by_path_and_pages(iam):
    for i, path in enumerate(["/", "/app/", "/app/"]):
        iam.create_instance_profile(InstanceProfileName=f"P{i}", Path=path)
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles(
        PathPrefix="/app/")["InstanceProfiles"]] == ["P1", "P2"]
    names = [p["InstanceProfileName"] for page in iam.get_paginator(
        "list_instance_profiles").paginate(PaginationConfig={"PageSize": 2})
        for p in page["InstanceProfiles"]]
    assert names == ["P0", "P1", "P2"]
