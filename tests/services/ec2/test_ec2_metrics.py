"""What running instances publish to CloudWatch (AWS/EC2), captured through lab.send."""
from datetime import timedelta

import botocore.session
import numpy as np
import pytest
from botocore.validate import validate_parameters

from awslab import Lab
from awslab.services.ec2 import fail_status_check, inject_cpu_spike, true_cpu
from awslab.services.ec2.metrics import metric_names
from ec2_helpers import run

CW = botocore.session.get_session().get_service_model("cloudwatch")
PUT = CW.operation_model("PutMetricData").input_shape


def _dims(iid):
    return {"InstanceId": iid}


def _minute(lab, m):
    return Lab(seed=7).now + timedelta(minutes=m)


def test_basic_monitoring_sends_five_minute_statistic_sets(lab, ec2, sent):
    [iid] = run(ec2)                     # running at 00:00:30
    lab.advance(minutes=31)
    cpu = sent.named("CPUUtilization", _dims(iid))
    assert [d["Timestamp"] for d in cpu] == [_minute(lab, m) for m in range(0, 30, 5)]
    assert all("StatisticValues" in d and "Value" not in d for d in cpu)
    assert [d["StatisticValues"]["SampleCount"] for d in cpu] == [5.0] * 6
    truth = true_cpu(lab, iid, _minute(lab, 0), _minute(lab, 30))
    for d in cpu:
        window = truth[d["Timestamp"]:d["Timestamp"] + timedelta(minutes=4)]
        sv = d["StatisticValues"]
        assert sv["Sum"] == pytest.approx(window.sum())
        assert (sv["Minimum"], sv["Maximum"]) == pytest.approx((window.min(), window.max()))
        assert d["Unit"] == "Percent"


def test_status_checks_every_minute_even_with_basic_monitoring(lab, ec2, sent):
    [iid] = run(ec2)
    lab.advance(minutes=10, seconds=30)
    for name in ("StatusCheckFailed", "StatusCheckFailed_Instance", "StatusCheckFailed_System"):
        points = sent.named(name, _dims(iid))
        assert [d["Timestamp"] for d in points] == [_minute(lab, m) for m in range(10)]
        assert {d["Value"] for d in points} == {0.0} and points[0]["Unit"] == "Count"


def test_one_send_per_instance_per_tick(lab, ec2, sent):
    run(ec2, 3)
    lab.advance(minutes=1)
    sent.clear()
    lab.advance(minutes=1)
    assert len(sent) == 3


def test_detailed_monitoring_sends_a_value_every_minute(lab, ec2, sent):
    [iid] = run(ec2, Monitoring={"Enabled": True})     # enabled at 00:01:00
    lab.advance(minutes=20, seconds=30)
    cpu = sent.named("CPUUtilization", _dims(iid))
    assert all("Value" in d for d in cpu)
    assert [d["Timestamp"] for d in cpu] == [_minute(lab, m) for m in range(20)]
    truth = true_cpu(lab, iid, _minute(lab, 0), _minute(lab, 20))
    assert np.allclose([d["Value"] for d in cpu], truth.values)


def test_minutes_before_detailed_monitoring_are_sent_as_a_set(lab, ec2, sent):
    [iid] = run(ec2)
    lab.advance(minutes=2)
    ec2.monitor_instances(InstanceIds=[iid])
    lab.advance(minutes=4)
    cpu = sent.named("CPUUtilization", _dims(iid))
    assert [("Value" in d, d["Timestamp"]) for d in cpu] == [
        (True, _minute(lab, 3)), (True, _minute(lab, 4)), (False, _minute(lab, 0)),
        (True, _minute(lab, 5))]
    assert cpu[2]["StatisticValues"]["SampleCount"] == 3


def test_packets_and_credits_stay_five_minute_with_detailed_monitoring(lab, ec2, sent):
    [iid] = run(ec2, Monitoring={"Enabled": True})
    lab.advance(minutes=30, seconds=30)
    for name in ("NetworkPacketsIn", "NetworkPacketsOut", "CPUCreditUsage",
                 "CPUCreditBalance"):
        stamps = [d["Timestamp"] for d in sent.named(name, _dims(iid))]
        assert stamps == [_minute(lab, m) for m in range(0, 30, 5)], name


def test_cpu_credits_follow_usage(lab, ec2, sent):
    [iid] = run(ec2, itype="t3.micro")
    lab.advance(hours=2)
    usage = sent.named("CPUCreditUsage", _dims(iid))
    truth = true_cpu(lab, iid, _minute(lab, 0), _minute(lab, 5))
    assert usage[0]["Value"] == pytest.approx(truth.sum() / 100 * 2, rel=1e-6)
    balance = [d["Value"] for d in sent.named("CPUCreditBalance", _dims(iid))]
    assert all(0 <= b <= 288 for b in balance)
    [m5] = run(ec2, itype="m5.large")
    lab.advance(minutes=10)
    assert sent.named("CPUCreditUsage", _dims(m5)) == []


def test_metric_sets_by_instance_type(lab, ec2, sent):
    t3, m5d, t2 = run(ec2, itype="t3.micro")[0], run(ec2, itype="m5d.large")[0], \
        run(ec2, itype="t2.micro")[0]
    lab.advance(minutes=11)
    names = lambda iid: {d["MetricName"] for d in sent.datums()     # noqa: E731
                         if d["Dimensions"] == [{"Name": "InstanceId", "Value": iid}]}
    assert names(t3) == set(metric_names("t3.micro"))
    assert {"EBSReadOps", "DiskReadOps", "CPUCreditUsage"} <= names(t3)
    assert "EBSReadOps" not in names(t2)                 # Xen: no EBS metrics
    assert "CPUCreditUsage" not in names(m5d)
    assert {d["StatisticValues"]["Maximum"] for d in sent.named("DiskReadOps", _dims(t3))} == {0}
    assert max(d["StatisticValues"]["Maximum"]
               for d in sent.named("DiskReadOps", _dims(m5d))) > 0
    assert not {"MemoryUtilization", "mem_used_percent", "disk_used_percent"} & names(t3)


def test_detailed_monitoring_adds_aggregates(lab, ec2, sent):
    ids = run(ec2, 3, Monitoring={"Enabled": True})
    lab.advance(minutes=5, seconds=2)
    minute = _minute(lab, 3)
    values = [d["Value"] for iid in ids for d in sent.named("CPUUtilization", _dims(iid))
              if d["Timestamp"] == minute]
    assert len(values) == 3
    for dims in ({"InstanceType": "t3.micro"}, {"ImageId": describe_image(ec2, ids[0])}, {}):
        [agg] = [d for d in sent.named("CPUUtilization", dims) if d["Timestamp"] == minute]
        sv = agg["StatisticValues"]
        assert sv["SampleCount"] == 3 and sv["Sum"] == pytest.approx(sum(values))
        assert sv["Maximum"] == pytest.approx(max(values))


def describe_image(ec2, iid):
    return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0][
        "ImageId"]


def test_basic_monitoring_has_no_aggregates(lab, ec2, sent):
    run(ec2, 2)
    lab.advance(minutes=11)
    assert sent.named("CPUUtilization", {"InstanceType": "t3.micro"}) == []
    assert sent.named("CPUUtilization", {}) == []


def test_switching_modes_never_counts_a_minute_twice(lab, ec2, sent):
    [iid] = run(ec2)
    lab.advance(minutes=2)
    ec2.monitor_instances(InstanceIds=[iid])
    lab.advance(minutes=8)
    ec2.unmonitor_instances(InstanceIds=[iid])
    lab.advance(minutes=20)
    cpu = sent.named("CPUUtilization", _dims(iid))
    samples = sum(d["StatisticValues"]["SampleCount"] if "StatisticValues" in d else 1
                  for d in cpu)
    assert samples == 30


def test_stopping_flushes_then_stops_publishing(lab, ec2, sent):
    [iid] = run(ec2)
    lab.advance(minutes=7)
    ec2.stop_instances(InstanceIds=[iid])
    last = sent.named("CPUUtilization", _dims(iid))[-1]
    assert last["Timestamp"] == _minute(lab, 5) and last["StatisticValues"]["SampleCount"] == 2
    count = len(sent.datums())
    lab.advance(hours=1)
    assert len(sent.datums()) == count
    ec2.start_instances(InstanceIds=[iid])
    lab.advance(minutes=10)
    assert sent.named("CPUUtilization", _dims(iid))[-1]["Timestamp"] > last["Timestamp"]


def test_terminated_instances_stop_publishing(lab, ec2, sent):
    [iid] = run(ec2, Monitoring={"Enabled": True})
    lab.advance(minutes=5)
    ec2.terminate_instances(InstanceIds=[iid])
    lab.advance(seconds=2)                    # the last minute's aggregates
    count = len(sent.datums())
    lab.advance(minutes=30)
    assert len(sent.datums()) == count
    assert not [j for j in lab.clock.pending() if "metrics" in j[1] or "aggregates" in j[1]]


def test_failed_status_check_is_published(lab, ec2, sent):
    [iid] = run(ec2)
    lab.advance(minutes=5)
    fail_status_check(lab, iid, "instance")
    lab.advance(minutes=3)
    assert [d["Value"] for d in sent.named("StatusCheckFailed_Instance", _dims(iid))][-4:] == \
        [0.0, 1.0, 1.0, 1.0]
    assert sent.named("StatusCheckFailed", _dims(iid))[-1]["Value"] == 1.0
    assert sent.named("StatusCheckFailed_System", _dims(iid))[-1]["Value"] == 0.0


def test_an_injected_spike_shows_in_one_minute_data_and_flattens_in_five(lab, ec2, sent):
    a = run(ec2)[0]
    b = run(ec2, Monitoring={"Enabled": True})[0]
    lab.advance(minutes=2)
    for iid in (a, b):
        inject_cpu_spike(lab, iid, _minute(lab, 21), minutes=2, height=60)
    lab.advance(minutes=30)
    truth = true_cpu(lab, b, _minute(lab, 20), _minute(lab, 25))
    one_minute = {d["Timestamp"]: d["Value"] for d in sent.named("CPUUtilization", _dims(b))
                  if "Value" in d}
    assert max(one_minute[t] for t in truth.index) == pytest.approx(truth.max())
    [five] = [d["StatisticValues"] for d in sent.named("CPUUtilization", _dims(a))
              if d["Timestamp"] == _minute(lab, 20)]
    average = five["Sum"] / five["SampleCount"]
    assert five["Maximum"] - average > 20


def test_every_datum_fits_put_metric_data(lab, ec2, sent):
    run(ec2, 2, Monitoring={"Enabled": True})
    run(ec2, itype="m5d.large")
    lab.advance(minutes=12)
    for payload in sent:
        validate_parameters(payload, PUT)
        assert payload["Namespace"] == "AWS/EC2"
        for d in payload["MetricData"]:
            assert d["Timestamp"].tzinfo is not None and d["Timestamp"].second == 0
            assert d["Dimensions"] and len(d["Dimensions"]) <= 1 or d["Dimensions"] == []


def test_publishing_is_deterministic(monkeypatch):
    def collect():
        lab = Lab(seed=11)
        out = []
        monkeypatch.setattr(lab, "send", lambda *a: out.append(a[4]))
        ec2 = lab.client("ec2")
        ec2.run_instances(ImageId=_al2023(), InstanceType="t3.small", MinCount=2, MaxCount=2,
                          Monitoring={"Enabled": True})
        lab.advance(minutes=30)
        return out
    assert collect() == collect()


def _al2023():
    from awslab.services.ec2 import image_id
    return image_id("al2023")
