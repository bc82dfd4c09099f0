"""The organization, OUs, accounts and CreateAccount."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.organizations import client_as, organization_of
from org_helpers import MANAGEMENT


def code(exc):
    return exc.value.response["Error"]["Code"]


def test_create_organization_makes_the_caller_the_management_account(lab, org):
    made = org.create_organization(FeatureSet="ALL")["Organization"]
    assert made["MasterAccountId"] == MANAGEMENT and made["Id"].startswith("o-")
    assert org.describe_organization()["Organization"]["Id"] == made["Id"]
    accounts = org.list_accounts()["Accounts"]
    assert [a["Id"] for a in accounts] == [MANAGEMENT]
    assert org.list_roots()["Roots"][0]["PolicyTypes"] == []
    with pytest.raises(ClientError) as exc:
        org.create_organization()
    assert code(exc) == "AlreadyInOrganizationException"


def test_an_account_outside_any_organization_gets_not_in_use(lab, org):
    with pytest.raises(ClientError) as exc:
        org.describe_organization()
    assert code(exc) == "AWSOrganizationsNotInUseException"


def test_create_account_is_asynchronous_and_adds_the_access_role(lab, org):
    org.create_organization()
    status = org.create_account(Email="a@example.com", AccountName="alpha")[
        "CreateAccountStatus"]
    assert status["State"] == "IN_PROGRESS"
    lab.advance(minutes=2)
    done = org.describe_create_account_status(CreateAccountRequestId=status["Id"])[
        "CreateAccountStatus"]
    assert done["State"] == "SUCCEEDED" and len(done["AccountId"]) == 12
    account = org.describe_account(AccountId=done["AccountId"])["Account"]
    assert account["JoinedMethod"] == "CREATED" and account["Email"] == "a@example.com"
    role = lab.state("iam", done["AccountId"]).role("OrganizationAccountAccessRole")
    assert f"arn:aws:iam::{MANAGEMENT}:root" in role.trust_policy_text
    # the management account's admin can act in the member through the role
    iam = client_as(lab, done["AccountId"], "iam")
    assert iam.get_role(RoleName="OrganizationAccountAccessRole")["Role"]["Arn"].startswith(
        f"arn:aws:iam::{done['AccountId']}:role/")


def test_create_account_with_a_used_email_fails(lab, org):
    org.create_organization()
    first = org.create_account(Email="same@example.com", AccountName="one")
    lab.advance(minutes=2)
    second = org.create_account(Email="same@example.com", AccountName="two")[
        "CreateAccountStatus"]
    lab.advance(minutes=2)
    status = org.describe_create_account_status(CreateAccountRequestId=second["Id"])[
        "CreateAccountStatus"]
    assert status["State"] == "FAILED" and status["FailureReason"] == "EMAIL_ALREADY_EXISTS"
    assert first["CreateAccountStatus"]["State"] == "IN_PROGRESS"
    states = org.list_create_account_status(States=["FAILED"])["CreateAccountStatuses"]
    assert [s["Id"] for s in states] == [second["Id"]]


def test_account_number_limit(lab, org):
    org.create_organization()
    for i in range(9):
        org.create_account(Email=f"n{i}@example.com", AccountName=f"n{i}")
    with pytest.raises(ClientError) as exc:
        org.create_account(Email="x@example.com", AccountName="x")
    assert exc.value.response["Reason"] == "ACCOUNT_NUMBER_LIMIT_EXCEEDED"


def test_ou_depth_limit_is_five_levels_below_the_root(lab, org):
    org.create_organization()
    parent = org.list_roots()["Roots"][0]["Id"]
    for level in range(5):
        parent = org.create_organizational_unit(ParentId=parent, Name=f"L{level}")[
            "OrganizationalUnit"]["Id"]
    with pytest.raises(ClientError) as exc:
        org.create_organizational_unit(ParentId=parent, Name="too-deep")
    assert code(exc) == "ConstraintViolationException"
    assert exc.value.response["Reason"] == "OU_DEPTH_LIMIT_EXCEEDED"
    path = org.describe_organizational_unit(OrganizationalUnitId=parent)[
        "OrganizationalUnit"]["Path"]
    assert path.count("/ou-") == 5


def test_ou_names_are_unique_per_parent_and_only_empty_ous_are_deleted(lab, tree):
    org = lab.client("organizations")
    with pytest.raises(ClientError) as exc:
        org.create_organizational_unit(ParentId=tree.root, Name="Dev")
    assert code(exc) == "DuplicateOrganizationalUnitException"
    with pytest.raises(ClientError) as exc:
        org.delete_organizational_unit(OrganizationalUnitId=tree.units["Dev"])
    assert code(exc) == "OrganizationalUnitNotEmptyException"
    renamed = org.update_organizational_unit(OrganizationalUnitId=tree.units["Dev"],
                                             Name="Development")["OrganizationalUnit"]
    assert renamed["Name"] == "Development"
    empty = org.create_organizational_unit(ParentId=tree.root, Name="Sandbox")[
        "OrganizationalUnit"]["Id"]
    org.delete_organizational_unit(OrganizationalUnitId=empty)
    with pytest.raises(ClientError) as exc:
        org.describe_organizational_unit(OrganizationalUnitId=empty)
    assert code(exc) == "OrganizationalUnitNotFoundException"


def test_move_account_and_the_tree_listings(lab, tree):
    org = lab.client("organizations")
    dev = tree.account("dev-1")
    assert org.list_parents(ChildId=dev)["Parents"] == [
        {"Id": tree.units["Dev"], "Type": "ORGANIZATIONAL_UNIT"}]
    org.move_account(AccountId=dev, SourceParentId=tree.units["Dev"],
                     DestinationParentId=tree.units["Prod"])
    ids = [a["Id"] for a in org.list_accounts_for_parent(ParentId=tree.units["Prod"])[
        "Accounts"]]
    assert sorted(ids) == sorted([dev, tree.account("prod-1")])
    children = org.list_children(ParentId=tree.root, ChildType="ORGANIZATIONAL_UNIT")
    assert {c["Id"] for c in children["Children"]} == set(tree.units.values())
    with pytest.raises(ClientError) as exc:
        org.move_account(AccountId=dev, SourceParentId=tree.units["Prod"],
                         DestinationParentId=tree.units["Prod"])
    assert code(exc) == "DuplicateAccountException"
    with pytest.raises(ClientError) as exc:
        org.move_account(AccountId=dev, SourceParentId=tree.units["Dev"],
                         DestinationParentId=tree.root)
    assert code(exc) == "SourceParentNotFoundException"


def test_members_cannot_call_management_apis(lab, tree):
    org = client_as(lab, tree.account("dev-1"), "organizations")
    assert org.describe_organization()["Organization"]["Id"] == tree.id
    with pytest.raises(ClientError) as exc:
        org.list_accounts()
    assert code(exc) == "AccessDeniedException"


def test_pagination_of_list_accounts(lab, tree):
    org = lab.client("organizations")
    first = org.list_accounts(MaxResults=2)
    rest = org.list_accounts(NextToken=first["NextToken"])
    assert len(first["Accounts"]) + len(rest["Accounts"]) == 3
    with pytest.raises(ClientError) as exc:
        org.list_roots(NextToken="bogus")
    assert code(exc) == "InvalidInputException"


def test_organization_of_seam(lab, tree):
    found = organization_of(lab, tree.account("dev-1"))
    assert found["Id"] == tree.id and found["MasterAccountId"] == MANAGEMENT
    assert set(found["accounts"]) == {MANAGEMENT, *tree.accounts.values()}
    lab.add_account("999999999999", "outsider")
    assert organization_of(lab, "999999999999") is None


def test_tags_on_accounts(lab, tree):
    org = lab.client("organizations")
    dev = tree.account("dev-1")
    org.tag_resource(ResourceId=dev, Tags=[{"Key": "CostCenter", "Value": "42"}])
    assert org.list_tags_for_resource(ResourceId=dev)["Tags"] == [
        {"Key": "CostCenter", "Value": "42"}]
    org.untag_resource(ResourceId=dev, TagKeys=["CostCenter"])
    assert org.list_tags_for_resource(ResourceId=dev)["Tags"] == []
