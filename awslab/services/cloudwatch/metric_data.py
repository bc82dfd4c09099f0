"""GetMetricData: MetricStat queries and metric-math expressions over one time range."""
from __future__ import annotations

import re
from datetime import datetime

from awslab.services.cloudwatch.errors import ValidationError
from awslab.services.cloudwatch.query import check_window, statistics
from awslab.services.cloudwatch.statistics import STANDARD
from awslab.services.cloudwatch.store import MetricKey, MetricStore, dims_key

_ID = re.compile(r"[a-z][a-zA-Z0-9_]*")


def run_queries(store: MetricStore, queries: list[dict], start: datetime, end: datetime,
                now: datetime, scan_by: str) -> list[dict]:
    """Answer every query; return the MetricDataResults of those with ReturnData."""
    import pandas as pd
    from awslab.services.cloudwatch.metric_math import evaluate

    _check_ids(queries)
    if start >= end:
        raise ValidationError("The parameter StartTime must be less than the parameter "
                              "EndTime.")
    found, labels = {}, {}
    for q in queries:
        if "MetricStat" in q:
            found[q["Id"]] = _metric_stat(store, q, start, end, now, pd)
            labels[q["Id"]] = q.get("Label") or q["MetricStat"]["Metric"]["MetricName"]
    for q in queries:
        if "Expression" in q:
            value = evaluate(q["Expression"], q["Id"], found, labels)
            if not isinstance(value, pd.Series):       # a scalar: a flat line
                index = sorted({t for s in found.values() for t in s.index})
                value = pd.Series(float(value), index=pd.DatetimeIndex(index), dtype=float)
            found[q["Id"]] = value.dropna()
            labels[q["Id"]] = q.get("Label") or q["Id"]
    results = []
    for q in queries:
        if q.get("ReturnData", True):
            s = found[q["Id"]].sort_index(ascending=scan_by == "TimestampAscending")
            results.append({"Id": q["Id"], "Label": labels[q["Id"]],
                            "Timestamps": [t.to_pydatetime() for t in s.index],
                            "Values": [float(v) for v in s.values],
                            "StatusCode": "Complete", "Messages": []})
    return results


def _check_ids(queries: list[dict]) -> None:
    seen = set()
    for i, q in enumerate(queries, 1):
        if not _ID.fullmatch(q["Id"]):
            raise ValidationError(f"Invalid metric data query Id {q['Id']!r}: it must "
                                  "start with a lowercase letter and contain only "
                                  "letters, numbers and underscores.")
        if q["Id"] in seen:
            raise ValidationError(f"The Id {q['Id']} is used by more than one query.")
        seen.add(q["Id"])
        if ("MetricStat" in q) == ("Expression" in q):
            raise ValidationError(f"MetricDataQueries.member.{i} must have exactly one of "
                                  "MetricStat or Expression.")


def _metric_stat(store, q, start, end, now, pd):
    ms = q["MetricStat"]
    m, stat, period = ms["Metric"], ms["Stat"], ms["Period"]
    check_window(start, end, period)
    key = MetricKey(m["Namespace"], m["MetricName"], dims_key(m.get("Dimensions")))
    std = stat in STANDARD
    points = statistics(store, key, start, end, period, now, (stat,) if std else (),
                        () if std else (stat,), ms.get("Unit"), limit=None)
    values = [p[stat] if std else p["ExtendedStatistics"].get(stat) for p in points]
    index = pd.DatetimeIndex([p["Timestamp"] for p in points])
    return pd.Series(values, index=index, dtype=float).dropna()
