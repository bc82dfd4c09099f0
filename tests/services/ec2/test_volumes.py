"""EBS volumes: creation states, attach/detach rules, encryption, ModifyVolume."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.ec2 import image_id


def _code(exc):
    return exc.value.response["Error"]["Code"]


@pytest.fixture
def instance(lab, ec2):
    iid = ec2.run_instances(ImageId=image_id("al2023"), MinCount=1, MaxCount=1,
                            Placement={"AvailabilityZone": "us-east-1a"}
                            )["Instances"][0]["InstanceId"]
    lab.advance(minutes=1)
    return iid


def test_volume_is_creating_then_available(lab, ec2):
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    assert vol["State"] == "creating" and vol["VolumeType"] == "gp2"
    lab.advance(seconds=2)
    assert ec2.describe_volumes(VolumeIds=[vol["VolumeId"]])["Volumes"][0]["State"] == \
        "available"


def test_attach_detach_and_in_use_rules(lab, ec2, instance):
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    with pytest.raises(ClientError) as exc:
        ec2.attach_volume(VolumeId=vid, InstanceId=instance, Device="/dev/sdf")
    assert _code(exc) == "IncorrectState"
    lab.advance(seconds=2)
    ec2.attach_volume(VolumeId=vid, InstanceId=instance, Device="/dev/sdf")
    assert ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id",
                                          "Values": [instance]}])["Volumes"][0]["State"] \
        == "in-use"
    with pytest.raises(ClientError) as exc:
        ec2.delete_volume(VolumeId=vid)
    assert _code(exc) == "VolumeInUse"
    assert ec2.detach_volume(VolumeId=vid)["State"] == "detaching"
    ec2.delete_volume(VolumeId=vid)


def test_zone_mismatch_and_size_limits(lab, ec2, instance):
    vid = ec2.create_volume(AvailabilityZone="us-east-1b", Size=8)["VolumeId"]
    lab.advance(seconds=2)
    with pytest.raises(ClientError) as exc:
        ec2.attach_volume(VolumeId=vid, InstanceId=instance, Device="/dev/sdf")
    assert _code(exc) == "InvalidVolume.ZoneMismatch"
    with pytest.raises(ClientError) as exc:
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=20000)
    assert _code(exc) == "InvalidParameterValue"


def test_encryption_and_modify(lab, ec2):
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True)
    assert vol["Encrypted"] and vol["KmsKeyId"].endswith("alias/aws/ebs")
    mod = ec2.modify_volume(VolumeId=vol["VolumeId"], VolumeType="gp3", Size=20)
    assert mod["VolumeModification"]["OriginalVolumeType"] == "gp2"
    found = ec2.describe_volumes(VolumeIds=[vol["VolumeId"]])["Volumes"][0]
    assert (found["VolumeType"], found["Size"], found["Iops"]) == ("gp3", 20, 3000)


def test_terminated_instance_releases_its_volume(lab, ec2, instance):
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    lab.advance(seconds=2)
    ec2.attach_volume(VolumeId=vid, InstanceId=instance, Device="/dev/sdf")
    ec2.terminate_instances(InstanceIds=[instance])
    lab.advance(minutes=2)
    assert ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0]["State"] == "available"
