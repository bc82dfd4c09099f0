"""NB01 checks: exact logic on a fake CloudWatch, then end to end on a real Lab."""
from datetime import timedelta

import pytest

from awslab import Lab, course
from awslab.course.checks import nb01
from course_fakes import FakeLab, needs

CPU = [12.0, 35.5, 71.25, 40.0, 22.0, 18.0]


def _fake_with_cpu(instances=("i-0aaa",), values=CPU, period=5):
    lab = FakeLab()
    ex = course.exercises("01", lab)
    start = ex.e1.start
    for iid in instances:
        for n, value in enumerate(values):
            lab.cw.put("AWS/EC2", "CPUUtilization", [{"Name": "InstanceId",
                                                      "Value": iid}],
                       start + timedelta(minutes=period * n), value, "Percent")
    return lab, ex


def test_e1_window_is_seeded_and_half_an_hour():
    a = course.exercises("01", FakeLab(seed=1))
    assert a.e1.end - a.e1.start == timedelta(minutes=30)
    assert timedelta(hours=1) <= a.e1.start - a.anchor <= timedelta(hours=2)
    starts = {course.exercises("01", FakeLab(seed=s)).e1.start for s in range(12)}
    assert len(starts) > 1


def test_e1_passes_with_the_stored_maximum():
    lab, ex = _fake_with_cpu()
    result = ex.e1.check(71.25)
    assert result.passed and "71.25 % is the highest CPUUtilization" in result.message
    assert ex.e1.check(71.255).passed                        # within 0.01
    assert ex.e1.instance_id == "i-0aaa"


@pytest.mark.parametrize("answer, words", [
    (max(CPU) - 1, "is below the maximum"), (99.0, "is above the maximum"),
    (0.7125, "looks like a fraction"), (140.0, "between 0 and 100"),
    (None, "you gave None"), ("71.25", "not text"), (True, "the bool True"),
    ({"Datapoints": [], "ResponseMetadata": {}}, "whole get_metric_statistics"),
    ([{"Maximum": 1.0}], "list of 1 datapoints"), (float("nan"), "you gave nan")])
def test_e1_wrong_answers(answer, words):
    _, ex = _fake_with_cpu()
    result = ex.e1.check(answer)
    assert not result and words in result.message


def test_e1_spots_the_average_statistic():
    lab, ex = _fake_with_cpu(values=[10.0, 30.0], period=1)
    lab.cw.put("AWS/EC2", "CPUUtilization", [{"Name": "InstanceId", "Value": "i-0aaa"}],
               ex.e1.start, 50.0, "Percent")        # minute 0 holds 10 and 50
    assert ex.e1.check(50.0).passed
    assert "highest Average" in ex.e1.check(30.0).message


def test_e1_without_data_or_with_several_instances():
    ex = course.exercises("01", FakeLab())
    assert "no CPUUtilization for any instance yet" in ex.e1.check(5.0).message
    lab, ex = _fake_with_cpu(instances=("i-0aaa", "i-0bbb", "i-0ccc"))
    message = ex.e1.check(71.25).message
    assert "your lab has 3 instances" in message and "instance_id=" in message
    assert ex.e1.check(71.25, instance_id="i-0bbb").passed
    assert course.exercises("01", lab, instance_id="i-0ccc").e1.check(71.25).passed
    assert "no CPUUtilization for i-0zzz" in ex.e1.check(1.0,
                                                        instance_id="i-0zzz").message


@pytest.mark.parametrize("answer", [
    {"MemoryUtilization", "DiskSpaceUtilization", "SwapUtilization",
     "PageFileUtilization"},
    ["mem_used_percent", "disk_used_percent", "swap_used_percent", "page file"],
    ("Memory Utilisation", "disk space", "SWAP", "PageFile", "memory"),
    frozenset({"RAM", "filesystem utilization", "swap-used-percent", "pagefile"})])
def test_e2_accepts_reasonable_spellings(answer):
    ex = course.exercises("01", FakeLab())
    assert ex.e2.check(answer).passed


@pytest.mark.parametrize("answer, words", [
    ({"MemoryUtilization", "CPUUtilization"}, "CPUUtilization is published by EC2"),
    ({"mem_used_percent", "NetworkIn", "DiskReadOps"}, "DiskReadOps, NetworkIn are"),
    ({"MemoryUtilization", "DiskSpaceUtilization"}, "2 items are missing"),
    ({"MemoryUtilization", "DiskSpaceUtilization", "swap"}, "1 item is missing"),
    ({"memory", "GPU temperature"}, "I don't recognise 'GPU temperature'"),
    ("MemoryUtilization", "give a set of metric names"),
    ({"memory": 1}, "a dict of 1 item"), ([1, 2], "one is an int"), (None, "None")])
def test_e2_names_what_is_wrong(answer, words):
    ex = course.exercises("01", FakeLab())
    result = ex.e2.check(answer)
    assert not result and words in result.message


def test_e2_normalise():
    assert nb01.normalise("Mem_Used Percent") == "memusedpercent"
    assert nb01.normalise("Memory Utilisation") == "memoryutilization"


def _publish_combos(cw, namespace, name, combos):
    """Publish ``name`` once per dimension combination (fake or real CloudWatch)."""
    for dims in combos:
        if hasattr(cw, "put"):
            cw.put(namespace, name, dims, FakeLab().now, 1.0)
        else:
            cw.put_metric_data(Namespace=namespace, MetricData=[
                {"MetricName": name, "Dimensions": dims, "Value": 1.0}])


COMBOS = ([], [{"Name": "Page", "Value": "home"}],
          [{"Name": "Page", "Value": "home"}, {"Name": "Environment", "Value": "prod"}])


def test_e3_counts_streams_on_the_fake():
    lab = FakeLab()
    ex = course.exercises("01", lab)
    assert "shows nothing in Course/NB01/E3 yet" in ex.e3.check(3).message
    _publish_combos(lab.cw, ex.e3.namespace, ex.e3.metric_name, COMBOS[:2])
    assert "has 2 combinations of dimensions" in ex.e3.check(2).message
    _publish_combos(lab.cw, ex.e3.namespace, ex.e3.metric_name, COMBOS)
    _publish_combos(lab.cw, ex.e3.namespace, "Other", COMBOS[:2])   # 5 in all, paged
    assert ex.e3.check(5).passed and ex.e3.check(5.0).passed
    assert "your prediction, 3, is not" in ex.e3.check(3).message
    assert "return how many there are" in ex.e3.check([1, 2]).message
    assert "give your prediction, a whole number" in ex.e3.check(2.5).message


@needs("awslab.services.cloudwatch")
def test_e2_and_e3_on_a_real_lab(capsys):
    lab = Lab(student_id="alice")
    ex = course.exercises("01", lab)
    cw = lab.client("cloudwatch")
    _publish_combos(cw, ex.e3.namespace, ex.e3.metric_name, COMBOS)
    _publish_combos(cw, ex.e3.namespace, ex.e3.metric_name, COMBOS)   # repeats: no new
    lab.advance(minutes=15)
    assert "your prediction, 6" in ex.e3.check(6).message
    assert ex.e3.check(3).passed
    assert ex.e2.check({"mem_used_percent", "disk_used_percent", "swap_used_percent",
                        "PageFileUtilization"}).passed


@needs("awslab.services.cloudwatch", "awslab.services.ec2")
def test_e1_on_a_real_lab_with_a_real_instance():
    from awslab.services.ec2 import image_id
    lab = Lab(student_id="alice")
    ex = course.exercises("01", lab)
    ec2 = lab.client("ec2")
    instance_id = ec2.run_instances(ImageId=image_id(), MinCount=1, MaxCount=1,
                                    InstanceType="t3.micro")["Instances"][0]["InstanceId"]
    lab.advance(hours=3)
    assert ex.e1.instance_id == instance_id
    cw = lab.client("cloudwatch")
    resp = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization",
        Dimensions=[{"Name": "InstanceId", "Value": instance_id}],
        StartTime=ex.e1.start, EndTime=ex.e1.end, Period=300, Statistics=["Maximum"])
    max_cpu = max(p["Maximum"] for p in resp["Datapoints"])
    assert ex.e1.check(max_cpu).passed
    assert not ex.e1.check(max_cpu + 1)
    assert not ex.e1.check(resp)


@needs("awslab.services.cloudwatch", "awslab.services.ec2")
@pytest.mark.parametrize("number", ["e1", "e2", "e3"])
def test_solutions_pass_on_a_real_lab(capsys, number):
    from awslab.services.ec2 import image_id
    lab = Lab(student_id="bob")
    ex = course.exercises("01", lab, show_answers=True)
    lab.client("ec2").run_instances(ImageId=image_id(), MinCount=1, MaxCount=1,
                                    InstanceType="t3.micro")
    lab.advance(hours=3)
    getattr(ex, number).solution()
    code = capsys.readouterr().out.split("\n", 1)[1]
    exec(code, {"lab": lab, "ex": ex})
    assert f"✅ {number.upper()} passed" in capsys.readouterr().out


def test_reading_the_window_makes_no_aws_call():
    lab, ex = _fake_with_cpu()
    assert ex.e1.start < ex.e1.end and ex.e1.window
    assert lab.cw.calls == 0
    assert ex.e1.instance_id == "i-0aaa" and lab.cw.calls == 1
