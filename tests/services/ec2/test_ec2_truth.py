"""The Python API beside boto3: launch helper, ground truth, injected spikes."""
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from awslab import Lab
from awslab.errors import AwslabError
from awslab.services.ec2 import (
    image_id, inject_cpu_spike, launch_instances, seeded_spikes, true_cpu, true_series)


def test_launch_instances_goes_through_boto3(lab, sent):
    ids = launch_instances(lab, 2, monitoring="detailed", tags={"Name": "web"})
    assert len(ids) == 2
    assert [c.operation for c in lab.audit_log] == ["RunInstances"]
    inst = lab.client("ec2").describe_instances()["Reservations"][0]["Instances"][0]
    assert inst["Tags"] == [{"Key": "Name", "Value": "web"}]
    assert inst["Monitoring"]["State"] == "pending"
    with pytest.raises(AwslabError, match="basic"):
        launch_instances(lab, monitoring="fast")
    with pytest.raises(AwslabError, match="unknown image"):
        launch_instances(lab, image="debian")


def test_image_ids_are_stable_per_region():
    assert image_id("al2023") == image_id("al2023", "us-east-1")
    assert image_id("al2023") != image_id("al2023", "eu-west-1")
    assert image_id("windows2022").startswith("ami-0")


def test_true_cpu_is_nan_where_the_instance_did_not_run(lab, sent):
    [iid] = launch_instances(lab)
    lab.advance(minutes=10)
    lab.client("ec2").stop_instances(InstanceIds=[iid])
    lab.advance(minutes=10)
    start = Lab(seed=7).now - timedelta(minutes=5)
    s = true_cpu(lab, iid, start, lab.now + timedelta(minutes=5))
    assert isinstance(s, pd.Series) and s.name == "CPUUtilization" and len(s) == 30
    running = s.notna().to_numpy()
    assert running.tolist() == [False] * 5 + [True] * 10 + [False] * 15
    assert ((s.dropna() >= 0) & (s.dropna() <= 100)).all()


def test_truth_is_the_same_for_the_same_seed_and_differs_across_seeds():
    def cpu(seed):
        lab = Lab(seed=seed)
        [iid] = launch_instances(lab)
        lab.advance(hours=2)
        return true_cpu(lab, iid, lab.now - timedelta(hours=1), lab.now).to_numpy()
    assert np.array_equal(cpu(5), cpu(5))
    assert not np.allclose(cpu(5), cpu(6))


def test_other_signals(lab, sent):
    [iid] = launch_instances(lab)
    lab.advance(hours=1)
    mem = true_series(lab, iid, lab.now - timedelta(minutes=30), lab.now, "mem_used_percent")
    assert mem.notna().all() and 5 < mem.mean() < 97
    with pytest.raises(AwslabError):
        true_series(lab, iid, lab.now - timedelta(minutes=30), lab.now, "memory")


def test_injected_spike_changes_the_truth(monkeypatch):
    def truth(spike):
        lab = Lab(seed=7)
        monkeypatch.setattr(lab, "send", lambda *a: None)
        [iid] = launch_instances(lab)
        lab.advance(hours=1)
        at = lab.now + timedelta(minutes=10)
        if spike:
            assert inject_cpu_spike(lab, iid, at, minutes=3, height=40).minutes == 3
        lab.advance(hours=1)
        return true_cpu(lab, iid, at, at + timedelta(minutes=5)).to_numpy()
    before, after = truth(False), truth(True)
    assert np.allclose(after[:3], np.minimum(before[:3] + 40, 100))
    assert np.array_equal(after[3:], before[3:])


def test_spikes_need_a_length(lab, sent):
    [iid] = launch_instances(lab)
    with pytest.raises(AwslabError):
        inject_cpu_spike(lab, iid, lab.now, minutes=0)


def test_seeded_spikes_and_unknown_instances(lab, sent):
    [iid] = launch_instances(lab)
    found = seeded_spikes(lab, iid, lab.now, lab.now + timedelta(days=1))
    assert found and all(2 <= s.minutes <= 4 for s in found)
    with pytest.raises(AwslabError, match="no instance"):
        true_cpu(lab, "i-0123456789abcdef0", lab.now, lab.now + timedelta(hours=1))


def test_truth_outlives_termination(lab, sent):
    [iid] = launch_instances(lab)
    lab.advance(minutes=30)
    lab.client("ec2").terminate_instances(InstanceIds=[iid])
    lab.advance(hours=3)
    s = true_cpu(lab, iid, lab.now - timedelta(hours=4), lab.now)
    assert s.notna().sum() == 30
