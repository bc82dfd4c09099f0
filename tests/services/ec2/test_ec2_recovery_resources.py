"""What a recovered instance keeps, as EC2 resources: Elastic IPs, placement groups, and
launch templates (which Auto Scaling launches from)."""
import pytest

from awslab.services.ec2 import image_id
from ec2_helpers import describe, error_of, run


def _running(lab, ec2, **kw):
    [iid] = run(ec2, **kw)
    lab.advance(minutes=2)
    return iid


# -- Elastic IPs -----------------------------------------------------------------------
def test_elastic_ip_replaces_the_public_ip_and_survives_stop_start(lab, ec2):
    iid = _running(lab, ec2)
    auto_ip = describe(ec2, iid)["PublicIpAddress"]
    alloc = ec2.allocate_address(Domain="vpc")
    assert alloc["AllocationId"].startswith("eipalloc-") and alloc["Domain"] == "vpc"
    assoc = ec2.associate_address(AllocationId=alloc["AllocationId"], InstanceId=iid)
    assert assoc["AssociationId"].startswith("eipassoc-")
    inst = describe(ec2, iid)
    assert inst["PublicIpAddress"] == alloc["PublicIp"] != auto_ip
    assert inst["PublicDnsName"] == "ec2-" + alloc["PublicIp"].replace(".", "-") + \
        ".compute-1.amazonaws.com"
    [address] = ec2.describe_addresses()["Addresses"]
    assert address["InstanceId"] == iid and address["AssociationId"] == assoc[
        "AssociationId"]
    assert address["PrivateIpAddress"] == inst["PrivateIpAddress"]
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    assert describe(ec2, iid)["PublicIpAddress"] == alloc["PublicIp"]
    ec2.start_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    assert describe(ec2, iid)["PublicIpAddress"] == alloc["PublicIp"]
    ec2.disassociate_address(AssociationId=assoc["AssociationId"])
    new_ip = describe(ec2, iid)["PublicIpAddress"]
    assert new_ip and new_ip != alloc["PublicIp"]
    ec2.release_address(AllocationId=alloc["AllocationId"])
    assert ec2.describe_addresses()["Addresses"] == []


def test_terminating_disassociates_but_keeps_the_address(lab, ec2):
    iid = _running(lab, ec2)
    alloc = ec2.allocate_address()["AllocationId"]
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    ec2.terminate_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    [address] = ec2.describe_addresses()["Addresses"]
    assert "AssociationId" not in address and address["AllocationId"] == alloc


def test_reassociating_moves_the_address(lab, ec2):
    a, b = run(ec2, count=2)
    lab.advance(minutes=1)
    alloc = ec2.allocate_address()
    ec2.associate_address(AllocationId=alloc["AllocationId"], InstanceId=a)
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.associate_address(AllocationId=alloc["AllocationId"], InstanceId=b,
                              AllowReassociation=False)
    code, message, status = error_of(e)
    assert code == "Resource.AlreadyAssociated" and message.startswith(
        f"resource {alloc['AllocationId']} is already associated with associate-id")
    ec2.associate_address(AllocationId=alloc["AllocationId"], InstanceId=b)
    assert describe(ec2, b)["PublicIpAddress"] == alloc["PublicIp"]
    assert describe(ec2, a)["PublicIpAddress"] != alloc["PublicIp"]
    assert ec2.describe_addresses(Filters=[{"Name": "instance-id", "Values": [b]}])[
        "Addresses"][0]["PublicIp"] == alloc["PublicIp"]


def test_address_errors(lab, ec2):
    iid = _running(lab, ec2)
    cases = [
        (lambda: ec2.associate_address(AllocationId="eipalloc-0123456789abcdef0",
                                       InstanceId=iid),
         ("InvalidAllocationID.NotFound",
          "The allocation ID 'eipalloc-0123456789abcdef0' does not exist")),
        (lambda: ec2.disassociate_address(AssociationId="eipassoc-0123456789abcdef0"),
         ("InvalidAssociationID.NotFound",
          "The association ID 'eipassoc-0123456789abcdef0' does not exist")),
        (lambda: ec2.describe_addresses(PublicIps=["192.0.2.1"]),
         ("InvalidAddress.NotFound", "Address '192.0.2.1' not found.")),
    ]
    for call, expected in cases:
        with pytest.raises(ec2.exceptions.ClientError) as e:
            call()
        assert error_of(e)[:2] == expected
    alloc = ec2.allocate_address()["AllocationId"]
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.release_address(AllocationId=alloc)
    assert error_of(e)[:2] == ("InvalidIPAddress.InUse",
                               f"Address with allocation id [{alloc}] is in use.")
    for _ in range(4):
        ec2.allocate_address()
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.allocate_address()
    assert error_of(e)[:2] == ("AddressLimitExceeded",
                               "The maximum number of addresses has been reached.")


# -- placement groups ------------------------------------------------------------------
def test_placement_groups(lab, ec2):
    group = ec2.create_placement_group(GroupName="pg", Strategy="spread")["PlacementGroup"]
    assert group["GroupId"].startswith("pg-") and group["State"] == "available"
    assert group["GroupArn"] == "arn:aws:ec2:us-east-1:123456789012:placement-group/pg"
    assert group["SpreadLevel"] == "rack"
    iid = _running(lab, ec2, Placement={"GroupName": "pg"})
    assert describe(ec2, iid)["Placement"]["GroupName"] == "pg"
    assert ec2.describe_instances(Filters=[{"Name": "placement-group-name",
                                            "Values": ["pg"]}])["Reservations"]
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.delete_placement_group(GroupName="pg")
    assert error_of(e)[:2] == ("InvalidPlacementGroup.InUse",
                               "The placement group 'pg' is in use and may not be deleted.")
    ec2.terminate_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    ec2.delete_placement_group(GroupName="pg")
    assert ec2.describe_placement_groups()["PlacementGroups"] == []


def test_placement_group_errors(ec2):
    ec2.create_placement_group(GroupName="pg", Strategy="cluster")
    cases = [
        (lambda: ec2.create_placement_group(GroupName="pg", Strategy="cluster"),
         ("InvalidPlacementGroup.Duplicate", "The Placement Group 'pg' already exists.")),
        (lambda: ec2.describe_placement_groups(GroupNames=["nope"]),
         ("InvalidPlacementGroup.Unknown", "The Placement Group 'nope' is unknown.")),
        (lambda: run(ec2, Placement={"GroupName": "nope"}),
         ("InvalidPlacementGroup.Unknown", "The Placement Group 'nope' is unknown.")),
        (lambda: ec2.create_placement_group(GroupName="p2", Strategy="cluster",
                                            PartitionCount=2),
         ("InvalidParameterCombination",
          "PartitionCount is only supported for partition placement groups.")),
    ]
    for call, expected in cases:
        with pytest.raises(ec2.exceptions.ClientError) as e:
            call()
        assert error_of(e)[:2] == expected


# -- launch templates ------------------------------------------------------------------
DATA = {"ImageId": image_id(), "InstanceType": "t3.micro", "Monitoring": {"Enabled": True}}


def test_launch_templates(ec2):
    created = ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData=DATA,
                                         VersionDescription="first")["LaunchTemplate"]
    assert created["LaunchTemplateId"].startswith("lt-")
    assert (created["DefaultVersionNumber"], created["LatestVersionNumber"]) == (1, 1)
    assert created["CreatedBy"] == "arn:aws:iam::123456789012:user/admin"
    [listed] = ec2.describe_launch_templates(LaunchTemplateNames=["web"])["LaunchTemplates"]
    assert listed["LaunchTemplateId"] == created["LaunchTemplateId"]
    [version] = ec2.describe_launch_template_versions(
        LaunchTemplateId=created["LaunchTemplateId"])["LaunchTemplateVersions"]
    assert version["LaunchTemplateData"] == DATA and version["DefaultVersion"] is True
    assert version["VersionDescription"] == "first"
    ec2.delete_launch_template(LaunchTemplateName="web")
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []


def test_launch_template_errors(ec2):
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData=DATA)
    cases = [
        (lambda: ec2.create_launch_template(LaunchTemplateName="web",
                                            LaunchTemplateData=DATA),
         ("InvalidLaunchTemplateName.AlreadyExistsException",
          "Launch template name already in use.")),
        (lambda: ec2.describe_launch_templates(LaunchTemplateNames=["nope"]),
         ("InvalidLaunchTemplateName.NotFoundException",
          "At least one of the launch templates specified in the request does not exist.")),
        (lambda: ec2.describe_launch_templates(LaunchTemplateIds=["lt-0123456789abcdef0"]),
         ("InvalidLaunchTemplateId.NotFound",
          "The specified launch template, with template ID lt-0123456789abcdef0, does not "
          "exist.")),
    ]
    for call, expected in cases:
        with pytest.raises(ec2.exceptions.ClientError) as e:
            call()
        assert error_of(e)[:2] == expected
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.create_launch_template(LaunchTemplateName="x", LaunchTemplateData=DATA)
    assert error_of(e)[0] == "InvalidLaunchTemplateName.MalformedException"
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.create_launch_template(LaunchTemplateName="net", LaunchTemplateData={
            **DATA, "SecurityGroupIds": ["sg-1"]})
    code, message, _ = error_of(e)
    assert code == "UnsupportedOperation" and "SecurityGroupIds" in message
