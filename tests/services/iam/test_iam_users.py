"""IAM users, tags, access keys (which act as the user), and permissions boundaries."""
import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from iam_helpers import POLICY, error_of

ACCOUNT = "123456789012"


def _keys(key):
    return {"aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"]}


def test_the_lab_admin_is_a_real_iam_user(iam):
    admin = iam.get_user()["User"]                 # no UserName: the caller
    assert admin["UserName"] == "admin" and admin["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/admin"
    attached = iam.list_attached_user_policies(UserName="admin")["AttachedPolicies"]
    assert attached == [{"PolicyName": "AdministratorAccess",
                         "PolicyArn": POLICY + "AdministratorAccess"}]
    [key] = iam.list_access_keys()["AccessKeyMetadata"]
    assert key["AccessKeyId"].startswith("AKIA") and key["Status"] == "Active"


def test_lab_start_stays_fast_and_seeded():
    import time
    t = time.perf_counter()
    for _ in range(20):
        Lab(seed=1)
    assert (time.perf_counter() - t) / 20 < 0.05
    assert Lab(seed=1).default_credentials.access_key_id == \
        Lab(seed=1).default_credentials.access_key_id


def test_create_get_list_delete_users(lab, iam):
    user = iam.create_user(UserName="alice", Path="/eng/",
                           Tags=[{"Key": "team", "Value": "blue"}])["User"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/eng/alice"
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    assert user["CreateDate"] == lab.now and user["Tags"] == [{"Key": "team", "Value": "blue"}]
    iam.create_user(UserName="bob")
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["admin", "alice", "bob"]
    assert [u["UserName"] for u in iam.list_users(PathPrefix="/eng/")["Users"]] == ["alice"]
    page = iam.list_users(MaxItems=2)
    assert page["IsTruncated"] and iam.list_users(Marker=page["Marker"])["Users"][0][
        "UserName"] == "bob"
    iam.delete_user(UserName="bob")
    with pytest.raises(ClientError) as e:
        iam.get_user(UserName="bob")
    assert error_of(e) == ("NoSuchEntity", "The user with name bob cannot be found.", 404)
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName="ALICE")
    assert error_of(e) == ("EntityAlreadyExists", "User with name ALICE already exists.", 409)


def test_user_tags(iam):
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "blue"}])
    iam.tag_user(UserName="alice", Tags=[{"Key": "Team", "Value": "red"},
                                         {"Key": "cost", "Value": "42"}])
    assert iam.list_user_tags(UserName="alice")["Tags"] == [
        {"Key": "Team", "Value": "red"}, {"Key": "cost", "Value": "42"}]
    iam.untag_user(UserName="alice", TagKeys=["team"])
    assert iam.list_user_tags(UserName="alice")["Tags"] == [{"Key": "cost", "Value": "42"}]


@pytest.mark.parametrize("setup,message", [
    (lambda iam: iam.create_access_key(UserName="u"), "must delete access keys first."),
    (lambda iam: (iam.create_group(GroupName="g"),
                  iam.add_user_to_group(GroupName="g", UserName="u")),
     "must remove users from group first."),
    (lambda iam: iam.attach_user_policy(UserName="u", PolicyArn=POLICY + "ReadOnlyAccess"),
     "must detach all policies first."),
    (lambda iam: iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=(
        '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", '
        '"Resource": "*"}}')), "must delete policies first."),
])
def test_delete_user_needs_a_clean_user(iam, setup, message):
    iam.create_user(UserName="u")
    setup(iam)
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName="u")
    assert error_of(e) == ("DeleteConflict", f"Cannot delete entity, {message}", 409)


def test_access_keys_act_as_the_user(lab, iam):
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["SecretAccessKey"]) == 40
    sts = lab.client("sts", **_keys(key))
    me = sts.get_caller_identity()
    assert me["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert me["UserId"] == iam.get_user(UserName="alice")["User"]["UserId"]
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert used["UserName"] == "alice"
    assert used["AccessKeyLastUsed"]["ServiceName"] == "sts"
    assert used["AccessKeyLastUsed"]["LastUsedDate"] == lab.now


def test_inactive_and_deleted_keys_are_invalid(lab, iam):
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    sts = lab.client("sts", **_keys(key))
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    assert iam.list_access_keys(UserName="alice")["AccessKeyMetadata"][0][
        "Status"] == "Inactive"
    with pytest.raises(ClientError) as e:
        sts.get_caller_identity()
    assert error_of(e) == ("InvalidClientTokenId",
                           "The security token included in the request is invalid.", 403)
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert sts.get_caller_identity()["Arn"].endswith("user/alice")
    iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    with pytest.raises(ClientError) as e:
        sts.get_caller_identity()
    assert error_of(e)[0] == "InvalidClientTokenId"
    with pytest.raises(ClientError) as e:
        iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    assert error_of(e) == ("NoSuchEntity", f"The Access Key with id {key['AccessKeyId']} "
                                           "cannot be found.", 404)


def test_two_access_keys_at_most(iam):
    iam.create_user(UserName="alice")
    iam.create_access_key(UserName="alice")
    iam.create_access_key(UserName="alice")
    with pytest.raises(ClientError) as e:
        iam.create_access_key(UserName="alice")
    assert error_of(e) == ("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409)


def test_user_permissions_boundary(iam):
    iam.create_user(UserName="alice", PermissionsBoundary=POLICY + "ReadOnlyAccess")
    user = iam.get_user(UserName="alice")["User"]
    assert user["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": POLICY + "ReadOnlyAccess"}
    iam.delete_user_permissions_boundary(UserName="alice")
    assert "PermissionsBoundary" not in iam.get_user(UserName="alice")["User"]
    with pytest.raises(ClientError) as e:
        iam.put_user_permissions_boundary(UserName="alice",
                                          PermissionsBoundary=POLICY + "NoSuchPolicy")
    assert error_of(e) == ("NoSuchEntity", f"Policy {POLICY}NoSuchPolicy does not exist or "
                                           "is not attachable.", 404)
    with pytest.raises(ClientError) as e:
        iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary="x" * 20)
    assert error_of(e)[:2] == ("InvalidInput", f"ARN {'x' * 20} is not valid.")


def test_user_managed_policy_quota(iam, monkeypatch):
    from awslab.services.iam.operations import attachments
    monkeypatch.setattr(attachments, "MAX_ATTACHED", 1)
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=POLICY + "ReadOnlyAccess")
    iam.attach_user_policy(UserName="alice", PolicyArn=POLICY + "ReadOnlyAccess")  # no-op
    with pytest.raises(ClientError) as e:
        iam.attach_user_policy(UserName="alice", PolicyArn=POLICY + "IAMReadOnlyAccess")
    assert error_of(e) == ("LimitExceeded", "Cannot exceed quota for PoliciesPerUser: 1", 409)
