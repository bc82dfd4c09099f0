"""Invitations, remove/leave rules, deleting an organization, and account migration."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.organizations import complete_standalone_signup, organization_of
from org_helpers import MANAGEMENT

OTHER = "210987654321"       # management account of organization B
STANDALONE = "333344445555"


def code(exc):
    return exc.value.response["Error"]["Code"]


def as_admin(lab, account, service="organizations"):
    return lab.client(service, **lab.admin_credentials(account).as_client_kwargs())


@pytest.fixture
def two_orgs(lab, org):
    lab.add_account(OTHER, "org-b")
    lab.add_account(STANDALONE, "standalone")
    org.create_organization()
    as_admin(lab, OTHER).create_organization()
    return org, as_admin(lab, OTHER)


def invite(org, account):
    return org.invite_account_to_organization(
        Target={"Id": account, "Type": "ACCOUNT"}, Notes="join us")["Handshake"]


def test_invite_and_accept(lab, two_orgs):
    org, _ = two_orgs
    shake = invite(org, STANDALONE)
    assert shake["State"] == "OPEN"
    assert (shake["ExpirationTimestamp"] - shake["RequestedTimestamp"]).days == 15
    member = as_admin(lab, STANDALONE)
    listed = member.list_handshakes_for_account()["Handshakes"]
    assert [h["Id"] for h in listed] == [shake["Id"]]
    accepted = member.accept_handshake(HandshakeId=shake["Id"])["Handshake"]
    assert accepted["State"] == "ACCEPTED"
    account = org.describe_account(AccountId=STANDALONE)["Account"]
    assert account["JoinedMethod"] == "INVITED"
    # invited accounts do not get OrganizationAccountAccessRole
    assert lab.state("iam", STANDALONE).role("OrganizationAccountAccessRole") is None
    with pytest.raises(ClientError) as exc:
        member.accept_handshake(HandshakeId=shake["Id"])
    assert code(exc) == "HandshakeAlreadyInStateException"


def test_decline_cancel_and_duplicates(lab, two_orgs):
    org, _ = two_orgs
    shake = invite(org, STANDALONE)
    with pytest.raises(ClientError) as exc:
        invite(org, STANDALONE)
    assert code(exc) == "DuplicateHandshakeException"
    as_admin(lab, STANDALONE).decline_handshake(HandshakeId=shake["Id"])
    again = invite(org, STANDALONE)
    cancelled = org.cancel_handshake(HandshakeId=again["Id"])["Handshake"]
    assert cancelled["State"] == "CANCELED"
    with pytest.raises(ClientError) as exc:
        as_admin(lab, STANDALONE).accept_handshake(HandshakeId=again["Id"])
    assert code(exc) == "InvalidHandshakeTransitionException"
    states = {h["State"] for h in org.list_handshakes_for_organization()["Handshakes"]}
    assert states == {"DECLINED", "CANCELED"}


def test_invitations_expire_after_15_days(lab, two_orgs):
    org, _ = two_orgs
    shake = invite(org, STANDALONE)
    lab.advance(days=14, hours=23)
    assert org.describe_handshake(HandshakeId=shake["Id"])["Handshake"]["State"] == "OPEN"
    lab.advance(hours=1)
    assert org.describe_handshake(HandshakeId=shake["Id"])["Handshake"]["State"] == "EXPIRED"
    with pytest.raises(ClientError) as exc:
        as_admin(lab, STANDALONE).accept_handshake(HandshakeId=shake["Id"])
    assert code(exc) == "InvalidHandshakeTransitionException"


def test_invitation_by_email(lab, two_orgs):
    org, _ = two_orgs
    from awslab.services.organizations.operations.organization import account_email
    shake = org.invite_account_to_organization(
        Target={"Id": account_email(lab, STANDALONE), "Type": "EMAIL"})["Handshake"]
    assert {"Id": STANDALONE, "Type": "ACCOUNT"} in shake["Parties"]


def test_an_account_in_an_organization_cannot_be_invited(lab, two_orgs):
    org, _ = two_orgs
    with pytest.raises(ClientError) as exc:
        invite(org, OTHER)
    assert code(exc) == "HandshakeConstraintViolationException"
    assert exc.value.response["Reason"] == "ALREADY_IN_AN_ORGANIZATION"


def test_the_management_account_cannot_leave(lab, two_orgs):
    org, _ = two_orgs
    with pytest.raises(ClientError) as exc:
        org.leave_organization()
    assert exc.value.response["Reason"] == "ACCOUNT_CANNOT_LEAVE_ORGANIZATION"
    with pytest.raises(ClientError) as exc:
        org.remove_account_from_organization(AccountId=MANAGEMENT)
    assert code(exc) == "MasterCannotLeaveOrganizationException"


def test_created_accounts_wait_seven_days_and_need_standalone_information(lab, tree):
    org = lab.client("organizations")
    dev = tree.account("dev-1")
    with pytest.raises(ClientError) as exc:
        org.remove_account_from_organization(AccountId=dev)
    assert exc.value.response["Reason"] == "WAIT_PERIOD_ACTIVE"
    lab.advance(days=7)
    with pytest.raises(ClientError) as exc:
        org.remove_account_from_organization(AccountId=dev)
    assert exc.value.response["Reason"] == "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA"
    complete_standalone_signup(lab, dev)
    org.remove_account_from_organization(AccountId=dev)
    assert organization_of(lab, dev) is None


def test_delete_organization_needs_it_empty(lab, two_orgs):
    org, _ = two_orgs
    invite_id = invite(org, STANDALONE)["Id"]
    as_admin(lab, STANDALONE).accept_handshake(HandshakeId=invite_id)
    with pytest.raises(ClientError) as exc:
        org.delete_organization()
    assert code(exc) == "OrganizationNotEmptyException"
    as_admin(lab, STANDALONE).leave_organization()
    org.delete_organization()
    with pytest.raises(ClientError) as exc:
        org.describe_organization()
    assert code(exc) == "AWSOrganizationsNotInUseException"


def test_migration_between_organizations(lab, two_orgs):
    """Leave A, be invited by B, accept; then A's management account joins B after A is
    deleted."""
    org_a, org_b = two_orgs
    member = as_admin(lab, STANDALONE)
    member.accept_handshake(HandshakeId=invite(org_a, STANDALONE)["Id"])
    with pytest.raises(ClientError):          # still in A: B's invitation is refused
        invite(org_b, STANDALONE)
    member.leave_organization()
    member.accept_handshake(HandshakeId=invite(org_b, STANDALONE)["Id"])
    b_id = org_b.describe_organization()["Organization"]["Id"]
    assert organization_of(lab, STANDALONE)["Id"] == b_id
    with pytest.raises(ClientError):          # A's management account: delete A first
        invite(org_b, MANAGEMENT)
    org_a.delete_organization()
    org_a.accept_handshake(HandshakeId=invite(org_b, MANAGEMENT)["Id"])
    assert organization_of(lab, MANAGEMENT)["MasterAccountId"] == OTHER


def test_enable_all_features_needs_every_invited_member_to_approve(lab):
    lab.add_account(STANDALONE, "standalone")
    org = lab.client("organizations")
    org.create_organization(FeatureSet="CONSOLIDATED_BILLING")
    root = org.list_roots()["Roots"][0]["Id"]
    with pytest.raises(ClientError) as exc:
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    assert code(exc) == "PolicyTypeNotAvailableForOrganizationException"
    member = as_admin(lab, STANDALONE)
    member.accept_handshake(HandshakeId=invite(org, STANDALONE)["Id"])
    parent = org.enable_all_features()["Handshake"]
    assert parent["Action"] == "ENABLE_ALL_FEATURES"
    lab.add_account(OTHER, "org-b")
    with pytest.raises(ClientError) as exc:
        invite(org, OTHER)
    assert exc.value.response["Reason"] == "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES"
    with pytest.raises(ClientError) as exc:                # the member has not approved
        org.accept_handshake(HandshakeId=parent["Id"])
    assert code(exc) == "InvalidHandshakeTransitionException"
    approval = member.list_handshakes_for_account(
        Filter={"ActionType": "APPROVE_ALL_FEATURES"})["Handshakes"][0]
    assert {"Type": "PARENT_HANDSHAKE", "Value": parent["Id"]} in approval["Resources"]
    assert (approval["ExpirationTimestamp"] - approval["RequestedTimestamp"]).days == 90
    member.accept_handshake(HandshakeId=approval["Id"])
    org.accept_handshake(HandshakeId=parent["Id"])
    assert org.describe_organization()["Organization"]["FeatureSet"] == "ALL"
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    with pytest.raises(ClientError) as exc:
        org.enable_all_features()
    assert exc.value.response["Reason"] == "ORGANIZATION_ALREADY_HAS_ALL_FEATURES"
