"""PutMetricData, ListMetrics, GetMetricStatistics and GetMetricData."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from awslab.bridge.pagination import paginate
from awslab.services.cloudwatch.errors import (
    InvalidNextToken, InvalidParameterCombination, MissingParameter)
from awslab.services.cloudwatch.ingest import ingest
from awslab.services.cloudwatch.operations import OPERATIONS
from awslab.services.cloudwatch.query import statistics
from awslab.services.cloudwatch.store import MetricKey, dims_key

LIST_PAGE = 500
ACTIVE = timedelta(weeks=2)


@OPERATIONS("PutMetricData")
def put_metric_data(call, p):
    if p.get("EntityMetricData"):
        raise InvalidParameterCombination(
            "awslab does not simulate EntityMetricData; send MetricData instead.")
    if not p.get("MetricData"):
        raise MissingParameter("The parameter MetricData is required.")
    ingest(call.state().metrics, p["Namespace"], p["MetricData"], call.now)
    return {}


@OPERATIONS("ListMetrics")
def list_metrics(call, p):
    store = call.state().metrics
    now_ms = int(call.now.timestamp() * 1000)
    window = timedelta(hours=3) if p.get("RecentlyActive") == "PT3H" else ACTIVE
    since = now_ms - int(window.total_seconds() * 1000)
    wanted = [(d["Name"], d.get("Value")) for d in p.get("Dimensions", ())]
    found = []
    for key in store.keys():
        if p.get("Namespace") not in (None, key.namespace) or \
                p.get("MetricName") not in (None, key.name):
            continue
        dims = dict(key.dims)
        if any(n not in dims or (v is not None and dims[n] != v) for n, v in wanted):
            continue
        if store.last_received_ms(key) >= since:
            found.append(key)
    salt = _salt("ListMetrics", p, exclude="NextToken")
    page, token = paginate(found, p.get("NextToken"), LIST_PAGE, salt, InvalidNextToken)
    out = {"Metrics": [{"Namespace": k.namespace, "MetricName": k.name,
                        "Dimensions": k.dimensions()} for k in page]}
    if token:
        out["NextToken"] = token
    return out


@OPERATIONS("GetMetricStatistics")
def get_metric_statistics(call, p):
    stats, ext = p.get("Statistics", []), p.get("ExtendedStatistics", [])
    if stats and ext:
        raise InvalidParameterCombination(
            "The parameters Statistics and ExtendedStatistics are mutually exclusive and "
            "you have specified both.")
    if not stats and not ext:
        raise MissingParameter("The parameter Statistics or ExtendedStatistics must be "
                               "specified.")
    key = MetricKey(p["Namespace"], p["MetricName"], dims_key(p.get("Dimensions")))
    points = statistics(call.state().metrics, key, p["StartTime"], p["EndTime"],
                        p["Period"], call.now, stats, ext, p.get("Unit"))
    # CloudWatch returns datapoints in no particular order; so does the lab (stably).
    points.sort(key=lambda d: hashlib.sha1(
        int(d["Timestamp"].timestamp()).to_bytes(8, "big")).digest())
    return {"Label": p["MetricName"], "Datapoints": points}


@OPERATIONS("GetMetricData")
def get_metric_data(call, p):
    from awslab.services.cloudwatch.metric_data import run_queries
    results = run_queries(call.state().metrics, p["MetricDataQueries"], p["StartTime"],
                          p["EndTime"], call.now, p.get("ScanBy", "TimestampDescending"))
    flat = [(i, t, v) for i, r in enumerate(results)
            for t, v in zip(r["Timestamps"], r["Values"])]
    limit = p.get("MaxDatapoints", 100_800)
    page, token = paginate(flat, p.get("NextToken"), limit,
                           _salt("GetMetricData", p, exclude="NextToken"), InvalidNextToken)
    for r in results:
        r["Timestamps"], r["Values"] = [], []
    for i, t, v in page:
        results[i]["Timestamps"].append(t)
        results[i]["Values"].append(v)
    if token:
        for r in results:
            r["StatusCode"] = "PartialData"
    out = {"MetricDataResults": results, "Messages": []}
    if token:
        out["NextToken"] = token
    return out


def _salt(op: str, p: dict, exclude: str) -> str:
    text = repr(sorted((k, repr(v)) for k, v in p.items() if k != exclude))
    return hashlib.sha1((op + text).encode()).hexdigest()[:12]

