"""Auto Scaling groups through boto3: create, describe, update, desired capacity, delete,
instances launched through EC2, scaling activities with AWS's texts, health checks."""
import json

import pytest

from awslab.services.ec2 import image_id
from autoscaling_helpers import activities, error, group, in_service, make_group


def test_a_new_group_launches_its_instances_on_the_clock(lab, asg, ec2):
    make_group(asg, desired=2)
    assert group(asg)["Instances"] == []               # nothing launched inside the call
    lab.advance(seconds=10)
    g = group(asg)
    assert [i["LifecycleState"] for i in g["Instances"]] == ["Pending", "Pending"]
    assert sorted(i["AvailabilityZone"] for i in g["Instances"]) == ["us-east-1a",
                                                                      "us-east-1b"]
    lab.advance(minutes=1)
    ids = in_service(asg)
    assert len(ids) == 2
    described = ec2.describe_instances(InstanceIds=ids)["Reservations"]
    for reservation in described:
        [inst] = reservation["Instances"]
        tags = {t["Key"]: t["Value"] for t in inst["Tags"]}
        assert tags["aws:autoscaling:groupName"] == "web"
        assert inst["Monitoring"]["State"] in ("pending", "enabled")   # LC default: detailed


def test_group_description(lab, asg):
    make_group(asg, desired=1, DefaultInstanceWarmup=60,
               Tags=[{"Key": "app", "Value": "web", "PropagateAtLaunch": True}])
    lab.advance(minutes=1)
    g = group(asg)
    assert g["AutoScalingGroupARN"].startswith(
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:")
    assert g["AutoScalingGroupARN"].endswith(":autoScalingGroupName/web")
    assert (g["MinSize"], g["MaxSize"], g["DesiredCapacity"]) == (1, 6, 1)
    assert g["DefaultCooldown"] == 300 and g["HealthCheckType"] == "EC2"
    assert g["LaunchConfigurationName"] == "web-lc" and g["DefaultInstanceWarmup"] == 60
    assert g["AvailabilityZones"] == ["us-east-1a", "us-east-1b"]
    assert g["Tags"] == [{"ResourceId": "web", "ResourceType": "auto-scaling-group",
                          "Key": "app", "Value": "web", "PropagateAtLaunch": True}]
    [inst] = g["Instances"]
    assert inst["HealthStatus"] == "Healthy" and inst["ProtectedFromScaleIn"] is False
    [listed] = asg.describe_auto_scaling_instances()["AutoScalingInstances"]
    assert listed["AutoScalingGroupName"] == "web" and listed["InstanceId"] == inst[
        "InstanceId"]
    assert asg.describe_auto_scaling_groups(Filters=[
        {"Name": "tag:app", "Values": ["web"]}])["AutoScalingGroups"][0][
        "AutoScalingGroupName"] == "web"
    assert asg.describe_auto_scaling_groups(Filters=[
        {"Name": "tag:app", "Values": ["db"]}])["AutoScalingGroups"] == []


def test_launch_activities_have_aws_descriptions_and_causes(lab, asg):
    make_group(asg, desired=2)
    lab.advance(minutes=1)
    first, second = activities(asg)
    for a in (first, second):
        assert a["Description"] == f"Launching a new EC2 instance: {a['Description'][-19:]}"
        assert a["Cause"] == (
            "At 2026-01-05T00:00:00Z a user request created an AutoScalingGroup changing the "
            "desired capacity from 0 to 2.  At 2026-01-05T00:00:10Z an instance was started "
            "in response to a difference between desired and actual capacity, increasing "
            "the capacity from 0 to 2.")
        assert a["StatusCode"] == "Successful" and a["Progress"] == 100
        assert a["EndTime"] > a["StartTime"]
        assert set(json.loads(a["Details"])) == {"Subnet ID", "Availability Zone"}


def test_set_desired_capacity_and_scale_in(lab, asg):
    make_group(asg, desired=3)
    lab.advance(minutes=1)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    lab.advance(seconds=10)
    terminations = [a for a in activities(asg) if a["Description"].startswith("Terminating")]
    assert len(terminations) == 2
    victim = terminations[0]["Description"].split(": ")[1]
    assert terminations[0]["Cause"] == (
        "At 2026-01-05T00:01:00Z a user request explicitly set group desired capacity "
        "changing the desired capacity from 3 to 1.  At 2026-01-05T00:01:10Z an instance "
        "was taken out of service in response to a difference between desired and actual "
        "capacity, shrinking the capacity from 3 to 1.  At 2026-01-05T00:01:10Z instance "
        f"{victim} was selected for termination.")
    assert terminations[0]["StatusCode"] == "InProgress"
    assert [i["LifecycleState"] for i in group(asg)["Instances"]].count("Terminating") == 2
    lab.advance(minutes=1)
    assert len(group(asg)["Instances"]) == 1
    zones = {i["AvailabilityZone"] for i in group(asg)["Instances"]}
    assert len(zones) == 1


def test_set_desired_capacity_errors(lab, asg):
    make_group(asg, desired=1, max_size=3)
    assert error(asg.set_desired_capacity, AutoScalingGroupName="web", DesiredCapacity=5) == (
        "ValidationError", "New SetDesiredCapacity value 5 is above max value 3 for the "
        "AutoScalingGroup.", 400)
    assert error(asg.set_desired_capacity, AutoScalingGroupName="web", DesiredCapacity=0)[1] \
        == "New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup."
    assert error(asg.set_desired_capacity, AutoScalingGroupName="nope", DesiredCapacity=1) == (
        "ValidationError", "AutoScalingGroup name not found - AutoScalingGroup 'nope' not "
        "found", 400)
    lab.advance(seconds=10)                          # a launch is in progress
    code, message, status = error(asg.set_desired_capacity, AutoScalingGroupName="web",
                                  DesiredCapacity=2, HonorCooldown=True)
    assert code == "ScalingActivityInProgress" and message.endswith(
        " is in progress and blocks this action")
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)   # not honoured


@pytest.mark.parametrize("kwargs,code,message", [
    ({"MinSize": 3, "MaxSize": 2}, "ValidationError",
     "Max bound, 2, must be greater than or equal to min bound, 3"),
    ({"MinSize": 1, "MaxSize": 2, "DesiredCapacity": 5}, "ValidationError",
     "Desired capacity:5 must be between the specified min size:1 and max size:2"),
    ({"MinSize": 1, "MaxSize": 2, "LaunchConfigurationName": "nope"}, "ValidationError",
     "Launch configuration name not found - Launch configuration nope not found"),
    ({"MinSize": 1, "MaxSize": 2, "LaunchConfigurationName": None}, "ValidationError",
     "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, "
     "InstanceId or MixedInstancesPolicy parameter."),
    ({"MinSize": 1, "MaxSize": 2, "AvailabilityZones": None}, "ValidationError",
     "At least one Availability Zone or VPC Subnet is required."),
    ({"MinSize": 1, "MaxSize": 2, "AvailabilityZones": ["us-east-1z"]}, "ValidationError",
     "Invalid Availability Zone: [us-east-1z]"),
    ({"MinSize": 1, "MaxSize": 2, "TargetGroupARNs": ["arn:aws:x"]}, "ValidationError",
     "awslab does not simulate target groups."),
])
def test_create_errors(asg, kwargs, code, message):
    params = {"AutoScalingGroupName": "web", "LaunchConfigurationName": "web-lc",
              "AvailabilityZones": ["us-east-1a"], **kwargs}
    params = {k: v for k, v in params.items() if v is not None}
    assert error(asg.create_auto_scaling_group, **params) == (code, message, 400)


def test_duplicate_group(asg):
    make_group(asg)
    assert error(make_group, asg) == (
        "AlreadyExists", "AutoScalingGroup by this name already exists - A group with the "
        "name web already exists", 400)


def test_update_pulls_desired_capacity_inside_new_bounds(lab, asg):
    make_group(asg, desired=1, min_size=1)
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=3, MaxSize=4)
    assert group(asg)["DesiredCapacity"] == 3
    lab.advance(minutes=1)
    assert len(in_service(asg)) == 3
    causes = {a["Cause"].split("  ")[0] for a in activities(asg)}
    assert ("At 2026-01-05T00:00:00Z a user request update of AutoScalingGroup constraints "
            "to min: 3, max: 4, desired: 3 changing the desired capacity from 1 to 3."
            in causes)
    assert error(asg.update_auto_scaling_group, AutoScalingGroupName="web", MinSize=5)[1] == (
        "Max bound, 4, must be greater than or equal to min bound, 5")


def test_delete_needs_force_while_instances_remain(lab, asg, ec2):
    make_group(asg, desired=2)
    lab.advance(minutes=1)
    assert error(asg.delete_auto_scaling_group, AutoScalingGroupName="web") == (
        "ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or "
        "pending Spot instance request(s) still in the group.", 400)
    ids = in_service(asg)
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    assert group(asg)["Status"] == "Delete in progress"
    lab.advance(minutes=2)
    assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []
    states = {i["State"]["Name"] for r in ec2.describe_instances(InstanceIds=ids)[
        "Reservations"] for i in r["Instances"]}
    assert states == {"terminated"}
    assert asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"] == []
    deleted = asg.describe_scaling_activities(AutoScalingGroupName="web",
                                              IncludeDeletedGroups=True)["Activities"]
    assert deleted and deleted[0]["AutoScalingGroupState"] == "Deleted"


def test_delete_an_empty_group(lab, asg):
    make_group(asg, desired=0, min_size=0)
    asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []
    make_group(asg, desired=0, min_size=0)                 # the name is free again


def test_launch_template_path(lab, asg, ec2):
    ec2.create_launch_template(LaunchTemplateName="web-lt", LaunchTemplateData={
        "ImageId": image_id(), "InstanceType": "t3.small",
        "TagSpecifications": [{"ResourceType": "instance",
                               "Tags": [{"Key": "tier", "Value": "front"}]}]})
    asg.create_auto_scaling_group(AutoScalingGroupName="lt", MinSize=1, MaxSize=2,
                                  LaunchTemplate={"LaunchTemplateName": "web-lt"},
                                  VPCZoneIdentifier=_subnet(lab, "us-east-1c"))
    lab.advance(minutes=1)
    g = group(asg, "lt")
    assert g["LaunchTemplate"]["LaunchTemplateName"] == "web-lt"
    assert g["VPCZoneIdentifier"] and g["AvailabilityZones"] == ["us-east-1c"]
    [iid] = in_service(asg, "lt")
    inst = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    assert inst["InstanceType"] == "t3.small" and inst["Placement"]["AvailabilityZone"] == (
        "us-east-1c")
    assert {t["Key"] for t in inst["Tags"]} == {"tier", "aws:autoscaling:groupName"}
    code, message, _ = error(asg.create_auto_scaling_group, AutoScalingGroupName="bad",
                             MinSize=1, MaxSize=1, AvailabilityZones=["us-east-1a"],
                             LaunchTemplate={"LaunchTemplateName": "missing"})
    assert code == "ValidationError" and message.startswith(
        "You must use a valid fully-formed launch template.")


def _subnet(lab, zone):
    """The default subnet of a zone (the lab does not simulate DescribeSubnets)."""
    subnets = lab.send("ec2", "subnets", "123456789012", "us-east-1", {})["Subnets"]
    return next(s["SubnetId"] for s in subnets if s["AvailabilityZone"] == zone)


def test_failed_launch_is_a_failed_activity(lab, asg):
    asg.create_launch_configuration(LaunchConfigurationName="bad-lc",
                                    ImageId="ami-0123456789abcdef0", InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName="bad", LaunchConfigurationName="bad-lc",
                                  MinSize=1, MaxSize=1, AvailabilityZones=["us-east-1a"])
    lab.advance(seconds=10)
    [failed] = activities(asg, "bad")
    assert failed["StatusCode"] == "Failed"
    assert failed["Description"] == ("Launching a new EC2 instance.  Status Reason: The image "
                                     "id '[ami-0123456789abcdef0]' does not exist")
    assert failed["StatusMessage"] == "The image id '[ami-0123456789abcdef0]' does not exist"
    lab.advance(minutes=1)
    assert len(activities(asg, "bad")) == 2                # retried a minute later


def test_an_instance_terminated_by_hand_is_replaced(lab, asg, ec2):
    make_group(asg, desired=1)
    lab.advance(minutes=1)
    [iid] = in_service(asg)
    ec2.terminate_instances(InstanceIds=[iid])
    lab.advance(seconds=10)
    took_out = [a for a in activities(asg) if a["Description"] == f"Terminating EC2 "
                f"instance: {iid}"]
    assert took_out[0]["Cause"].endswith("an instance was taken out of service in response "
                                         "to an EC2 health check indicating it has been "
                                         "terminated or stopped.")
    lab.advance(minutes=2)
    [replacement] = in_service(asg)
    assert replacement != iid


def test_impaired_instances_are_replaced_after_the_grace_period(lab, asg):
    from awslab.services.ec2 import inject_failure
    make_group(asg, desired=1, HealthCheckGracePeriod=120)
    lab.advance(minutes=1)
    [iid] = in_service(asg)
    inject_failure(lab, iid, "kernel")
    lab.advance(seconds=30)
    assert in_service(asg) == [iid]                        # still within the grace period
    lab.advance(minutes=2)
    assert any(a["Cause"].endswith("an EC2 instance status checks failure.")
               for a in activities(asg))
    lab.advance(minutes=1)
    assert in_service(asg) and in_service(asg) != [iid]


def test_launch_configurations(asg):
    [lc] = asg.describe_launch_configurations()["LaunchConfigurations"]
    assert lc["LaunchConfigurationName"] == "web-lc" and lc["InstanceMonitoring"] == {
        "Enabled": True}
    assert lc["LaunchConfigurationARN"].endswith(":launchConfigurationName/web-lc")
    assert error(asg.create_launch_configuration, LaunchConfigurationName="web-lc",
                 ImageId=image_id(), InstanceType="t3.micro") == (
        "AlreadyExists", "Launch Configuration by this name already exists - A launch "
        "configuration already exists with the name web-lc", 400)
    make_group(asg, desired=0, min_size=0)
    assert error(asg.delete_launch_configuration, LaunchConfigurationName="web-lc") == (
        "ResourceInUse", "Cannot delete launch configuration web-lc because it is attached "
        "to AutoScalingGroup web", 400)
    assert error(asg.delete_launch_configuration, LaunchConfigurationName="gone")[1] == (
        "Launch configuration name not found - Launch configuration gone not found")


def test_vcpu_limit_reaches_the_group_as_failed_activities(lab, asg):
    make_group(asg, desired=34, max_size=40)             # t3.micro: 2 vCPUs, 64 allowed
    lab.advance(seconds=10)
    acts = activities(asg)
    assert sum(a["StatusCode"] == "InProgress" for a in acts) == 32
    assert acts[-1]["StatusCode"] == "Failed" and "vCPU" in acts[-1]["StatusMessage"]
