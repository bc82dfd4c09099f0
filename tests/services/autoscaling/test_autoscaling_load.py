"""The group's load is shared by its instances in service: more capacity, less CPU each.
This is the feedback an alarm on the group's CPU acts on."""
from datetime import timedelta

import numpy as np
import pytest

from awslab import workloads
from awslab.errors import AwslabError
from awslab.services.autoscaling import group_demand, inject_load
from awslab.services.ec2 import true_cpu
from autoscaling_helpers import alarm, group, in_service, make_group

GROUP_DIMS = [{"Name": "AutoScalingGroupName", "Value": "web"}]


def _group_cpu(lab, minutes=5):
    """The group's average CPU over the last minutes, as CloudWatch aggregates it."""
    cw = lab.client("cloudwatch")
    points = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization", Dimensions=GROUP_DIMS,
        StartTime=lab.now - timedelta(minutes=minutes), EndTime=lab.now, Period=60,
        Statistics=["Average", "SampleCount"])["Datapoints"]
    return sorted(points, key=lambda p: p["Timestamp"])


def test_cpu_per_instance_falls_when_capacity_rises(lab, asg):
    make_group(asg, desired=2)
    lab.advance(minutes=2)
    inject_load(lab, "web", lab.now, 60, height=120.0)
    before_ids = in_service(asg)
    t0 = lab.now
    lab.advance(minutes=10)
    before = true_cpu(lab, before_ids[0], t0, lab.now).mean()
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=4)
    lab.advance(minutes=2)
    assert len(in_service(asg)) == 4
    t1 = lab.now
    lab.advance(minutes=10)
    after = true_cpu(lab, before_ids[0], t1, lab.now).mean()
    assert after == pytest.approx(before / 2, rel=0.25)
    newcomer = (set(in_service(asg)) - set(before_ids)).pop()
    assert true_cpu(lab, newcomer, t1, lab.now).mean() == pytest.approx(after, rel=0.25)


def test_group_metrics_carry_the_group_dimension(lab, asg):
    make_group(asg, desired=2)
    lab.advance(minutes=10)
    points = _group_cpu(lab)
    assert points and all(p["SampleCount"] == 2.0 for p in points)   # two instances a minute
    names = {m["MetricName"] for m in lab.client("cloudwatch").list_metrics(
        Namespace="AWS/EC2", Dimensions=GROUP_DIMS)["Metrics"]}
    assert {"CPUUtilization", "NetworkIn", "StatusCheckFailed"} <= names


def test_basic_monitoring_groups_aggregate_every_five_minutes(lab, asg, ec2):
    from awslab.services.ec2 import image_id
    ec2.create_launch_template(LaunchTemplateName="basic", LaunchTemplateData={
        "ImageId": image_id(), "InstanceType": "t3.micro"})     # templates: basic monitoring
    asg.create_auto_scaling_group(AutoScalingGroupName="web", MinSize=3, MaxSize=3,
                                  LaunchTemplate={"LaunchTemplateName": "basic"},
                                  AvailabilityZones=["us-east-1a"])
    lab.advance(minutes=30)
    cw = lab.client("cloudwatch")
    points = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization", Dimensions=GROUP_DIMS,
        StartTime=lab.now - timedelta(minutes=20), EndTime=lab.now, Period=300,
        Statistics=["SampleCount"])["Datapoints"]
    assert len(points) == 4 and {p["SampleCount"] for p in points} == {15.0}
    minutes = {p["Timestamp"].minute % 5 for p in _group_cpu(lab, minutes=15)}
    assert minutes == {0}                        # no 1-minute data without detailed


def test_stored_cpu_is_the_true_shared_cpu(lab, asg):
    make_group(asg, desired=3)
    lab.advance(minutes=2)
    inject_load(lab, "web", lab.now + timedelta(minutes=2), 3, height=90.0)
    lab.advance(minutes=8)
    iid = in_service(asg)[0]
    cw = lab.client("cloudwatch")
    stored = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization",
        Dimensions=[{"Name": "InstanceId", "Value": iid}],
        StartTime=lab.now - timedelta(minutes=6), EndTime=lab.now - timedelta(minutes=1),
        Period=60, Statistics=["Average"])["Datapoints"]
    stored = [p["Average"] for p in sorted(stored, key=lambda p: p["Timestamp"])]
    truth = true_cpu(lab, iid, lab.now - timedelta(minutes=6), lab.now - timedelta(minutes=1))
    assert stored == pytest.approx(truth.tolist())
    assert max(stored) > min(stored) + 20                 # the surge is visible


def test_alarm_loop_scales_out_until_cpu_is_below_the_threshold(lab, asg):
    """A stand-in for the alarm engine: every minute, group CPU > 70 % -> policy."""
    make_group(asg, desired=2, max_size=8)
    arn = asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="out",
                                 AdjustmentType="ChangeInCapacity", ScalingAdjustment=1,
                                 Cooldown=60)["PolicyARN"]
    lab.advance(minutes=2)
    inject_load(lab, "web", lab.now, 120, height=250.0)
    history = []
    for _ in range(40):
        lab.advance(minutes=1)
        latest = _group_cpu(lab, minutes=2)
        cpu = latest[-1]["Average"] if latest else 0.0
        history.append((group(asg)["DesiredCapacity"], round(cpu, 1)))
        if cpu > 70.0:
            alarm(lab, arn, cpu, 70.0)
    capacities = [c for c, _ in history]
    assert capacities[0] == 2 and capacities[-1] > 2
    assert capacities == sorted(capacities)               # only scaled out
    assert history[-1][1] < 70.0 and max(cpu for _, cpu in history) > 70.0


def test_group_demand_and_inject_load(lab, asg):
    make_group(asg, desired=2)
    start = lab.now
    inject_load(lab, "web", start + timedelta(minutes=5), 5, height=100.0)
    demand = group_demand(lab, "web", start, start + timedelta(minutes=15))
    assert len(demand) == 15 and demand.name == "GroupDemand"
    assert (demand.iloc[5:10] > demand.iloc[[4, 10]].max() + 60).all()
    with pytest.raises(AwslabError, match="no Auto Scaling group 'nope'"):
        inject_load(lab, "nope", start, 5)
    with pytest.raises(AwslabError, match="between 1 minute and 1 week"):
        inject_load(lab, "web", start, 0)


def test_cpu_rises_again_after_scale_in(lab, asg):
    make_group(asg, desired=4)
    lab.advance(minutes=2)
    keep = in_service(asg)
    t0 = lab.now
    lab.advance(minutes=10)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    lab.advance(minutes=2)
    [survivor] = in_service(asg)
    assert survivor in keep
    four = true_cpu(lab, survivor, t0, t0 + timedelta(minutes=10)).mean()
    t1 = lab.now
    lab.advance(minutes=10)
    one = true_cpu(lab, survivor, t1, lab.now).mean()
    assert one == pytest.approx(4 * four, rel=0.3)


def test_shared_cpu_vector_and_minute_forms_agree():
    load = workloads.GroupLoad("a/b/asg/web", 3, [workloads.Spike(
        workloads.minute_time(29_000_000), 3, 60.0)])
    start = workloads.minute_time(29_000_000 - 2)
    sharers = np.array([3, 3, 3, 4, 0, 2, 1])
    vector = workloads.shared_cpu(9, load, "k", start, sharers)
    single = [workloads.shared_cpu_at(9, load, "k", 29_000_000 - 2 + i, int(n))
              for i, n in enumerate(sharers)]
    assert vector == pytest.approx(single)
    assert vector[4] < 5.0 and vector[6] > vector[5] > vector[1] * 0.5
