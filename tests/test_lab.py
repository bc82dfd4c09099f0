"""The Lab: seeds, the simulated clock and its scheduler."""
from datetime import datetime, timedelta, timezone

import pytest

from awslab import Lab
from awslab.clock import Clock
from awslab.errors import AwslabError

UTC = timezone.utc


def test_default_start_and_repr():
    lab = Lab(student_id="demo")
    assert lab.now == datetime(2026, 1, 5, tzinfo=UTC)
    assert "demo" in repr(lab)


def test_start_accepts_iso_and_aware_datetimes():
    assert Lab(start="2026-03-01T12:00:00Z").now == datetime(2026, 3, 1, 12, tzinfo=UTC)
    aware = datetime(2026, 3, 1, 13, tzinfo=timezone(timedelta(hours=1)))
    assert Lab(start=aware).now == datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["yesterday", datetime(2026, 1, 1), 42])
def test_bad_start_is_a_clear_error(bad):
    with pytest.raises(AwslabError):
        Lab(start=bad)


def test_seed_from_student_is_stable_and_distinct():
    a, b, a2 = Lab(student_id="alice"), Lab(student_id="bob"), Lab(student_id="alice")
    assert a.seed == a2.seed != b.seed
    assert a.default_credentials.access_key_id == a2.default_credentials.access_key_id
    assert Lab(seed=7).seed == 7
    with pytest.raises(AwslabError):
        Lab(seed="7")


def test_advance_runs_due_work_in_time_order():
    lab = Lab()
    seen = []
    lab.clock.every(timedelta(minutes=1), lambda t: seen.append(("tick", t.minute)))
    lab.clock.at(lab.now + timedelta(seconds=90), lambda t: seen.append(("once", t.second)))
    lab.advance(minutes=3)
    assert seen == [("tick", 1), ("once", 30), ("tick", 2), ("tick", 3)]
    assert lab.now == datetime(2026, 1, 5, 0, 3, tzinfo=UTC)


def test_job_sees_its_own_due_time_and_can_be_cancelled():
    clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
    seen = []
    job = clock.every(timedelta(seconds=10), lambda t: seen.append(clock.now == t))
    clock.advance_to(datetime(2026, 1, 1, 0, 0, 25, tzinfo=UTC))
    job.cancel()
    clock.advance_to(datetime(2026, 1, 1, 0, 1, tzinfo=UTC))
    assert seen == [True, True]
    assert clock.pending() == []


def test_time_never_goes_backwards():
    lab = Lab()
    with pytest.raises(AwslabError):
        lab.advance(minutes=-1)
    with pytest.raises(AwslabError):
        lab.clock.every(timedelta(0), lambda t: None)


def test_two_labs_share_nothing():
    a, b = Lab(), Lab()
    a.client("cloudwatch").put_metric_data(
        Namespace="X", MetricData=[{"MetricName": "m", "Value": 1}])
    assert a.client("cloudwatch").list_metrics()["Metrics"]
    assert b.client("cloudwatch").list_metrics()["Metrics"] == []
