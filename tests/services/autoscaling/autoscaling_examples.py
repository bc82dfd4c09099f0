"""One representative successful call per Auto Scaling operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py`` (``EXAMPLES["autoscaling"]``), which
gathers them.
"""
from awslab.services.ec2 import image_id

STEPS = [{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 20.0,
          "ScalingAdjustment": 1},
         {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 3}]


def _config(lab):
    asg = lab.client("autoscaling")
    asg.create_launch_configuration(LaunchConfigurationName="web-lc", ImageId=image_id(),
                                    InstanceType="t3.micro")
    return asg


def _group(lab, desired=1, policy=False):
    asg = _config(lab)
    asg.create_auto_scaling_group(
        AutoScalingGroupName="web", LaunchConfigurationName="web-lc", MinSize=0, MaxSize=4,
        DesiredCapacity=desired, AvailabilityZones=["us-east-1a", "us-east-1b"],
        Tags=[{"Key": "app", "Value": "web", "PropagateAtLaunch": True}])
    if policy:
        asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="out",
                               AdjustmentType="ChangeInCapacity", ScalingAdjustment=1)
    lab.advance(minutes=2)
    return asg


EXAMPLES = {"autoscaling": {
    "CreateLaunchConfiguration": lambda lab: lab.client("autoscaling")
    .create_launch_configuration(LaunchConfigurationName="web-lc", ImageId=image_id(),
                                 InstanceType="t3.micro", KeyName="ops"),
    "DescribeLaunchConfigurations": lambda lab: _config(lab).describe_launch_configurations(),
    "DeleteLaunchConfiguration": lambda lab: _config(lab).delete_launch_configuration(
        LaunchConfigurationName="web-lc"),
    "CreateAutoScalingGroup": lambda lab: _config(lab).create_auto_scaling_group(
        AutoScalingGroupName="web", LaunchConfigurationName="web-lc", MinSize=1, MaxSize=3,
        AvailabilityZones=["us-east-1a"]),
    "DescribeAutoScalingGroups": lambda lab: _group(lab).describe_auto_scaling_groups(),
    "DescribeAutoScalingInstances": lambda lab: _group(lab).describe_auto_scaling_instances(),
    "UpdateAutoScalingGroup": lambda lab: _group(lab).update_auto_scaling_group(
        AutoScalingGroupName="web", MinSize=1, MaxSize=5, DefaultCooldown=120),
    "SetDesiredCapacity": lambda lab: _group(lab).set_desired_capacity(
        AutoScalingGroupName="web", DesiredCapacity=2),
    "DeleteAutoScalingGroup": lambda lab: _group(lab).delete_auto_scaling_group(
        AutoScalingGroupName="web", ForceDelete=True),
    "PutScalingPolicy": lambda lab: _group(lab).put_scaling_policy(
        AutoScalingGroupName="web", PolicyName="steps", PolicyType="StepScaling",
        AdjustmentType="ChangeInCapacity", StepAdjustments=STEPS,
        EstimatedInstanceWarmup=120),
    "DescribePolicies": lambda lab: _group(lab, policy=True).describe_policies(
        AutoScalingGroupName="web"),
    "DeletePolicy": lambda lab: _group(lab, policy=True).delete_policy(
        AutoScalingGroupName="web", PolicyName="out"),
    "ExecutePolicy": lambda lab: _group(lab, policy=True).execute_policy(
        AutoScalingGroupName="web", PolicyName="out"),
    "DescribeScalingActivities": lambda lab: _group(lab, desired=2)
    .describe_scaling_activities(AutoScalingGroupName="web"),
}}
