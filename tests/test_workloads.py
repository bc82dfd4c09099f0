"""awslab.workloads: seeded, window-independent synthetic signals."""
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from awslab import workloads as wl
from awslab.errors import AwslabError

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)      # a Monday
KEY = "123456789012/us-east-1/0"


def test_same_seed_and_key_give_identical_values():
    assert np.array_equal(wl.cpu(1, KEY, T0, 3000), wl.cpu(1, KEY, T0, 3000))


@pytest.mark.parametrize("other", [(2, KEY), (1, "123456789012/us-east-1/1")])
def test_other_seed_or_key_gives_other_values(other):
    assert not np.allclose(wl.cpu(1, KEY, T0, 1440), wl.cpu(*other, T0, 1440))


def test_values_do_not_depend_on_the_window_asked_for():
    whole = wl.signals(1, KEY, T0, 3 * 1440)
    part = wl.signals(1, KEY, T0 + timedelta(minutes=1000), 1500)
    for name in wl.SIGNALS:
        assert np.array_equal(whole[name][1000:2500], part[name]), name


def test_start_is_floored_to_the_minute():
    assert np.array_equal(wl.cpu(1, KEY, T0 + timedelta(seconds=59), 60), wl.cpu(1, KEY, T0, 60))


def test_cpu_is_a_percentage_with_a_daily_shape():
    cpu = wl.cpu(3, KEY, T0, 7 * 1440)
    assert cpu.min() >= 0 and cpu.max() <= 100
    hourly = cpu[:1440].reshape(24, 60).mean(axis=1)
    peak = wl.profile(3, KEY).peak_hour
    assert abs(int(np.argmax(hourly)) - peak) <= 3


def test_weekends_are_quieter():
    cpu = wl.cpu(5, KEY, T0, 7 * 1440).reshape(7, 1440)
    assert cpu[5:].mean() < cpu[:5].mean()


def test_seeded_spikes_are_short_and_visible_in_the_truth():
    spikes = wl.seeded_spikes(4, KEY, T0, 2 * 1440)
    assert spikes, "a couple of days always has spikes"
    cpu = wl.cpu(4, KEY, T0, 2 * 1440)
    for s in spikes:
        assert 2 <= s.minutes <= 4 and 35 <= s.height <= 60
        at = int((s.start - T0).total_seconds() // 60)
        inside = cpu[at:at + s.minutes].mean()
        around = np.r_[cpu[max(at - 10, 0):at], cpu[at + s.minutes:at + s.minutes + 10]]
        assert inside > np.median(around) + 20


def test_a_spike_flattens_in_a_five_minute_average():
    spike = wl.Spike(T0 + timedelta(hours=3, minutes=1), 2, 60.0)
    base = wl.cpu(9, KEY, T0, 1440)
    cpu = wl.cpu(9, KEY, T0, 1440, spikes=[spike])
    at = 181
    assert np.allclose(cpu[at:at + 2], np.minimum(base[at:at + 2] + 60, 100))
    assert np.array_equal(cpu[:at], base[:at]) and np.array_equal(cpu[at + 2:], base[at + 2:])
    five = cpu[180:185].mean()
    assert cpu[at:at + 2].max() - five > 30


@pytest.mark.parametrize("offset,length", [(0, 1), (7, 10), (1435, 10)])
def test_injected_spike_placement(offset, length):
    spike = wl.Spike(T0 + timedelta(minutes=offset), length, 10.0)
    diff = wl.cpu(2, KEY, T0, 1440, [spike]) - wl.cpu(2, KEY, T0, 1440)
    changed = np.flatnonzero(diff > 0)
    assert changed[0] == offset and changed[-1] == min(offset + length, 1440) - 1


def test_network_and_disk_follow_cpu():
    s = wl.signals(6, KEY, T0, 1440)
    assert np.corrcoef(s["cpu"], s["network_in"])[0, 1] > 0.7
    assert np.corrcoef(s["cpu"], s["ebs_write_ops"])[0, 1] > 0.5
    assert (s["network_out"] > 0).all() and (s["packets_in"] > 0).all()


def test_memory_and_disk_trajectories():
    s = wl.signals(6, KEY, T0, 1440)
    assert 5 <= s["mem_used_percent"].min() and s["mem_used_percent"].max() <= 97
    disk = wl.disk_used_percent(6, KEY, T0, 14 * 1440, origin=T0)
    assert disk[-1] > disk[0]
    assert disk.max() <= 99.5


def test_true_series_is_a_per_minute_pandas_series():
    s = wl.true_series(1, KEY, T0, T0 + timedelta(hours=2))
    assert isinstance(s, pd.Series) and len(s) == 120 and s.name == "cpu"
    assert s.index[0] == pd.Timestamp(T0) and str(s.index.tz) == "UTC"
    assert s.index.freqstr == "min"


def test_true_series_rejects_an_unknown_signal():
    with pytest.raises(AwslabError, match="unknown signal"):
        wl.true_series(1, KEY, T0, T0 + timedelta(hours=1), "memory")


def test_day_blocks_are_cached_and_read_only():
    block = wl.day_block(1, KEY, 20458)
    assert block is wl.day_block(1, KEY, 20458)
    with pytest.raises(ValueError):
        block[0, 0] = 1.0
