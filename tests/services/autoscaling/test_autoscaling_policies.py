"""Scaling policies: PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy, and
the alarm engine's execute-policy hand-over with cooldowns and warm-up."""
import pytest

from awslab.services.autoscaling.errors import ValidationError
from autoscaling_helpers import activities, alarm, error, group, in_service, make_group

STEPS = [{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 15.0,
          "ScalingAdjustment": 1},
         {"MetricIntervalLowerBound": 15.0, "ScalingAdjustment": 3}]


def _simple(asg, name="out", adjustment=1, **kw):
    kw.setdefault("AdjustmentType", "ChangeInCapacity")
    return asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName=name,
                                  ScalingAdjustment=adjustment, **kw)["PolicyARN"]


def _step(asg, name="steps", steps=STEPS, warmup=300, **kw):
    return asg.put_scaling_policy(
        AutoScalingGroupName="web", PolicyName=name, PolicyType="StepScaling",
        AdjustmentType=kw.pop("AdjustmentType", "ChangeInCapacity"), StepAdjustments=steps,
        EstimatedInstanceWarmup=warmup, **kw)["PolicyARN"]


def test_put_and_describe_policies(asg):
    make_group(asg)
    arn = _simple(asg, Cooldown=120)
    assert arn.startswith("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:")
    assert arn.endswith(":autoScalingGroupName/web:policyName/out")
    step_arn = _step(asg)
    assert _simple(asg, Cooldown=60) == arn                    # updating keeps the ARN
    policies = {p["PolicyName"]: p for p in asg.describe_policies(
        AutoScalingGroupName="web")["ScalingPolicies"]}
    assert policies["out"]["Cooldown"] == 60 and policies["out"]["PolicyType"] == (
        "SimpleScaling")
    steps = policies["steps"]
    assert steps["PolicyARN"] == step_arn and steps["EstimatedInstanceWarmup"] == 300
    assert steps["MetricAggregationType"] == "Average" and steps["StepAdjustments"] == STEPS
    only = asg.describe_policies(PolicyTypes=["StepScaling"])["ScalingPolicies"]
    assert [p["PolicyName"] for p in only] == ["steps"]
    asg.delete_policy(AutoScalingGroupName="web", PolicyName="out")
    asg.delete_policy(PolicyName=step_arn)
    assert asg.describe_policies()["ScalingPolicies"] == []


@pytest.mark.parametrize("kwargs,message", [
    ({"AdjustmentType": "ChangeInCapacity"}, "ScalingAdjustment is required for "
                                             "SimpleScaling policies."),
    ({"ScalingAdjustment": 1}, "AdjustmentType is required for SimpleScaling policies."),
    ({"AdjustmentType": "Doubling", "ScalingAdjustment": 1},
     "Specified AdjustmentType 'Doubling' is invalid. Valid values: ChangeInCapacity, "
     "ExactCapacity, PercentChangeInCapacity."),
    ({"AdjustmentType": "ChangeInCapacity", "ScalingAdjustment": 1,
      "MinAdjustmentMagnitude": 2},
     "MinAdjustmentMagnitude is only supported with PercentChangeInCapacity."),
    ({"AdjustmentType": "ChangeInCapacity", "ScalingAdjustment": 1,
      "EstimatedInstanceWarmup": 60},
     "EstimatedInstanceWarmup is not supported for SimpleScaling policies."),
    ({"PolicyType": "StepScaling", "AdjustmentType": "ChangeInCapacity",
      "StepAdjustments": STEPS, "Cooldown": 60},
     "Cooldown is not supported for StepScaling policies."),
    ({"PolicyType": "StepScaling", "AdjustmentType": "ChangeInCapacity",
      "StepAdjustments": STEPS[:1] + [{"MetricIntervalLowerBound": 10.0,
                                       "ScalingAdjustment": 2}]},
     "Step adjustments must not overlap."),
    ({"PolicyType": "TargetTrackingScaling", "TargetTrackingConfiguration": {
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        "TargetValue": 50.0}},
     "awslab does not simulate TargetTrackingScaling policies (use SimpleScaling or "
     "StepScaling with your own CloudWatch alarm)."),
])
def test_put_scaling_policy_errors(asg, kwargs, message):
    make_group(asg)
    assert error(asg.put_scaling_policy, AutoScalingGroupName="web", PolicyName="p",
                 **kwargs) == ("ValidationError", message, 400)


def test_policy_for_a_missing_group(asg):
    assert error(asg.put_scaling_policy, AutoScalingGroupName="nope", PolicyName="p",
                 AdjustmentType="ChangeInCapacity", ScalingAdjustment=1)[1] == (
        "AutoScalingGroup name not found - AutoScalingGroup 'nope' not found")


def test_simple_scaling_waits_for_the_activity_and_the_cooldown(lab, asg):
    make_group(asg, desired=2)
    arn = _simple(asg, Cooldown=120)
    lab.advance(minutes=1)
    first = alarm(lab, arn, 85.0)
    assert first["Executed"] and (first["PreviousDesiredCapacity"],
                                  first["DesiredCapacity"]) == (2, 3)
    again = alarm(lab, arn, 85.0)                    # the next evaluation, still in ALARM
    assert not again["Executed"] and "in progress" in again["Reason"]
    lab.advance(minutes=1)                            # launched, in service: cooldown runs
    assert len(in_service(asg)) == 3
    blocked = alarm(lab, arn, 85.0)
    assert not blocked["Executed"] and "cooldown period" in blocked["Reason"]
    lab.advance(minutes=1, seconds=30)               # in service at 00:01:50 + 120 s
    assert not alarm(lab, arn, 85.0)["Executed"]
    lab.advance(seconds=30)
    assert alarm(lab, arn, 85.0)["DesiredCapacity"] == 4
    cause = [a["Cause"] for a in activities(asg)][2]
    assert cause.startswith("At 2026-01-05T00:01:00Z a monitor alarm cpu-high in state ALARM "
                            "triggered policy out changing the desired capacity from 2 to "
                            "3.  At 2026-01-05T00:01:10Z an instance was started")


def test_simple_scaling_respects_max_size(lab, asg):
    make_group(asg, desired=2, max_size=2)
    arn = _simple(asg)
    result = alarm(lab, arn, 90.0)
    assert not result["Executed"] and "already 2" in result["Reason"]


def test_execute_policy_honours_cooldown_only_when_asked(lab, asg):
    make_group(asg, desired=1)
    _simple(asg, Cooldown=600)
    lab.advance(minutes=1)
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="out")
    lab.advance(minutes=1)
    code, message, status = error(asg.execute_policy, AutoScalingGroupName="web",
                                  PolicyName="out", HonorCooldown=True)
    assert (code, status) == ("ScalingActivityInProgress", 400)
    assert message.startswith("Scaling activity ") and message.endswith(
        " is in progress and blocks this action")
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="out")   # default: no wait
    assert group(asg)["DesiredCapacity"] == 3
    assert "a user request executed policy out changing the desired capacity from 1 to 2." \
        in activities(asg)[1]["Cause"]


def test_execute_policy_errors(lab, asg):
    make_group(asg)
    _step(asg)
    lab.advance(minutes=1)
    assert error(asg.execute_policy, AutoScalingGroupName="web", PolicyName="nope")[1] == (
        "No scaling policy found for service namespace: ec2, AutoScalingGroup: web, policy "
        "name: nope")
    assert error(asg.execute_policy, AutoScalingGroupName="web", PolicyName="steps") == (
        "ValidationError", "MetricValue and BreachThreshold are required to execute a "
        "StepScaling policy.", 400)
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="steps", MetricValue=70.0,
                       BreachThreshold=60.0)
    assert group(asg)["DesiredCapacity"] == 3


def test_step_scaling_with_warmup_follows_the_guide(lab, asg):
    """Capacity 10; +1 for 0-15 above the threshold, +3 above 15; warm-up 300 s."""
    make_group(asg, desired=10, max_size=20)
    arn = _step(asg)
    lab.advance(minutes=1)
    assert alarm(lab, arn, 62.0, 60.0)["DesiredCapacity"] == 11
    lab.advance(minutes=1)
    repeat = alarm(lab, arn, 62.0, 60.0)            # the new instance is still warming
    assert not repeat["Executed"] and repeat["DesiredCapacity"] == 11
    assert alarm(lab, arn, 80.0, 60.0)["DesiredCapacity"] == 13    # 10 ready + 3
    lab.advance(minutes=6)                           # warm-up over
    assert alarm(lab, arn, 62.0, 60.0)["DesiredCapacity"] == 14


def test_step_scale_in_waits_for_warmup(lab, asg):
    make_group(asg, desired=2, max_size=6)
    out = _step(asg, warmup=180)
    scale_in = _step(asg, "in", steps=[{"MetricIntervalUpperBound": 0.0,
                                       "ScalingAdjustment": -1}])
    lab.advance(minutes=1)
    alarm(lab, out, 70.0, 60.0)
    lab.advance(minutes=1)
    waiting = alarm(lab, scale_in, 10.0, 30.0, name="cpu-low")
    assert not waiting["Executed"] and "warming up" in waiting["Reason"]
    lab.advance(minutes=3)
    done = alarm(lab, scale_in, 10.0, 30.0, name="cpu-low")
    assert done["Executed"] and done["DesiredCapacity"] == 2


def test_percent_and_exact_adjustments(lab, asg):
    make_group(asg, desired=4, max_size=12)
    _simple(asg, "pct", 25, AdjustmentType="PercentChangeInCapacity",
            MinAdjustmentMagnitude=2)
    _simple(asg, "exact", 9, AdjustmentType="ExactCapacity")
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="pct")
    assert group(asg)["DesiredCapacity"] == 6               # 25 % of 4 is 1, at least 2
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="exact")
    assert group(asg)["DesiredCapacity"] == 9


def test_receive_errors(lab, asg):
    make_group(asg)
    arn = _step(asg)
    with pytest.raises(ValidationError, match="No scaling policy found"):
        alarm(lab, arn + "x", 70.0, 60.0)
    with pytest.raises(ValidationError, match="metric value and threshold"):
        alarm(lab, arn, 70.0)


def test_disabled_policy_does_nothing(lab, asg):
    make_group(asg)
    arn = _simple(asg, Enabled=False)
    result = alarm(lab, arn, 90.0)
    assert not result["Executed"] and result["Reason"] == "the policy is disabled"
