"""Helpers for the Identity Center tests: an enabled instance with one user in one group,
a member account and a permission set."""
from awslab.services import sso_admin

MEMBER = "111111111111"
READONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def setup(lab, duration="PT4H"):
    """``dict`` with instance, store, user, group, permission set ARN and the clients."""
    lab.add_account(MEMBER, "prod")
    arn = sso_admin.enable(lab)
    sa, ids = lab.client("sso-admin"), lab.client("identitystore")
    store = sa.describe_instance(InstanceArn=arn)["IdentityStoreId"]
    user = ids.create_user(IdentityStoreId=store, UserName="alice", DisplayName="Alice Doe",
                           Name={"GivenName": "Alice", "FamilyName": "Doe"})["UserId"]
    group = ids.create_group(IdentityStoreId=store, DisplayName="Auditors")["GroupId"]
    ids.create_group_membership(IdentityStoreId=store, GroupId=group,
                                MemberId={"UserId": user})
    ps = sa.create_permission_set(InstanceArn=arn, Name="ReadOnly",
                                  SessionDuration=duration)["PermissionSet"]
    sa.attach_managed_policy_to_permission_set(InstanceArn=arn, ManagedPolicyArn=READONLY,
                                               PermissionSetArn=ps["PermissionSetArn"])
    return {"arn": arn, "store": store, "user": user, "group": group,
            "ps": ps["PermissionSetArn"], "sa": sa, "ids": ids}


def assign(lab, env, account=MEMBER, principal_type="GROUP", principal=None, wait=True):
    status = env["sa"].create_account_assignment(
        InstanceArn=env["arn"], TargetId=account, TargetType="AWS_ACCOUNT",
        PermissionSetArn=env["ps"], PrincipalType=principal_type,
        PrincipalId=principal or env["group"])["AccountAssignmentCreationStatus"]
    if wait:
        lab.advance(seconds=10)
    return status


def member_roles(lab, account=MEMBER):
    iam = lab.client("iam", **lab.admin_credentials(account).as_client_kwargs())
    return iam.list_roles(PathPrefix="/aws-reserved/")["Roles"]


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]
