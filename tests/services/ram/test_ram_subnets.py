"""VPC subnet sharing: inside the organization only, no default-VPC subnets, participants
launch into shared subnets and manage only their own resources."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.organizations import client_as
from ram_helpers import MANAGEMENT, OUTSIDER, launch, subnet_arn


def code(exc):
    return exc.value.response["Error"]["Code"]


@pytest.fixture
def shared(lab, tree, network):
    ram = lab.client("ram")
    ram.enable_sharing_with_aws_organization()
    share = ram.create_resource_share(
        name="shared-vpc", resourceArns=[subnet_arn(s) for s in network["subnets"]],
        principals=[tree.account("app-a"), tree.account("app-b")],
        allowExternalPrincipals=False)["resourceShare"]
    return share


def test_participants_see_shared_subnets_without_the_owners_tags(lab, tree, network, shared):
    ec2 = client_as(lab, tree.account("app-a"), "ec2")
    mine = ec2.describe_subnets(SubnetIds=network["subnets"])["Subnets"]
    assert {s["OwnerId"] for s in mine} == {MANAGEMENT}
    assert all("Tags" not in s for s in mine)
    owner_view = lab.client("ec2").describe_subnets(SubnetIds=network["subnets"])["Subnets"]
    assert all(s["Tags"] for s in owner_view)
    assert network["vpc"] in [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]]


def test_participants_launch_and_manage_only_their_own_instances(lab, tree, network, shared):
    a = client_as(lab, tree.account("app-a"), "ec2")
    b = client_as(lab, tree.account("app-b"), "ec2")
    ia = launch(a, network["subnets"][0])
    ib = launch(b, network["subnets"][0])
    seen_by_a = [i["InstanceId"] for r in a.describe_instances()["Reservations"]
                 for i in r["Instances"]]
    assert seen_by_a == [ia]
    with pytest.raises(ClientError) as exc:
        a.terminate_instances(InstanceIds=[ib])
    assert code(exc) == "InvalidInstanceID.NotFound"
    with pytest.raises(ClientError) as exc:          # the owner cannot touch them either
        lab.client("ec2").terminate_instances(InstanceIds=[ia])
    assert code(exc) == "InvalidInstanceID.NotFound"
    with pytest.raises(ClientError) as exc:
        a.delete_subnet(SubnetId=network["subnets"][0])
    assert code(exc) == "UnauthorizedOperation"
    with pytest.raises(ClientError) as exc:          # participants' instances are in it
        lab.client("ec2").delete_subnet(SubnetId=network["subnets"][0])
    assert code(exc) == "DependencyViolation"
    left = lab.client("ec2").describe_subnets(SubnetIds=[network["subnets"][0]])["Subnets"]
    assert left[0]["AvailableIpAddressCount"] == 256 - 5 - 2


def test_subnets_cannot_leave_the_organization(lab, tree, network, shared):
    ram = lab.client("ram")
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=shared["resourceShareArn"],
                                     principals=[OUTSIDER])
    assert code(exc) == "OperationNotPermittedException"
    open_share = ram.create_resource_share(name="open", resourceArns=[],
                                           allowExternalPrincipals=True)["resourceShare"]
    with pytest.raises(ClientError) as exc:
        ram.create_resource_share(name="bad", principals=[OUTSIDER],
                                  resourceArns=[subnet_arn(network["subnets"][1])])
    assert code(exc) == "OperationNotPermittedException"
    assert "only with principals in your organization" in exc.value.response["Error"][
        "Message"]
    assert open_share["status"] == "ACTIVE"


def test_default_vpc_subnets_cannot_be_shared(lab, tree, network, shared):
    with pytest.raises(ClientError) as exc:
        lab.client("ram").associate_resource_share(
            resourceShareArn=shared["resourceShareArn"],
            resourceArns=[subnet_arn(network["default_subnet"])])
    assert code(exc) == "InvalidParameterException"
    assert "default VPC" in exc.value.response["Error"]["Message"]


def test_unsharing_keeps_running_instances_but_stops_new_ones(lab, tree, network, shared):
    a = client_as(lab, tree.account("app-a"), "ec2")
    ia = launch(a, network["subnets"][1])
    lab.client("ram").disassociate_resource_share(
        resourceShareArn=shared["resourceShareArn"], principals=[tree.account("app-a")])
    with pytest.raises(ClientError) as exc:
        launch(a, network["subnets"][1])
    assert code(exc) == "InvalidSubnetID.NotFound"
    states = [i["State"]["Name"] for r in a.describe_instances()["Reservations"]
              for i in r["Instances"]]
    assert states and ia
    assert lab.state("ec2", tree.account("app-b")).shared_subnets   # b still has them


def test_sharing_with_an_ou_reaches_its_accounts(lab, tree, network):
    ram = lab.client("ram")
    ou_arn = f"arn:aws:organizations::{MANAGEMENT}:ou/{tree.id}/{tree.units['Workloads']}"
    with pytest.raises(ClientError) as exc:          # needs sharing with the organization
        ram.create_resource_share(name="ou", principals=[ou_arn],
                                  resourceArns=[subnet_arn(network["subnets"][0])])
    assert code(exc) == "OperationNotPermittedException"
    ram.enable_sharing_with_aws_organization()
    ram.create_resource_share(name="ou", principals=[ou_arn],
                              resourceArns=[subnet_arn(network["subnets"][0])])
    for name in ("app-a", "app-b"):
        ec2 = client_as(lab, tree.account(name), "ec2")
        assert ec2.describe_subnets(SubnetIds=[network["subnets"][0]])["Subnets"]


def test_only_the_management_account_enables_organization_sharing(lab, tree):
    ram = client_as(lab, tree.account("app-a"), "ram")
    with pytest.raises(ClientError) as exc:
        ram.enable_sharing_with_aws_organization()
    assert code(exc) == "OperationNotPermittedException"


def test_visibility_matrix_agrees_with_the_api(lab, tree, network, shared):
    from awslab.services.ram import visibility_matrix
    a = client_as(lab, tree.account("app-a"), "ec2")
    ia = launch(a, network["subnets"][0])
    accounts = [MANAGEMENT, tree.account("app-a"), tree.account("app-b"), OUTSIDER]
    rows, columns, cells = visibility_matrix(lab, MANAGEMENT, network["subnets"], accounts)
    assert columns[0].endswith("(owner)") and len(rows) == 3
    assert cells[0] == ["manage", "view", "view", "none"]
    assert rows[2].startswith(ia) and cells[2] == ["none", "manage", "none", "none"]


def test_an_account_that_leaves_loses_the_shared_subnets(lab, tree, network):
    from awslab.services.organizations import complete_standalone_signup
    ram = lab.client("ram")
    ram.enable_sharing_with_aws_organization()
    ram.create_resource_share(name="org", resourceArns=[subnet_arn(network["subnets"][0])],
                              principals=[f"arn:aws:organizations::{MANAGEMENT}:"
                                          f"organization/{tree.id}"])
    leaver = tree.account("app-b")
    assert lab.state("ec2", leaver).shared_subnets
    lab.advance(days=7)
    complete_standalone_signup(lab, leaver)
    lab.client("organizations").remove_account_from_organization(AccountId=leaver)
    assert not lab.state("ec2", leaver).shared_subnets
    assert lab.state("ec2", tree.account("app-a")).shared_subnets
