"""VPCs, subnets and transit gateways (operations/vpcs.py, operations/transit_gateways.py)."""
import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services.ec2 import image_id


@pytest.fixture
def vpc_lab():
    return Lab(seed=3)


def code(exc):
    return exc.value.response["Error"]["Code"]


def test_the_default_vpc_and_its_subnets_are_described(vpc_lab):
    ec2 = vpc_lab.client("ec2")
    vpcs = ec2.describe_vpcs()["Vpcs"]
    assert [(v["CidrBlock"], v["IsDefault"]) for v in vpcs] == [("172.31.0.0/16", True)]
    subnets = ec2.describe_subnets()["Subnets"]
    assert len(subnets) == 6 and all(s["DefaultForAz"] for s in subnets)
    assert {s["AvailabilityZoneId"] for s in subnets} == {f"use1-az{i}" for i in range(1, 7)}


def test_cidr_rules(vpc_lab):
    ec2 = vpc_lab.client("ec2")
    with pytest.raises(ClientError) as exc:
        ec2.create_vpc(CidrBlock="10.0.0.0/8")
    assert code(exc) == "InvalidVpc.Range"
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")
    with pytest.raises(ClientError) as exc:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.128/25")
    assert code(exc) == "InvalidSubnet.Conflict"
    with pytest.raises(ClientError) as exc:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.0.0/24")
    assert code(exc) == "InvalidSubnet.Range"
    with pytest.raises(ClientError) as exc:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.9.0/24", AvailabilityZone="eu-west-1a")
    assert code(exc) == "InvalidParameterValue"
    with pytest.raises(ClientError) as exc:
        ec2.create_subnet(VpcId="vpc-0123456789abcdef0", CidrBlock="10.0.1.0/24")
    assert code(exc) == "InvalidVpcID.NotFound"


def test_instances_in_a_custom_subnet_and_delete_dependencies(vpc_lab):
    ec2 = vpc_lab.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.3.0/28",
                               AvailabilityZone="us-east-1c")["Subnet"]
    assert subnet["AvailableIpAddressCount"] == 11
    inst = ec2.run_instances(ImageId=image_id(), InstanceType="t3.micro", MinCount=1,
                             MaxCount=1, SubnetId=subnet["SubnetId"])["Instances"][0]
    assert inst["VpcId"] == vpc and inst["Placement"]["AvailabilityZone"] == "us-east-1c"
    assert inst["PrivateIpAddress"].startswith("10.0.3.")
    with pytest.raises(ClientError) as exc:
        ec2.delete_vpc(VpcId=vpc)
    assert code(exc) == "DependencyViolation"
    with pytest.raises(ClientError) as exc:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    assert code(exc) == "DependencyViolation"
    ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])
    vpc_lab.advance(minutes=5)
    ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2.delete_vpc(VpcId=vpc)
    assert len(ec2.describe_vpcs()["Vpcs"]) == 1


def test_filters_on_subnets(vpc_lab):
    ec2 = vpc_lab.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", TagSpecifications=[
        {"ResourceType": "subnet", "Tags": [{"Key": "tier", "Value": "app"}]}])
    found = ec2.describe_subnets(Filters=[{"Name": "tag:tier", "Values": ["app"]}])
    assert [s["VpcId"] for s in found["Subnets"]] == [vpc]
    found = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
    assert len(found["Subnets"]) == 1


def test_transit_gateway_lifecycle(vpc_lab):
    ec2 = vpc_lab.client("ec2")
    tgw = ec2.create_transit_gateway(Description="hub")["TransitGateway"]
    assert tgw["State"] == "pending" and tgw["TransitGatewayArn"].endswith(
        tgw["TransitGatewayId"])
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    att = ec2.create_transit_gateway_vpc_attachment(
        TransitGatewayId=tgw["TransitGatewayId"], VpcId=vpc, SubnetIds=[subnet])[
        "TransitGatewayVpcAttachment"]
    assert att["State"] == "available"            # same account: no acceptance needed
    with pytest.raises(ClientError) as exc:
        ec2.delete_transit_gateway(TransitGatewayId=tgw["TransitGatewayId"])
    assert code(exc) == "IncorrectState"
    ec2.delete_transit_gateway_vpc_attachment(
        TransitGatewayAttachmentId=att["TransitGatewayAttachmentId"])
    ec2.delete_transit_gateway(TransitGatewayId=tgw["TransitGatewayId"])
    assert ec2.describe_transit_gateways()["TransitGateways"] == []


def test_a_shared_transit_gateway_takes_attachments_that_the_owner_accepts(vpc_lab):
    from vpc_examples import _pending
    owner, attachment_id = _pending(vpc_lab)
    seen = owner.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]
    assert [a["State"] for a in seen] == ["pendingAcceptance"]
    owner.accept_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachment_id)
    seen = owner.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]
    assert seen[0]["State"] == "available" and seen[0]["VpcOwnerId"] != "123456789012"
