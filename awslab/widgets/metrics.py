"""NB01 wiring: basic vs detailed monitoring, a spike you choose, metric streams.

Each ``*_explorer`` returns ``(render, controls)`` for :func:`awslab.widgets.explore`:
``render(**values)`` reads the learner's lab and draws with :mod:`awslab.viz.metrics`;
``controls`` are ipywidgets whose initial values are the defaults::

    render, controls = resolution_explorer(lab, instances, start, end)
    explore(render, interactive=interactive, **controls)

The other functions read the lab for the notebook's static charts. Nothing here holds
AWS behaviour: the data come from EC2 and CloudWatch (boto3 or their pandas helpers).
Introduced in ``01_cloudwatch_metrics.ipynb``.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable, Mapping

import numpy as np

from awslab.services import cloudwatch, ec2
from awslab.viz import metrics as viz
from awslab.workloads import Spike
from awslab.widgets.explorer import make_controls

STATS = ("Average", "Maximum", "p90")
PERIODS = {"basic": 300, "detailed": 60}
LABELS = {"basic": "basic: 5-min", "detailed": "detailed: 1-min"}
DIMENSION_FILTERS = ("InstanceId", "InstanceType", "ImageId", "AutoScalingGroupName")


# -- reading the lab -----------------------------------------------------------------

def stored_cpu(lab, instance_id: str, monitoring: str, start: datetime, end: datetime,
               stat: str = "Average") -> viz.Stored:
    """An instance's CPUUtilization ``stat`` as CloudWatch stored it, read at the
    period of its monitoring mode (300 s basic, 60 s detailed)."""
    series = cloudwatch.series(lab, "AWS/EC2", "CPUUtilization",
                               {"InstanceId": instance_id}, stat, PERIODS[monitoring],
                               start, end)
    return viz.Stored(f"{LABELS[monitoring]} {stat}", series, PERIODS[monitoring],
                      monitoring)


def reaction_minutes(stored, period: int, threshold: float,
                     spike_start: datetime) -> float | None:
    """Minutes from ``spike_start`` until a datapoint above ``threshold`` is stored.

    The simple rule NB01 uses for a scaling policy (Auto Scaling itself comes later):
    the policy reacts as soon as one stored datapoint is above the threshold, and a
    datapoint exists once its period has ended, when EC2 sends it. Periods that ended
    before the spike started do not count. The lab has no publishing delay, so real
    reactions come a minute or two later still.

    Parameters
    ----------
    stored : pandas.Series
        Datapoints indexed by period start (UTC).
    period : int
        Their period in seconds.
    threshold : float
    spike_start : datetime

    Returns
    -------
    float or None
        None if no stored datapoint crossed the threshold.
    """
    step = timedelta(seconds=period)
    for t, value in zip(stored.index, stored.to_numpy(float)):
        done = t.to_pydatetime() + step
        if done > spike_start and np.isfinite(value) and value > threshold:
            return (done - spike_start).total_seconds() / 60
    return None


def reactions(lab, instances: Mapping[str, str], spike, threshold: float,
              stat: str = "Average", minutes: int = 20) -> dict:
    """``{"basic": minutes or None, "detailed": ...}`` for a spike, from the datapoints
    CloudWatch stored for each instance (see :func:`reaction_minutes`)."""
    end = spike.start + timedelta(minutes=minutes)
    start = spike.start - timedelta(minutes=10)
    out = {}
    for mode, iid in instances.items():
        stored = stored_cpu(lab, iid, mode, start, end, stat)
        out[mode] = reaction_minutes(stored.series, stored.period, threshold,
                                     spike.start)
    return out


def quiet_start(lab, instance_ids: Iterable[str], after: datetime,
                minutes: int = 30) -> datetime:
    """The first 5-minute boundary at or after ``after`` that starts ``minutes``
    minutes free of the instances' seeded (natural) CPU spikes."""
    ids = list(instance_ids)
    t = after.replace(second=0, microsecond=0)
    t += timedelta(minutes=-t.minute % 5)
    for _ in range(288):
        end = t + timedelta(minutes=minutes)
        if not any(ec2.seeded_spikes(lab, i, t - timedelta(minutes=5), end) for i in ids):
            return t
        t += timedelta(minutes=5)
    return t


def monitoring_figure(lab, instances: Mapping[str, str], start: datetime, end: datetime,
                      *, spike=None, threshold: float | None = None,
                      stat: str = "Average"):
    """Chart: each instance's true CPU against what its monitoring mode stored."""
    panels = []
    for mode, iid in instances.items():
        true = ec2.true_cpu(lab, iid, start, end)
        panels.append(viz.Panel(f"{iid}, {mode} monitoring", true,
                                [stored_cpu(lab, iid, mode, start, end, stat)]))
    title = "True CPU vs stored CPU" + (f": a {spike.minutes}-minute spike"
                                         if spike is not None else "")
    return viz.resolution_figure(panels, spike=spike, threshold=threshold, title=title)


def list_all_metrics(cw, **request) -> list[dict]:
    """Every metric a ListMetrics request returns, across pages (boto3's paginator)."""
    pages = cw.get_paginator("list_metrics").paginate(**request)
    return [m for page in pages for m in page["Metrics"]]


def metric_tree(lab, max_metrics: int = 3, featured=("CPUUtilization",), **request):
    """Chart: the metric streams ListMetrics returns (all, or those matching
    ``request``) as a namespace → metric → dimension-set tree."""
    found = list_all_metrics(lab.client("cloudwatch"), **request)
    return viz.metric_tree_figure(found, max_metrics=max_metrics, featured=featured)


# -- widget 1: basic or detailed, and the statistic -----------------------------------

def resolution_explorer(lab, instances: Mapping[str, str], start: datetime,
                        end: datetime, *, spike=None, threshold: float | None = None):
    """Explorer: one instance's true CPU against what its monitoring mode stored.

    Parameters
    ----------
    lab : Lab
    instances : mapping
        ``{"basic": instance_id, "detailed": instance_id}``.
    start, end : datetime
        The window shown (in the past).
    spike : Spike, optional
        A spike to shade.
    threshold : float, optional
        A scaling threshold to draw.

    Returns
    -------
    render : callable
        ``render(monitoring="basic", stat="Average") -> Figure``.
    controls : dict
        A toggle for the monitoring mode and a dropdown for the statistic.
    """
    truths = {}

    def render(monitoring: str = "basic", stat: str = "Average"):
        iid = instances[monitoring]
        if iid not in truths:
            truths[iid] = ec2.true_cpu(lab, iid, start, end)
        stored = stored_cpu(lab, iid, monitoring, start, end, stat)
        title = f"{iid}, {monitoring} monitoring: true CPU vs stored {stat}"
        return viz.resolution_figure([viz.Panel(title, truths[iid], [stored])],
                                     spike=spike, threshold=threshold)

    return render, make_controls(
        monitoring=("ToggleButtons", {"options": [("basic (5 min)", "basic"),
                                                  ("detailed (1 min)", "detailed")],
                                      "value": "basic", "description": "Monitoring"}),
        stat=("Dropdown", {"options": STATS, "value": "Average",
                           "description": "Statistic"}))


# -- widget 2: a spike of your choosing -------------------------------------------------

def summarize_minutes(true, monitoring: str, stat: str = "Average"):
    """What CloudWatch returns for per-minute ``true`` values under a monitoring mode.

    Detailed monitoring stores each minute's value, so at a 60-second period every
    statistic equals it. Basic monitoring stores one statistic set per 5 minutes:
    its Average and Maximum, and no percentiles (they cannot come from statistic
    sets). ``tests/widgets`` checks this against the lab's EC2 and CloudWatch.
    """
    import pandas as pd
    values = true.dropna()
    if monitoring == "detailed":
        return values.rename(f"CPUUtilization {stat}")
    groups = values.groupby(values.index.floor("5min"))
    if stat == "Average":
        out = groups.mean()
    elif stat == "Maximum":
        out = groups.max()
    else:
        out = pd.Series(np.nan, index=groups.mean().index)
    return out.rename(f"CPUUtilization {stat}")


def spike_explorer(lab, instance_id: str, start: datetime, *, minutes: int = 40,
                   lead: int = 10, threshold: float = 80.0, height: float = 80.0,
                   stat: str = "Average"):
    """Explorer: add a CPU spike to an instance's real workload and see what is stored.

    The instance's true CPU in ``[start, start + minutes)`` (a past window) is the
    background; the spike adds ``height`` points from ``lead + offset`` minutes after
    ``start``. Both monitoring modes are summarised from the same truth with
    :func:`summarize_minutes`, and :func:`reaction_minutes` says when a threshold
    policy could react. Each update recomputes in about a millisecond; the rest is
    drawing.

    Returns
    -------
    render : callable
        ``render(length=3, offset=2) -> Figure``.
    controls : dict
        Sliders: spike length (1-10 minutes) and start offset (0-9 minutes).
    """
    base = ec2.true_cpu(lab, instance_id, start, start + timedelta(minutes=minutes))

    def render(length: int = 3, offset: int = 2):
        spike = Spike(start + timedelta(minutes=lead + offset), int(length), height)
        first = lead + int(offset)
        extra = np.zeros(len(base))
        extra[first:first + spike.minutes] = height
        true = (base + extra).clip(0, 100).rename("CPUUtilization")
        stored, reacts = [], {}
        for mode in ("basic", "detailed"):
            series = summarize_minutes(true, mode, stat)
            stored.append(viz.Stored(f"{LABELS[mode]} {stat}", series, PERIODS[mode],
                                     mode))
            reacts[mode] = reaction_minutes(series, PERIODS[mode], threshold,
                                            spike.start)
        return viz.spike_figure(true, stored, reacts, spike=spike, threshold=threshold,
                                stat=stat)

    return render, make_controls(
        length=("IntSlider", {"value": 3, "min": 1, "max": 10,
                              "description": "Spike length (min)"}),
        offset=("IntSlider", {"value": 2, "min": 0, "max": 9,
                              "description": "Start offset (min)"}))


# -- widget 3: which metric streams match a filter -------------------------------------

def _request_text(request: Mapping) -> str:
    parts = [f"{k}={v!r}" for k, v in request.items()]
    return "cw.list_metrics(" + ", ".join(parts) + ")"


def stream_explorer(lab, namespace: str = "AWS/EC2",
                    metric_names=("CPUUtilization", "NetworkIn", "StatusCheckFailed")):
    """Explorer: the metric streams ListMetrics returns for the dimensions you pick.

    ListMetrics returns the streams that have *every* dimension named (with any
    value); a stream's dimension set never changes, so two dimensions that no stream
    carries together return nothing.

    Returns
    -------
    render : callable
        ``render(dimensions=("InstanceId",), metric_name="CPUUtilization") -> Figure``.
    controls : dict
        A multi-select of dimension names and a dropdown of metric names.
    """
    cw = lab.client("cloudwatch")

    def render(dimensions=("InstanceId",), metric_name: str = "CPUUtilization"):
        request = {"Namespace": namespace, "MetricName": metric_name}
        if dimensions:
            request["Dimensions"] = [{"Name": n} for n in dimensions]
        found = list_all_metrics(cw, **request)
        return viz.stream_list_figure(found, request=_request_text(request))

    return render, make_controls(
        dimensions=("SelectMultiple", {"options": DIMENSION_FILTERS,
                                       "value": ("InstanceId",), "rows": 4,
                                       "description": "Dimensions"}),
        metric_name=("Dropdown", {"options": tuple(metric_names),
                                  "value": metric_names[0],
                                  "description": "MetricName"}))
