"""CloudTrail Insights: unusual call rates and error rates of management APIs
(aws-facts 6.4).

Per account, region and API (``eventName``), the calls per minute (write management
events for ``ApiCallRateInsight``; errors of read and write management events for
``ApiErrorRateInsight``) are compared with their baseline, the mean and spread over the
7 days (10,080 minutes) before. A minute is unusual when the rate over the last few
minutes is far above the baseline (``sensitivity`` standard deviations, at least 1.5 a
minute above it), or when a busy, regular API (baseline at least 0.3 a minute, variance
under 0.7 times the mean: periodic work) falls silent for ten minutes (a gap). A run of
unusual minutes is one Insight: a ``Start`` event, then an ``End`` event when the rate
is normal again, sharing a ``sharedEventID``; the End event carries the duration and up
to five attributions each of ``userIdentityArn``, ``userAgent`` and ``errorCode``. AWS's exact model is not public;
this one follows its documented inputs and outputs. The first Insights event can take
up to 36 hours in AWS; here detection starts when Insights is turned on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

from awslab.services.cloudtrail import records
from awslab.services.cloudtrail.activity import OPS
from awslab.services.cloudtrail.hub import sync

UTC = timezone.utc
BASELINE_MINUTES = 10080
WINDOW = 5             # minutes averaged to detect a rise
GAP = 10               # silent minutes that make a gap
SENSITIVITY = 3.0
MIN_RISE = 1.5         # calls a minute above baseline, at the least
BUSY = 0.3             # baseline calls a minute under which silence is not unusual
REGULAR = 0.7          # variance/mean under which calls are regular (periodic work)
TYPES = {"ApiCallRateInsight": "calls", "ApiErrorRateInsight": "errors"}


@dataclass(frozen=True)
class Insight:
    """One detected anomaly of one API."""

    insight_type: str
    event_source: str
    event_name: str
    start: datetime
    end: datetime | None       # None: still going on
    baseline: float            # calls (or errors) a minute before
    average: float             # during the insight

    @property
    def minutes(self) -> int:
        return int(((self.end or self.start) - self.start).total_seconds() // 60)


def _minute(t: datetime) -> int:
    return int(t.timestamp()) // 60


def _background(act, kind: str) -> dict[tuple, np.ndarray]:
    """Per-minute counts of the whole seeded activity (cached on the activity)."""
    cache = act.__dict__.setdefault("_counts", {})
    if kind not in cache:
        minute = (act.t // 60_000).astype(np.int64)
        m0 = int(minute[0]) if len(minute) else 0
        n = int(minute[-1]) - m0 + 1 if len(minute) else 0
        keep = np.ones(len(act.op), bool) if kind == "errors" else \
            np.array([not records.is_read_only(o.service, o.operation) for o in OPS])[act.op]
        if kind == "errors":
            keep &= act.err == 1
        out = {}
        for k in np.unique(act.op[keep]):
            sel = keep & (act.op == k)
            key = (records.event_source(OPS[k].service), OPS[k].operation)
            out[key] = np.bincount(minute[sel] - m0, minlength=n).astype(float)
        cache[kind] = (m0, out)
    return cache[kind]


def series(lab, account_id: str, region: str, first: datetime, last: datetime,
           kind: str = "calls") -> dict[tuple, np.ndarray]:
    """Per-minute counts ``{(eventSource, eventName): array}`` from ``first`` to ``last``:
    write management calls (``kind="calls"``) or errors of management calls
    (``kind="errors"``), the learner's own calls and the seeded activity together."""
    h = sync(lab)
    m0, n = _minute(first), max(0, _minute(last) - _minute(first))
    out: dict[tuple, np.ndarray] = {}
    act = h.activity.get((account_id, region))
    if act is not None and n:
        b0, counts = _background(act, kind)
        for key, arr in counts.items():
            part = np.zeros(n)
            lo, hi = max(m0, b0), min(m0 + n, b0 + len(arr))
            if hi > lo:
                part[lo - m0:hi - m0] = arr[lo - b0:hi - b0]
            out[key] = part
    filed = h.management.get((account_id, region))
    if filed is not None and n:
        for i in filed.window(m0 * 60, (m0 + n) * 60 - 1e-6):
            c = filed.calls[i]
            if (kind == "errors" and not c.error_code) or (
                    kind == "calls" and records.is_read_only(c.service, c.operation)):
                continue
            key = (records.event_source(c.service), c.operation)
            arr = out.setdefault(key, np.zeros(n))
            arr[_minute(c.time) - m0] += 1
    return out


def baseline(counts: np.ndarray, minutes: int = BASELINE_MINUTES) -> tuple:
    """The baseline of every minute: mean and standard deviation of the ``minutes``
    before it (NaN where there is not yet that much history)."""
    counts = np.asarray(counts, float)
    n = len(counts)
    c = np.concatenate([[0.0], np.cumsum(counts)])
    c2 = np.concatenate([[0.0], np.cumsum(counts ** 2)])
    mean, spread = np.full(n, np.nan), np.full(n, np.nan)
    if n > minutes:
        m = np.arange(minutes, n)
        mean[minutes:] = (c[m] - c[m - minutes]) / minutes
        var = (c2[m] - c2[m - minutes]) / minutes - mean[minutes:] ** 2
        spread[minutes:] = np.sqrt(np.clip(var, 0, None))
    return mean, spread


def detect(counts: np.ndarray, since: int, *, sensitivity: float = SENSITIVITY,
           baseline_minutes: int = BASELINE_MINUTES) -> list[tuple[int, int | None, float,
                                                                  float]]:
    """Unusual runs in one per-minute series, looking only at minutes ``>= since``
    (indices); each ``(start, end or None, baseline average, insight average)``."""
    n = len(counts)
    if n <= baseline_minutes:
        return []
    c = np.concatenate([[0.0], np.cumsum(counts)])
    m = np.arange(baseline_minutes, n)
    base, spread = baseline(counts, baseline_minutes)
    base, spread = base[baseline_minutes:], spread[baseline_minutes:]
    recent = (c[m + 1] - c[np.maximum(m + 1 - WINDOW, 0)]) / WINDOW
    silent = (c[m + 1] - c[np.maximum(m + 1 - GAP, 0)]) == 0
    high = recent > base + np.maximum(sensitivity * spread, MIN_RISE)
    # silence is unusual only for regular work (periodic jobs), not for random calls
    regular = spread ** 2 < REGULAR * np.maximum(base, 1e-9)
    low = silent & (base >= BUSY) & regular
    flag = (high | low) & (m >= since)
    runs, k = [], 0
    idx = np.flatnonzero(flag)
    while k < len(idx):
        j = k
        while j + 1 < len(idx) and idx[j + 1] - idx[j] <= 2:
            j += 1
        first_m, last_m, b = int(m[idx[k]]), int(m[idx[j]]), float(base[idx[k]])
        if high[idx[k]]:
            bar = b + max(sensitivity * float(spread[idx[k]]), MIN_RISE)
            busy = np.flatnonzero(counts[max(first_m - WINDOW + 1, 0):last_m + 1] > bar)
            start = max(first_m - WINDOW + 1, 0) + (int(busy[0]) if len(busy) else 0)
            stop = max(first_m - WINDOW + 1, 0) + (int(busy[-1]) + 1 if len(busy) else 0)
            stop = max(stop, start + 1)
        else:
            start, stop = first_m - GAP + 1, last_m + 1
        start = max(start, since)
        ended = last_m + 1 < n - 1
        avg = float(counts[start:stop].mean()) if stop > start else 0.0
        runs.append((start, stop if ended else None, b, avg))
        k = j + 1
    return runs


def insights(lab, account_id: str, region: str, since: datetime, until: datetime,
             types=tuple(TYPES), sensitivity: float = SENSITIVITY) -> list[Insight]:
    """Insights of an account and region detected from ``since`` to ``until``."""
    first = since - timedelta(minutes=BASELINE_MINUTES + GAP)
    out = []
    for kind in types:
        for (source, name), arr in series(lab, account_id, region, first, until,
                                          TYPES[kind]).items():
            m0 = _minute(first)
            for start, end, base, avg in detect(arr, _minute(since) - m0,
                                                sensitivity=sensitivity):
                to_time = lambda i: datetime.fromtimestamp((m0 + i) * 60, UTC)  # noqa: E731
                out.append(Insight(kind, source, name, to_time(start),
                                   to_time(end) if end is not None else None,
                                   round(base, 4), round(avg, 4)))
    return sorted(out, key=lambda i: (i.start, i.event_name, i.insight_type))


def _guid(*key) -> str:
    return records.guid("/".join(map(str, key)))


def tally(lab, account_id: str, region: str, start: datetime, end: datetime,
          event_name: str) -> dict[str, dict]:
    """Calls of one API in ``[start, end)`` counted by ``userIdentityArn``,
    ``userAgent`` and ``errorCode`` (without building their records)."""
    from awslab.services.cloudtrail.activity import ACTORS
    from awslab.services.cloudtrail.hub import origin
    out: dict[str, dict] = {"userIdentityArn": {}, "userAgent": {}, "errorCode": {}}

    def add(attribute: str, value, n: int) -> None:
        if value and n:
            out[attribute][value] = out[attribute].get(value, 0) + n

    h = sync(lab)
    act = h.activity.get((account_id, region))
    if act is not None:
        rows = act.window(int(start.timestamp() * 1000), int(end.timestamp() * 1000) - 1)
        for k, op in enumerate(OPS):
            if op.operation != event_name:
                continue
            sel = act.op[rows] == k
            total, failed = int(sel.sum()), int((sel & (act.err[rows] == 1)).sum())
            actor = ACTORS[op.actor]
            add("userIdentityArn", act.principal(op.actor).arn, total)
            add("userAgent", actor.agent, total)
            add("errorCode", op.error[0] if op.error else None, failed)
    filed = h.management.get((account_id, region))
    if filed is not None:
        for i in filed.window(start.timestamp(), end.timestamp() - 1e-6):
            c = filed.calls[i]
            if c.operation == event_name:
                add("userIdentityArn", c.caller.arn if c.caller else None, 1)
                add("userAgent", origin(lab, c)[1], 1)
                add("errorCode", c.error_code, 1)
    return out


def _attributions(lab, account_id: str, region: str, ins: Insight) -> list[dict]:
    """Who, with what, and which errors during the insight vs the 7 days before."""
    during = tally(lab, account_id, region, ins.start, ins.end, ins.event_name)
    before = tally(lab, account_id, region,
                   ins.start - timedelta(minutes=BASELINE_MINUTES), ins.start,
                   ins.event_name)
    minutes = max(ins.minutes, 1)
    out = []
    for attribute in ("userIdentityArn", "userAgent", "errorCode"):
        now_counts, base_counts = during[attribute], before[attribute]
        if not now_counts and not base_counts:
            continue
        top = sorted(now_counts, key=lambda v: (-now_counts[v], v))[:5]
        out.append({"attribute": attribute,
                    "insight": [{"value": v, "average": round(now_counts[v] / minutes, 4)}
                                for v in top],
                    "baseline": [{"value": v, "average": round(
                        base_counts[v] / BASELINE_MINUTES, 4)} for v in sorted(
                        base_counts, key=lambda v: (-base_counts[v], v))[:5]]})
    return out


def event_records(lab, account_id: str, region: str, ins: Insight) -> list[dict]:
    """The Start (and, once it ended, End) Insights events of one insight."""
    shared = _guid(lab.seed, account_id, region, ins.insight_type, ins.event_name,
                   ins.start.isoformat())
    stats = {"baseline": {"average": ins.baseline}, "insight": {"average": ins.average},
             "baselineDuration": BASELINE_MINUTES}

    def one(state: str, when: datetime, extra: dict) -> dict:
        return {"eventVersion": records.EVENT_VERSION, "eventTime": records.stamp(when),
                "awsRegion": region, "eventID": _guid(shared, state),
                "eventType": "AwsCloudTrailInsight", "recipientAccountId": account_id,
                "sharedEventID": shared, "insightDetails": {
                    "state": state, "eventSource": ins.event_source,
                    "eventName": ins.event_name, "insightType": ins.insight_type,
                    "insightContext": {"statistics": {**stats, **extra.pop("stats", {})},
                                       **extra}},
                "eventCategory": "Insight"}
    out = [one("Start", ins.start, {})]
    if ins.end is not None:
        out.append(one("End", ins.end, {"stats": {"insightDuration": ins.minutes},
                                        "attributions": _attributions(
                                            lab, account_id, region, ins)}))
    return out


def enabled(lab, account_id: str, region: str) -> tuple[datetime | None, tuple]:
    """When Insights was turned on for the region (the earliest trail) and which types."""
    from awslab.services.cloudtrail.trails import visible
    trails = [t for t in visible(lab, account_id, region) if t.insight_types]
    if not trails:
        return None, ()
    types = tuple(sorted({k for t in trails for k in t.insight_types}))
    return min(t.insights_since for t in trails), types


def region_events(lab, account_id: str, region: str, until: datetime | None = None) -> list:
    """Every Insights event of the region so far (Start and End), oldest first."""
    since, types = enabled(lab, account_id, region)
    if since is None:
        return []
    until = until or lab.now
    out = []
    for ins in insights(lab, account_id, region, since, until, types):
        out.extend(r for r in event_records(lab, account_id, region, ins)
                   if r["eventTime"] <= records.stamp(until))
    return sorted(out, key=lambda r: (r["eventTime"], r["eventID"]))


def lookup_insights(lab, account_id: str, region: str, *, attribute=None, start=None,
                    end=None, max_results: int = 50, token=None) -> tuple[list, str | None]:
    """LookupEvents with ``EventCategory="insight"``: Insights events, newest first."""
    import json

    from awslab.bridge.pagination import paginate
    from awslab.services.cloudtrail import errors
    if start is not None and end is not None and start > end:
        raise errors.InvalidTimeRangeException("Start time must be earlier than end time.")
    lo = records.stamp(start) if start else ""
    hi = records.stamp(min(end, lab.now)) if end else records.stamp(lab.now)
    found = [r for r in region_events(lab, account_id, region) if lo <= r["eventTime"] <= hi]
    if attribute is not None:
        key, value = attribute
        pick = {"EventName": lambda r: r["insightDetails"]["eventName"],
                "EventSource": lambda r: r["insightDetails"]["eventSource"],
                "EventId": lambda r: r["eventID"]}.get(key)
        found = [r for r in found if pick is not None and pick(r) == value]
    found.reverse()
    page, nxt = paginate(found, token, max_results, f"insight/{attribute}/{lo}/{hi}",
                         errors.InvalidNextTokenException)
    events = [{"EventId": r["eventID"], "EventName": r["insightDetails"]["eventName"],
               "EventTime": datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(
                   tzinfo=UTC),
               "EventSource": r["insightDetails"]["eventSource"], "Resources": [],
               "CloudTrailEvent": json.dumps(r, separators=(",", ":"))} for r in page]
    return events, nxt
