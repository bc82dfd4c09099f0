"""Launch configurations: CreateLaunchConfiguration, DescribeLaunchConfigurations,
DeleteLaunchConfiguration.

A group launches either from a launch configuration (kept here; detailed monitoring is on
by default, as AWS sets it for launch configurations) or from an EC2 launch template
(``LaunchTemplate=``, resolved through EC2). AWS recommends launch templates; the lab
supports both so either path of the exam notes works. The AMI and instance type are
checked by EC2 when the group launches (a bad one shows as a failed scaling activity).
"""
from __future__ import annotations

from awslab.services.autoscaling.errors import (
    AlreadyExists, ResourceInUse, ValidationError, launch_configuration_not_found, unsupported)
from awslab.services.autoscaling.operations import OPERATIONS
from awslab.services.autoscaling.operations.common import page
from awslab.services.autoscaling.state import LaunchConfiguration

UNSIMULATED = ("InstanceId", "ClassicLinkVPCId", "SpotPrice", "KernelId", "RamdiskId")


def configuration_dict(lc: LaunchConfiguration) -> dict:
    out = {"LaunchConfigurationName": lc.name, "LaunchConfigurationARN": lc.arn,
           "ImageId": lc.image_id, "InstanceType": lc.instance_type,
           "SecurityGroups": list(lc.security_groups), "ClassicLinkVPCSecurityGroups": [],
           "UserData": "", "BlockDeviceMappings": [],
           "InstanceMonitoring": {"Enabled": lc.monitoring}, "CreatedTime": lc.created,
           "EbsOptimized": False}
    if lc.key_name:
        out["KeyName"] = lc.key_name
    if lc.iam_instance_profile:
        out["IamInstanceProfile"] = lc.iam_instance_profile
    return out


@OPERATIONS("CreateLaunchConfiguration")
def create_launch_configuration(call, p):
    state = call.state()
    name = p["LaunchConfigurationName"]
    for key in UNSIMULATED:
        if p.get(key):
            raise unsupported(f"{key} in launch configurations")
    if name in state.launch_configurations:
        raise AlreadyExists(f"Launch Configuration by this name already exists - A launch "
                            f"configuration already exists with the name {name}")
    if not p.get("ImageId") or not p.get("InstanceType"):
        raise ValidationError("Valid requests must contain either the InstanceID parameter "
                              "or both the ImageId and InstanceType parameters.")
    arn = state.arn("launchConfiguration", call.lab.ids.uuid(),
                    f"launchConfigurationName/{name}")
    lc = LaunchConfiguration(name, arn, p["ImageId"], p["InstanceType"],
                             call.now.replace(microsecond=0),
                             (p.get("InstanceMonitoring") or {}).get("Enabled", True),
                             p.get("KeyName"), p.get("IamInstanceProfile"),
                             list(p.get("SecurityGroups") or []))
    state.launch_configurations[name] = lc
    return {}


@OPERATIONS("DescribeLaunchConfigurations")
def describe_launch_configurations(call, p):
    state = call.state()
    names = p.get("LaunchConfigurationNames")
    found = [lc for lc in state.launch_configurations.values()
             if not names or lc.name in names]
    items, token = page(found, p, 50, f"lc {names}")
    return {"LaunchConfigurations": [configuration_dict(lc) for lc in items],
            "NextToken": token}


@OPERATIONS("DeleteLaunchConfiguration")
def delete_launch_configuration(call, p):
    state = call.state()
    name = p["LaunchConfigurationName"]
    if name not in state.launch_configurations:
        raise launch_configuration_not_found(name)
    for group in state.groups.values():
        if group.launch.get("LaunchConfigurationName") == name:
            raise ResourceInUse(f"Cannot delete launch configuration {name} because it is "
                                f"attached to AutoScalingGroup {group.name}")
    del state.launch_configurations[name]
    return {}
