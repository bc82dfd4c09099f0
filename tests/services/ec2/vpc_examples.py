"""Examples of the EC2 VPC, subnet and transit gateway operations (``vpcs.py``,
``transit_gateways.py``), merged into the EC2 examples of ``ec2_examples.py``."""
from ec2_examples import EXAMPLES as _EC2


def _vpc(lab):
    ec2 = lab.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return ec2, vpc


def _subnet(lab):
    ec2, vpc = _vpc(lab)
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24",
                               AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    return ec2, vpc, subnet


def _tgw(lab, attach=False, auto_accept=True):
    ec2, vpc, subnet = _subnet(lab)
    tgw = ec2.create_transit_gateway(Description="hub", Options={
        "AutoAcceptSharedAttachments": "enable" if auto_accept else "disable"})[
        "TransitGateway"]["TransitGatewayId"]
    att = None
    if attach:
        att = ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])[
            "TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
    return ec2, tgw, vpc, subnet, att


def _pending(lab):
    """A participant's attachment to a shared gateway that does not auto-accept."""
    from awslab.services.organizations import build_organization, client_as
    tree = build_organization(lab, {"Root": ["net"]})
    ec2 = lab.client("ec2")
    tgw = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    ram = lab.client("ram")
    ram.enable_sharing_with_aws_organization()
    ram.create_resource_share(
        name="hub", principals=[tree.account("net")],
        resourceArns=[f"arn:aws:ec2:us-east-1:123456789012:transit-gateway/{tgw}"])
    member = client_as(lab, tree.account("net"), "ec2")
    vpc = member.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = member.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/24")["Subnet"]["SubnetId"]
    att = member.create_transit_gateway_vpc_attachment(
        TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])["TransitGatewayVpcAttachment"]
    return ec2, att["TransitGatewayAttachmentId"]


_MINE = {
    "CreateVpc": lambda lab: lab.client("ec2").create_vpc(
        CidrBlock="10.0.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "shared"}]}]),
    "DescribeVpcs": lambda lab: _vpc(lab)[0].describe_vpcs(),
    "DeleteVpc": lambda lab: (lambda e, v: e.delete_vpc(VpcId=v))(*_vpc(lab)),
    "CreateSubnet": lambda lab: (lambda e, v: e.create_subnet(
        VpcId=v, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1b"))(*_vpc(lab)),
    "DescribeSubnets": lambda lab: _subnet(lab)[0].describe_subnets(
        Filters=[{"Name": "default-for-az", "Values": ["false"]}]),
    "DeleteSubnet": lambda lab: (lambda e, v, s: e.delete_subnet(SubnetId=s))(*_subnet(lab)),
    "CreateTransitGateway": lambda lab: lab.client("ec2").create_transit_gateway(
        Description="hub"),
    "DescribeTransitGateways": lambda lab: _tgw(lab)[0].describe_transit_gateways(),
    "DeleteTransitGateway": lambda lab: (lambda r: r[0].delete_transit_gateway(
        TransitGatewayId=r[1]))(_tgw(lab)),
    "CreateTransitGatewayVpcAttachment": lambda lab: (lambda r: r[0]
        .create_transit_gateway_vpc_attachment(TransitGatewayId=r[1], VpcId=r[2],
                                               SubnetIds=[r[3]]))(_tgw(lab)),
    "DescribeTransitGatewayVpcAttachments": lambda lab: _tgw(lab, attach=True)[0]
        .describe_transit_gateway_vpc_attachments(),
    "AcceptTransitGatewayVpcAttachment": lambda lab: (lambda e, a: e
        .accept_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=a))(*_pending(lab)),
    "DeleteTransitGatewayVpcAttachment": lambda lab: (lambda r: r[0]
        .delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=r[4]))(
        _tgw(lab, attach=True)),
}

EXAMPLES = {"ec2": {**_EC2["ec2"], **_MINE}}
