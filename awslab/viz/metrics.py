"""Charts of CloudWatch metrics and EC2 monitoring: resolution, reaction time, streams.

Pure functions: data in (pandas Series, plain numbers, ListMetrics-shaped dicts), a
:class:`matplotlib.figure.Figure` out. They never read a lab; the wiring in
:mod:`awslab.widgets.metrics` queries the lab and passes the results in. Colours, line
styles and markers come from :mod:`awslab.viz.style`: basic monitoring is always the
dashed orange line with square markers, detailed monitoring the solid blue line with
round markers, and the true per-minute CPU a grey area, so nothing is told by colour
alone. Introduced in ``01_cloudwatch_metrics.ipynb``.
"""
from __future__ import annotations

import textwrap
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Mapping, NamedTuple, Sequence

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator

from awslab.viz.style import (FONT, GREY, OKABE_ITO, label_axes, naive_utc, new_figure,
                              series_style, style_axes)

#: How each monitoring mode is drawn (colour, line style, marker, hatch).
MONITORING_STYLE = {
    "detailed": {**series_style(0), "hatch": "", "name": "detailed (1-min)"},
    "basic": {**series_style(1), "hatch": "//", "name": "basic (5-min)"},
}
TRUE_STYLE = {"color": "#9A9A9A", "fill": "#E4E4E4", "label": "true CPU, each minute"}
SPIKE_STYLE = {"facecolor": "#FBE3D6", "edgecolor": OKABE_ITO["vermillion"],
               "linestyle": ":"}
HATCHES = ("", "//", "..", "xx", "\\\\")
THRESHOLD_STYLE = {"color": OKABE_ITO["vermillion"], "linestyle": (0, (6, 2, 1, 2)),
                   "linewidth": 1.3}


class Stored(NamedTuple):
    """A metric series as CloudWatch stored it, for one monitoring mode.

    ``series`` is indexed by period start (UTC, as CloudWatch stamps datapoints);
    ``period`` is in seconds; ``monitoring`` is ``"basic"`` or ``"detailed"``.
    """

    label: str
    series: object
    period: int
    monitoring: str


class Panel(NamedTuple):
    """One axes of :func:`resolution_figure`: the truth and what was stored of it."""

    title: str
    true: object
    stored: Sequence[Stored]


# -- small helpers -------------------------------------------------------------------


def _edges(series, period: int):
    """Step edges and values of a period series, gaps kept as NaN."""
    if not len(series):
        return None, None
    step = timedelta(seconds=period)
    first, last = naive_utc(series.index[0]), naive_utc(series.index[-1])
    n = int((last - first) / step) + 1
    values = np.full(n, np.nan)
    for t, v in zip(naive_utc(series.index), series.to_numpy(float)):
        values[int((t - first) / step)] = v
    edges = [first + i * step for i in range(n + 1)]
    return mdates.date2num(edges), values


def _time_axis(ax, first: datetime, last: datetime) -> None:
    """Labelled ticks every 10 minutes and light lines at 5-minute boundaries.

    Fixed positions: matplotlib's rrule-based MinuteLocator costs more than the
    rest of an explorer figure.
    """
    ax.set_xlim(first, last)
    base = first.replace(second=0, microsecond=0)
    base -= timedelta(minutes=base.minute % 5)
    fives = []
    while base <= last:
        fives.append(base)
        base += timedelta(minutes=5)
    major = [t for t in fives if t.minute % 10 == 0 and t >= first]
    if len(major) > 7:
        major = [t for t in major if t.minute % 30 == 0] or major[::3]
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(major)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    # 5-minute boundaries (basic monitoring's periods) as one cheap line collection
    ax.vlines(mdates.date2num([t for t in fives if first <= t <= last]), 0, 1,
              transform=ax.get_xaxis_transform(), colors="#E6E6E6", linewidth=0.7,
              zorder=0.5)


def _spike_span(ax, spike) -> None:
    if spike is None:
        return
    start = naive_utc(spike.start)
    ax.axvspan(start, start + timedelta(minutes=spike.minutes), zorder=0,
               label=f"spike ({spike.minutes} min)", linewidth=0.8, **SPIKE_STYLE)


def _threshold_line(ax, threshold) -> None:
    if threshold is not None:
        ax.axhline(threshold, zorder=2, label=f"threshold {threshold:g} %",
                   **THRESHOLD_STYLE)


# -- chart 1 and widget 1: true CPU against stored CPU --------------------------------

def _extent(panel: Panel):
    """The first and last instant a panel's series cover (naive UTC)."""
    spans = [(panel.true, 60)] + [(st.series, st.period) for st in panel.stored]
    starts = [naive_utc(s.index[0]) for s, _ in spans if len(s)]
    ends = [naive_utc(s.index[-1]) + timedelta(seconds=p) for s, p in spans if len(s)]
    if not starts:
        return None
    return min(starts), max(ends)


def _draw_resolution(ax, panel: Panel, spike, threshold, counts: bool = True) -> None:
    style_axes(ax)
    _spike_span(ax, spike)
    edges, values = _edges(panel.true, 60)
    if edges is not None:
        ax.stairs(values, edges, fill=True, color=TRUE_STYLE["fill"], zorder=1)
        ax.stairs(values, edges, color=TRUE_STYLE["color"], linewidth=0.9, zorder=1,
                  baseline=None, label=TRUE_STYLE["label"])
    _threshold_line(ax, threshold)
    missing = []
    for stored in panel.stored:
        look = MONITORING_STYLE[stored.monitoring]
        edges, values = _edges(stored.series, stored.period)
        if edges is None or np.isnan(values).all():
            missing.append(stored.label)
            ax.plot([], [], color=look["color"], linestyle=look["linestyle"],
                    label=f"{stored.label}: no datapoints")
            continue
        basic = stored.monitoring == "basic"
        ax.stairs(values, edges, color=look["color"], linestyle=look["linestyle"],
                  linewidth=2.4 if basic else 1.6, zorder=3, baseline=None,
                  label=stored.label + (f", {int(np.isfinite(values).sum())} points"
                                        if counts else ""))
        ax.plot(edges[:-1], values, linestyle="none", marker=look["marker"],
                markersize=5 if basic else 3.5, zorder=4, color=look["color"])
    for n, label in enumerate(missing):
        ax.text(0.5, 0.42 - 0.12 * n, f"{label}: no datapoints", transform=ax.transAxes,
                ha="center", fontsize=FONT["label"], color="#333333",
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
                      "edgecolor": "#999999"})
    ax.set_ylim(0, 128)                     # the legend sits above 100 %
    ax.set_yticks((0, 25, 50, 75, 100))
    extent = _extent(panel)
    if extent:
        _time_axis(ax, *extent)
    label_axes(ax, "Time (UTC)", "CPUUtilization", y_unit="Percent")
    ax.set_title(panel.title, fontsize=FONT["title"], loc="left")
    ax.legend(fontsize=FONT["legend"], loc="upper left", framealpha=0.95, ncols=3,
              borderaxespad=0.3)


def resolution_figure(panels: Sequence[Panel], *, spike=None, threshold=None,
                      title: str | None = None, width: float = 9.0) -> Figure:
    """True per-minute CPU against the series CloudWatch stored, one axes per panel.

    Parameters
    ----------
    panels : sequence of Panel
        Each holds a title, the true per-minute CPU (a Series) and the stored series.
    spike : awslab.workloads.Spike, optional
        Shade the spike's minutes (anything with ``start`` and ``minutes``).
    threshold : float, optional
        Draw a scaling threshold (percent).
    title : str, optional
        The figure's title.
    width : float
        Width in inches; the height grows with the number of panels.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    height = 0.9 + 3.0 * len(panels)
    fig = new_figure(width, height, layout=None)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.5 / height,
                        top=1 - (0.75 if title else 0.4) / height, hspace=0.28)
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, panel in zip(axes, panels):
        _draw_resolution(ax, panel, spike, threshold)
    for ax in axes[:-1]:
        ax.set_xlabel("")
    if title:
        fig.suptitle(title, fontsize=FONT["title"] + 1, fontweight="bold",
                     y=1 - 0.12 / height, va="top")
    return fig


# -- chart 2: minutes until a scaling policy can react ------------------------------

def reaction_figure(reactions: Mapping[str, float | None], *, threshold: float,
                    spike_minutes: int, window: float = 15.0,
                    title: str | None = None) -> Figure:
    """Bar chart: minutes until a threshold scaling policy could react, per monitoring.

    Parameters
    ----------
    reactions : mapping of str to float or None
        ``{"basic": minutes, "detailed": minutes}``; None when the stored datapoints
        never crossed the threshold (the policy never reacts).
    threshold : float
        The policy's threshold (percent), for the title.
    spike_minutes : int
        The spike's length, for the title.
    window : float
        Minutes the x axis covers at least (how long the policy was watched).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    height = 1.1 + 0.6 * len(reactions)
    fig = new_figure(8.0, height, layout=None)
    fig.subplots_adjust(left=0.16, right=0.97, bottom=0.5 / height,
                        top=1 - 0.35 / height)
    ax = fig.add_subplot()
    style_axes(ax, grid="x")
    limit = max([window] + [v for v in reactions.values() if v is not None])
    for y, (name, value) in enumerate(reactions.items()):
        look = MONITORING_STYLE[name]
        if value is None:
            ax.barh(y, limit, height=0.55, facecolor="#F4F4F4", edgecolor=look["color"],
                    linestyle="--", linewidth=1.0)
            ax.text(limit / 2, y, "no reaction: the stored datapoints never\n"
                    "crossed the threshold", ha="center", va="center",
                    fontsize=FONT["label"], bbox={"facecolor": "white", "pad": 2,
                                                  "edgecolor": "none"})
            continue
        ax.barh(y, value, height=0.55, facecolor=look["color"], hatch=look["hatch"],
                edgecolor="#333333", linewidth=0.6)
        ax.text(value + limit * 0.01, y, f"{value:g} min", va="center",
                fontsize=FONT["label"], fontweight="bold")
    ax.set_yticks(range(len(reactions)),
                  [MONITORING_STYLE[n]["name"] for n in reactions], fontsize=FONT["label"])
    ax.set_ylim(len(reactions) - 0.4, -0.6)
    ax.set_xlim(0, limit * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    label_axes(ax, "Minutes from spike start until a breaching datapoint is stored (min)")
    ax.set_title(title or f"A {spike_minutes}-minute spike against a scaling threshold "
                 f"of {threshold:g} % (Average)", fontsize=FONT["title"], loc="left")
    return fig


def reaction_text(reactions: Mapping[str, float | None]) -> str:
    """``"basic never, detailed after 1 min"``."""
    return ", ".join(f"{m} " + ("never" if v is None else f"after {v:g} min")
                     for m, v in reactions.items())


def spike_figure(true, stored: Sequence[Stored], reactions: Mapping[str, float | None],
                 *, spike, threshold: float, stat: str = "Average") -> Figure:
    """The spike explorer: true CPU and both stored series, with reaction times.

    One axes with short labels, so that a slider update redraws fast (matplotlib's
    cost is mostly text); the reaction times of :func:`reaction_figure` are given in
    words in the title, e.g. "Policy on Average > 70 %: basic never, detailed
    after 1 min".

    Parameters
    ----------
    true : pandas.Series
        True per-minute CPU (percent), spike included.
    stored : sequence of Stored
        What basic and detailed monitoring store of it.
    reactions : mapping of str to float or None
        As for :func:`reaction_figure`.
    spike : awslab.workloads.Spike
    threshold : float
    stat : str
        The statistic shown and compared with the threshold.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    fig = new_figure(9.0, 3.9, layout=None)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.9)
    ax = fig.add_subplot()
    title = f"Policy on {stat} > {threshold:g} %: {reaction_text(reactions)}"
    _draw_resolution(ax, Panel(title, true, stored), spike, threshold, counts=False)
    return fig


# -- chart 3 and widget 3: metric streams ----------------------------------------------

def dimension_set(metric: Mapping) -> str:
    """``"{InstanceId}"``, ``"{ImageId, InstanceId}"`` or ``"{} (no dimensions)"``."""
    names = sorted(d["Name"] for d in metric.get("Dimensions") or ())
    return "{" + ", ".join(names) + "}" if names else "{} (no dimensions)"


def _shorten(dims_text: str, width: int = 50) -> str:
    """``{A, B, C, D}`` cut to ``{A, B, +2 more}`` when longer than ``width``."""
    if len(dims_text) <= width:
        return dims_text
    names = dims_text.strip("{}").split(", ")
    for keep in range(len(names) - 1, 0, -1):
        text = "{" + ", ".join(names[:keep]) + f", +{len(names) - keep} more}}"
        if len(text) <= width:
            return text
    return dims_text[:width - 1] + "…"


def _tree(metrics, max_metrics: int, featured: Sequence[str] = ()):
    """``[(namespace, total, [(metric, [(dimension set, count)])], hidden)]``.

    Per namespace, ``featured`` metric names come first, then the busiest; the metrics
    beyond ``max_metrics`` are summed up in ``hidden`` as ``(metrics, streams)``.
    """
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for m in metrics:
        counts[m["Namespace"]][m["MetricName"]][dimension_set(m)] += 1
    rank = {name: i for i, name in enumerate(featured)}
    tree = []
    for ns in sorted(counts):
        names = sorted(counts[ns], key=lambda n: (rank.get(n, len(rank)),
                                                  -sum(counts[ns][n].values()), n))
        shown = [(n, sorted(counts[ns][n].items())) for n in names[:max_metrics]]
        rest = [sum(counts[ns][n].values()) for n in names[max_metrics:]]
        total = sum(sum(d.values()) for d in counts[ns].values())
        tree.append((ns, total, shown, (len(rest), sum(rest))))
    return tree


def metric_tree_figure(metrics: Sequence[Mapping], *, max_metrics: int = 4,
                       featured: Sequence[str] = (), title: str | None = None,
                       width: float = 9.0) -> Figure:
    """Namespace → metric → dimension set, with the number of metric streams of each.

    Parameters
    ----------
    metrics : sequence of dict
        ListMetrics entries: ``{"Namespace", "MetricName", "Dimensions"}``.
    max_metrics : int
        Metrics drawn per namespace; the others are summed up in one line.
    featured : sequence of str
        Metric names to draw first (then the ones with most streams).
    title : str, optional
    width : float
        Width in inches; the height grows with the number of rows.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    tree = _tree(metrics, max_metrics, featured)
    rows = sum(1 + sum(len(d) for _, d in shown) + bool(hidden[0])
               for _, _, shown, hidden in tree)
    height = 0.9 + 0.24 * max(rows, 1)
    fig = new_figure(width, height, layout=None)
    ax = fig.add_axes((0.01, 0.02, 0.98, 1 - 0.62 / height))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(max(rows, 1) - 0.4, -1.2)
    x_ns, x_metric, x_dims, x_bar, bar_w = 0.0, 0.05, 0.3, 0.79, 0.16
    most = max([n for _, _, shown, _ in tree for _, d in shown for _, n in d] or [1])
    for x, head in ((x_metric, "Namespace › metric"),
                    (x_dims, "Dimension set (names only)"),
                    (x_bar, "Metric streams")):
        ax.text(x, -0.85, head, fontsize=FONT["label"], color=GREY, fontweight="bold")
    y = 0
    for i, (ns, total, shown, (n_hidden, hidden_streams)) in enumerate(tree):
        colour = series_style(i)["color"]
        ax.text(x_ns, y, f"{ns}  ({total} stream{'s' * (total != 1)})", va="center",
                fontsize=FONT["label"] + 1, fontweight="bold", color=colour)
        top = y
        y += 1
        for name, dims in shown:
            ax.plot([x_ns + 0.01, x_ns + 0.01, x_metric - 0.008], [top + 0.35, y, y],
                    color=colour, linewidth=1)
            ax.text(x_metric, y, name, va="center", fontsize=FONT["label"])
            first = y
            for dims_text, n in dims:
                ax.plot([x_dims - 0.025, x_dims - 0.025, x_dims - 0.008],
                        [first, y, y], color=colour, linewidth=1)
                ax.text(x_dims, y, _shorten(dims_text), va="center",
                        fontsize=FONT["label"], family="monospace")
                ax.barh(y, bar_w * n / most, left=x_bar, height=0.55, color=colour,
                        hatch=HATCHES[i % len(HATCHES)], edgecolor="white",
                        linewidth=0)
                ax.text(x_bar + bar_w * n / most + 0.008, y, str(n), va="center",
                        fontsize=FONT["label"])
                y += 1
        if n_hidden:
            ax.plot([x_ns + 0.01, x_ns + 0.01, x_metric - 0.008], [top + 0.35, y, y],
                    color=colour, linewidth=1, linestyle=":")
            ax.text(x_metric, y, f"+ {n_hidden} more metric{'s' * (n_hidden != 1)} "
                    f"({hidden_streams} streams)", va="center", fontsize=FONT["label"],
                    style="italic", color=GREY)
            y += 1
    streams = sum(t for _, t, _, _ in tree)
    fig.suptitle(title or f"{streams} metric streams: each distinct set of "
                 "dimension values is its own metric",
                 fontsize=FONT["title"], fontweight="bold", x=0.01, ha="left",
                 y=1 - 0.1 / height, va="top")
    return fig


def stream_list_figure(metrics: Sequence[Mapping], *, request: str,
                       limit: int = 12, width: float = 9.0) -> Figure:
    """The metric streams a ListMetrics request returned, one line each.

    Parameters
    ----------
    metrics : sequence of dict
        The ``Metrics`` of the response (all pages).
    request : str
        The request as code, shown above the list (e.g. ``cw.list_metrics(...)``).
    limit : int
        Lines listed before "+ N more".
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    shown = sorted(metrics, key=lambda m: (m["MetricName"], dimension_set(m),
                                           repr(m.get("Dimensions"))))
    lines = max(min(len(shown), limit) + (len(shown) > limit), 1)
    wrapped = textwrap.wrap(request, int(width * 11.5), subsequent_indent="    ")
    head = 1.9 + 0.9 * len(wrapped)
    height = 0.5 + 0.26 * (lines + head)
    fig = new_figure(width, height, layout=None)
    ax = fig.add_axes((0.01, 0.02, 0.98, 1 - 0.25 / height))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(lines - 0.4, -head)
    ax.text(0, -head + 0.3, "\n".join(wrapped), fontsize=FONT["label"],
            family="monospace", va="top", linespacing=1.3)
    count = len(metrics)
    ax.text(0, -0.9, f"{count} matching metric stream{'s' * (count != 1)}",
            fontsize=FONT["title"], fontweight="bold", va="center")
    if not metrics:
        ax.text(0.035, 0, "none: no stream carries every dimension you asked for",
                va="center", fontsize=FONT["label"], style="italic", color=GREY)
    sets = sorted({dimension_set(m) for m in shown})
    for y, m in enumerate(shown[:limit]):
        look = series_style(sets.index(dimension_set(m)))
        ax.plot([0.012], [y], marker=look["marker"], color=look["color"],
                markersize=6, linestyle="none")
        dims = ", ".join(f"{d['Name']}={d['Value']}" for d in m.get("Dimensions") or ())
        ax.text(0.035, y, f"{m['MetricName']}  [{dims or 'no dimensions'}]",
                va="center", fontsize=FONT["label"], family="monospace")
    if len(shown) > limit:
        ax.text(0.035, limit, f"+ {len(shown) - limit} more", va="center",
                fontsize=FONT["label"], style="italic", color=GREY)
    return fig
