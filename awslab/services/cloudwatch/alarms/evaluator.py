"""Alarm evaluation on the simulated clock (aws-facts 2.3).

One job per account and region evaluates its alarms at every minute boundary (periods of
60 s and more, over a window that slides by one minute), and a second job every 10 s for
high-resolution alarms (periods of 10, 20 and 30 s; a 20- or 30-s alarm is evaluated
when the time is a multiple of its period, so its periods stay aligned). Each evaluation
reads the evaluation range (N + 2 periods ending at the evaluation time) through the same
statistics path as GetMetricStatistics (or GetMetricData for metric-math alarms), decides
with :func:`~.evaluation.evaluate`, and on a change of state hands over to
:mod:`.transitions`.

Evaluation at a boundary runs after the other work due at that instant (metrics EC2
publishes for the minute just ended are seen at once). Percentile alarms with
``EvaluateLowSampleCountPercentile=ignore`` leave their state alone while an evaluated
period has fewer samples than 10/(1-p) (p >= 0.5) or 10/p (p < 0.5).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from awslab.errors import AwsError
from awslab.services.cloudwatch.alarms.evaluation import (
    Evaluation, breaches, evaluate, evaluation_range)
from awslab.services.cloudwatch.alarms.model import CompositeAlarm, MetricAlarm
from awslab.services.cloudwatch.alarms.reasons import (
    insufficient_reason, reason_data, threshold_reason)
from awslab.services.cloudwatch.alarms.transitions import (
    evaluate_composite, repeat_actions, transition)
from awslab.services.cloudwatch.query import statistics
from awslab.services.cloudwatch.statistics import align_start, parse_extended
from awslab.services.cloudwatch.store import MetricKey, dims_key

UTC = timezone.utc
CADENCES = {"minute": timedelta(minutes=1), "10s": timedelta(seconds=10)}


def ensure_evaluator(lab, state) -> None:
    """Start (or stop) this region's evaluation jobs to fit the alarms it holds."""
    wanted = {"minute": bool(state.alarms),
              "10s": any(isinstance(a, MetricAlarm) and a.high_resolution
                         for a in state.alarms.values())}
    for cadence, needed in wanted.items():
        job = state.alarm_jobs.get(cadence)
        if needed and job is None:
            every = CADENCES[cadence]
            step = int(every.total_seconds())
            epoch = int(lab.now.timestamp())
            first = datetime.fromtimestamp(epoch - epoch % step + step, UTC)
            state.alarm_jobs[cadence] = lab.clock.every(
                every, lambda t, c=cadence: _queue(lab, state, c, t), first=first,
                name=f"cloudwatch alarms ({cadence}) {state.account_id}/{state.region}")
        elif not needed and job is not None:
            job.cancel()
            del state.alarm_jobs[cadence]


def _queue(lab, state, cadence: str, t: datetime) -> None:
    """Run the evaluation after everything else already due at ``t``."""
    lab.clock.at(t, lambda now: evaluate_all(lab, state, cadence, now),
                 name=f"cloudwatch alarm evaluation {state.account_id}/{state.region}")


def evaluate_all(lab, state, cadence: str, now: datetime) -> None:
    """Evaluate every alarm of one region that is due at ``now``."""
    epoch = int(now.timestamp())
    for name in sorted(state.alarms):
        alarm = state.alarms.get(name)
        if not isinstance(alarm, MetricAlarm):
            continue
        if cadence == "minute" and alarm.period >= 60 or \
                cadence == "10s" and alarm.high_resolution and epoch % alarm.period == 0:
            evaluate_metric_alarm(lab, state, alarm, now)
    if cadence == "minute":
        for name in sorted(state.alarms):
            alarm = state.alarms.get(name)
            if isinstance(alarm, CompositeAlarm) and alarm.needs_evaluation:
                evaluate_composite(lab, state, alarm, now)


def fetch(state, alarm: MetricAlarm, end: datetime) -> list[tuple]:
    """The evaluation range ending at ``end``: ``(period start, value, samples)`` each,
    oldest first, ``value`` None where the period has no datapoint."""
    period = alarm.period
    size = evaluation_range(alarm.evaluation_periods)
    # as GetMetricStatistics rounds an old start (ranges of weeks), so do the periods here
    start = align_start(end - timedelta(seconds=size * period), period, end)
    found: dict[datetime, tuple] = {}
    try:
        if alarm.metrics:
            found = _math_values(state, alarm, start, end)
        else:
            found = _metric_values(state, alarm, start, end)
    except AwsError:
        found = {}
    return [(start + timedelta(seconds=k * period),) +
            found.get(start + timedelta(seconds=k * period), (None, None))
            for k in range(size)]


def _metric_values(state, alarm: MetricAlarm, start, end) -> dict:
    key = MetricKey(alarm.namespace, alarm.metric_name, dims_key(
        [{"Name": n, "Value": v} for n, v in alarm.dimensions]))
    stats = ("SampleCount",) if alarm.statistic in (None, "SampleCount") else (
        alarm.statistic, "SampleCount")
    ext = (alarm.extended_statistic,) if alarm.extended_statistic else ()
    points = statistics(state.metrics, key, start, end, alarm.period, end, stats, ext,
                        alarm.unit, limit=None)
    found: dict = {}
    for p in points:                       # several units and no Unit: the first one
        value = p[alarm.statistic] if alarm.statistic else \
            p.get("ExtendedStatistics", {}).get(alarm.extended_statistic)
        if value is not None and p["Timestamp"] not in found:
            found[p["Timestamp"]] = (float(value), p["SampleCount"])
    return found


def _math_values(state, alarm: MetricAlarm, start, end) -> dict:
    from awslab.services.cloudwatch.metric_data import run_queries
    results = run_queries(state.metrics, [dict(q) for q in alarm.metrics], start, end, end,
                          "TimestampAscending")
    if not results:
        return {}
    return {t: (v, None) for t, v in zip(results[0]["Timestamps"], results[0]["Values"])}


def _low_samples(alarm: MetricAlarm, points: list[tuple], used: tuple) -> bool:
    """Whether an evaluated period has too few samples for the alarm's percentile."""
    if alarm.evaluate_low_sample_count_percentile != "ignore" or not alarm.extended_statistic:
        return False
    ext = parse_extended(alarm.extended_statistic)
    if ext.family != "p" or ext.hi is None or not 0 < ext.hi < 100:
        return False
    p = ext.hi / 100
    needed = round(10 / (1 - p) if p >= 0.5 else 10 / p, 6)     # p90 needs 100, not 100.0...01
    return any(points[i][2] is not None and points[i][2] < needed for i in used)


def evaluate_metric_alarm(lab, state, alarm: MetricAlarm, now: datetime) -> Evaluation:
    """Evaluate one metric alarm at ``now``; transition (or repeat actions) as AWS does."""
    points = fetch(state, alarm, now)
    flags = [None if v is None else breaches(v, alarm.comparison_operator, alarm.threshold)
             for _, v, _ in points]
    ev = evaluate(flags, alarm.evaluation_periods, alarm.m, alarm.treatment,
                  alarm.state.value)
    newest = next((points[i][1] for i in reversed(ev.used)), None)
    if _low_samples(alarm, points, ev.used):
        return ev
    if ev.kept or ev.state == alarm.state.value:
        repeat_actions(lab, state, alarm, now, newest)
        return ev
    reason, data = _explain(alarm, points, flags, ev, now)
    transition(lab, state, alarm, ev.state, reason, data, now, metric_value=newest)
    return ev


def _explain(alarm: MetricAlarm, points, flags, ev: Evaluation, now: datetime):
    """StateReason and StateReasonData for the evaluation ``ev``."""
    n = alarm.evaluation_periods
    statistic = (("statistic", alarm.statistic) if alarm.statistic else
                 ("extendedStatistic", alarm.extended_statistic) if alarm.extended_statistic
                 else None)
    if ev.state == "INSUFFICIENT_DATA":
        evaluated = [(t, None, None) for t, _, _ in points[-n:]]
        return insufficient_reason(n), reason_data(now, statistic, alarm.period,
                                                   alarm.threshold, points, evaluated)
    missing = [i for i, f in enumerate(flags) if f is None and i > (ev.used[0] if ev.used
                                                                      else -1)]
    filled_at = sorted(missing, reverse=True)[:ev.filled] if ev.filled else []
    if ev.filled and len(filled_at) < ev.filled:          # fills older than the range start
        filled_at = sorted([i for i, f in enumerate(flags) if f is None],
                           reverse=True)[:ev.filled]
    evaluated = [points[i] for i in sorted(set(ev.used) | set(filled_at))]
    real = [(points[i][0], points[i][1], flags[i]) for i in ev.used]
    reason = threshold_reason(ev.state, real, ev.filled, ev.fill_breaching,
                              alarm.comparison_operator, alarm.threshold, n, alarm.m)
    return reason, reason_data(now, statistic, alarm.period, alarm.threshold, points,
                               evaluated)
