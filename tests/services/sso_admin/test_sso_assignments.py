"""Account assignments provision AWSReservedSSO_ roles in member accounts, asynchronously;
the portal gives role credentials; identity sources."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services import sso_admin
from awslab.services.sts import saml_assertion
from sso_helpers import MEMBER, assign, error_of, member_roles


def test_assignment_is_in_progress_then_succeeded_with_the_role(lab, env):
    status = assign(lab, env, wait=False)
    assert status["Status"] == "IN_PROGRESS" and member_roles(lab) == []
    lab.advance(seconds=10)
    done = env["sa"].describe_account_assignment_creation_status(
        InstanceArn=env["arn"], AccountAssignmentCreationRequestId=status["RequestId"])
    assert done["AccountAssignmentCreationStatus"]["Status"] == "SUCCEEDED"
    [role] = member_roles(lab)
    assert role["RoleName"].startswith("AWSReservedSSO_ReadOnly_")
    assert len(role["RoleName"].rsplit("_", 1)[1]) == 16
    assert role["Path"] == "/aws-reserved/sso.amazonaws.com/"
    assert role["MaxSessionDuration"] == 4 * 3600
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    provider = trust["Statement"][0]["Principal"]["Federated"]
    assert provider.startswith(f"arn:aws:iam::{MEMBER}:saml-provider/AWSSSO_")
    assert provider.endswith("_DO_NOT_DELETE")


def test_list_assignments_and_provisioned_accounts(lab, env):
    assign(lab, env)
    sa = env["sa"]
    listed = sa.list_account_assignments(InstanceArn=env["arn"], AccountId=MEMBER,
                                         PermissionSetArn=env["ps"])["AccountAssignments"]
    assert listed == [{"AccountId": MEMBER, "PermissionSetArn": env["ps"],
                       "PrincipalType": "GROUP", "PrincipalId": env["group"]}]
    assert sa.list_accounts_for_provisioned_permission_set(
        InstanceArn=env["arn"], PermissionSetArn=env["ps"])["AccountIds"] == [MEMBER]


def test_changes_need_provisioning(lab, env):
    assign(lab, env)
    sa, common = env["sa"], {"InstanceArn": env["arn"], "PermissionSetArn": env["ps"]}
    sa.attach_managed_policy_to_permission_set(
        ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess", **common)
    stale = sa.list_accounts_for_provisioned_permission_set(
        ProvisioningStatus="LATEST_PERMISSION_SET_NOT_PROVISIONED", **common)
    assert stale["AccountIds"] == [MEMBER]
    iam = lab.client("iam", **lab.admin_credentials(MEMBER).as_client_kwargs())
    name = member_roles(lab)[0]["RoleName"]
    assert len(iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]) == 1
    sa.provision_permission_set(TargetType="ALL_PROVISIONED_ACCOUNTS", **common)
    lab.advance(seconds=10)
    assert len(iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]) == 2


def test_account_outside_the_lab_fails_asynchronously(lab, env):
    status = assign(lab, env, account="999999999999")
    done = env["sa"].describe_account_assignment_creation_status(
        InstanceArn=env["arn"], AccountAssignmentCreationRequestId=status["RequestId"])
    assert done["AccountAssignmentCreationStatus"]["Status"] == "FAILED"
    assert "999999999999" in done["AccountAssignmentCreationStatus"]["FailureReason"]


def test_unknown_principal_is_refused(lab, env):
    with pytest.raises(ClientError) as exc:
        assign(lab, env, principal_type="USER", principal=env["group"])
    assert error_of(exc)[0] == "ValidationException"


def test_deleting_the_last_assignment_removes_the_role(lab, env):
    assign(lab, env)
    env["sa"].delete_account_assignment(
        InstanceArn=env["arn"], TargetId=MEMBER, TargetType="AWS_ACCOUNT",
        PermissionSetArn=env["ps"], PrincipalType="GROUP", PrincipalId=env["group"])
    lab.advance(seconds=10)
    assert member_roles(lab) == []


def test_account_instances_cannot_assign_accounts(lab, env):
    sa = env["sa"]
    arn = sa.create_instance(Name="apps")["InstanceArn"]
    ps = sa.create_permission_set(InstanceArn=arn, Name="X")["PermissionSet"]
    store = sa.describe_instance(InstanceArn=arn)["IdentityStoreId"]
    user = env["ids"].create_user(IdentityStoreId=store, UserName="u", DisplayName="U",
                                  Name={"GivenName": "U", "FamilyName": "V"})["UserId"]
    with pytest.raises(ClientError) as exc:
        sa.create_account_assignment(InstanceArn=arn, TargetId=MEMBER,
                                     TargetType="AWS_ACCOUNT",
                                     PermissionSetArn=ps["PermissionSetArn"],
                                     PrincipalType="USER", PrincipalId=user)
    assert error_of(exc)[0] == "ValidationException"


def test_portal_credentials_are_the_reserved_role_for_the_set_duration(lab, env):
    assign(lab, env)
    sso = lab.client("sso")
    token = sso_admin.sign_in(lab, env["arn"], "alice")
    assert [a["accountId"] for a in sso.list_accounts(accessToken=token)["accountList"]] == \
        [MEMBER]
    creds = sso.get_role_credentials(accessToken=token, accountId=MEMBER,
                                     roleName="ReadOnly")["roleCredentials"]
    assert creds["expiration"] == int(lab.now.timestamp() + 4 * 3600) * 1000
    sts = lab.client("sts", aws_access_key_id=creds["accessKeyId"],
                     aws_secret_access_key=creds["secretAccessKey"],
                     aws_session_token=creds["sessionToken"])
    arn = sts.get_caller_identity()["Arn"]
    assert arn.startswith(f"arn:aws:sts::{MEMBER}:assumed-role/AWSReservedSSO_ReadOnly_")
    assert arn.endswith("/alice")
    with pytest.raises(ClientError) as exc:
        sso.get_role_credentials(accessToken=token, accountId=MEMBER, roleName="Admin")
    assert error_of(exc) == ("ResourceNotFoundException", "No access")
    sso.logout(accessToken=token)
    with pytest.raises(ClientError) as exc:
        sso.list_accounts(accessToken=token)
    assert error_of(exc)[0] == "UnauthorizedException"


def test_own_idp_cannot_assume_reserved_roles(lab, env):
    """Identity Center's roles trust only its own SAML provider."""
    assign(lab, env)
    role = member_roles(lab)[0]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    provider = trust["Statement"][0]["Principal"]["Federated"]
    assertion = saml_assertion(lab, role["Arn"], provider, subject="mallory")
    with pytest.raises(ClientError) as exc:
        lab.client("sts").assume_role_with_saml(RoleArn=role["Arn"], PrincipalArn=provider,
                                                SAMLAssertion=assertion)
    assert error_of(exc)[0] == "InvalidIdentityToken"
