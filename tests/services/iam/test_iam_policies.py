"""Groups, customer managed policies and their versions, inline policies, size limits."""
import json

import pytest
from botocore.exceptions import ClientError

from iam_helpers import POLICY, TRUST, error_of

ACCOUNT = "123456789012"
ARN = f"arn:aws:iam::{ACCOUNT}:policy/Readers"


def doc(action="cloudwatch:Get*", effect="Allow", resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": effect, "Action": action, "Resource": resource}]})


def test_groups_and_membership(iam):
    group = iam.create_group(GroupName="devs", Path="/teams/")["Group"]
    assert group["Arn"] == f"arn:aws:iam::{ACCOUNT}:group/teams/devs"
    assert group["GroupId"].startswith("AGPA")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    got = iam.get_group(GroupName="devs")
    assert [u["UserName"] for u in got["Users"]] == ["alice"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == [
        "devs"]
    with pytest.raises(ClientError) as e:
        iam.delete_group(GroupName="devs")
    assert error_of(e) == ("DeleteConflict",
                           "Cannot delete entity, must remove users from group first.", 409)
    iam.remove_user_from_group(GroupName="devs", UserName="alice")
    iam.delete_group(GroupName="devs")
    with pytest.raises(ClientError) as e:
        iam.get_group(GroupName="devs")
    assert error_of(e) == ("NoSuchEntity", "The group with name devs cannot be found.", 404)
    with pytest.raises(ClientError) as e:
        iam.create_group(GroupName="admins") and iam.create_group(GroupName="Admins")
    assert error_of(e) == ("EntityAlreadyExists", "Group with name Admins already exists.",
                           409)


def test_customer_policy_lifecycle(lab, iam):
    policy = iam.create_policy(PolicyName="Readers", PolicyDocument=doc(),
                               Description="read metrics")["Policy"]
    assert policy["Arn"] == ARN and policy["PolicyId"].startswith("ANPA")
    assert policy["DefaultVersionId"] == "v1" and policy["AttachmentCount"] == 0
    assert policy["Description"] == "read metrics" and policy["IsAttachable"]
    version = iam.get_policy_version(PolicyArn=ARN, VersionId="v1")["PolicyVersion"]
    assert version["Document"] == json.loads(doc()) and version["IsDefaultVersion"]
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=ARN)
    assert iam.get_policy(PolicyArn=ARN)["Policy"]["AttachmentCount"] == 1
    entities = iam.list_entities_for_policy(PolicyArn=ARN)
    assert entities["PolicyUsers"][0]["UserName"] == "alice"
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == [
        "Readers"]
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local", OnlyAttached=True)[
        "Policies"]] == ["Readers"]
    with pytest.raises(ClientError) as e:
        iam.delete_policy(PolicyArn=ARN)
    assert error_of(e) == ("DeleteConflict", "Cannot delete a policy attached to entities.",
                           409)
    iam.detach_user_policy(UserName="alice", PolicyArn=ARN)
    iam.delete_policy(PolicyArn=ARN)
    with pytest.raises(ClientError) as e:
        iam.get_policy(PolicyArn=ARN)
    assert error_of(e) == ("NoSuchEntity", f"Policy {ARN} was not found.", 404)
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName="A", PolicyDocument=doc()) and iam.create_policy(
            PolicyName="a", PolicyDocument=doc())
    assert error_of(e) == ("EntityAlreadyExists", "A policy called a already exists. "
                                                  "Duplicate names are not allowed.", 409)


def test_aws_managed_policies_are_listed_and_readable(iam):
    aws = {p["PolicyName"] for p in iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]}
    assert {"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess",
            "CloudWatchAgentServerPolicy", "CloudWatchReadOnlyAccess", "CloudWatchFullAccess",
            "AmazonS3ReadOnlyAccess", "IAMReadOnlyAccess"} <= aws
    power = iam.get_policy(PolicyArn=POLICY + "PowerUserAccess")["Policy"]
    version = iam.get_policy_version(PolicyArn=POLICY + "PowerUserAccess",
                                     VersionId=power["DefaultVersionId"])["PolicyVersion"]
    assert version["Document"]["Statement"][0]["NotAction"] == [
        "iam:*", "organizations:*", "account:*"]
    assert iam.get_policy(PolicyArn=POLICY + "AdministratorAccess")["Policy"][
        "AttachmentCount"] == 1                                 # the lab's admin


def test_policy_versions_up_to_five(iam):
    iam.create_policy(PolicyName="Readers", PolicyDocument=doc())
    for i in range(2, 6):
        made = iam.create_policy_version(PolicyArn=ARN, PolicyDocument=doc(f"ec2:Describe{i}"),
                                         SetAsDefault=(i == 3))["PolicyVersion"]
        assert made["VersionId"] == f"v{i}" and made["IsDefaultVersion"] is (i == 3)
    with pytest.raises(ClientError) as e:
        iam.create_policy_version(PolicyArn=ARN, PolicyDocument=doc())
    assert error_of(e) == ("LimitExceeded", "A managed policy can have up to 5 versions. "
                           "Before you create a new version, you must delete an existing "
                           "version.", 409)
    versions = iam.list_policy_versions(PolicyArn=ARN)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v3", "v2", "v1"]
    assert [v["VersionId"] for v in versions if v["IsDefaultVersion"]] == ["v3"]
    with pytest.raises(ClientError) as e:
        iam.delete_policy_version(PolicyArn=ARN, VersionId="v3")
    assert error_of(e) == ("DeleteConflict", "Cannot delete the default version of a policy.",
                           409)
    iam.delete_policy_version(PolicyArn=ARN, VersionId="v1")
    made = iam.create_policy_version(PolicyArn=ARN, PolicyDocument=doc())["PolicyVersion"]
    assert made["VersionId"] == "v6"                            # version IDs never come back
    iam.set_default_policy_version(PolicyArn=ARN, VersionId="v6")
    assert iam.get_policy(PolicyArn=ARN)["Policy"]["DefaultVersionId"] == "v6"
    with pytest.raises(ClientError) as e:
        iam.set_default_policy_version(PolicyArn=ARN, VersionId="v1")
    assert error_of(e) == ("NoSuchEntity", f"Policy {ARN} version v1 does not exist or is "
                                           "not attachable.", 404)
    with pytest.raises(ClientError) as e:
        iam.delete_policy(PolicyArn=ARN)
    assert error_of(e)[1].startswith("This policy has more than one version.")


@pytest.mark.parametrize("document,code,message", [
    ("{oops", "MalformedPolicyDocument", "This policy contains invalid Json"),
    (json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                         "Action": "s3:*"}]}),
     "MalformedPolicyDocument", "Policy statement must contain resources."),
    (json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                         "Action": "s3:*", "Resource": "*"}]}),
     "MalformedPolicyDocument", "Policy document should not specify a principal."),
    (doc(action="cloudwatch"), "MalformedPolicyDocument",
     "Actions/Conditions must be prefixed by a vendor, e.g., iam, sdb, ec2, etc."),
    (doc(action=["s3:GetObject"] * 500), "LimitExceeded",
     "Cannot exceed quota for PolicySize: 6144"),
])
def test_managed_policy_documents_are_checked(iam, document, code, message):
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName="P", PolicyDocument=document)
    assert error_of(e)[:2] == (code, message)


@pytest.mark.parametrize("kind,key,limit", [
    ("user", "UserName", 2048), ("group", "GroupName", 5120), ("role", "RoleName", 10240)])
def test_inline_policies_and_their_aggregate_size(iam, kind, key, limit):
    {"user": lambda: iam.create_user(UserName="e"), "group": lambda: iam.create_group(
        GroupName="e"), "role": lambda: iam.create_role(RoleName="e",
                                                       AssumeRolePolicyDocument=TRUST)}[kind]()
    put = getattr(iam, f"put_{kind}_policy")
    put(**{key: "e"}, PolicyName="one", PolicyDocument=doc())
    put(**{key: "e"}, PolicyName="one", PolicyDocument=doc("ec2:Describe*"))   # replaces
    got = getattr(iam, f"get_{kind}_policy")(**{key: "e"}, PolicyName="one")
    assert got["PolicyDocument"]["Statement"][0]["Action"] == "ec2:Describe*"
    assert getattr(iam, f"list_{kind}_policies")(**{key: "e"})["PolicyNames"] == ["one"]
    big = doc(["s3:GetObject"] * (limit // 15))
    with pytest.raises(ClientError) as e:
        put(**{key: "e"}, PolicyName="two", PolicyDocument=big)
    assert error_of(e) == ("LimitExceeded", f"Maximum policy size of {limit} bytes exceeded "
                                            f"for {kind} e", 409)
    getattr(iam, f"delete_{kind}_policy")(**{key: "e"}, PolicyName="one")
    with pytest.raises(ClientError) as e:
        getattr(iam, f"get_{kind}_policy")(**{key: "e"}, PolicyName="one")
    assert error_of(e) == ("NoSuchEntity", f"The {kind} policy with name one cannot be found.",
                           404)


def test_group_policies_reach_their_members(lab, iam):
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    cw = lab.client("cloudwatch", aws_access_key_id=key["AccessKeyId"],
                    aws_secret_access_key=key["SecretAccessKey"])
    iam.create_group(GroupName="watchers")
    iam.attach_group_policy(GroupName="watchers",
                            PolicyArn=POLICY + "CloudWatchReadOnlyAccess")
    with pytest.raises(ClientError):
        cw.list_metrics()
    iam.add_user_to_group(GroupName="watchers", UserName="alice")
    assert cw.list_metrics()["Metrics"] == []
    iam.put_group_policy(GroupName="watchers", PolicyName="no-list",
                         PolicyDocument=doc("cloudwatch:ListMetrics", "Deny"))
    with pytest.raises(ClientError) as e:
        cw.list_metrics()
    assert "with an explicit deny in an identity-based policy" in error_of(e)[1]


def test_account_authorization_details(iam):
    iam.create_group(GroupName="ops")
    iam.put_group_policy(GroupName="ops", PolicyName="read", PolicyDocument=doc())
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="ops", UserName="alice")
    iam.create_policy(PolicyName="Readers", PolicyDocument=doc())
    iam.attach_user_policy(UserName="alice", PolicyArn=ARN)
    details = iam.get_account_authorization_details()
    users = {u["UserName"]: u for u in details["UserDetailList"]}
    assert users["alice"]["GroupList"] == ["ops"]
    assert users["alice"]["AttachedManagedPolicies"] == [{"PolicyName": "Readers",
                                                          "PolicyArn": ARN}]
    assert details["GroupDetailList"][0]["GroupPolicyList"][0]["PolicyDocument"] == \
        json.loads(doc())
    assert {p["PolicyName"] for p in details["Policies"]} == {"Readers",
                                                               "AdministratorAccess"}
    only = iam.get_account_authorization_details(Filter=["LocalManagedPolicy"])
    assert [p["PolicyName"] for p in only["Policies"]] == ["Readers"]
    assert only["UserDetailList"] == []
