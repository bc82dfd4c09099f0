"""NB08 wiring: CloudTrail charts from the learner's lab, and three explorers.

* :func:`lookup_explorer` -- the LookupEvents filter panel (user, event name, resource,
  time range) over the event history, drawn as a who-did-what timeline;
* :func:`selector_explorer` -- event-selector toggles (management read/write, S3 data
  events for one bucket, Lambda Invoke) with the volume and cost a trail would deliver;
* :func:`insights_explorer` -- the Insights baseline window and sensitivity on one API.

Reads go through the CloudTrail Python API (``lookup_all``, ``series``, ``insights``,
``query``); drawing is :mod:`awslab.viz.cloudtrail`. Introduced in ``08_cloudtrail.ipynb``.
"""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

import numpy as np

from awslab.services import cloudtrail
from awslab.services.cloudtrail import anomalies
from awslab.viz import cloudtrail as viz
from awslab.widgets.explorer import make_controls

UTC = timezone.utc
ACCOUNT, REGION = "123456789012", "us-east-1"
#: Illustrative CloudTrail prices (US East, 2025 price page): the first copy of
#: management events is free; data events and extra copies are charged per 100,000.
PRICE_DATA = 0.10
PRICE_EXTRA_MANAGEMENT = 2.00


def parse_time(text: str) -> datetime:
    """A CloudTrail ``eventTime`` (``2026-01-05T10:04:31Z``) as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _minutes(start: datetime, end: datetime) -> list[datetime]:
    n = int((end - start).total_seconds() // 60)
    return [start + timedelta(minutes=i) for i in range(n)]


def api_minutes(lab, event_name: str, start: datetime, end: datetime, *,
                kind: str = "calls", baseline_days: float = 7.0,
                sensitivity: float = anomalies.SENSITIVITY) -> dict:
    """Per-minute calls (or errors) of one API from ``start`` to ``end`` with its
    baseline and the Insights the lab's detector finds with these settings."""
    window = int(baseline_days * 1440)
    first = start - timedelta(minutes=window)
    found = anomalies.series(lab, ACCOUNT, REGION, first, end, kind)
    counts = next((v for (_, name), v in found.items() if name == event_name),
                  np.zeros(int((end - first).total_seconds() // 60)))
    mean, spread = anomalies.baseline(counts, window)
    runs = anomalies.detect(counts, window, sensitivity=sensitivity,
                            baseline_minutes=window)
    t0 = first.replace(second=0, microsecond=0)
    kind_name = "ApiCallRateInsight" if kind == "calls" else "ApiErrorRateInsight"
    shaded = [(t0 + timedelta(minutes=s), t0 + timedelta(minutes=e) if e else None,
               kind_name) for s, e, _, _ in runs]
    return {"times": _minutes(start, end), "counts": counts[window:],
            "baseline": mean[window:], "spread": spread[window:], "insights": shaded}


def insight_chart(lab, event_name: str, start: datetime, end: datetime, **kw):
    """Calls per minute of one API with baseline band and Insights shaded."""
    data = api_minutes(lab, event_name, start, end, **kw)
    what = "errors" if kw.get("kind") == "errors" else "calls"
    return viz.calls_per_minute(data["times"], data["counts"], data["baseline"],
                                data["spread"], insights=data["insights"],
                                title=f"{event_name}: {what} per minute, 7-day baseline "
                                      "and Insights", label=what)


def insights_explorer(lab, event_names: list[str], start: datetime, end: datetime):
    """``(render, controls)``: choose the API, the baseline window and the sensitivity."""
    def render(event_name: str, baseline_days: int, sensitivity: float):
        data = api_minutes(lab, event_name, start, end, baseline_days=baseline_days,
                           sensitivity=sensitivity)
        return viz.calls_per_minute(
            data["times"], data["counts"], data["baseline"], data["spread"],
            insights=data["insights"], title=f"{event_name}: {len(data['insights'])} "
            f"Insight(s) with a {baseline_days}-day baseline, sensitivity {sensitivity:g}")
    controls = make_controls(
        event_name=("Dropdown", {"options": event_names, "value": event_names[0],
                                 "description": "API"}),
        baseline_days=("IntSlider", {"min": 1, "max": 7, "value": 7,
                                     "description": "baseline (days)"}),
        sensitivity=("FloatSlider", {"min": 1.0, "max": 8.0, "step": 0.5,
                                     "value": anomalies.SENSITIVITY,
                                     "description": "sensitivity (std devs)"}))
    return render, controls


def history_rows(lab, start: datetime, end: datetime) -> list[tuple]:
    """``(time, user, eventName, error, resources)`` of every management event in the
    window (event history, all pages), oldest first."""
    rows = []
    for rec in cloudtrail.lookup_all(lab, start=start, end=end, limit=100_000):
        who = rec["userIdentity"]
        user = who.get("userName") or (who.get("arn") or who.get("invokedBy") or "?"
                                       ).rsplit("/", 1)[-1]
        params = json.dumps(rec.get("requestParameters") or {})
        rows.append((parse_time(rec["eventTime"]), user, rec["eventName"],
                     rec.get("errorCode"), params))
    return rows[::-1]


def lookup_explorer(lab, start: datetime, end: datetime):
    """``(render, controls)``: the LookupEvents filter panel on a window of history."""
    rows = history_rows(lab, start, end)
    users = ["(anyone)"] + sorted({r[1] for r in rows})
    names = ["(any API)"] + sorted({r[2] for r in rows})
    hours = max(1, int((end - start).total_seconds() // 3600))

    def render(user: str, event_name: str, resource: str, last_hours: int):
        since = end - timedelta(hours=last_hours)
        hit = [r for r in rows if r[0] >= since
               and (user == "(anyone)" or r[1] == user)
               and (event_name == "(any API)" or r[2] == event_name)
               and (not resource or resource in r[4])]
        shown = hit[-300:]
        return viz.who_did_what([r[:4] for r in shown],
                                highlight=None if event_name == "(any API)" else event_name,
                                title=f"{len(hit)} matching event(s)"
                                      f"{' (last 300 shown)' if len(hit) > 300 else ''}",
                                window=(since, end))
    controls = make_controls(
        user=("Dropdown", {"options": users, "value": users[0], "description": "user"}),
        event_name=("Dropdown", {"options": names, "value": names[0],
                                 "description": "event name"}),
        resource=("Text", {"value": "", "description": "resource contains"}),
        last_hours=("IntSlider", {"min": 1, "max": hours, "value": hours,
                                  "description": "last hours"}))
    return render, controls


def daily_volumes(lab, bucket: str) -> dict:
    """Events per day a trail could log: the account's management reads and writes
    (the last 24 h of event history) and a seeded day of traffic on ``bucket`` and a
    Lambda function (object reads and writes, invocations)."""
    end = lab.now
    read = write = 0
    for rec in cloudtrail.lookup_all(lab, start=end - timedelta(days=1), end=end,
                                     limit=1_000_000):
        if rec["readOnly"]:
            read += 1
        else:
            write += 1
    rng = random.Random(f"{lab.seed}/nb08/traffic/{bucket}")
    return {"management read": read, "management write": write,
            f"S3 GetObject on {bucket}": rng.randrange(180_000, 260_000),
            f"S3 PutObject on {bucket}": rng.randrange(20_000, 40_000),
            "Lambda Invoke": rng.randrange(400_000, 700_000)}


def selector_rows(volumes: dict, *, management_read: bool, management_write: bool,
                  s3_read: bool, s3_write: bool, lambda_invoke: bool) -> list[tuple]:
    """``(label, events/day, $/day, delivered)`` for the chart (first trail)."""
    keys = list(volumes)
    on = [management_read, management_write, s3_read, s3_write, lambda_invoke]
    out = []
    for key, enabled in zip(keys, on):
        price = 0.0 if key.startswith("management") else PRICE_DATA
        out.append((key, volumes[key], volumes[key] / 100_000 * price, enabled))
    return out


def selector_explorer(lab, bucket: str):
    """``(render, controls)``: event-selector toggles with volume and cost per day."""
    volumes = daily_volumes(lab, bucket)

    def render(management_read: bool, management_write: bool, s3_read: bool,
               s3_write: bool, lambda_invoke: bool):
        return viz.selector_costs(selector_rows(
            volumes, management_read=management_read, management_write=management_write,
            s3_read=s3_read, s3_write=s3_write, lambda_invoke=lambda_invoke))
    controls = make_controls(
        management_read=("Checkbox", {"value": True, "description": "management read"}),
        management_write=("Checkbox", {"value": True, "description": "management write"}),
        s3_read=("Checkbox", {"value": False, "description": f"S3 reads ({bucket})"}),
        s3_write=("Checkbox", {"value": True, "description": f"S3 writes ({bucket})"}),
        lambda_invoke=("Checkbox", {"value": False, "description": "Lambda Invoke"}))
    return render, controls


def category_chart(lab, bucket: str):
    """Delivered events per hour, read vs write x management vs data (SQL over logs)."""
    df = cloudtrail.query(lab, """
        SELECT substr(eventtime, 1, 13) AS hour, eventcategory AS category,
               CASE WHEN readonly = 'true' THEN 'read' ELSE 'write' END AS kind,
               count(*) AS n
        FROM cloudtrail_logs GROUP BY 1, 2, 3 ORDER BY 1""", bucket=bucket)
    hours = sorted(set(df.hour))
    counts = {}
    for (category, kind), part in df.groupby(["category", "kind"]):
        by_hour = dict(zip(part.hour, part.n))
        counts[(category, kind)] = [by_hour.get(h, 0) for h in hours]
    return viz.category_bars([h[11:13] + ":00" for h in hours], counts,
                             title="Delivered events per hour: read vs write, "
                                   "management vs data")
