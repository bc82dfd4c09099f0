"""One representative successful call per sso-admin, identitystore and sso operation."""
from awslab.services import sso_admin

from sso_helpers import MEMBER, READONLY, assign, setup


def _env(lab):
    return setup(lab)


def _assigned(lab):
    env = setup(lab)
    return env, assign(lab, env)


def _ps_call(method, **extra):
    def run(lab):
        env = setup(lab)
        return getattr(env["sa"], method)(InstanceArn=env["arn"],
                                          PermissionSetArn=env["ps"], **extra)
    return run


def _inline(lab):
    env = setup(lab)
    env["sa"].put_inline_policy_to_permission_set(
        InstanceArn=env["arn"], PermissionSetArn=env["ps"],
        InlinePolicy='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                     '"Action": "s3:ListAllMyBuckets", "Resource": "*"}]}')
    return env


def _deletion(lab):
    env, _ = _assigned(lab)
    return env, env["sa"].delete_account_assignment(
        InstanceArn=env["arn"], TargetId=MEMBER, TargetType="AWS_ACCOUNT",
        PermissionSetArn=env["ps"], PrincipalType="GROUP", PrincipalId=env["group"])


def _provision(lab):
    env, _ = _assigned(lab)
    return env, env["sa"].provision_permission_set(
        InstanceArn=env["arn"], PermissionSetArn=env["ps"], TargetType="AWS_ACCOUNT",
        TargetId=MEMBER)


def _portal(lab):
    env, _ = _assigned(lab)
    return lab.client("sso"), sso_admin.sign_in(lab, env["arn"], "alice")


def _membership(lab):
    env = setup(lab)
    return env, env["ids"].list_group_memberships(IdentityStoreId=env["store"],
                                                  GroupId=env["group"])


EXAMPLES = {
    "sso-admin": {
        "CreateInstance": lambda lab: lab.client("sso-admin").create_instance(Name="apps"),
        "ListInstances": lambda lab: _env(lab)["sa"].list_instances(),
        "DescribeInstance": lambda lab: (lambda e: e["sa"].describe_instance(
            InstanceArn=e["arn"]))(_env(lab)),
        "CreatePermissionSet": lambda lab: (lambda e: e["sa"].create_permission_set(
            InstanceArn=e["arn"], Name="Admin", Description="admins",
            SessionDuration="PT8H"))(_env(lab)),
        "DescribePermissionSet": _ps_call("describe_permission_set"),
        "UpdatePermissionSet": _ps_call("update_permission_set", SessionDuration="PT2H"),
        "ListPermissionSets": lambda lab: (lambda e: e["sa"].list_permission_sets(
            InstanceArn=e["arn"]))(_env(lab)),
        "DeletePermissionSet": _ps_call("delete_permission_set"),
        "AttachManagedPolicyToPermissionSet": _ps_call(
            "attach_managed_policy_to_permission_set",
            ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"),
        "DetachManagedPolicyFromPermissionSet": _ps_call(
            "detach_managed_policy_from_permission_set", ManagedPolicyArn=READONLY),
        "ListManagedPoliciesInPermissionSet": _ps_call(
            "list_managed_policies_in_permission_set"),
        "PutInlinePolicyToPermissionSet": _ps_call(
            "put_inline_policy_to_permission_set",
            InlinePolicy='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                         '"Action": "s3:ListAllMyBuckets", "Resource": "*"}]}'),
        "GetInlinePolicyForPermissionSet": lambda lab: (lambda e: e["sa"].
            get_inline_policy_for_permission_set(InstanceArn=e["arn"],
                                                 PermissionSetArn=e["ps"]))(_inline(lab)),
        "DeleteInlinePolicyFromPermissionSet": lambda lab: (lambda e: e["sa"].
            delete_inline_policy_from_permission_set(InstanceArn=e["arn"],
                                                     PermissionSetArn=e["ps"]))(_inline(lab)),
        "CreateAccountAssignment": lambda lab: (lambda e: e["sa"].create_account_assignment(
            InstanceArn=e["arn"], TargetId=MEMBER, TargetType="AWS_ACCOUNT",
            PermissionSetArn=e["ps"], PrincipalType="USER", PrincipalId=e["user"]))(
            _env(lab)),
        "DescribeAccountAssignmentCreationStatus": lambda lab: (lambda e, s: e["sa"].
            describe_account_assignment_creation_status(
                InstanceArn=e["arn"], AccountAssignmentCreationRequestId=s["RequestId"]))(
            *_assigned(lab)),
        "ListAccountAssignments": lambda lab: (lambda e, _: e["sa"].list_account_assignments(
            InstanceArn=e["arn"], AccountId=MEMBER, PermissionSetArn=e["ps"]))(
            *_assigned(lab)),
        "DeleteAccountAssignment": lambda lab: _deletion(lab)[1],
        "DescribeAccountAssignmentDeletionStatus": lambda lab: (lambda e, d: e["sa"].
            describe_account_assignment_deletion_status(
                InstanceArn=e["arn"], AccountAssignmentDeletionRequestId=d[
                    "AccountAssignmentDeletionStatus"]["RequestId"]))(*_deletion(lab)),
        "ProvisionPermissionSet": lambda lab: _provision(lab)[1],
        "DescribePermissionSetProvisioningStatus": lambda lab: (lambda e, r: e["sa"].
            describe_permission_set_provisioning_status(
                InstanceArn=e["arn"], ProvisionPermissionSetRequestId=r[
                    "PermissionSetProvisioningStatus"]["RequestId"]))(*_provision(lab)),
        "ListAccountsForProvisionedPermissionSet": lambda lab: (lambda e, _: e["sa"].
            list_accounts_for_provisioned_permission_set(
                InstanceArn=e["arn"], PermissionSetArn=e["ps"]))(*_assigned(lab)),
        "ListPermissionSetsProvisionedToAccount": lambda lab: (lambda e, _: e["sa"].
            list_permission_sets_provisioned_to_account(InstanceArn=e["arn"],
                                                         AccountId=MEMBER))(*_assigned(lab)),
    },
    "identitystore": {
        "CreateUser": lambda lab: (lambda e: e["ids"].create_user(
            IdentityStoreId=e["store"], UserName="bob", DisplayName="Bob B",
            Name={"GivenName": "Bob", "FamilyName": "B"},
            Emails=[{"Value": "bob@example.com", "Primary": True}]))(_env(lab)),
        "DescribeUser": lambda lab: (lambda e: e["ids"].describe_user(
            IdentityStoreId=e["store"], UserId=e["user"]))(_env(lab)),
        "ListUsers": lambda lab: (lambda e: e["ids"].list_users(
            IdentityStoreId=e["store"], Filters=[{"AttributePath": "UserName",
                                                  "AttributeValue": "alice"}]))(_env(lab)),
        "DeleteUser": lambda lab: (lambda e: e["ids"].delete_user(
            IdentityStoreId=e["store"], UserId=e["user"]))(_env(lab)),
        "CreateGroup": lambda lab: (lambda e: e["ids"].create_group(
            IdentityStoreId=e["store"], DisplayName="Ops", Description="ops"))(_env(lab)),
        "DescribeGroup": lambda lab: (lambda e: e["ids"].describe_group(
            IdentityStoreId=e["store"], GroupId=e["group"]))(_env(lab)),
        "ListGroups": lambda lab: (lambda e: e["ids"].list_groups(
            IdentityStoreId=e["store"]))(_env(lab)),
        "DeleteGroup": lambda lab: (lambda e: e["ids"].delete_group(
            IdentityStoreId=e["store"], GroupId=e["group"]))(_env(lab)),
        "GetGroupId": lambda lab: (lambda e: e["ids"].get_group_id(
            IdentityStoreId=e["store"], AlternateIdentifier={"UniqueAttribute": {
                "AttributePath": "DisplayName", "AttributeValue": "Auditors"}}))(_env(lab)),
        "GetUserId": lambda lab: (lambda e: e["ids"].get_user_id(
            IdentityStoreId=e["store"], AlternateIdentifier={"UniqueAttribute": {
                "AttributePath": "UserName", "AttributeValue": "alice"}}))(_env(lab)),
        "CreateGroupMembership": lambda lab: (lambda e: e["ids"].create_group_membership(
            IdentityStoreId=e["store"], GroupId=e["ids"].create_group(
                IdentityStoreId=e["store"], DisplayName="Ops")["GroupId"],
            MemberId={"UserId": e["user"]}))(_env(lab)),
        "ListGroupMemberships": lambda lab: _membership(lab)[1],
        "ListGroupMembershipsForMember": lambda lab: (lambda e: e["ids"].
            list_group_memberships_for_member(IdentityStoreId=e["store"],
                                              MemberId={"UserId": e["user"]}))(_env(lab)),
        "DeleteGroupMembership": lambda lab: (lambda e, m: e["ids"].delete_group_membership(
            IdentityStoreId=e["store"], MembershipId=m["GroupMemberships"][0][
                "MembershipId"]))(*_membership(lab)),
    },
    "sso": {
        "ListAccounts": lambda lab: (lambda c, t: c.list_accounts(accessToken=t))(
            *_portal(lab)),
        "ListAccountRoles": lambda lab: (lambda c, t: c.list_account_roles(
            accessToken=t, accountId=MEMBER))(*_portal(lab)),
        "GetRoleCredentials": lambda lab: (lambda c, t: c.get_role_credentials(
            accessToken=t, accountId=MEMBER, roleName="ReadOnly"))(*_portal(lab)),
        "Logout": lambda lab: (lambda c, t: c.logout(accessToken=t))(*_portal(lab)),
    },
}
