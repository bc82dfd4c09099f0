"""End to end: EC2 publishes, CloudWatch stores, boto3 reads back (no fake send)."""
from datetime import timedelta

import pytest

from awslab import Lab
from awslab.services.ec2 import launch_instances, true_cpu

pytest.importorskip("awslab.services.cloudwatch.state")


@pytest.fixture
def lab():
    return Lab(seed=21)


def _stats(cw, lab, dims, period=60, minutes=60, stats=("Average", "Maximum", "SampleCount"),
           name="CPUUtilization"):
    resp = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName=name, Dimensions=dims,
        StartTime=lab.now - timedelta(minutes=minutes), EndTime=lab.now, Period=period,
        Statistics=list(stats))
    return sorted(resp["Datapoints"], key=lambda d: d["Timestamp"])


def test_basic_monitoring_gives_one_point_per_five_minutes(lab):
    [iid] = launch_instances(lab, 1)
    lab.advance(hours=1, seconds=30)
    cw = lab.client("cloudwatch")
    points = _stats(cw, lab, [{"Name": "InstanceId", "Value": iid}], period=60)
    gaps = {(b["Timestamp"] - a["Timestamp"]) for a, b in zip(points, points[1:])}
    assert gaps == {timedelta(minutes=5)}
    assert {p["SampleCount"] for p in points} == {5.0}
    truth = true_cpu(lab, iid, lab.now - timedelta(minutes=60), lab.now)
    for p in points:
        window = truth[p["Timestamp"]:p["Timestamp"] + timedelta(minutes=4)]
        assert p["Average"] == pytest.approx(window.mean())
        assert p["Maximum"] == pytest.approx(window.max())


def test_detailed_monitoring_gives_one_point_per_minute_and_the_true_maximum(lab):
    [iid] = launch_instances(lab, 1, monitoring="detailed")
    lab.advance(hours=3)
    cw = lab.client("cloudwatch")
    start, end = lab.now - timedelta(hours=2), lab.now - timedelta(hours=1)
    resp = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization",
        Dimensions=[{"Name": "InstanceId", "Value": iid}], StartTime=start, EndTime=end,
        Period=3600, Statistics=["Maximum"])
    truth = true_cpu(lab, iid, start, end)
    assert resp["Datapoints"][0]["Maximum"] == pytest.approx(truth.max())
    points = _stats(cw, lab, [{"Name": "InstanceId", "Value": iid}], minutes=30)
    assert len(points) == 30 and {p["SampleCount"] for p in points} == {1.0}


def test_aggregates_across_instances_are_queryable(lab):
    ids = launch_instances(lab, 3, monitoring="detailed")
    lab.advance(minutes=30)
    cw = lab.client("cloudwatch")
    by_type = _stats(cw, lab, [{"Name": "InstanceType", "Value": "t3.micro"}], minutes=10)
    assert by_type and {p["SampleCount"] for p in by_type} == {3.0}
    across = _stats(cw, lab, [], minutes=10)
    assert [p["Average"] for p in across] == pytest.approx([p["Average"] for p in by_type])
    minute = by_type[-1]["Timestamp"]
    singles = [_stats(cw, lab, [{"Name": "InstanceId", "Value": i}], minutes=10) for i in ids]
    values = [next(p["Average"] for p in s if p["Timestamp"] == minute) for s in singles]
    assert by_type[-1]["Average"] == pytest.approx(sum(values) / 3)


def test_list_metrics_shows_what_ec2_publishes_and_nothing_about_memory(lab):
    [iid] = launch_instances(lab, 1)
    lab.advance(minutes=20)
    cw = lab.client("cloudwatch")
    metrics = cw.list_metrics(Namespace="AWS/EC2",
                              Dimensions=[{"Name": "InstanceId", "Value": iid}])["Metrics"]
    names = {m["MetricName"] for m in metrics}
    assert {"CPUUtilization", "NetworkIn", "StatusCheckFailed", "CPUCreditBalance"} <= names
    assert not any("mem" in n.lower() or "Memory" in n for n in names)
