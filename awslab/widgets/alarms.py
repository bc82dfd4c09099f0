"""NB06 wiring: alarm charts from the lab, and the three alarm and recovery explorers.

Each ``*_explorer`` returns ``(render, controls)`` for :func:`awslab.widgets.explore`.
The charts read the learner's lab through boto3 (DescribeAlarms, DescribeAlarmHistory,
DescribeScalingActivities) and the pandas helper :func:`awslab.services.cloudwatch.series`;
the explorers decide states with the pure engine (:func:`~awslab.services.cloudwatch.
evaluate`, :func:`~awslab.services.cloudwatch.alarms.series_states`), and the failure
injector runs its scenarios in a twin lab. Drawing is :mod:`awslab.viz.alarms`.
Introduced in ``06_alarms_and_recovery.ipynb``.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta


from awslab.services import cloudwatch
from awslab.services.cloudwatch import evaluate
from awslab.services.cloudwatch.alarms import evaluation_range, series_states
from awslab.viz import alarms as viz
from awslab.widgets.explorer import make_controls

STATS = ("Average", "Maximum", "Minimum", "p90")
PERIODS = (("1 minute", 60), ("5 minutes", 300))
TREATMENTS = ("missing", "notBreaching", "breaching", "ignore")
PRESETS = ("- - X - -", "0 - X - X", "0 - - - -", "- - - - -", "0 X X - X", "- - - - X",
           "0 - X - -", "- - - X -", "X X - 0 X", "X - 0 - X")
_KINDS = {"sns": "sns", "automate": "ec2", "swf": "ec2", "autoscaling": "autoscaling"}


# -- reading alarms back -----------------------------------------------------------------

def _history(cw, name: str) -> list[dict]:
    pages = cw.get_paginator("describe_alarm_history").paginate(
        AlarmName=name, ScanBy="TimestampAscending")
    return [item for page in pages for item in page["AlarmHistoryItems"]]


def action_kind(arn: str) -> str:
    """``sns``, ``ec2``, ``autoscaling`` or ``other`` for an action ARN."""
    parts = arn.split(":")
    return _KINDS.get(parts[2], "other") if len(parts) > 2 else "other"


def alarm_history(cw, name: str, end: datetime):
    """An alarm's states as intervals up to ``end``, and its actions as markers."""
    intervals, markers, state, since = [], [], None, None
    for item in _history(cw, name):
        t, kind = item["Timestamp"], item["HistoryItemType"]
        if kind == "ConfigurationUpdate" and state is None:
            state, since = "INSUFFICIENT_DATA", t
        elif kind == "StateUpdate":
            new = json.loads(item["HistoryData"])["newState"]["stateValue"]
            if state is not None:
                intervals.append(viz.Interval(since, t, state))
            state, since = new, t
        elif kind == "Action":
            data = json.loads(item["HistoryData"])
            markers.append(viz.Marker(t, name, action_kind(data["notificationResource"]),
                                      data["actionState"] == "Succeeded"))
    if state is not None:
        intervals.append(viz.Interval(since, end, state))
    return intervals, markers


def timeline(lab, names, start: datetime, end: datetime, title: str | None = None):
    """Chart: each named alarm's states and actions between ``start`` and ``end``."""
    cw = lab.client("cloudwatch")
    rows, markers = {}, []
    for name in names:
        rows[name], found = alarm_history(cw, name, end)
        markers += found
    return viz.timeline_figure(rows, markers, start, end, title=title)


def _grid(lab, dims: dict, stat: str, period: int, start, end, namespace="AWS/EC2",
          metric="CPUUtilization"):
    """A statistic per period on a full grid of periods (NaN where no datapoint)."""
    import pandas as pd
    values = cloudwatch.series(lab, namespace, metric, dims, stat, period, start, end)
    grid = pd.date_range(start, end - timedelta(seconds=period), freq=f"{period}s")
    return values.reindex(grid)


def alarm_chart(lab, name: str, start: datetime, end: datetime, title: str | None = None):
    """Chart 1: the metric an alarm watches, its threshold, and when it was in ALARM
    (from the alarm's history)."""
    cw = lab.client("cloudwatch")
    alarm = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
    stat = alarm.get("Statistic") or alarm.get("ExtendedStatistic")
    dims = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}
    values = _grid(lab, dims, stat, alarm["Period"], start, end, alarm["Namespace"],
                   alarm["MetricName"])
    intervals, _ = alarm_history(cw, name, end)
    n = alarm["EvaluationPeriods"]
    m = alarm.get("DatapointsToAlarm", n)
    return viz.threshold_figure(
        values, period=alarm["Period"], threshold=alarm["Threshold"], intervals=intervals,
        stat=stat, metric=alarm["MetricName"],
        title=title or f"{name}: {stat} > {alarm['Threshold']:g} % for {m} of the last "
                       f"{n} datapoints (shaded: in ALARM, from the alarm's history)")


def scaling_chart(lab, group: str, alarm: str, start: datetime, end: datetime):
    """The scale-out loop: group CPU and ALARM periods above, capacity and policy runs
    below (DescribeAlarmHistory, DescribeScalingActivities)."""
    import pandas as pd
    cw, asg = lab.client("cloudwatch"), lab.client("autoscaling")
    config = cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]
    cpu = _grid(lab, {"AutoScalingGroupName": group}, "Average", 60, start, end)
    intervals, markers = alarm_history(cw, alarm, end)
    pages = asg.get_paginator("describe_scaling_activities").paginate(
        AutoScalingGroupName=group)
    changes = {}
    for act in (a for page in pages for a in page["Activities"]):
        if "capacity from" in act["Cause"]:
            t = act["StartTime"].replace(second=0, microsecond=0)
            changes[t] = int(act["Cause"].rsplit(" to ", 1)[1].rstrip("."))
    capacity = pd.Series(changes).sort_index()
    changed = set(capacity.index)
    marks = [m._replace(ok=m.time.replace(second=0, microsecond=0) in changed)
             for m in markers if m.kind == "autoscaling"]
    return viz.scaling_figure(cpu, threshold=config["Threshold"], intervals=intervals,
                              capacity=capacity, markers=marks)


# -- widget 1: threshold, period, M out of N and the statistic -----------------------------

def threshold_explorer(lab, instance_id: str, start: datetime, end: datetime, *,
                       threshold: int = 70, evaluation_periods: int = 3,
                       datapoints_to_alarm: int = 3):
    """Explorer: an instance's CPU with the ALARM periods an alarm of your settings has.

    The series is read once per (statistic, period) and cached, with N + 2 periods of
    history before ``start`` so the first evaluations see a full range; each update runs
    :func:`~awslab.services.cloudwatch.alarms.series_states` (TreatMissingData
    ``missing``) and draws.

    Returns
    -------
    render : callable
        ``render(threshold=70, period=60, evaluation_periods=3, datapoints_to_alarm=3,
        stat="Average") -> Figure``.
    controls : dict
        Sliders for the threshold, N and M, dropdowns for the period and the statistic.
    """
    cache = {}

    def values(stat: str, period: int):
        if (stat, period) not in cache:
            lead = timedelta(seconds=period * evaluation_range(10))
            cache[stat, period] = _grid(lab, {"InstanceId": instance_id}, stat, period,
                                        start - lead, end)
        return cache[stat, period]

    def render(threshold: int = threshold, period: int = 60,
               evaluation_periods: int = evaluation_periods,
               datapoints_to_alarm: int = datapoints_to_alarm, stat: str = "Average"):
        n, m = int(evaluation_periods), int(datapoints_to_alarm)
        if m > n:
            return viz.message_figure(
                "PutMetricAlarm would refuse this: ValidationError",
                f"DatapointsToAlarm ({m}) must be less than or equal to EvaluationPeriods "
                f"({n}).")
        series = values(stat, period)
        codes = series_states(series.to_numpy(float), "GreaterThanThreshold", threshold,
                              n, m, "missing")
        shown = series.index >= start
        intervals = viz.intervals_from_codes(series.index[shown], codes[shown], period, end)
        episodes = sum(iv.state == "ALARM" for iv in intervals)
        title = (f"{stat} per {dict((v, k) for k, v in PERIODS)[period]} > "
                 f"{threshold:g} % in {m} of the last {n}: {episodes} ALARM episode"
                 f"{'s' * (episodes != 1)}")
        return viz.threshold_figure(series[shown], period=period, threshold=threshold,
                                    intervals=intervals, stat=stat, title=title)

    return render, make_controls(
        threshold=("IntSlider", {"value": threshold, "min": 10, "max": 95, "step": 5,
                                 "description": "Threshold (%)"}),
        period=("Dropdown", {"options": PERIODS, "value": 60, "description": "Period"}),
        evaluation_periods=("IntSlider", {"value": evaluation_periods, "min": 1,
                                          "max": 10, "description": "EvaluationPeriods N"}),
        datapoints_to_alarm=("IntSlider", {"value": datapoints_to_alarm, "min": 1,
                                           "max": 10,
                                           "description": "DatapointsToAlarm M"}),
        stat=("Dropdown", {"options": STATS, "value": "Average",
                           "description": "Statistic"}))


# -- widget 2: one evaluation range and TreatMissingData ---------------------------------

_SYMBOLS = {"x": True, "0": False, "o": False, "-": None, ".": None, "_": None}


def parse_points(text: str) -> list:
    """``"X X - 0 X"`` as ``[True, True, None, False, True]`` (oldest first).

    ``X`` breaching, ``0`` or ``O`` not breaching, ``-`` missing; spaces optional.
    Raises ValueError naming the first character it cannot read.
    """
    out = []
    for ch in str(text).replace(",", " ").lower():
        if ch.isspace():
            continue
        if ch not in _SYMBOLS:
            raise ValueError(f"cannot read {ch!r}: use X (breaching), 0 (not breaching) "
                             "and - (missing)")
        out.append(_SYMBOLS[ch])
    if not out:
        raise ValueError("type a range of datapoints, e.g. 0 - X - X")
    return out


def fit_range(points: list, n: int) -> tuple[list, str | None]:
    """The points as CloudWatch's evaluation range of N + 2 periods: older periods
    before a short sequence count as missing; a long one keeps its newest periods."""
    size = evaluation_range(n)
    if len(points) == size:
        return points, None
    if len(points) < size:
        return [None] * (size - len(points)) + points, (
            f"The range holds N + 2 = {size} periods: the {size - len(points)} older "
            "ones you did not type count as missing.")
    return points[-size:], (f"The range holds N + 2 = {size} periods: only the newest "
                            f"{size} of your {len(points)} are evaluated.")


def evaluation_view(text: str, n: int, m: int, treat: str, current: str = "OK"):
    """Figure: how CloudWatch decides one evaluation range (pure engine)."""
    try:
        points, note = fit_range(parse_points(text), n)
    except ValueError as exc:
        return viz.message_figure("Cannot read the datapoints", str(exc))
    if m > n:
        return viz.message_figure(
            "PutMetricAlarm would refuse this: ValidationError",
            f"DatapointsToAlarm ({m}) must be less than or equal to EvaluationPeriods ({n}).")
    ev = evaluate(points, n, m, treat, current)
    filled = []
    if ev.filled:
        after = ev.used[0] if ev.used else -1
        gaps = [i for i, p in enumerate(points) if p is None and i > after]
        gaps = gaps if len(gaps) >= ev.filled else [i for i, p in enumerate(points)
                                                    if p is None]
        filled = sorted(gaps[-ev.filled:])
    reason = viz.rule_text(ev.rule, real=sum(p is not None for p in points), n=n, m=m,
                           hits=ev.breaching, filled=ev.filled,
                           fill_breaching=ev.fill_breaching, treat=treat, current=current)
    return viz.evaluation_figure(points, state=ev.state, used=ev.used, filled=filled,
                                 fill_breaching=ev.fill_breaching, reason=reason, n=n,
                                 m=m, treat=treat, note=note)


def missing_data_explorer(points: str = "- - X - -", n: int = 3, m: int = 3,
                          treat: str = "missing", current: str = "OK"):
    """Explorer: type (or pick) an evaluation range, choose N, M, TreatMissingData and
    the current state, and see the state CloudWatch sets and why.

    Returns
    -------
    render : callable
        ``render(points="- - X - -", n=3, m=3, treat="missing", current="OK")``.
    controls : dict
        A combobox of ranges (free text), sliders for N and M, two dropdowns.
    """
    def render(points: str = points, n: int = n, m: int = m, treat: str = treat,
               current: str = current):
        return evaluation_view(points, int(n), int(m), treat, current)

    return render, make_controls(
        points=("Combobox", {"value": points, "options": PRESETS, "ensure_option": False,
                             "description": "Datapoints (oldest first)",
                             "continuous_update": False}),
        n=("IntSlider", {"value": n, "min": 1, "max": 5, "description": "N"}),
        m=("IntSlider", {"value": m, "min": 1, "max": 5, "description": "M"}),
        treat=("Dropdown", {"options": TREATMENTS, "value": treat,
                            "description": "TreatMissingData"}),
        current=("Dropdown", {"options": viz.STATES, "value": current,
                              "description": "Current state"}))


TABLE_ROWS = {(3, 3): ("0 - X - X", "0 - - - -", "- - - - -", "0 X X - X", "- - X - -"),
              (3, 2): ("0 - X - X", "0 0 X 0 X", "0 - X - -", "- - - - 0", "- - - X -")}


def missing_table():
    """Chart: AWS's two documented missing-data tables, computed by the lab's engine."""
    tables, order = [], ("missing", "ignore", "breaching", "notBreaching")   # AWS's
    for (n, m), rows in TABLE_ROWS.items():
        cells = {}
        for row in rows:
            for treat in order:
                ev = evaluate(parse_points(row), n, m, treat, "OK")
                cells[row, treat] = "kept" if ev.kept else ev.state
        tables.append((f"N = {n}, M = {m}: ranges of {evaluation_range(n)} periods",
                       rows, order, cells))
    return viz.missing_table_figure(tables)


# -- chart 3 and widget 3: failures and remedies -----------------------------------------

def _text(value) -> str:
    return "-" if value is None else str(value)


ROWS = (("InstanceId", "Instance ID"), ("PrivateIpAddress", "Private IP"),
        ("PublicIpAddress", "Public IP"), ("ElasticIp", "Elastic IP"), ("Host", "Host"))


def attribute_rows(before: dict, after: dict) -> list[tuple]:
    """Rows for :func:`awslab.viz.alarms.attributes_figure` from two
    :func:`awslab.services.ec2.instance_attributes` snapshots (short labels; placement,
    uptime with the data in RAM, status checks and instance metadata one row each)."""
    rows = [(label, _text(before[key]), _text(after[key]), before[key] == after[key])
            for key, label in ROWS]
    place = [f"{s['AvailabilityZone']}, {s['PlacementGroup'] or 'no group'}"
             for s in (before, after)]
    rows.insert(1, ("Placement", *place, place[0] == place[1]))
    booted = [f"up {s['UptimeSeconds'] / 60:.0f} min, {s['InMemoryDataMiB']:g} MiB RAM"
              for s in (before, after)]
    rows.append(("Since boot", *booted, before["BootTime"] == after["BootTime"]))
    checks = [" / ".join(s["StatusChecks"].values()) for s in (before, after)]
    rows.append(("Checks sys/inst/EBS", *checks, checks[0] == checks[1]))
    same = before["Metadata"] == after["Metadata"]
    rows.append(("Metadata (IMDS)", f"{len(before['Metadata'])} paths",
                 "the same" if same else "changed", same))
    return rows


def recovery_figure(before: dict, after: dict, title: str, note: str | None = None):
    """Chart 3: an instance before and after a remedy, side by side."""
    return viz.attributes_figure(attribute_rows(before, after), title=title, note=note)


KIND_LABELS = {"host": "host hardware fault (system check)",
               "kernel": "kernel panic (instance check)",
               "ebs": "EBS unreachable (attached-EBS check)"}
REMEDY_LABELS = {"none": "no action", "reboot": "reboot", "recover": "recover"}


def failure_scenarios(seed: int) -> dict:
    """Every (failure, remedy) pair played in a twin lab (one per failure, seeded like the
    learner's): a t3.small with an Elastic IP per remedy, an alarm on
    ``StatusCheckFailed`` with the remedy as its action, the failure injected and ten
    minutes run. Returns ``{(kind, remedy): (before, after)}`` snapshots."""
    from awslab import Lab
    from awslab.services import ec2 as ec2_sim
    out = {}
    for kind in KIND_LABELS:
        twin = Lab(seed=seed)
        ec2, cw = twin.client("ec2"), twin.client("cloudwatch")
        ids = dict(zip(REMEDY_LABELS, ec2_sim.launch_instances(
            twin, len(REMEDY_LABELS), instance_type="t3.small")))
        twin.advance(minutes=1)
        for remedy, iid in ids.items():
            alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
            ec2.associate_address(InstanceId=iid, AllocationId=alloc)
            if remedy != "none":
                cw.put_metric_alarm(
                    AlarmName=f"{iid}-{remedy}", Namespace="AWS/EC2",
                    MetricName="StatusCheckFailed",
                    Dimensions=[{"Name": "InstanceId", "Value": iid}],
                    Statistic="Maximum", Period=60, EvaluationPeriods=2, Threshold=1.0,
                    ComparisonOperator="GreaterThanOrEqualToThreshold",
                    AlarmActions=[f"arn:aws:automate:us-east-1:ec2:{remedy}"])
        twin.advance(minutes=9)
        before = {r: ec2_sim.instance_attributes(twin, i) for r, i in ids.items()}
        for iid in ids.values():
            ec2_sim.inject_failure(twin, iid, kind)
        twin.advance(minutes=10)
        out.update({(kind, r): (before[r], ec2_sim.instance_attributes(twin, i))
                    for r, i in ids.items()})
    return out


def verdict(kind: str, remedy: str, before: dict, after: dict) -> str:
    """One line on what the remedy did (from the snapshots)."""
    names = {"System": "system check", "Instance": "instance check",
             "AttachedEbs": "attached-EBS check"}
    bad = [names[k] for k, value in after["StatusChecks"].items() if value == "impaired"]
    moved = after["Host"] != before["Host"]
    where = "on new hardware" if moved else "on the same host"
    if not bad:
        return (f"Fixed: all status checks pass, {where}; the ID, IPs and metadata are "
                "kept, the memory contents are lost.")
    return f"Still impaired ({', '.join(bad)}), {where}: this remedy does not fix it."


def failure_explorer(lab, kind: str = "kernel", remedy: str = "reboot",
                     precompute: bool = True):
    """Explorer: inject a failure into a twin of your lab and pick the alarm's remedy;
    see the instance before and after.

    All nine (failure, remedy) pairs run together in one twin lab (seeded like yours),
    on first use or at once with ``precompute``; an update only draws.

    Returns
    -------
    render : callable
        ``render(kind="kernel", remedy="reboot") -> Figure``.
    controls : dict
        Toggle buttons for the failure and for the remedy.
    """
    cache = {}

    def scenarios():
        if not cache:
            cache.update(failure_scenarios(lab.seed))
        return cache

    if precompute:
        scenarios()

    def render(kind: str = kind, remedy: str = remedy):
        before, after = scenarios()[kind, remedy]
        title = f"{KIND_LABELS[kind]} → {REMEDY_LABELS[remedy]}"
        return recovery_figure(before, after, title, verdict(kind, remedy, before, after))

    return render, make_controls(
        kind=("ToggleButtons", {"options": [(v.split(" (")[0], k) for k, v in
                                            KIND_LABELS.items()],
                                "value": kind, "description": "Failure"}),
        remedy=("ToggleButtons", {"options": [(v, k) for k, v in REMEDY_LABELS.items()],
                                  "value": remedy, "description": "Alarm action"}))
