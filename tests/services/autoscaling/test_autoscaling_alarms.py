"""Auto Scaling end to end: a CloudWatch alarm on the group's CPU executes a simple
scaling policy at every evaluation while in ALARM; the cooldown limits how fast capacity
grows and the added capacity brings the CPU back under the threshold."""
from datetime import timedelta

from awslab.services.autoscaling import inject_load
from autoscaling_helpers import activities, group, make_group

DIMS = [{"Name": "AutoScalingGroupName", "Value": "web"}]


def test_alarm_scales_out_until_the_cpu_falls(lab, asg):
    cw = lab.client("cloudwatch")
    make_group(asg, desired=2, max_size=8)
    out = asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="out",
                                 AdjustmentType="ChangeInCapacity", ScalingAdjustment=1,
                                 Cooldown=120)["PolicyARN"]
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="AWS/EC2",
                        MetricName="CPUUtilization", Dimensions=DIMS, Statistic="Average",
                        Period=60, EvaluationPeriods=2, Threshold=70.0,
                        ComparisonOperator="GreaterThanThreshold", AlarmActions=[out])
    lab.advance(minutes=5)
    inject_load(lab, "web", lab.now, 90, height=220.0)
    lab.advance(minutes=60)
    g = group(asg)
    assert g["DesiredCapacity"] > 2
    causes = [a["Cause"] for a in activities(asg) if "monitor alarm" in a["Cause"]]
    assert causes and "a monitor alarm cpu-high in state ALARM triggered policy out" in \
        causes[0]
    starts = sorted(a["StartTime"] for a in activities(asg) if "monitor alarm" in a["Cause"])
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert all(gap >= timedelta(minutes=2) for gap in gaps)        # the cooldown holds
    cpu = cw.get_metric_statistics(Namespace="AWS/EC2", MetricName="CPUUtilization",
                                   Dimensions=DIMS, StartTime=lab.now - timedelta(minutes=5),
                                   EndTime=lab.now, Period=60,
                                   Statistics=["Average"])["Datapoints"]
    assert max(p["Average"] for p in cpu) < 70.0
    assert cw.describe_alarms(AlarmNames=["cpu-high"])["MetricAlarms"][0]["StateValue"] == (
        "OK")
