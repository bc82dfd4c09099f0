"""Shares outside the organization: invitations, acceptance, rejection, expiry; the other
shareable types (transit gateways, Resolver rules, License Manager configurations)."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.organizations import client_as
from ram_helpers import MANAGEMENT, OUTSIDER, as_admin


def code(exc):
    return exc.value.response["Error"]["Code"]


@pytest.fixture
def tgw_share(lab, tree):
    tgw = lab.client("ec2").create_transit_gateway(Description="hub")["TransitGateway"]
    share = lab.client("ram").create_resource_share(
        name="hub", resourceArns=[tgw["TransitGatewayArn"]], principals=[OUTSIDER])[
        "resourceShare"]
    return tgw, share


def test_an_outside_account_gets_an_invitation(lab, tree, tgw_share):
    tgw, share = tgw_share
    outsider = as_admin(lab, OUTSIDER, "ec2")
    assert outsider.describe_transit_gateways()["TransitGateways"] == []
    ram = as_admin(lab, OUTSIDER, "ram")
    invitations = ram.get_resource_share_invitations()["resourceShareInvitations"]
    assert [i["status"] for i in invitations] == ["PENDING"]
    assoc = lab.client("ram").get_resource_share_associations(associationType="PRINCIPAL")[
        "resourceShareAssociations"]
    assert assoc[0]["status"] == "ASSOCIATING" and assoc[0]["external"] is True
    ram.accept_resource_share_invitation(
        resourceShareInvitationArn=invitations[0]["resourceShareInvitationArn"])
    seen = outsider.describe_transit_gateways()["TransitGateways"]
    assert [(g["TransitGatewayId"], g["OwnerId"]) for g in seen] == [
        (tgw["TransitGatewayId"], MANAGEMENT)]
    listed = ram.list_resources(resourceOwner="OTHER-ACCOUNTS")["resources"]
    assert [r["type"] for r in listed] == ["ec2:TransitGateway"]
    with pytest.raises(ClientError) as exc:
        outsider.delete_transit_gateway(TransitGatewayId=tgw["TransitGatewayId"])
    assert code(exc) == "UnauthorizedOperation"
    with pytest.raises(ClientError) as exc:
        ram.accept_resource_share_invitation(
            resourceShareInvitationArn=invitations[0]["resourceShareInvitationArn"])
    assert code(exc) == "ResourceShareInvitationAlreadyAcceptedException"


def test_invitations_expire_after_12_hours(lab, tree, tgw_share):
    ram = as_admin(lab, OUTSIDER, "ram")
    arn = ram.get_resource_share_invitations()["resourceShareInvitations"][0][
        "resourceShareInvitationArn"]
    lab.advance(hours=12)
    with pytest.raises(ClientError) as exc:
        ram.accept_resource_share_invitation(resourceShareInvitationArn=arn)
    assert code(exc) == "ResourceShareInvitationExpiredException"
    assoc = lab.client("ram").get_resource_share_associations(
        associationType="PRINCIPAL")["resourceShareAssociations"]
    assert assoc[0]["status"] == "FAILED"


def test_rejected_invitation(lab, tree, tgw_share):
    ram = as_admin(lab, OUTSIDER, "ram")
    arn = ram.get_resource_share_invitations()["resourceShareInvitations"][0][
        "resourceShareInvitationArn"]
    assert ram.reject_resource_share_invitation(resourceShareInvitationArn=arn)[
        "resourceShareInvitation"]["status"] == "REJECTED"
    assert as_admin(lab, OUTSIDER, "ec2").describe_transit_gateways()["TransitGateways"] == []


def test_member_accounts_get_invitations_until_organization_sharing_is_enabled(lab, tree):
    rule = lab.client("route53resolver").create_resolver_rule(
        CreatorRequestId="r1", Name="corp", RuleType="FORWARD", DomainName="corp.example",
        TargetIps=[{"Ip": "10.10.0.2", "Port": 53}])["ResolverRule"]
    ram = lab.client("ram")
    ram.create_resource_share(name="dns", resourceArns=[rule["Arn"]],
                              principals=[tree.account("app-a")])
    member = client_as(lab, tree.account("app-a"), "ram")
    assert len(member.get_resource_share_invitations()["resourceShareInvitations"]) == 1
    ram.enable_sharing_with_aws_organization()
    ram.create_resource_share(name="dns-b", resourceArns=[rule["Arn"]],
                              principals=[tree.account("app-b")])
    b = client_as(lab, tree.account("app-b"), "route53resolver")
    rules = b.list_resolver_rules()["ResolverRules"]
    assert [(r["Id"], r["ShareStatus"]) for r in rules] == [(rule["Id"], "SHARED_WITH_ME")]
    owner = lab.client("route53resolver").get_resolver_rule(ResolverRuleId=rule["Id"])
    assert owner["ResolverRule"]["ShareStatus"] == "SHARED_BY_ME"
    with pytest.raises(ClientError) as exc:
        b.delete_resolver_rule(ResolverRuleId=rule["Id"])
    assert code(exc) == "AccessDeniedException"


def test_license_configurations_and_listings(lab, tree):
    lm = lab.client("license-manager")
    arn = lm.create_license_configuration(Name="sql-server", LicenseCountingType="vCPU",
                                          LicenseCount=64)["LicenseConfigurationArn"]
    ram = lab.client("ram")
    ram.enable_sharing_with_aws_organization()
    share = ram.create_resource_share(name="licenses", resourceArns=[arn],
                                      principals=[f"arn:aws:organizations::{MANAGEMENT}:"
                                                  f"organization/{tree.id}"])["resourceShare"]
    member = client_as(lab, tree.account("app-b"), "license-manager")
    configs = member.list_license_configurations()["LicenseConfigurations"]
    assert [(c["Name"], c["OwnerAccountId"]) for c in configs] == [("sql-server", MANAGEMENT)]
    principals = ram.list_principals(resourceOwner="SELF")["principals"]
    assert principals[0]["external"] is False
    resources = ram.list_resources(resourceOwner="SELF", resourceType=
                                   "license-manager:LicenseConfiguration")["resources"]
    assert [r["arn"] for r in resources] == [arn]
    ram.delete_resource_share(resourceShareArn=share["resourceShareArn"])
    assert member.list_license_configurations()["LicenseConfigurations"] == []
    shares = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
    assert shares[0]["status"] == "DELETED"


def test_bad_arns_and_principals(lab, tree):
    ram = lab.client("ram")
    with pytest.raises(ClientError) as exc:
        ram.create_resource_share(name="x", resourceArns=["not-an-arn"])
    assert code(exc) == "MalformedArnException"
    with pytest.raises(ClientError) as exc:
        ram.create_resource_share(name="x", resourceArns=[
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0123456789abcdef0"])
    assert code(exc) == "UnknownResourceException"
    with pytest.raises(ClientError) as exc:
        ram.create_resource_share(name="x", principals=[
            f"arn:aws:iam::{tree.account('app-a')}:role/Admin"])
    assert code(exc) == "InvalidParameterException"


def test_list_resource_types_names_the_four_simulated_types(lab):
    types = lab.client("ram").list_resource_types()["resourceTypes"]
    assert [t["resourceType"] for t in types] == [
        "ec2:Subnet", "ec2:TransitGateway", "route53resolver:ResolverRule",
        "license-manager:LicenseConfiguration"]
