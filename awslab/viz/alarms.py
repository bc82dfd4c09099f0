"""Charts of CloudWatch alarms and EC2 recovery: thresholds, states, missing data, actions.

Pure functions: data in (pandas Series, state intervals, action markers, evaluation
results, attribute rows), a :class:`matplotlib.figure.Figure` out. They never read a lab;
:mod:`awslab.widgets.alarms` queries the lab (or the pure alarm engine) and passes the
results in. Alarm states always use :data:`~awslab.viz.style.STATE_STYLES`: a colour,
a hatch and a label each, so OK, ALARM and INSUFFICIENT_DATA read the same in grey
print; breaching datapoints are crosses and the others circles, as in AWS's own
``X``/``0``/``-`` notation. Introduced in ``06_alarms_and_recovery.ipynb``.
"""
from __future__ import annotations

import textwrap
from datetime import datetime, timedelta
from typing import Mapping, NamedTuple, Sequence

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from awslab.viz.diagrams import _arrow, _box, _canvas
from awslab.viz.metrics import THRESHOLD_STYLE
from awslab.viz.style import (FONT, GREY, OKABE_ITO, STATE_STYLES, label_axes, naive_utc,
                              new_figure, state_patch_kwargs, style_axes)
from awslab.viz.metrics import _time_axis as _ten_minute_axis

STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")      # engine state codes 0, 1, 2
#: How each kind of alarm action is marked (shape and colour, both distinct).
ACTION_STYLES = {
    "sns": {"marker": "v", "color": OKABE_ITO["blue"], "label": "SNS notification"},
    "ec2": {"marker": "s", "color": OKABE_ITO["orange"], "label": "EC2 action"},
    "autoscaling": {"marker": "^", "color": OKABE_ITO["purple"],
                    "label": "Auto Scaling policy"},
    "other": {"marker": "D", "color": GREY, "label": "other action"},
}
POINT_STYLES = {True: {"marker": "X", "color": OKABE_ITO["vermillion"], "label": "breaching"},
                False: {"marker": "o", "color": OKABE_ITO["green"], "label": "not breaching"}}
LINE = OKABE_ITO["blue"]
SHADE_ALPHA = 0.28


class Interval(NamedTuple):
    """An alarm in one state from ``start`` to ``end`` (aware or naive UTC)."""

    start: datetime
    end: datetime
    state: str


class Marker(NamedTuple):
    """One alarm action: when, on which alarm's row, of which kind, and whether it ran."""

    time: datetime
    row: str
    kind: str
    ok: bool = True


def intervals_from_codes(starts, codes, period: int, end=None) -> list[Interval]:
    """State intervals from the engine's state code at each datapoint.

    The state decided for the datapoint of the period starting at ``starts[i]`` holds
    from the end of that period (when CloudWatch evaluates it) until the next change.
    """
    step = timedelta(seconds=period)
    times = [naive_utc(t) + step for t in starts]
    if not times:
        return []
    last = naive_utc(end) if end is not None else times[-1] + step
    out: list[Interval] = []
    for t, code in zip(times, codes):
        state = STATES[int(code)]
        if out and out[-1].state == state:
            continue
        if out:
            out[-1] = out[-1]._replace(end=t)
        out.append(Interval(t, last, state))
    return out


def _shade(ax, intervals: Sequence[Interval], window: tuple,
           states=("ALARM", "INSUFFICIENT_DATA")):
    """Shade the intervals in ``states`` within ``window``; returns legend handles for
    the states shown."""
    handles = {}
    for iv in intervals:
        a, b = max(naive_utc(iv.start), window[0]), min(naive_utc(iv.end), window[1])
        if iv.state not in states or b <= a:
            continue
        kw = state_patch_kwargs(iv.state)
        ax.axvspan(a, b, facecolor=kw["facecolor"],
                   alpha=SHADE_ALPHA, hatch=kw["hatch"], edgecolor=kw["facecolor"],
                   linewidth=0, zorder=0)
        handles[iv.state] = Patch(facecolor=kw["facecolor"], alpha=0.5, hatch=kw["hatch"],
                                  edgecolor=kw["facecolor"],
                                  label=f"{iv.state} (shaded)")
    return [handles[s] for s in states if s in handles]


def _time_axis(ax, first: datetime, last: datetime) -> None:
    """NB01's time axis (fixed ticks, fast), labelled every 5 minutes in short windows."""
    _ten_minute_axis(ax, first, last)
    if last - first <= timedelta(minutes=40):
        t = first.replace(second=0, microsecond=0)
        t += timedelta(minutes=-t.minute % 5)
        ticks = []
        while t <= last:
            ticks.append(t)
            t += timedelta(minutes=5)
        ax.set_xticks(mdates.date2num(ticks), [f"{x:%H:%M}" for x in ticks])


# -- title diagram ------------------------------------------------------------------------

def alarm_diagram() -> Figure:
    """How an alarm decides and acts: metric → period statistic → threshold → M of N
    (with TreatMissingData) → state → actions on a change of state, and the EventBridge
    event. Introduced in ``06_alarms_and_recovery.ipynb``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _canvas(10.5, 4.5, 12.6, 5.55)
    boxes = [
        (0.1, "Metric", "datapoints\nCPUUtilization\nInstanceId=i-…", "blue"),
        (2.6, "Period +\nstatistic", "one value per\nPeriod: Average\nof 60 s", "sky"),
        (5.1, "Threshold", "> 70 %?\nX breaching\n0 not breaching\n- missing",
         "orange"),
        (7.6, "M out of N", "3 of the last 3;\nTreatMissingData\nfor the gaps", "purple"),
    ]
    y, h, w = 3.0, 2.0, 2.1
    for x, title, body, colour in boxes:
        _box(ax, x, y, w, h, title, body, colour)
    for (x, *_), (x2, *_) in zip(boxes, boxes[1:]):
        _arrow(ax, (x + w, y + h / 2), (x2, y + h / 2))
    x_state = 10.15
    ax.text(x_state + 1.1, y + h + 0.15, "State", ha="center", fontsize=FONT["title"],
            fontweight="bold")
    for k, state in enumerate(STATES):
        kw = state_patch_kwargs(state)
        ax.add_patch(Rectangle((x_state, y + 1.42 - 0.62 * k), 2.25, 0.5,
                               facecolor=kw["facecolor"], hatch=kw["hatch"],
                               edgecolor="#333333", linewidth=0.8, alpha=0.85))
        ax.text(x_state + 1.12, y + 1.67 - 0.62 * k, state, ha="center", va="center",
                fontsize=FONT["note"], fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.2})
    _arrow(ax, (7.6 + w, y + h / 2), (x_state, y + h / 2))
    _box(ax, 4.2, 0.15, 5.4, 2.2, "On a change of state: actions",
         "SNS topic (email, SQS, Lambda…) · EC2 stop, terminate,\nreboot, recover · "
         "Auto Scaling policy (repeats every\nminute while in ALARM) · Lambda · "
         "Systems Manager", "green")
    _box(ax, 9.9, 0.15, 2.6, 2.2, "EventBridge", "event \"CloudWatch\nAlarm State "
         "Change\"\non every change", "vermillion")
    _arrow(ax, (x_state + 0.6, y), (9.0, 2.35))
    _arrow(ax, (x_state + 1.6, y), (11.2, 2.35))
    ax.text(0.15, 1.2, "A new alarm starts in\nINSUFFICIENT_DATA; it is\nevaluated every "
            "minute\n(every 10 s for 10/20/30 s\nperiods).", fontsize=FONT["label"],
            color=GREY, va="center", linespacing=1.4)
    fig.suptitle("How a CloudWatch alarm decides, and what it does", x=0.01, ha="left",
                 fontsize=FONT["title"] + 2, fontweight="bold", y=0.97)
    return fig


# -- chart 1 and widget 1: a metric, its threshold and the ALARM periods ------------------

def _draw_series(ax, values, period: int, threshold: float, intervals, unit_label: str,
                 operator=np.greater):
    t = naive_utc(values.index)
    v = values.to_numpy(float)
    step = timedelta(seconds=period)
    handles = _shade(ax, intervals, (t[0], t[-1] + step)) if len(t) else []
    if len(t):
        edges = mdates.date2num(list(t) + [t[-1] + step])
        ax.stairs(v, edges, color=LINE, linewidth=1.6, baseline=None, zorder=3,
                  label=f"datapoint per {period // 60 or period}-"
                        f"{'min' if period >= 60 else 's'} period")
        mids = mdates.date2num(t) + step.total_seconds() / 86400 / 2
        with np.errstate(invalid="ignore"):
            hit = operator(v, threshold)
        for flag in (False, True):
            pick = (hit == flag) & np.isfinite(v)
            if pick.any():
                look = POINT_STYLES[flag]
                ax.plot(mids[pick], v[pick], linestyle="none", marker=look["marker"],
                        color=look["color"], markersize=8 if flag else 4, zorder=4,
                        label=look["label"], markeredgecolor="white" if flag else None,
                        markeredgewidth=0.5)
        missing = ~np.isfinite(v)
        if missing.any():
            ax.plot(mids[missing], np.zeros(missing.sum()) + 2, linestyle="none",
                    marker="|", color=GREY, markersize=8, zorder=4, label="no datapoint")
    ax.axhline(threshold, zorder=2, label=f"threshold {threshold:g} {unit_label}",
               **THRESHOLD_STYLE)
    return handles


def threshold_figure(values, *, period: int, threshold: float,
                     intervals: Sequence[Interval] = (), stat: str = "Average",
                     title: str | None = None, metric: str = "CPUUtilization",
                     unit: str = "%", ymax: float = 100.0, width: float = 9.0) -> Figure:
    """A metric per period against a threshold, with the alarm's ALARM periods shaded.

    Parameters
    ----------
    values : pandas.Series
        The statistic per period (index: period starts, UTC); NaN where no datapoint.
    period : int
        Seconds per period.
    threshold : float
    intervals : sequence of Interval
        The alarm's states; ALARM (and INSUFFICIENT_DATA) intervals are shaded.
    stat, metric, unit : str
        For the labels.
    title : str, optional
    ymax : float
        Top of the value axis (the legend sits above it).
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    fig = new_figure(width, 3.9, layout=None)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.9)
    ax = fig.add_subplot()
    style_axes(ax)
    unit_text = unit if unit != "%" else "%"
    shaded = _draw_series(ax, values, period, threshold, intervals, unit_text)
    episodes = sum(iv.state == "ALARM" for iv in intervals)
    ax.set_ylim(0, ymax * 1.3)
    ax.set_yticks(np.linspace(0, ymax, 5))
    if len(values):
        first = naive_utc(values.index[0])
        last = naive_utc(values.index[-1]) + timedelta(seconds=period)
        _time_axis(ax, first, last)
    label_axes(ax, "Time (UTC)", f"{metric} {stat} ({unit})")
    ax.set_title(title or f"{metric} {stat}: {episodes} ALARM episode"
                 f"{'s' * (episodes != 1)}", fontsize=FONT["title"], loc="left")
    lines, labels = ax.get_legend_handles_labels()
    ax.legend(lines + shaded, labels + [h.get_label() for h in shaded],
              fontsize=FONT["legend"], loc="upper left", ncols=4, framealpha=0.95,
              borderaxespad=0.3)
    return fig


def message_figure(title: str, text: str, width: float = 9.0) -> Figure:
    """A figure that only says something (an explorer's answer to impossible input)."""
    fig = new_figure(width, 1.6, layout=None)
    ax = fig.add_axes((0.01, 0.02, 0.98, 0.96))
    ax.set_axis_off()
    ax.text(0.01, 0.78, title, fontsize=FONT["title"], fontweight="bold", va="center")
    ax.text(0.01, 0.38, textwrap.fill(text, 110), fontsize=FONT["label"], va="center",
            family="monospace")
    return fig


# -- chart 2: state timelines with action markers ----------------------------------------

def timeline_figure(rows: Mapping[str, Sequence[Interval]], markers: Sequence[Marker],
                    start: datetime, end: datetime, *, title: str | None = None,
                    width: float = 9.0) -> Figure:
    """One band per alarm in its state over time (colour + hatch + label), and a marker
    for each action it took (shape by kind; hollow when the action failed).

    Parameters
    ----------
    rows : mapping of str to sequence of Interval
        Alarm name → its states, top to bottom.
    markers : sequence of Marker
        Actions; ``row`` names the alarm's band.
    start, end : datetime
        The window shown.
    title : str, optional
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    names = list(rows)
    height = 1.5 + 0.62 * len(names)
    fig = new_figure(width, height, layout=None)
    left = min(0.32, 0.03 + 0.0115 * max(len(n) for n in names))
    fig.subplots_adjust(left=left, right=0.98, bottom=0.55 / height,
                        top=1 - 0.75 / height)
    ax = fig.add_subplot()
    style_axes(ax, grid="x")
    t0, t1 = naive_utc(start), naive_utc(end)
    for y, name in enumerate(names):
        for iv in rows[name]:
            a, b = max(naive_utc(iv.start), t0), min(naive_utc(iv.end), t1)
            if b <= a:
                continue
            kw = state_patch_kwargs(iv.state)
            ax.broken_barh([(mdates.date2num(a), mdates.date2num(b) - mdates.date2num(a))],
                           (y - 0.3, 0.6), facecolors=kw["facecolor"], hatch=kw["hatch"],
                           edgecolor="#333333", linewidth=0.5, alpha=0.9)
    used = {}
    for mk in markers:
        if mk.row not in names or not t0 <= naive_utc(mk.time) <= t1:
            continue
        look = ACTION_STYLES.get(mk.kind, ACTION_STYLES["other"])
        y = names.index(mk.row) - 0.45
        ax.plot([naive_utc(mk.time)], [y], linestyle="none", marker=look["marker"],
                markersize=7, markeredgecolor=look["color"], markeredgewidth=1.2,
                color=look["color"] if mk.ok else "white", zorder=5, clip_on=False)
        used[(mk.kind if mk.kind in ACTION_STYLES else "other", mk.ok)] = look
    ax.set_yticks(range(len(names)), names, fontsize=FONT["label"])
    ax.set_ylim(len(names) - 0.4, -0.85)
    _time_axis(ax, t0, t1)
    label_axes(ax, "Time (UTC)")
    handles = [Patch(**{k: v for k, v in state_patch_kwargs(s).items()}) for s in STATES]
    for (kind, good), look in sorted(used.items(), key=lambda i: (i[0][0], not i[0][1])):
        handles.append(ax.plot([], [], linestyle="none", marker=look["marker"],
                               markeredgecolor=look["color"],
                               color=look["color"] if good else "white",
                               label=look["label"] + ("" if good else " (failed)"))[0])
    fig.legend(handles=handles, loc="upper left", ncols=min(len(handles), 4),
               fontsize=FONT["legend"], bbox_to_anchor=(left - 0.01, 1 - 0.3 / height),
               frameon=False)
    fig.suptitle(title or "Alarm states and actions", fontsize=FONT["title"],
                 fontweight="bold", x=0.01, ha="left", y=1 - 0.06 / height, va="top")
    return fig


def scaling_figure(cpu, *, threshold: float, intervals: Sequence[Interval],
                   capacity, markers: Sequence[Marker] = (), period: int = 60,
                   title: str | None = None, width: float = 9.0) -> Figure:
    """The Auto Scaling loop: the group's CPU against the alarm's threshold (ALARM
    shaded), and the group's desired capacity with each execution of the policy.

    Parameters
    ----------
    cpu : pandas.Series
        The group's Average CPUUtilization per period (percent).
    threshold : float
    intervals : sequence of Interval
        The scaling alarm's states.
    capacity : pandas.Series
        Desired capacity, indexed by the times it changed (a step function).
    markers : sequence of Marker
        The alarm's Auto Scaling actions (hollow: the policy did not change capacity).
    period : int
    title : str, optional
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    fig = new_figure(width, 5.4, layout=None)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.1, top=0.91, hspace=0.12)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    style_axes(top)
    style_axes(bottom)
    shaded = _draw_series(top, cpu, period, threshold, intervals, "%")
    top.set_ylim(0, 130)
    top.set_yticks((0, 25, 50, 75, 100))
    label_axes(top, None, "Group CPU Average (%)")
    lines, labels = top.get_legend_handles_labels()
    top.legend(lines + shaded, labels + [h.get_label() for h in shaded], ncols=3,
               fontsize=FONT["legend"], loc="upper left", framealpha=0.95)
    first = naive_utc(cpu.index[0])
    last = naive_utc(cpu.index[-1]) + timedelta(seconds=period)
    changes = list(zip((naive_utc(t) for t in capacity.index), capacity.to_numpy(float)))
    earlier = [v for t, v in changes if t <= first]
    steps = [(first, earlier[-1] if earlier else changes[0][1])]
    steps += [(t, v) for t, v in changes if first < t < last]
    edges = mdates.date2num([t for t, _ in steps] + [last])
    heights = np.array([v for _, v in steps])
    bottom.stairs(heights, edges, color=OKABE_ITO["black"], linewidth=1.8,
                  baseline=None, label="desired capacity")
    look = ACTION_STYLES["autoscaling"]
    for good in (True, False):
        ts = [naive_utc(m.time) for m in markers if m.ok == good and first <= naive_utc(m.time)
              <= last]
        if ts:
            at = np.searchsorted(edges[:-1], mdates.date2num(ts), side="right") - 1
            bottom.plot(ts, heights[np.clip(at, 0, len(heights) - 1)] + 0.4,
                        linestyle="none", marker=look["marker"],
                        color=look["color"] if good else "white", markersize=7,
                        markeredgecolor=look["color"],
                        label="policy executed, capacity changed" if good else
                        "policy executed, no change (cooldown or max)")
    bottom.set_ylim(0, heights.max() + 1.8)
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    label_axes(bottom, "Time (UTC)", "Instances")
    bottom.legend(fontsize=FONT["legend"], loc="upper left", ncols=3, framealpha=0.95)
    _time_axis(bottom, first, last)
    fig.suptitle(title or "Scale-out loop: high CPU → ALARM → more instances → CPU "
                 "falls → OK", fontsize=FONT["title"], fontweight="bold", x=0.01,
                 ha="left", y=0.985, va="top")
    return fig


# -- widget 2: one evaluation range, and AWS's missing-data tables ------------------------

SYMBOLS = {True: "X", False: "0", None: "-"}
RULES = {
    "newest-real": "{real} real datapoints in the range, at least N = {n}: the newest {n} "
                   "decide ({hits} breaching, {m} needed). TreatMissingData is not used.",
    "filled": "Only {real_points}, fewer than N = {n}: '{treat}' fills {filled_points} "
              "as {as_what} -> {hits} of {n} breaching ({m} needed).",
    "real-only": "Only {real_points}, fewer than N = {n}, and '{treat}' fills "
                 "nothing: they decide alone ({hits} breaching, {m} needed; a real "
                 "non-breaching point means OK).",
    "premature-guard": "Every real datapoint breaches, and the oldest is at least M = {m} "
                       "periods old: ALARM, even with fewer than {m} real breaching points "
                       "(AWS's premature-alarm rule).",
    "too-recent": "Every real datapoint breaches, but the oldest is younger than M = {m} "
                  "periods: not ALARM yet (the premature-alarm guard), so "
                  "INSUFFICIENT_DATA.",
    "all-missing": "No datapoint at all in the range, and 'missing': INSUFFICIENT_DATA.",
    "kept": "'ignore': the alarm keeps its current state ({current}).",
}


def rule_text(rule: str, *, real: int, n: int, m: int, hits: int, filled: int,
              fill_breaching, treat: str, current: str) -> str:
    """The reasoning behind one evaluation in plain words (``Evaluation.rule``)."""
    as_what = "breaching" if fill_breaching else "not breaching"
    real_points = f"{real} real datapoint{'s' * (real != 1)}"
    filled_points = f"{filled} missing one{'s' * (filled != 1)}"
    return RULES[rule].format(real=real, n=n, m=m, hits=hits, filled=filled,
                              as_what=as_what, treat=treat, current=current,
                              real_points=real_points, filled_points=filled_points)


def _cell(ax, x, y, text, state=None, w=0.9, h=0.8, bold=False, edge="#333333",
          lw=0.8, dashed=False):
    kw = state_patch_kwargs(state) if state in STATE_STYLES else {
        "facecolor": "white", "hatch": ""}
    ax.add_patch(Rectangle((x, y), w, h, facecolor=kw["facecolor"], hatch=kw["hatch"],
                           edgecolor=edge, linewidth=lw, alpha=0.9 if state else 1,
                           linestyle="--" if dashed else "-"))
    ax.text(x + w / 2, y + h / 2, text, ha="center", va="center",
            fontsize=FONT["label"] + (2 if len(text) == 1 else -1 if "\n" in text else 0),
            fontweight="bold" if bold else None,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8}
            if state else None)


def evaluation_figure(points: Sequence, *, state: str, used: Sequence[int],
                      filled: Sequence[int] = (), fill_breaching=None, reason: str,
                      n: int, m: int, treat: str, note: str | None = None,
                      width: float = 9.0) -> Figure:
    """One evaluation range, oldest to newest, the points that decided, and the state.

    Parameters
    ----------
    points : sequence of bool or None
        The range: True breaching (X), False not (0), None missing (-).
    state : str
        The resulting state; ``"kept"`` states are passed as the kept state.
    used, filled : sequence of int
        Positions of the real points evaluated, and of missing ones the treatment filled.
    fill_breaching : bool or None
    reason : str
        The reasoning (see :func:`rule_text`).
    n, m, treat : int, int, str
        The alarm's settings, for the title.
    note : str, optional
        A remark under the boxes (e.g. how the typed sequence was fitted to the range).
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    k = len(points)
    fig = new_figure(width, 3.3, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.86))
    ax.set_xlim(0, max(k, 5) + 4.2)
    ax.set_ylim(-1.9, 1.6)
    ax.set_axis_off()
    for i, p in enumerate(points):
        decided = i in used or i in filled
        look = None if p is None else ("ALARM" if p else "OK")
        text = SYMBOLS[p] if i not in filled else SYMBOLS[bool(fill_breaching)]
        _cell(ax, i, 0, text, look, bold=decided, edge="black" if decided else "#999999",
              lw=2.4 if decided else 0.8, dashed=p is None)
        if i in filled:
            ax.text(i + 0.45, -0.25, "filled", ha="center", va="top",
                    fontsize=FONT["note"], style="italic")
    ax.annotate("", (k - 0.05, 1.05), (0.05, 1.05),
                arrowprops={"arrowstyle": "-|>", "color": GREY})
    ax.text(0, 1.2, "oldest", fontsize=FONT["note"], color=GREY)
    ax.text(k, 1.2, "newest", fontsize=FONT["note"], color=GREY, ha="right")
    x = max(k, 5) + 0.6
    ax.text(x + 1.6, 1.2, "state", ha="center", fontsize=FONT["note"], color=GREY)
    _cell(ax, x, 0, state, state, w=3.2, bold=True, lw=1.5)
    ax.text(0, -0.75, textwrap.fill(reason, 118), va="top", fontsize=FONT["label"],
            linespacing=1.35)
    if note:
        ax.text(0, -1.85, note, fontsize=FONT["note"], color=GREY, style="italic")
    handles = [Patch(**state_patch_kwargs(s)) for s in ("OK", "ALARM")]
    handles[0].set_label("0 not breaching")
    handles[1].set_label("X breaching")
    handles.append(Patch(facecolor="white", edgecolor="#333333", linestyle="--",
                         label="- missing"))
    handles.append(Patch(facecolor="white", edgecolor="black", linewidth=2.4,
                         label="evaluated"))
    fig.legend(handles=handles, loc="upper right", ncols=4, fontsize=FONT["legend"],
               frameon=False, bbox_to_anchor=(0.995, 0.995))
    fig.suptitle(f"{m} out of {n}, TreatMissingData={treat}", x=0.01, ha="left",
                 fontsize=FONT["title"], fontweight="bold", y=0.975, va="top")
    return fig


def missing_table_figure(tables: Sequence[tuple], width: float = 10.5) -> Figure:
    """AWS's missing-data tables, computed: one row per evaluation range, one column per
    TreatMissingData value, each cell the resulting state (colour, hatch and text).

    Parameters
    ----------
    tables : sequence of (title, rows, treatments, cells)
        ``rows`` are ranges as text (``"0 - X - X"``); ``cells[(row, treatment)]`` is a
        state, or ``"kept"`` when ``ignore`` keeps the current state.
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    most = max(len(rows) for _, rows, _, _ in tables)
    height = 1.0 + 0.42 * (most + 1)
    fig = new_figure(width, height, layout=None)
    axes = fig.subplots(1, len(tables), squeeze=False)[0]
    fig.subplots_adjust(left=0.01, right=0.99, top=1 - 0.45 / height, bottom=0.02,
                        wspace=0.06)
    short = {"INSUFFICIENT_DATA": "INSUFFICIENT\n_DATA", "kept": "keeps\nstate"}
    for ax, (title, rows, treatments, cells) in zip(axes, tables):
        ax.set_axis_off()
        cols = len(treatments)
        ax.set_xlim(0, 2.1 + 1.55 * cols)
        ax.set_ylim(most + 0.2, -1.1)
        ax.text(0, -0.55, "range", fontsize=FONT["label"], fontweight="bold",
                va="center")
        for c, treat in enumerate(treatments):
            ax.text(2.1 + 1.55 * c + 0.72, -0.55, treat, ha="center", va="center",
                    fontsize=FONT["label"], fontweight="bold")
        for r, row in enumerate(rows):
            ax.text(0, r + 0.4, row, fontsize=FONT["label"] + 1, family="monospace",
                    va="center")
            for c, treat in enumerate(treatments):
                state = cells[(row, treat)]
                _cell(ax, 2.1 + 1.55 * c, r, short.get(state, state),
                      state if state in STATE_STYLES else None, w=1.45, h=0.8)
        ax.set_title(title, fontsize=FONT["title"], loc="left")
    return fig


# -- chart 3: an instance before and after ------------------------------------------------

def attributes_figure(rows: Sequence[tuple], *, title: str, note: str | None = None,
                      width: float = 9.0) -> Figure:
    """An instance before and after a remedy, side by side, one attribute per row.

    Kept rows are plain, with a green swatch and the word "kept"; changed rows are
    tinted and bold, with a hatched vermillion swatch and the word "changed". Values
    are monospaced; the figure draws few glyphs, so an explorer update stays quick.

    Parameters
    ----------
    rows : sequence of (attribute, before, after, kept)
        Texts, and whether the value was kept.
    title : str
    note : str, optional
        A line under the table.
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    height = 1.05 + 0.3 * (len(rows) + 1) + (0.3 if note else 0)
    fig = new_figure(width, height, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 1 - 0.5 / height))
    ax.set_axis_off()
    n = len(rows)
    ax.set_xlim(0, 10)
    ax.set_ylim(n + (1.1 if note else 0.2), -1.2)
    pad = max([len(str(v)) for r in rows for v in r[1:3]] + [6]) + 4
    x_before = 2.3                 # before and after share one monospaced text per row
    mono = {"family": "monospace", "fontsize": FONT["label"], "va": "center"}
    for x, head in ((0.05, "Attribute"), (x_before, f"{'Before':<{pad}}After"),
                    (9.0, "Kept?")):
        ax.text(x, -0.6, head, fontweight="bold", **mono)
    looks = {True: state_patch_kwargs("OK"), False: state_patch_kwargs("ALARM")}
    for y, (name, before, after, kept) in enumerate(rows):
        if not kept or y % 2:
            ax.add_patch(Rectangle((0, y - 0.02), 9.95, 0.84, edgecolor="none",
                                   facecolor="#F3F3F3" if kept else "#FBE3D6"))
        look = looks[bool(kept)]
        ax.add_patch(Rectangle((8.7, y + 0.17), 0.22, 0.46, facecolor=look["facecolor"],
                               hatch=look["hatch"], edgecolor="#333333", linewidth=0.5))
        weight = None if kept else "bold"
        ax.text(0.05, y + 0.4, name, fontweight=weight, **mono)
        ax.text(x_before, y + 0.4, f"{before!s:<{pad}}{after}", fontweight=weight, **mono)
        ax.text(9.0, y + 0.4, "kept" if kept else "changed", fontweight=weight, **mono)
    if note:
        ax.text(0.05, n + 0.55, note, fontsize=FONT["label"], color=GREY,
                style="italic", va="center")
    fig.suptitle(title, fontsize=FONT["title"], fontweight="bold", x=0.01, ha="left",
                 y=1 - 0.08 / height, va="top")
    return fig
