"""One representative successful call per RAM, Route 53 Resolver and License Manager
operation: ``fn(lab) -> response`` (gathered by ``tests/bridge/bridge_examples.py``)."""
from awslab.services.organizations import build_organization

OUTSIDER = "444455556666"
MANAGEMENT = "123456789012"


def _org(lab):
    tree = build_organization(lab, {"Root": ["app"]})
    ram = lab.client("ram")
    ram.enable_sharing_with_aws_organization()
    return ram, tree


def _tgw(lab):
    return lab.client("ec2").create_transit_gateway()["TransitGateway"]["TransitGatewayArn"]


def _share(lab, external=False):
    ram, tree = _org(lab)
    principal = OUTSIDER if external else tree.account("app")
    if external:
        lab.add_account(OUTSIDER, "outsider")
    share = ram.create_resource_share(name="hub", resourceArns=[_tgw(lab)],
                                      principals=[principal])["resourceShare"]
    return ram, tree, share["resourceShareArn"]


def _invitation(lab):
    _share(lab, external=True)
    ram = lab.client("ram", **lab.admin_credentials(OUTSIDER).as_client_kwargs())
    arn = ram.get_resource_share_invitations()["resourceShareInvitations"][0][
        "resourceShareInvitationArn"]
    return ram, arn


def _rule(lab):
    r53 = lab.client("route53resolver")
    rule = r53.create_resolver_rule(CreatorRequestId="r1", Name="corp", RuleType="FORWARD",
                                    DomainName="corp.example",
                                    TargetIps=[{"Ip": "10.10.0.2", "Port": 53}])
    return r53, rule["ResolverRule"]["Id"]


def _rule_assoc(lab):
    r53, rid = _rule(lab)
    vpc = lab.client("ec2").create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    r53.associate_resolver_rule(ResolverRuleId=rid, VPCId=vpc, Name="corp")
    return r53


def _license(lab):
    lm = lab.client("license-manager")
    return lm, lm.create_license_configuration(
        Name="sql", LicenseCountingType="vCPU", LicenseCount=8)["LicenseConfigurationArn"]


EXAMPLES = {
    "ram": {
        "EnableSharingWithAwsOrganization": lambda lab: (
            build_organization(lab, {"Root": ["app"]}),
            lab.client("ram").enable_sharing_with_aws_organization())[1],
        "CreateResourceShare": lambda lab: (lambda r, t: r.create_resource_share(
            name="hub", resourceArns=[_tgw(lab)], principals=[t.account("app")],
            tags=[{"key": "team", "value": "network"}], clientToken="t1"))(*_org(lab)),
        "AssociateResourceShare": lambda lab: (lambda r, t, s: r.associate_resource_share(
            resourceShareArn=s, resourceArns=[_tgw(lab)]))(*_share(lab)),
        "DisassociateResourceShare": lambda lab: (lambda r, t, s:
            r.disassociate_resource_share(resourceShareArn=s,
                                          principals=[t.account("app")]))(*_share(lab)),
        "DeleteResourceShare": lambda lab: (lambda r, t, s: r.delete_resource_share(
            resourceShareArn=s))(*_share(lab)),
        "ListResourceTypes": lambda lab: lab.client("ram").list_resource_types(),
        "GetResourceShares": lambda lab: _share(lab)[0].get_resource_shares(
            resourceOwner="SELF"),
        "ListResources": lambda lab: _share(lab)[0].list_resources(resourceOwner="SELF"),
        "ListPrincipals": lambda lab: _share(lab)[0].list_principals(resourceOwner="SELF"),
        "GetResourceShareAssociations": lambda lab: _share(lab)[0]
            .get_resource_share_associations(associationType="PRINCIPAL"),
        "GetResourceShareInvitations": lambda lab: _invitation(lab)[0]
            .get_resource_share_invitations(),
        "AcceptResourceShareInvitation": lambda lab: (lambda r, a:
            r.accept_resource_share_invitation(resourceShareInvitationArn=a))(
            *_invitation(lab)),
        "RejectResourceShareInvitation": lambda lab: (lambda r, a:
            r.reject_resource_share_invitation(resourceShareInvitationArn=a))(
            *_invitation(lab)),
    },
    "route53resolver": {
        "CreateResolverRule": lambda lab: lab.client("route53resolver").create_resolver_rule(
            CreatorRequestId="r1", Name="corp", RuleType="FORWARD",
            DomainName="corp.example", TargetIps=[{"Ip": "10.10.0.2", "Port": 53}]),
        "GetResolverRule": lambda lab: (lambda c, r: c.get_resolver_rule(
            ResolverRuleId=r))(*_rule(lab)),
        "ListResolverRules": lambda lab: _rule(lab)[0].list_resolver_rules(),
        "DeleteResolverRule": lambda lab: (lambda c, r: c.delete_resolver_rule(
            ResolverRuleId=r))(*_rule(lab)),
        "AssociateResolverRule": lambda lab: (lambda c, r: c.associate_resolver_rule(
            ResolverRuleId=r, Name="corp", VPCId=lab.client("ec2").create_vpc(
                CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]))(*_rule(lab)),
        "ListResolverRuleAssociations": lambda lab: _rule_assoc(lab)
            .list_resolver_rule_associations(),
    },
    "license-manager": {
        "CreateLicenseConfiguration": lambda lab: lab.client("license-manager")
            .create_license_configuration(Name="sql", LicenseCountingType="vCPU",
                                          LicenseCount=8, Description="SQL Server"),
        "GetLicenseConfiguration": lambda lab: (lambda c, a: c.get_license_configuration(
            LicenseConfigurationArn=a))(*_license(lab)),
        "ListLicenseConfigurations": lambda lab: _license(lab)[0]
            .list_license_configurations(),
        "DeleteLicenseConfiguration": lambda lab: (lambda c, a:
            c.delete_license_configuration(LicenseConfigurationArn=a))(*_license(lab)),
    },
}
