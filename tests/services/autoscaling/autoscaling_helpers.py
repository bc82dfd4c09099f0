"""Helpers for the Auto Scaling tests."""
import pytest
from botocore.exceptions import ClientError

ACCOUNT, REGION = "123456789012", "us-east-1"


def error(call, *args, **kwargs):
    """``(code, message, http status)`` of the ClientError ``call`` raises."""
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]


def make_group(asg, name="web", desired=2, min_size=1, max_size=6, **kw):
    kw.setdefault("AvailabilityZones", ["us-east-1a", "us-east-1b"])
    asg.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName="web-lc",
                                  MinSize=min_size, MaxSize=max_size,
                                  DesiredCapacity=desired, **kw)


def group(asg, name="web"):
    return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])[
        "AutoScalingGroups"][0]


def in_service(asg, name="web"):
    return sorted(i["InstanceId"] for i in group(asg, name)["Instances"]
                  if i["LifecycleState"] == "InService")


def activities(asg, name="web"):
    """Oldest first."""
    return list(reversed(asg.describe_scaling_activities(AutoScalingGroupName=name)[
        "Activities"]))


def alarm(lab, policy_arn, metric=None, threshold=None, name="cpu-high"):
    """What the alarm engine sends while an alarm is in ALARM."""
    payload = {"PolicyARN": policy_arn, "alarm_name": name, "metric_value": metric}
    if threshold is not None:
        payload["threshold"] = threshold
    return lab.send("autoscaling", "execute-policy", ACCOUNT, REGION, payload)
