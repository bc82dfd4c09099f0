"""Fixtures for the RAM tests: an organization (app-a, app-b in OU Workloads), a custom
VPC with two subnets in the management account, and an outsider account."""
import pytest

from awslab import Lab
from awslab.services.organizations import build_organization

from ram_helpers import OUTSIDER


@pytest.fixture
def lab():
    lab = Lab(seed=21)
    lab.add_account(OUTSIDER, "outsider")
    return lab


@pytest.fixture
def tree(lab):
    return build_organization(lab, {"Workloads": ["app-a", "app-b"]})


@pytest.fixture
def network(lab, tree):
    """``{"vpc", "subnets": [id, id], "default_subnet"}`` owned by the management account."""
    ec2 = lab.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24",
                                 AvailabilityZone=f"us-east-1{z}",
                                 TagSpecifications=[{"ResourceType": "subnet", "Tags": [
                                     {"Key": "Name", "Value": f"shared-{z}"}]}])[
        "Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
    default = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])[
        "Subnets"][0]["SubnetId"]
    return {"vpc": vpc, "subnets": subnets, "default_subnet": default}
