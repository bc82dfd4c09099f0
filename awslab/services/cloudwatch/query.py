"""Reading statistics back: the one path GetMetricStatistics, GetMetricData and
:func:`series` share."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from awslab.services.cloudwatch.errors import (
    InvalidParameterCombination, InvalidParameterValue)
from awslab.services.cloudwatch.statistics import (
    STANDARD, align_start, parse_extended, period_allowed_for_age, summarize, valid_period)
from awslab.services.cloudwatch.store import MetricKey, MetricStore

MAX_DATAPOINTS = 1440
UTC = timezone.utc
RETENTION = timedelta(days=455)


def check_window(start: datetime, end: datetime, period: int) -> None:
    """The period and time-range rules of GetMetricStatistics."""
    if not valid_period(period):
        raise InvalidParameterValue(
            "The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.")
    if start >= end:
        raise InvalidParameterValue(
            "The parameter StartTime must be less than the parameter EndTime.")


def statistics(store: MetricStore, key: MetricKey, start: datetime, end: datetime,
               period: int, now: datetime, stats=(), ext_stats=(), unit: str | None = None,
               limit: int | None = MAX_DATAPOINTS) -> list[dict]:
    """Datapoints as GetMetricStatistics returns them (in time order; the operation
    shuffles them as AWS does)."""
    check_window(start, end, period)
    parsed = [parse_extended(e, f"ExtendedStatistics.member.{i}")
              for i, e in enumerate(ext_stats, 1)]
    start = align_start(start, period, now)
    wanted = -(-int((end - start).total_seconds()) // period)
    if limit is not None and wanted > limit:
        raise InvalidParameterCombination(
            f"You have requested up to {wanted:,} datapoints, which exceeds the limit "
            f"of {limit:,}. You may reduce the datapoints requested by increasing Period, "
            "or decreasing the time range.")
    if not period_allowed_for_age(start, period, now):
        return []
    start = max(start, now - RETENTION)
    if start >= end:
        return []
    start_ms, end_ms = int(start.timestamp() * 1000), int(end.timestamp() * 1000)
    points = []
    for stream in store.find(key, unit):
        b = summarize([stream], start_ms, end_ms, period * 1000, bool(parsed))
        columns = {s: b.column(s).tolist() for s in stats}
        ext_columns = {e.text: b.extended_column(e).tolist() for e in parsed}
        for i, t_ms in enumerate(b.starts_ms.tolist()):
            dp = {"Timestamp": datetime.fromtimestamp(t_ms / 1000, UTC), "Unit": stream.unit}
            for s, col in columns.items():
                dp[s] = col[i]
            if parsed:
                dp["ExtendedStatistics"] = {k: col[i] for k, col in ext_columns.items()
                                            if col[i] == col[i]}      # drop NaN
            points.append(dp)
    points.sort(key=lambda p: (p["Timestamp"], p["Unit"]))
    return points


def series(lab, namespace: str, metric_name: str, dimensions=None, stat: str = "Average",
           period: int = 60, start: datetime | None = None, end: datetime | None = None,
           region: str = "us-east-1", account_id: str = "123456789012", unit=None):
    """A metric's statistic per period as a pandas Series (index: UTC period starts).

    The same computation as GetMetricStatistics, without the 1,440-point limit, for
    charts. ``dimensions`` is a ``{name: value}`` dict or AWS's list of pairs.
    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    import pandas as pd
    from awslab.services.cloudwatch.store import dims_key

    end = end or lab.now
    start = start or end - timedelta(hours=3)
    key = MetricKey(namespace, metric_name, dims_key(dimensions))
    store = lab.state("cloudwatch", account_id, region).metrics
    is_std = stat in STANDARD
    points = statistics(store, key, start, end, period, lab.now,
                        stats=(stat,) if is_std else (),
                        ext_stats=() if is_std else (stat,), unit=unit, limit=None)
    values = [p[stat] if is_std else p["ExtendedStatistics"].get(stat, float("nan"))
              for p in points]
    index = pd.DatetimeIndex([p["Timestamp"] for p in points], name="Timestamp")
    out = pd.Series(values, index=index, name=f"{metric_name} {stat}", dtype=float)
    units = {p["Unit"] for p in points}
    out.attrs["unit"] = units.pop() if len(units) == 1 else None
    return out
