"""Statistics over periods, as GetMetricStatistics and GetMetricData compute them.

Reproduces aws-facts 1.4 and 1.5: periods start at the (age-rounded) start time, the start
is inclusive and the end exclusive; SampleCount, Sum, Average, Minimum, Maximum; extended
statistics ``pNN``, ``tmNN``/``TM(a:b)``, ``IQM``, ``wmNN``/``WM(a:b)``, ``tcNN``/``TC(a:b)``,
``tsNN``/``TS(a:b)`` and ``PR(a:b)`` (percent bounds with ``%``, absolute bounds without:
lower bound excluded, upper included). Percentile-family statistics are omitted for a
period holding a negative value or a statistic set that cannot stand for its values.
Percentiles are exact (nearest rank); CloudWatch's own are approximations within ~1%.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from awslab.services.cloudwatch.errors import InvalidParameterValue

STANDARD = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
_NUM = r"(\d+(?:\.\d{1,10})?)"
_SINGLE = re.compile(rf"(p|tm|wm|tc|ts){_NUM}")
_RANGE = re.compile(r"(TM|WM|TC|TS|PR)\(([^:()]*):([^:()]*)\)")


@dataclass(frozen=True)
class Extended:
    """A parsed extended statistic: family, bounds and whether bounds are percentiles."""

    text: str
    family: str            # p, tm, wm, tc, ts, pr
    lo: float | None
    hi: float | None
    percent: bool


def parse_extended(text: str, where: str = "ExtendedStatistic") -> Extended:
    """Parse ``p99``, ``tm90``, ``TM(10%:90%)``, ``IQM``, ``PR(:300)``... or raise AWS's error."""
    bad = InvalidParameterValue(f"The value {text} for parameter {where} is invalid.")
    if text == "IQM":
        return Extended(text, "tm", 25.0, 75.0, True)
    m = _SINGLE.fullmatch(text)
    if m:
        n = float(m.group(2))
        if n > 100:
            raise bad
        return Extended(text, m.group(1), None, n, True)
    m = _RANGE.fullmatch(text)
    if not m:
        raise bad
    family, bounds = m.group(1).lower(), [m.group(2).strip(), m.group(3).strip()]
    kinds = {b.endswith("%") for b in bounds if b}
    if not kinds or len(kinds) > 1 or (family == "pr" and True in kinds):
        raise bad
    try:
        lo, hi = (float(b.rstrip("%")) if b else None for b in bounds)
    except ValueError:
        raise bad from None
    percent = True in kinds
    if percent and any(b is not None and not 0 <= b <= 100 for b in (lo, hi)):
        raise bad
    if lo is not None and hi is not None and lo >= hi:
        raise bad
    return Extended(text, family, lo, hi, percent)


# -- time windows ------------------------------------------------------------------

def valid_period(period: int) -> bool:
    return period in (1, 5, 10, 20, 30) or period % 60 == 0


def align_start(start: datetime, period: int, now: datetime) -> datetime:
    """Round the start time down as CloudWatch does, by its age (aws-facts 1.4)."""
    age = now - start
    if period < 60:
        step = period
    elif age > timedelta(days=63):
        step = 3600
    elif age > timedelta(days=15):
        step = 300
    else:
        step = 60
    epoch = int(start.timestamp())
    return datetime.fromtimestamp(epoch - epoch % step, start.tzinfo)


def period_allowed_for_age(start: datetime, period: int, now: datetime) -> bool:
    """Whether data this old is still kept at a resolution this period can use."""
    age = now - start
    if age > timedelta(days=63):
        return period % 3600 == 0
    if age > timedelta(days=15):
        return period % 300 == 0
    if age > timedelta(hours=3):
        return period % 60 == 0
    return True


# -- aggregation ---------------------------------------------------------------------

@dataclass
class Buckets:
    """Per-period summaries of the datapoints in a window (only periods with data)."""

    starts_ms: np.ndarray
    count: np.ndarray
    total: np.ndarray
    low: np.ndarray
    high: np.ndarray
    groups: list            # per period: (sorted values, their weights) or None if unusable
    plain: tuple | None = None   # (sorted values, firsts, lasts) when every weight is 1

    def column(self, stat: str) -> np.ndarray:
        """One of SampleCount, Sum, Average, Minimum, Maximum for every period."""
        return {"SampleCount": self.count, "Sum": self.total, "Minimum": self.low,
                "Maximum": self.high}.get(stat, self.total / np.maximum(self.count, 1e-300))

    def extended_column(self, ext: Extended) -> np.ndarray:
        """An extended statistic for every period (NaN where unavailable)."""
        if ext.family == "p" and self.plain is not None:
            values, firsts, lasts = self.plain
            n = lasts - firsts
            rank = np.maximum(np.ceil(ext.hi / 100 * n - 1e-9), 1).astype(np.int64)
            out = values[np.minimum(firsts + rank - 1, len(values) - 1)]
            return np.where(values[firsts] < 0, np.nan, out)
        return np.array([np.nan if (v := extended(g, ext)) is None else v
                         for g in self.groups], dtype=float)


def summarize(streams, start_ms: int, end_ms: int, period_ms: int,
              need_values: bool) -> Buckets:
    """Group the datapoints of ``streams`` into periods ``[start, start+period)``."""
    parts_b, parts_v, parts_w, sets = [], [], [], []
    for s in streams:
        ts = np.frombuffer(s.ts, dtype=np.int64)
        if ts.size:
            sel = (ts >= start_ms) & (ts < end_ms)
            if sel.any():
                parts_b.append((ts[sel] - start_ms) // period_ms)
                parts_v.append(np.frombuffer(s.val, dtype=np.float64)[sel])
                parts_w.append(np.frombuffer(s.wt, dtype=np.float64)[sel] if s.wt is not None
                               else np.ones(int(sel.sum())))
        if len(s.sets):
            st = np.frombuffer(s.sets, dtype=np.float64).reshape(-1, 5)
            st = st[(st[:, 0] >= start_ms) & (st[:, 0] < end_ms)]
            if st.size:
                sets.append(st)
    b = np.concatenate(parts_b) if parts_b else np.empty(0, np.int64)
    v = np.concatenate(parts_v) if parts_v else np.empty(0)
    w = np.concatenate(parts_w) if parts_w else np.empty(0)
    st = np.concatenate(sets) if sets else np.empty((0, 5))
    sb = ((st[:, 0].astype(np.int64) - start_ms) // period_ms) if st.size else np.empty(0, np.int64)
    ids = np.union1d(np.unique(b), np.unique(sb)).astype(np.int64)
    n = len(ids)
    pos_v, pos_s = np.searchsorted(ids, b), np.searchsorted(ids, sb)
    count = np.bincount(pos_v, w, n) + np.bincount(pos_s, st[:, 1] if st.size else None, n)
    total = np.bincount(pos_v, v * w, n) + np.bincount(pos_s, st[:, 2] if st.size else None, n)
    low, high = np.full(n, np.inf), np.full(n, -np.inf)
    order = np.lexsort((v, pos_v))
    pv, vv, wv = pos_v[order], v[order], w[order]
    firsts = np.searchsorted(pv, np.arange(n), "left")
    lasts = np.searchsorted(pv, np.arange(n), "right")
    has = lasts > firsts
    low[has], high[has] = vv[firsts[has]], vv[lasts[has] - 1]
    if st.size:
        np.minimum.at(low, pos_s, st[:, 3])
        np.maximum.at(high, pos_s, st[:, 4])
    groups, plain = [], None
    if need_values:
        if not st.size and (wv == 1).all():
            plain = (vv, firsts, lasts)
        groups = [_values(vv[f:l], wv[f:l], st[pos_s == i] if st.size else st)
                  for i, (f, l) in enumerate(zip(firsts, lasts))]
    return Buckets(ids * period_ms + start_ms, count, total, low, high, groups, plain)


def _values(values: np.ndarray, weights: np.ndarray, sets: np.ndarray):
    """Sorted values and weights of one period, or None when percentiles are unavailable."""
    if len(sets):
        n, total, lo, hi = sets[:, 1], sets[:, 2], sets[:, 3], sets[:, 4]
        usable = (lo == hi) & np.isclose(total, lo * n)
        if not usable.all():
            return None
        values, weights = np.concatenate([values, lo]), np.concatenate([weights, n])
        order = np.argsort(values, kind="stable")
        values, weights = values[order], weights[order]
    if values.size == 0 or values[0] < 0:
        return None
    return values, weights


def standard(b: Buckets, i: int, stat: str) -> float:
    """One of SampleCount, Sum, Average, Minimum, Maximum for period ``i``."""
    return float(b.column(stat)[i])


def extended(group, ext: Extended) -> float | None:
    """An extended statistic of one period's sorted values, or None if unavailable."""
    if group is None:
        return None
    values, weights = group
    total = weights.sum()
    cum = np.cumsum(weights)
    if ext.family == "p":
        rank = max(math.ceil(ext.hi / 100 * total - 1e-9), 1)
        return float(values[min(np.searchsorted(cum, rank - 1e-9), len(values) - 1)])
    if ext.family == "pr":
        inside = _absolute(values, ext)
        return float(weights[inside].sum() / total * 100)
    if ext.percent:
        lo_pos = (ext.lo or 0.0) / 100 * total
        hi_pos = (100.0 if ext.hi is None else ext.hi) / 100 * total
        incl = np.clip(np.minimum(cum, hi_pos) - np.maximum(cum - weights, lo_pos), 0, None)
    else:
        incl = np.where(_absolute(values, ext), weights, 0.0)
    if ext.family == "tc":
        return float(incl.sum())
    if ext.family == "ts":
        return float((values * incl).sum())
    if ext.family == "tm":
        return float((values * incl).sum() / incl.sum()) if incl.sum() > 0 else None
    kept = values[incl > 0]                       # wm: clamp the tails to the kept range
    if kept.size == 0:
        return None
    return float((np.clip(values, kept[0], kept[-1]) * weights).sum() / total)


def _absolute(values: np.ndarray, ext: Extended) -> np.ndarray:
    lo = -np.inf if ext.lo is None else ext.lo
    hi = np.inf if ext.hi is None else ext.hi
    return (values > lo) & (values <= hi)
