"""One representative successful call per EC2 operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py`` (``EXAMPLES["ec2"]``) so the bridge's
model test can use them too.
"""
import json

from awslab.services.ec2 import image_id

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def _running(lab, profile=False, **kw):
    ec2 = lab.client("ec2")
    if profile:
        iam = lab.client("iam")
        iam.create_role(RoleName="ExRole", AssumeRolePolicyDocument=TRUST)
        iam.create_instance_profile(InstanceProfileName="ExProfile")
        iam.add_role_to_instance_profile(InstanceProfileName="ExProfile", RoleName="ExRole")
    iid = ec2.run_instances(ImageId=image_id("al2023"), InstanceType="t3.micro",
                            MinCount=1, MaxCount=1, **kw)["Instances"][0]["InstanceId"]
    lab.advance(minutes=5)
    return ec2, iid


def _associated(lab):
    ec2, iid = _running(lab, profile=True, IamInstanceProfile={"Name": "ExProfile"})
    assoc = ec2.describe_iam_instance_profile_associations()[
        "IamInstanceProfileAssociations"][0]["AssociationId"]
    return ec2, iid, assoc


def _stopped(lab):
    ec2, iid = _running(lab)
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    return ec2, iid


def _replace(lab):
    ec2, iid, assoc = _associated(lab)
    lab.client("iam").create_instance_profile(InstanceProfileName="Other")
    return ec2.replace_iam_instance_profile_association(
        AssociationId=assoc, IamInstanceProfile={"Name": "Other"})


EXAMPLES = {"ec2": {
    "RunInstances": lambda lab: lab.client("ec2").run_instances(
        ImageId=image_id("al2023"), InstanceType="t3.micro", MinCount=1, MaxCount=1,
        Monitoring={"Enabled": True}, TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}]),
    "DescribeInstances": lambda lab: _running(
        lab, profile=True, IamInstanceProfile={"Name": "ExProfile"})[0].describe_instances(),
    "StartInstances": lambda lab: (lambda e, i: e.start_instances(InstanceIds=[i]))(
        *_stopped(lab)),
    "StopInstances": lambda lab: (lambda e, i: e.stop_instances(InstanceIds=[i]))(
        *_running(lab)),
    "TerminateInstances": lambda lab: (lambda e, i: e.terminate_instances(
        InstanceIds=[i]))(*_running(lab)),
    "MonitorInstances": lambda lab: (lambda e, i: e.monitor_instances(InstanceIds=[i]))(
        *_running(lab)),
    "UnmonitorInstances": lambda lab: (lambda e, i: e.unmonitor_instances(
        InstanceIds=[i]))(*_running(lab, Monitoring={"Enabled": True})),
    "DescribeInstanceStatus": lambda lab: _stopped(lab)[0].describe_instance_status(
        IncludeAllInstances=True),
    "AssociateIamInstanceProfile": lambda lab: (lambda e, i: e.associate_iam_instance_profile(
        InstanceId=i, IamInstanceProfile={"Name": "ExProfile"}))(*_running(lab, profile=True)),
    "ReplaceIamInstanceProfileAssociation": _replace,
    "DisassociateIamInstanceProfile": lambda lab: (
        lambda e, i, a: e.disassociate_iam_instance_profile(AssociationId=a))(
        *_associated(lab)),
    "DescribeIamInstanceProfileAssociations": lambda lab: _associated(lab)[0]
    .describe_iam_instance_profile_associations(),
    "DescribeImages": lambda lab: lab.client("ec2").describe_images(Owners=["amazon"]),
}}


# -- reboot, Elastic IPs, placement groups, launch templates (NB06) ------------------------
def _with_address(lab, associate=False):
    ec2, iid = _running(lab)
    alloc = ec2.allocate_address(Domain="vpc", TagSpecifications=[
        {"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "web"}]}])
    assoc = ec2.associate_address(AllocationId=alloc["AllocationId"],
                                  InstanceId=iid)["AssociationId"] if associate else None
    return ec2, alloc["AllocationId"], assoc, iid


def _with_group(lab):
    ec2 = lab.client("ec2")
    ec2.create_placement_group(GroupName="pg", Strategy="spread")
    return ec2


TEMPLATE = {"ImageId": image_id("al2023"), "InstanceType": "t3.micro",
            "Monitoring": {"Enabled": True},
            "TagSpecifications": [{"ResourceType": "instance",
                                   "Tags": [{"Key": "app", "Value": "web"}]}]}


def _with_template(lab):
    ec2 = lab.client("ec2")
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData=TEMPLATE,
                               VersionDescription="v1")
    return ec2


EXAMPLES["ec2"].update({
    "RebootInstances": lambda lab: (lambda e, i: e.reboot_instances(InstanceIds=[i]))(
        *_running(lab)),
    "AllocateAddress": lambda lab: lab.client("ec2").allocate_address(Domain="vpc"),
    "AssociateAddress": lambda lab: (lambda e, a, _, i: e.associate_address(
        AllocationId=a, InstanceId=i))(*_with_address(lab)),
    "DisassociateAddress": lambda lab: (lambda e, _, s, __: e.disassociate_address(
        AssociationId=s))(*_with_address(lab, associate=True)),
    "ReleaseAddress": lambda lab: (lambda e, a, *_: e.release_address(AllocationId=a))(
        *_with_address(lab)),
    "DescribeAddresses": lambda lab: _with_address(lab, associate=True)[0]
    .describe_addresses(),
    "CreatePlacementGroup": lambda lab: lab.client("ec2").create_placement_group(
        GroupName="pg", Strategy="partition", PartitionCount=3),
    "DescribePlacementGroups": lambda lab: _with_group(lab).describe_placement_groups(
        GroupNames=["pg"]),
    "DeletePlacementGroup": lambda lab: _with_group(lab).delete_placement_group(
        GroupName="pg"),
    "CreateLaunchTemplate": lambda lab: lab.client("ec2").create_launch_template(
        LaunchTemplateName="web", LaunchTemplateData=TEMPLATE),
    "DescribeLaunchTemplates": lambda lab: _with_template(lab).describe_launch_templates(),
    "DescribeLaunchTemplateVersions": lambda lab: _with_template(lab)
    .describe_launch_template_versions(LaunchTemplateName="web", Versions=["$Latest"]),
    "DeleteLaunchTemplate": lambda lab: _with_template(lab).delete_launch_template(
        LaunchTemplateName="web"),
})

from ec2_storage_cases import EXAMPLES as _STORAGE  # noqa: E402  (security groups, EBS)

EXAMPLES["ec2"].update(_STORAGE["ec2"])
