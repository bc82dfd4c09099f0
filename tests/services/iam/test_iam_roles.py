"""Roles and attached AWS managed policies."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from iam_helpers import POLICY, TRUST, TRUST_DOC, error_of


def test_create_and_get_a_role(lab, iam):
    role = iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST,
                           Description="for the app", Tags=[{"Key": "team", "Value": "a"}])[
        "Role"]
    assert role["Arn"] == "arn:aws:iam::123456789012:role/AppRole"
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert role["Path"] == "/" and role["CreateDate"] == lab.now
    assert role["AssumeRolePolicyDocument"] == TRUST_DOC      # boto3 decodes the document
    assert role["MaxSessionDuration"] == 3600
    got = iam.get_role(RoleName="AppRole")["Role"]
    assert got["RoleId"] == role["RoleId"] and got["Description"] == "for the app"
    assert got["Tags"] == [{"Key": "team", "Value": "a"}]


def test_role_ids_are_seeded():
    def role_id(seed):
        return Lab(seed=seed).client("iam").create_role(
            RoleName="R", AssumeRolePolicyDocument=TRUST)["Role"]["RoleId"]
    assert role_id(1) == role_id(1) != role_id(2)


def test_paths_and_listing(iam):
    iam.create_role(RoleName="A", AssumeRolePolicyDocument=TRUST)
    b = iam.create_role(RoleName="B", AssumeRolePolicyDocument=TRUST, Path="/svc/")["Role"]
    assert b["Arn"] == "arn:aws:iam::123456789012:role/svc/B"
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["A", "B"]
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix="/svc/")["Roles"]] == ["B"]
    page = iam.list_roles(MaxItems=1)
    assert page["IsTruncated"] and len(page["Roles"]) == 1
    rest = iam.list_roles(MaxItems=1, Marker=page["Marker"])
    assert rest["Roles"][0]["RoleName"] == "B" and not rest["IsTruncated"]
    assert "Tags" not in iam.list_roles()["Roles"][0]


def test_role_errors(iam):
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(ClientError) as e:
        iam.create_role(RoleName="approle", AssumeRolePolicyDocument=TRUST)
    assert error_of(e) == ("EntityAlreadyExists", "Role with name approle already exists.", 409)
    with pytest.raises(ClientError) as e:
        iam.get_role(RoleName="Nope")
    assert error_of(e) == ("NoSuchEntity", "The role with name Nope cannot be found.", 404)
    with pytest.raises(ClientError) as e:
        iam.create_role(RoleName="bad name", AssumeRolePolicyDocument=TRUST)
    assert error_of(e)[0] == "ValidationError"
    assert iam.exceptions.NoSuchEntityException.__name__ == "NoSuchEntityException"


@pytest.mark.parametrize("document,message", [
    ("{not json", "This policy contains invalid Json"),
    ('{"Version": "2012-10-17"}', "Syntax errors in policy."),
    (json.dumps({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}),
     "Missing required field Principal"),
    (json.dumps({"Statement": [{"Effect": "Maybe", "Principal": "*",
                                "Action": "sts:AssumeRole"}]}),
     "The policy failed legacy parsing"),        # the policy engine's AWS wording
])
def test_malformed_trust_policies(iam, document, message):
    with pytest.raises(ClientError) as e:
        iam.create_role(RoleName="R", AssumeRolePolicyDocument=document)
    assert error_of(e) == ("MalformedPolicyDocument", message, 400)


def test_attach_list_detach(iam):
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    for name in ("CloudWatchAgentServerPolicy", "AmazonSSMManagedInstanceCore"):
        iam.attach_role_policy(RoleName="AppRole", PolicyArn=POLICY + name)
    iam.attach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "AmazonSSMManagedInstanceCore")
    attached = iam.list_attached_role_policies(RoleName="AppRole")["AttachedPolicies"]
    assert attached == [
        {"PolicyName": "CloudWatchAgentServerPolicy",
         "PolicyArn": POLICY + "CloudWatchAgentServerPolicy"},
        {"PolicyName": "AmazonSSMManagedInstanceCore",
         "PolicyArn": POLICY + "AmazonSSMManagedInstanceCore"}]
    iam.detach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "CloudWatchAgentServerPolicy")
    assert len(iam.list_attached_role_policies(RoleName="AppRole")["AttachedPolicies"]) == 1
    with pytest.raises(ClientError) as e:
        iam.detach_role_policy(RoleName="AppRole",
                               PolicyArn=POLICY + "CloudWatchAgentServerPolicy")
    assert error_of(e) == ("NoSuchEntity",
                           f"Policy {POLICY}CloudWatchAgentServerPolicy was not found.", 404)


@pytest.mark.parametrize("arn,code,message", [
    (POLICY + "CloudWatchAgentServerPolicyy", "NoSuchEntity",
     f"Policy {POLICY}CloudWatchAgentServerPolicyy does not exist or is not attachable."),
    ("CloudWatchAgentServerPolicy_xx", "InvalidInput",
     "ARN CloudWatchAgentServerPolicy_xx is not valid."),
])
def test_unknown_policies(iam, arn, code, message):
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(ClientError) as e:
        iam.attach_role_policy(RoleName="AppRole", PolicyArn=arn)
    assert error_of(e)[:2] == (code, message)


def test_managed_policies_per_role_quota(iam, monkeypatch):
    from awslab.services.iam.operations import roles
    monkeypatch.setattr(roles, "MAX_ATTACHED", 2)
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "ReadOnlyAccess")
    iam.attach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "AdministratorAccess")
    with pytest.raises(ClientError) as e:
        iam.attach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "CloudWatchFullAccess")
    assert error_of(e) == ("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 2", 409)


def test_delete_role_needs_a_clean_role(iam):
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "ReadOnlyAccess")
    with pytest.raises(ClientError) as e:
        iam.delete_role(RoleName="AppRole")
    assert error_of(e) == ("DeleteConflict",
                           "Cannot delete entity, must detach all policies first.", 409)
    iam.detach_role_policy(RoleName="AppRole", PolicyArn=POLICY + "ReadOnlyAccess")
    iam.create_instance_profile(InstanceProfileName="P")
    iam.add_role_to_instance_profile(InstanceProfileName="P", RoleName="AppRole")
    with pytest.raises(ClientError) as e:
        iam.delete_role(RoleName="AppRole")
    assert error_of(e)[1] == "Cannot delete entity, must remove roles from instance profile first."
    iam.remove_role_from_instance_profile(InstanceProfileName="P", RoleName="AppRole")
    iam.delete_role(RoleName="AppRole")
    assert iam.list_roles()["Roles"] == []
    with pytest.raises(ClientError) as e:
        iam.delete_role(RoleName="AppRole")
    assert error_of(e)[0] == "NoSuchEntity"


def test_iam_is_global(lab):
    lab.client("iam", region_name="eu-west-1").create_role(
        RoleName="R", AssumeRolePolicyDocument=TRUST)
    assert lab.client("iam").get_role(RoleName="R")["Role"]["RoleName"] == "R"


def test_iam_package_authorizes_every_call_for_the_lab():
    import awslab.services.iam as iam_pkg
    assert callable(iam_pkg.authorize)        # Lab.authorize hands every call to it
