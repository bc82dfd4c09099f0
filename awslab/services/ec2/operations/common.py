"""Helpers shared by the EC2 handlers: ID checks, lookups, and resource -> response dicts."""
from __future__ import annotations

import re

from awslab.bridge.shapes import lower_first
from awslab.services.ec2 import errors
from awslab.services.ec2.catalog import instance_type_info, public_images

INSTANCE_ID = re.compile(r"i-(?:[0-9a-f]{8}|[0-9a-f]{17})")
AMI_ID = re.compile(r"ami-(?:[0-9a-f]{8}|[0-9a-f]{17})")


def dry_run(p: dict) -> None:
    """Answer ``DryRunOperation`` when the caller asked for a dry run."""
    if p.get("DryRun"):
        raise errors.DryRunOperation()


def check_instance_ids(ids: list[str]) -> None:
    for value in ids:
        if not INSTANCE_ID.fullmatch(value):
            raise errors.malformed_instance_id(value)


def lookup(state, ids: list[str]) -> list:
    """The visible instances with these IDs, in order; all-or-nothing as EC2 answers."""
    check_instance_ids(ids)
    missing = [i for i in dict.fromkeys(ids) if state.find(i) is None]
    if missing:
        raise errors.instances_not_found(missing)
    return [state.find(i) for i in dict.fromkeys(ids)]


def image_for(region: str, image_id: str):
    """The public AMI ``image_id`` or the AWS error for a bad or unknown ID."""
    if not AMI_ID.fullmatch(image_id):
        raise errors.malformed_ami(image_id)
    image = public_images(region).get(image_id)
    if image is None:
        raise errors.ami_not_found(image_id)
    return image


def state_dict(inst) -> dict:
    return {"Code": inst.state_code, "Name": inst.state}


def tag_list(tags: dict) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def profile_dict(assoc) -> dict:
    return {"Arn": assoc.profile_arn, "Id": assoc.profile_id}


def describe_instance(inst, state) -> dict:
    """One element of ``Reservations[].Instances`` for DescribeInstances/RunInstances."""
    info = instance_type_info(inst.instance_type)
    image = public_images(inst.region).get(inst.image_id)
    group = {"GroupId": state.security_group_id, "GroupName": "default"}
    out = {
        "InstanceId": inst.instance_id, "ImageId": inst.image_id, "State": state_dict(inst),
        "PrivateDnsName": inst.private_dns, "PublicDnsName": _public_dns(inst),
        "StateTransitionReason": inst.transition_reason, "AmiLaunchIndex": inst.launch_index,
        "ProductCodes": [], "InstanceType": inst.instance_type,
        "LaunchTime": inst.launch_time,
        "Placement": {"AvailabilityZone": inst.availability_zone,
                      "GroupName": inst.placement_group or "", "Tenancy": "default"},
        "Monitoring": {"State": inst.monitoring},
        "SubnetId": inst.subnet.subnet_id, "VpcId": inst.subnet.vpc_id,
        "PrivateIpAddress": inst.private_ip, "PublicIpAddress": inst.public_address,
        "Architecture": info.architecture, "RootDeviceType": "ebs",
        "RootDeviceName": image.root_device_name if image else "/dev/xvda",
        "BlockDeviceMappings": [], "ClientToken": inst.client_token, "EbsOptimized": False,
        "EnaSupport": True, "Hypervisor": "xen", "SecurityGroups": [group],
        "SourceDestCheck": True, "VirtualizationType": "hvm",
        "CpuOptions": {"CoreCount": max(info.vcpus // 2, 1),
                       "ThreadsPerCore": 2 if info.vcpus > 1 else 1},
        "PlatformDetails": image.platform_details if image else "Linux/UNIX",
        "UsageOperation": "RunInstances:0002" if inst.platform else "RunInstances",
        "KeyName": inst.key_name,
        "MetadataOptions": {"State": "applied", "HttpTokens": "required",
                            "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled",
                            "HttpProtocolIpv6": "disabled",
                            "InstanceMetadataTags": "disabled"},
    }
    if inst.platform:
        out["Platform"] = "windows"
    if inst.tags:
        out["Tags"] = tag_list(inst.tags)
    if inst.state_reason:
        out["StateReason"] = {"Code": inst.state_reason[0], "Message": inst.state_reason[1]}
    if inst.association is not None:
        out["IamInstanceProfile"] = profile_dict(inst.association)
    return compact(out)


def compact(d: dict) -> dict:
    """``d`` without ``None`` members (answers omit absent members)."""
    return {k: v for k, v in d.items() if v is not None}


def describe_violations(violations) -> str:
    """EC2's wording for broken model constraints (it has no "validation error" summary)."""
    v = violations[0]
    name = next((p for p in reversed(v.path) if isinstance(p, str)), "parameter")
    if v.kind == "enum":
        return f"Invalid value '{v.value}' for {name}."
    return f"Value ({v.value}) for parameter {lower_first(name)} is invalid."


def _public_dns(inst) -> str:
    if not inst.public_address:
        return ""
    dashed = inst.public_address.replace(".", "-")
    if inst.region == "us-east-1":
        return f"ec2-{dashed}.compute-1.amazonaws.com"
    return f"ec2-{dashed}.{inst.region}.compute.amazonaws.com"


INSTANCE_FILTERS = {
    "instance-id": lambda i: [i.instance_id],
    "instance-state-name": lambda i: [i.state],
    "instance-state-code": lambda i: [str(i.state_code)],
    "instance-type": lambda i: [i.instance_type],
    "image-id": lambda i: [i.image_id],
    "monitoring-state": lambda i: [i.monitoring],
    "availability-zone": lambda i: [i.availability_zone],
    "subnet-id": lambda i: [i.subnet.subnet_id],
    "vpc-id": lambda i: [i.subnet.vpc_id],
    "private-ip-address": lambda i: [i.private_ip],
    "ip-address": lambda i: [i.public_address],
    "placement-group-name": lambda i: [i.placement_group or ""],
    "reservation-id": lambda i: [i.reservation_id],
    "owner-id": lambda i: [i.owner_id],
    "platform": lambda i: [i.platform or ""],
    "iam-instance-profile.arn": lambda i: [i.association.profile_arn] if i.association
    else [],
    "architecture": lambda i: [instance_type_info(i.instance_type).architecture],
}
