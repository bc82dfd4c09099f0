"""Examples for the security-group and EBS-volume operations (gathered by ec2_examples)."""
from awslab.services.ec2 import image_id

SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


def _group(lab, open_ssh=False):
    ec2 = lab.client("ec2")
    gid = ec2.create_security_group(GroupName="web", Description="web tier")["GroupId"]
    if open_ssh:
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=SSH)
    return ec2, gid


def _volume(lab, attach=False):
    ec2 = lab.client("ec2")
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    lab.advance(seconds=5)
    if attach:
        iid = ec2.run_instances(ImageId=image_id("al2023"), MinCount=1, MaxCount=1,
                                Placement={"AvailabilityZone": "us-east-1a"}
                                )["Instances"][0]["InstanceId"]
        lab.advance(minutes=1)
        ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    return ec2, vid


EXAMPLES = {"ec2": {
    "CreateSecurityGroup": lambda lab: lab.client("ec2").create_security_group(
        GroupName="web", Description="web tier",
        TagSpecifications=[{"ResourceType": "security-group",
                            "Tags": [{"Key": "team", "Value": "web"}]}]),
    "DescribeSecurityGroups": lambda lab: _group(lab, True)[0].describe_security_groups(),
    "AuthorizeSecurityGroupIngress": lambda lab: (lambda e, g: e
        .authorize_security_group_ingress(GroupId=g, IpPermissions=SSH))(*_group(lab)),
    "RevokeSecurityGroupIngress": lambda lab: (lambda e, g: e
        .revoke_security_group_ingress(GroupId=g, IpPermissions=SSH))(*_group(lab, True)),
    "DeleteSecurityGroup": lambda lab: (lambda e, g: e.delete_security_group(GroupId=g))(
        *_group(lab)),
    "CreateVolume": lambda lab: lab.client("ec2").create_volume(
        AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3", Encrypted=True),
    "DescribeVolumes": lambda lab: _volume(lab, True)[0].describe_volumes(),
    "AttachVolume": lambda lab: _volume(lab, True)[0].describe_volumes() and
    lab.client("ec2").attach_volume(
        VolumeId=_volume(lab)[1], Device="/dev/sdg",
        InstanceId=lab.client("ec2").describe_instances()["Reservations"][0]["Instances"][0]
        ["InstanceId"]),
    "DetachVolume": lambda lab: (lambda e, v: e.detach_volume(VolumeId=v))(
        *_volume(lab, True)),
    "DeleteVolume": lambda lab: (lambda e, v: e.delete_volume(VolumeId=v))(*_volume(lab)),
    "ModifyVolume": lambda lab: (lambda e, v: e.modify_volume(VolumeId=v, VolumeType="gp3"))(
        *_volume(lab)),
}}
