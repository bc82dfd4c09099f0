"""Schedule expressions: next firings for rate and cron, AWS's validation, properties."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslab.errors import AwsError
from awslab.services.events import next_fire_times

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)          # a Monday


def fmt(times):
    return [t.strftime("%a %Y-%m-%d %H:%M") for t in times]


@pytest.mark.parametrize("expr,expected", [
    ("rate(5 minutes)", ["Mon 2026-01-05 00:05", "Mon 2026-01-05 00:10"]),
    ("rate(1 day)", ["Tue 2026-01-06 00:00", "Wed 2026-01-07 00:00"]),
    ("cron(0 12 * * ? *)", ["Mon 2026-01-05 12:00", "Tue 2026-01-06 12:00"]),
    ("cron(0/15 * ? * MON-FRI *)", ["Mon 2026-01-05 00:15", "Mon 2026-01-05 00:30"]),
    ("cron(0 18 L * ? *)", ["Sat 2026-01-31 18:00", "Sat 2026-02-28 18:00"]),
    ("cron(0 9 ? * 6L *)", ["Fri 2026-01-30 09:00", "Fri 2026-02-27 09:00"]),
    ("cron(0 9 ? * 3#2 *)", ["Tue 2026-01-13 09:00", "Tue 2026-02-10 09:00"]),
    ("cron(0 9 15W * ? *)", ["Thu 2026-01-15 09:00", "Mon 2026-02-16 09:00"]),
    ("cron(0 9 1W * ? *)", ["Mon 2026-02-02 09:00", "Mon 2026-03-02 09:00"]),
    ("cron(0 9 LW * ? *)", ["Fri 2026-01-30 09:00", "Fri 2026-02-27 09:00"]),
    ("cron(0 8 1,15 JAN,JUL ? 2026-2027)", ["Thu 2026-01-15 08:00", "Wed 2026-07-01 08:00"]),
    ("cron(5-10/5 */6 ? * SUN *)", ["Sun 2026-01-11 00:05", "Sun 2026-01-11 00:10"]),
])
def test_next_fire_times(expr, expected):
    assert fmt(next_fire_times(expr, T0, 2)) == expected


def test_a_cron_whose_years_run_out_fires_fewer_times():
    assert fmt(next_fire_times("cron(0 0 1 1 ? 2027)", T0, 5)) == ["Fri 2027-01-01 00:00"]


def test_rate_counts_from_its_anchor():
    anchor = T0 + timedelta(minutes=2)
    assert fmt(next_fire_times("rate(10 minutes)", T0 + timedelta(minutes=30), 1,
                               anchor=anchor)) == ["Mon 2026-01-05 00:32"]


@pytest.mark.parametrize("expr", [
    "rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(5 seconds)", "rate(-5 hours)",
    "cron(0 12 * * * *)", "cron(0 12 ? * ? *)", "cron(0 12 * *)", "cron(60 * * * ? *)",
    "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 ? 13 * *)", "cron(0 0 ? * 8 *)",
    "cron(0 0 ? * 3#1,6#3 *)", "cron(0 0 1 1 ? 2200)", "cron(0 0 ? * 3#6 *)",
    "cron(*/0 * * * ? *)", "cron(0 0 1 1 ? 1969)", "at(2026-01-01T00:00:00)", "",
    "cron(" + "0," * 200 + "0 * * * ? *)",
])
def test_invalid_expressions_raise_put_rules_error(expr):
    with pytest.raises(AwsError) as err:
        next_fire_times(expr, T0, 1)
    assert (err.value.code, err.value.message) == (
        "ValidationException", "Parameter ScheduleExpression is not valid.")


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 59), st.integers(0, 23), st.integers(1, 28),
       st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)), st.integers(1, 4))
def test_cron_firings_are_increasing_strictly_after_and_on_their_fields(m, h, d, after, n):
    after = after.replace(tzinfo=timezone.utc)
    times = next_fire_times(f"cron({m} {h} {d} * ? *)", after, n)
    assert len(times) == n
    assert all(a < b for a, b in zip([after] + times, times))
    assert all((t.minute, t.hour, t.day, t.second) == (m, h, d, 0) for t in times)
    assert times[0] - after <= timedelta(days=31)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500), st.sampled_from(["minute", "hour", "day"]),
       st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)))
def test_rate_firings_are_evenly_spaced(value, unit, after):
    after = after.replace(tzinfo=timezone.utc)
    expr = f"rate({value} {unit if value == 1 else unit + 's'})"
    times = next_fire_times(expr, after, 3)
    step = timedelta(**{unit + "s": value})
    assert times[1] - times[0] == times[2] - times[1] == step
    assert after < times[0] <= after + step
