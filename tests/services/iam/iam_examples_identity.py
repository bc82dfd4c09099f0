"""One representative successful call per IAM identity operation (users, groups, policies,
inline policies, boundaries, providers, MFA, the simulator): ``fn(lab) -> response``.

Merged into ``iam_examples.EXAMPLES["iam"]``; the model tests validate every answer.
"""
import json

from awslab.services.iam import mfa_code
from awslab.services.sts import saml_metadata
from iam_helpers import POLICY, TRUST

DOC = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "cloudwatch:Get*", "Resource": "*"}]})
ACCOUNT = "123456789012"
CUSTOMER = f"arn:aws:iam::{ACCOUNT}:policy/ExPolicy"
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com"
SAML = f"arn:aws:iam::{ACCOUNT}:saml-provider/ExIdP"


def _user(lab, *, group=False, key=False, policy=None, inline=False, boundary=False):
    iam = lab.client("iam")
    iam.create_user(UserName="ExUser", Tags=[{"Key": "team", "Value": "a"}])
    if group:
        iam.create_group(GroupName="ExGroup")
        iam.add_user_to_group(GroupName="ExGroup", UserName="ExUser")
    if key:
        iam.create_access_key(UserName="ExUser")
    if policy:
        iam.attach_user_policy(UserName="ExUser", PolicyArn=POLICY + policy)
    if inline:
        iam.put_user_policy(UserName="ExUser", PolicyName="Inline", PolicyDocument=DOC)
    if boundary:
        iam.put_user_permissions_boundary(UserName="ExUser",
                                          PermissionsBoundary=POLICY + "ReadOnlyAccess")
    return iam


def _group(lab, policy=None, inline=False):
    iam = lab.client("iam")
    iam.create_group(GroupName="ExGroup")
    if policy:
        iam.attach_group_policy(GroupName="ExGroup", PolicyArn=POLICY + policy)
    if inline:
        iam.put_group_policy(GroupName="ExGroup", PolicyName="Inline", PolicyDocument=DOC)
    return iam


def _role(lab, inline=False, boundary=False):
    iam = lab.client("iam")
    iam.create_role(RoleName="ExRole", AssumeRolePolicyDocument=TRUST)
    if inline:
        iam.put_role_policy(RoleName="ExRole", PolicyName="Inline", PolicyDocument=DOC)
    if boundary:
        iam.put_role_permissions_boundary(RoleName="ExRole",
                                          PermissionsBoundary=POLICY + "ReadOnlyAccess")
    return iam


def _policy(lab, versions=1):
    iam = lab.client("iam")
    iam.create_policy(PolicyName="ExPolicy", PolicyDocument=DOC, Description="example")
    for _ in range(versions - 1):
        iam.create_policy_version(PolicyArn=CUSTOMER, PolicyDocument=DOC)
    return iam


def _mfa(lab, enabled=False):
    iam = _user(lab)
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="ExMFA")[
        "VirtualMFADevice"]["SerialNumber"]
    if enabled:
        iam.enable_mfa_device(UserName="ExUser", SerialNumber=serial,
                              AuthenticationCode1=mfa_code(lab, serial),
                              AuthenticationCode2=mfa_code(lab, serial, offset=1))
    return iam, serial


def _saml(lab):
    iam = lab.client("iam")
    iam.create_saml_provider(Name="ExIdP", SAMLMetadataDocument=saml_metadata())
    return iam


def _oidc(lab):
    iam = lab.client("iam")
    iam.create_open_id_connect_provider(Url="https://token.example.com",
                                        ClientIDList=["app"], ThumbprintList=["a" * 40])
    return iam


def _key_id(iam):
    return iam.list_access_keys(UserName="ExUser")["AccessKeyMetadata"][0]["AccessKeyId"]


EXAMPLES = {
    # users and tags
    "CreateUser": lambda lab: lab.client("iam").create_user(
        UserName="ExUser", Path="/ex/", Tags=[{"Key": "k", "Value": "v"}],
        PermissionsBoundary=POLICY + "ReadOnlyAccess"),
    "GetUser": lambda lab: _user(lab, boundary=True).get_user(UserName="ExUser"),
    "ListUsers": lambda lab: _user(lab).list_users(),
    "DeleteUser": lambda lab: _user(lab).delete_user(UserName="ExUser"),
    "TagUser": lambda lab: _user(lab).tag_user(UserName="ExUser",
                                               Tags=[{"Key": "k", "Value": "v"}]),
    "UntagUser": lambda lab: _user(lab).untag_user(UserName="ExUser", TagKeys=["team"]),
    "ListUserTags": lambda lab: _user(lab).list_user_tags(UserName="ExUser"),
    "PutUserPermissionsBoundary": lambda lab: _user(lab).put_user_permissions_boundary(
        UserName="ExUser", PermissionsBoundary=POLICY + "ReadOnlyAccess"),
    "DeleteUserPermissionsBoundary": lambda lab: _user(
        lab, boundary=True).delete_user_permissions_boundary(UserName="ExUser"),
    # access keys
    "CreateAccessKey": lambda lab: _user(lab).create_access_key(UserName="ExUser"),
    "ListAccessKeys": lambda lab: _user(lab, key=True).list_access_keys(UserName="ExUser"),
    "UpdateAccessKey": lambda lab: (lambda iam: iam.update_access_key(
        UserName="ExUser", AccessKeyId=_key_id(iam), Status="Inactive"))(
        _user(lab, key=True)),
    "DeleteAccessKey": lambda lab: (lambda iam: iam.delete_access_key(
        UserName="ExUser", AccessKeyId=_key_id(iam)))(_user(lab, key=True)),
    "GetAccessKeyLastUsed": lambda lab: (lambda iam: iam.get_access_key_last_used(
        AccessKeyId=_key_id(iam)))(_user(lab, key=True)),
    # groups
    "CreateGroup": lambda lab: lab.client("iam").create_group(GroupName="ExGroup"),
    "GetGroup": lambda lab: _user(lab, group=True).get_group(GroupName="ExGroup"),
    "ListGroups": lambda lab: _group(lab).list_groups(),
    "DeleteGroup": lambda lab: _group(lab).delete_group(GroupName="ExGroup"),
    "AddUserToGroup": lambda lab: (lambda iam: iam.add_user_to_group(
        GroupName="ExGroup", UserName="ExUser"))(_user(lab) and _group(lab)),
    "RemoveUserFromGroup": lambda lab: _user(lab, group=True).remove_user_from_group(
        GroupName="ExGroup", UserName="ExUser"),
    "ListGroupsForUser": lambda lab: _user(lab, group=True).list_groups_for_user(
        UserName="ExUser"),
    # managed policies and versions
    "CreatePolicy": lambda lab: lab.client("iam").create_policy(
        PolicyName="ExPolicy", PolicyDocument=DOC, Description="d",
        Tags=[{"Key": "k", "Value": "v"}]),
    "GetPolicy": lambda lab: _policy(lab).get_policy(PolicyArn=CUSTOMER),
    "ListPolicies": lambda lab: _policy(lab).list_policies(Scope="Local"),
    "DeletePolicy": lambda lab: _policy(lab).delete_policy(PolicyArn=CUSTOMER),
    "CreatePolicyVersion": lambda lab: _policy(lab).create_policy_version(
        PolicyArn=CUSTOMER, PolicyDocument=DOC, SetAsDefault=True),
    "GetPolicyVersion": lambda lab: _policy(lab).get_policy_version(
        PolicyArn=CUSTOMER, VersionId="v1"),
    "ListPolicyVersions": lambda lab: _policy(lab, 2).list_policy_versions(
        PolicyArn=CUSTOMER),
    "SetDefaultPolicyVersion": lambda lab: _policy(lab, 2).set_default_policy_version(
        PolicyArn=CUSTOMER, VersionId="v2"),
    "DeletePolicyVersion": lambda lab: _policy(lab, 2).delete_policy_version(
        PolicyArn=CUSTOMER, VersionId="v2"),
    "ListEntitiesForPolicy": lambda lab: _user(
        lab, policy="ReadOnlyAccess").list_entities_for_policy(
        PolicyArn=POLICY + "ReadOnlyAccess"),
    # attached policies
    "AttachUserPolicy": lambda lab: _user(lab).attach_user_policy(
        UserName="ExUser", PolicyArn=POLICY + "ReadOnlyAccess"),
    "DetachUserPolicy": lambda lab: _user(lab, policy="ReadOnlyAccess").detach_user_policy(
        UserName="ExUser", PolicyArn=POLICY + "ReadOnlyAccess"),
    "ListAttachedUserPolicies": lambda lab: _user(
        lab, policy="ReadOnlyAccess").list_attached_user_policies(UserName="ExUser"),
    "AttachGroupPolicy": lambda lab: _group(lab).attach_group_policy(
        GroupName="ExGroup", PolicyArn=POLICY + "ReadOnlyAccess"),
    "DetachGroupPolicy": lambda lab: _group(
        lab, policy="ReadOnlyAccess").detach_group_policy(
        GroupName="ExGroup", PolicyArn=POLICY + "ReadOnlyAccess"),
    "ListAttachedGroupPolicies": lambda lab: _group(
        lab, policy="ReadOnlyAccess").list_attached_group_policies(GroupName="ExGroup"),
    # inline policies
    "PutUserPolicy": lambda lab: _user(lab).put_user_policy(
        UserName="ExUser", PolicyName="Inline", PolicyDocument=DOC),
    "GetUserPolicy": lambda lab: _user(lab, inline=True).get_user_policy(
        UserName="ExUser", PolicyName="Inline"),
    "ListUserPolicies": lambda lab: _user(lab, inline=True).list_user_policies(
        UserName="ExUser"),
    "DeleteUserPolicy": lambda lab: _user(lab, inline=True).delete_user_policy(
        UserName="ExUser", PolicyName="Inline"),
    "PutGroupPolicy": lambda lab: _group(lab).put_group_policy(
        GroupName="ExGroup", PolicyName="Inline", PolicyDocument=DOC),
    "GetGroupPolicy": lambda lab: _group(lab, inline=True).get_group_policy(
        GroupName="ExGroup", PolicyName="Inline"),
    "ListGroupPolicies": lambda lab: _group(lab, inline=True).list_group_policies(
        GroupName="ExGroup"),
    "DeleteGroupPolicy": lambda lab: _group(lab, inline=True).delete_group_policy(
        GroupName="ExGroup", PolicyName="Inline"),
    "PutRolePolicy": lambda lab: _role(lab).put_role_policy(
        RoleName="ExRole", PolicyName="Inline", PolicyDocument=DOC),
    "GetRolePolicy": lambda lab: _role(lab, inline=True).get_role_policy(
        RoleName="ExRole", PolicyName="Inline"),
    "ListRolePolicies": lambda lab: _role(lab, inline=True).list_role_policies(
        RoleName="ExRole"),
    "DeleteRolePolicy": lambda lab: _role(lab, inline=True).delete_role_policy(
        RoleName="ExRole", PolicyName="Inline"),
    # roles
    "UpdateAssumeRolePolicy": lambda lab: _role(lab).update_assume_role_policy(
        RoleName="ExRole", PolicyDocument=TRUST),
    "UpdateRole": lambda lab: _role(lab).update_role(RoleName="ExRole",
                                                     MaxSessionDuration=7200),
    "PutRolePermissionsBoundary": lambda lab: _role(lab).put_role_permissions_boundary(
        RoleName="ExRole", PermissionsBoundary=POLICY + "ReadOnlyAccess"),
    "DeleteRolePermissionsBoundary": lambda lab: _role(
        lab, boundary=True).delete_role_permissions_boundary(RoleName="ExRole"),
    "TagRole": lambda lab: _role(lab).tag_role(RoleName="ExRole",
                                               Tags=[{"Key": "k", "Value": "v"}]),
    "UntagRole": lambda lab: _role(lab).untag_role(RoleName="ExRole", TagKeys=["k"]),
    "ListRoleTags": lambda lab: _role(lab).list_role_tags(RoleName="ExRole"),
    # identity providers
    "CreateSAMLProvider": lambda lab: lab.client("iam").create_saml_provider(
        Name="ExIdP", SAMLMetadataDocument=saml_metadata()),
    "GetSAMLProvider": lambda lab: _saml(lab).get_saml_provider(SAMLProviderArn=SAML),
    "UpdateSAMLProvider": lambda lab: _saml(lab).update_saml_provider(
        SAMLProviderArn=SAML, SAMLMetadataDocument=saml_metadata()),
    "ListSAMLProviders": lambda lab: _saml(lab).list_saml_providers(),
    "DeleteSAMLProvider": lambda lab: _saml(lab).delete_saml_provider(SAMLProviderArn=SAML),
    "CreateOpenIDConnectProvider": lambda lab: lab.client(
        "iam").create_open_id_connect_provider(Url="https://token.example.com",
                                               ClientIDList=["app"]),
    "GetOpenIDConnectProvider": lambda lab: _oidc(lab).get_open_id_connect_provider(
        OpenIDConnectProviderArn=OIDC),
    "ListOpenIDConnectProviders": lambda lab: _oidc(lab).list_open_id_connect_providers(),
    "DeleteOpenIDConnectProvider": lambda lab: _oidc(lab).delete_open_id_connect_provider(
        OpenIDConnectProviderArn=OIDC),
    # MFA
    "CreateVirtualMFADevice": lambda lab: lab.client("iam").create_virtual_mfa_device(
        VirtualMFADeviceName="ExMFA", Tags=[{"Key": "k", "Value": "v"}]),
    "EnableMFADevice": lambda lab: (lambda iam, serial: iam.enable_mfa_device(
        UserName="ExUser", SerialNumber=serial, AuthenticationCode1=mfa_code(lab, serial),
        AuthenticationCode2=mfa_code(lab, serial, offset=1)))(*_mfa(lab)),
    "ListMFADevices": lambda lab: _mfa(lab, True)[0].list_mfa_devices(UserName="ExUser"),
    "ListVirtualMFADevices": lambda lab: _mfa(lab, True)[0].list_virtual_mfa_devices(),
    "DeactivateMFADevice": lambda lab: (lambda iam, serial: iam.deactivate_mfa_device(
        UserName="ExUser", SerialNumber=serial))(*_mfa(lab, True)),
    "DeleteVirtualMFADevice": lambda lab: (lambda iam, serial: iam.delete_virtual_mfa_device(
        SerialNumber=serial))(*_mfa(lab)),
    # the account
    "GetAccountAuthorizationDetails": lambda lab: _user(
        lab, group=True, policy="ReadOnlyAccess", inline=True, boundary=True) and _role(
        lab, inline=True) and _policy(lab).get_account_authorization_details(),
    # the simulator
    "SimulateCustomPolicy": lambda lab: lab.client("iam").simulate_custom_policy(
        PolicyInputList=[DOC], ActionNames=["cloudwatch:GetMetricData", "s3:GetObject"],
        PermissionsBoundaryPolicyInputList=[DOC], ResourceArns=["*"],
        OrderedOrganizationPolicyInputList=[{"ServiceControlPolicyInputList": [json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}]})]}]),
    "SimulatePrincipalPolicy": lambda lab: _user(
        lab, policy="ReadOnlyAccess", inline=True).simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/ExUser",
        ActionNames=["cloudwatch:GetMetricData"],
        ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyType": "ip",
                         "ContextKeyValues": ["198.51.100.10"]}]),
}
