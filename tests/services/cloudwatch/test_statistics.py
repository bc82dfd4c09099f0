"""The statistics engine, without boto3: periods, standard and extended statistics."""
import math
from array import array
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslab.services.cloudwatch.errors import InvalidParameterValue
from awslab.services.cloudwatch.statistics import (
    align_start, extended, parse_extended, period_allowed_for_age, standard, summarize)
from awslab.services.cloudwatch.store import Stream

UTC = timezone.utc
NOW = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)


def stream(values, t0=0, step=1000, counts=None):
    s = Stream("None")
    for i, v in enumerate(values):
        s.add_values(t0 + i * step, [v], None if counts is None else [counts[i]])
    return s


def one_period(values, counts=None):
    b = summarize([stream(values, counts=counts)], 0, 10**9, 10**9, True)
    return b, b.groups[0]


@pytest.mark.parametrize("text,family,lo,hi,percent", [
    ("p99", "p", None, 99.0, True), ("p99.9", "p", None, 99.9, True),
    ("p0", "p", None, 0.0, True), ("tm90", "tm", None, 90.0, True),
    ("TM(10%:90%)", "tm", 10.0, 90.0, True), ("TM(:95%)", "tm", None, 95.0, True),
    ("TM(150:1000)", "tm", 150.0, 1000.0, False), ("IQM", "tm", 25.0, 75.0, True),
    ("wm98", "wm", None, 98.0, True), ("TS(5%:)", "ts", 5.0, None, True),
    ("tc90", "tc", None, 90.0, True), ("PR(:300)", "pr", None, 300.0, False),
    ("PR(100:2000)", "pr", 100.0, 2000.0, False),
])
def test_parse_extended(text, family, lo, hi, percent):
    e = parse_extended(text)
    assert (e.family, e.lo, e.hi, e.percent) == (family, lo, hi, percent)


@pytest.mark.parametrize("text", [
    "p101", "P99", "p", "TM(90%:10%)", "TM(10%:90)", "PR(10%:90%)", "tm(10%:90%)",
    "TM()", "TM(:)", "avg", "p99.12345678901", "TM(a:b)", ""])
def test_parse_extended_rejects_with_aws_error(text):
    with pytest.raises(InvalidParameterValue) as info:
        parse_extended(text, "ExtendedStatistics.member.1")
    assert info.value.message == (
        f"The value {text} for parameter ExtendedStatistics.member.1 is invalid.")


def test_standard_statistics_of_one_period():
    b, _ = one_period([1.0, 5.0, 3.0, 7.0])
    assert [standard(b, 0, s) for s in
            ("SampleCount", "Sum", "Average", "Minimum", "Maximum")] == [4, 16, 4, 1, 7]


def test_values_with_counts_weigh_in():
    b, g = one_period([10.0, 20.0], counts=[3, 1])
    assert standard(b, 0, "SampleCount") == 4 and standard(b, 0, "Average") == 12.5
    assert extended(g, parse_extended("p50")) == 10.0
    assert extended(g, parse_extended("p80")) == 20.0


@pytest.mark.parametrize("stat,expected", [
    ("p50", 50.0), ("p99", 99.0), ("p100", 100.0), ("p0", 1.0), ("p90", 90.0),
    ("tm90", 45.5), ("tm99", 50.0), ("TM(10%:90%)", 50.5), ("IQM", 50.5),
    ("tc90", 90.0), ("ts90", 4095.0), ("TC(10:20)", 10.0), ("TS(10:20)", 155.0),
    ("PR(:25)", 25.0), ("PR(90:)", 10.0), ("wm80", 48.4),
])
def test_extended_statistics_on_1_to_100(stat, expected):
    _, g = one_period([float(v) for v in range(100, 0, -1)])
    assert extended(g, parse_extended(stat)) == pytest.approx(expected)


def test_percentiles_unavailable_with_negative_values():
    _, g = one_period([-1.0, 2.0, 3.0])
    assert g is None and extended(g, parse_extended("p50")) is None


def test_statistic_sets_merge_and_gate_percentiles():
    s = Stream("None")
    s.add_values(0, [4.0])
    s.add_set(10, 3, 30.0, 5.0, 15.0)
    b = summarize([s], 0, 1000, 1000, True)
    assert standard(b, 0, "SampleCount") == 4 and standard(b, 0, "Sum") == 34
    assert standard(b, 0, "Minimum") == 4 and standard(b, 0, "Maximum") == 15
    assert b.groups[0] is None                          # a set of unequal values
    s2 = Stream("None")
    s2.add_set(0, 4, 20.0, 5.0, 5.0)                     # four values of 5: usable
    assert extended(summarize([s2], 0, 1000, 1000, True).groups[0],
                    parse_extended("p50")) == 5.0


def test_periods_start_at_start_time_and_end_is_exclusive():
    s = stream([1.0, 2.0, 3.0, 4.0], t0=0, step=30_000)   # 0s, 30s, 60s, 90s
    b = summarize([s], 0, 90_000, 60_000, False)
    assert list(b.starts_ms) == [0, 60_000]
    assert list(b.count) == [2, 1]                         # the point at 90s is excluded


@pytest.mark.parametrize("age,period,expected", [
    (timedelta(hours=1), 60, "2026-01-20T10:59:00"),
    (timedelta(days=20), 300, "2025-12-31T11:55:00"),
    (timedelta(days=70), 3600, "2025-11-11T11:00:00"),
    (timedelta(minutes=10), 10, "2026-01-20T11:49:20"),
])
def test_start_rounding_by_age(age, period, expected):
    start = NOW - age - timedelta(seconds=37)
    assert align_start(start, period, NOW).isoformat().startswith(expected)


@pytest.mark.parametrize("age,period,ok", [
    (timedelta(hours=1), 10, True), (timedelta(hours=4), 10, False),
    (timedelta(hours=4), 60, True), (timedelta(days=20), 60, False),
    (timedelta(days=20), 600, True), (timedelta(days=70), 300, False),
    (timedelta(days=70), 7200, True)])
def test_period_must_match_resolution_kept_at_that_age(age, period, ok):
    assert period_allowed_for_age(NOW - age, period, NOW) is ok


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=300),
       st.floats(0.5, 100))
def test_percentile_is_nearest_rank(values, p):
    _, g = one_period(values)
    got = extended(g, parse_extended(f"p{p:.4f}".rstrip("0").rstrip(".")))
    ordered = sorted(values)
    rank = max(math.ceil(float(f"{p:.4f}") / 100 * len(values) - 1e-9), 1)
    assert got == ordered[rank - 1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=200),
       st.integers(1, 5))
def test_standard_statistics_match_numpy(values, periods):
    n = len(values)
    s = stream(values, step=1)
    b = summarize([s], 0, n, max(1, -(-n // periods)), False)
    arr = np.array(values)
    assert b.count.sum() == n
    assert math.isclose(b.total.sum(), arr.sum(), rel_tol=1e-9, abs_tol=1e-6)
    assert b.low.min() == arr.min() and b.high.max() == arr.max()


@given(st.text(max_size=20))
def test_parser_only_ever_raises_the_aws_error(text):
    try:
        parse_extended(text)
    except InvalidParameterValue:
        pass
