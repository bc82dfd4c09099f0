"""Charts of custom metrics: the publishing path, resolution, periods, clock skew.

Pure functions: data in, a :class:`matplotlib.figure.Figure` out. They never read a lab;
the wiring in :mod:`awslab.widgets.custom_metrics` queries the lab and passes the
results in. Colours, line styles and markers come from :mod:`awslab.viz.style`, and
every state is told by marker shape, line style or text as well as by colour.
Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Mapping, Sequence

import matplotlib.dates as mdates
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from awslab.viz.style import (FONT, GREY, OKABE_ITO, label_axes, naive_utc, new_figure,
                              series_style, style_axes, tint)

#: Query periods the resolution explorer offers (seconds).
PERIODS = (1, 5, 10, 20, 30, 60, 300)
RESOLUTIONS = (1, 60)
ACCEPTED = {"color": OKABE_ITO["blue"], "marker": "o", "label": "accepted"}
REJECTED = {"color": OKABE_ITO["vermillion"], "marker": "X", "label": "rejected"}
WINDOW_FILL = "#E3F1E9"


# -- the publishing path -------------------------------------------------------------

_BOXES = (
    # key, (x, y, width, height), title, body, colour
    ("code", (0.1, 4.35, 2.6, 1.35), "Your code",
     "boto3 put_metric_data\n(RAM, disk space, users…)", "blue"),
    ("agent", (0.1, 2.55, 2.6, 1.35), "CloudWatch agent",
     "on the instance: CWAgent\nmem_used_percent…", "green"),
    ("aws", (0.1, 0.6, 2.6, 1.35), "AWS services",
     "AWS/EC2, AWS/Lambda…\npublished for you", "purple"),
    ("api", (3.35, 1.75, 2.75, 3.8), "PutMetricData",
     "≤ 1,000 datums / 1 MB\n≤ 30 dimensions\n≤ 150 Values per datum\n"
     "Timestamp within\n−2 weeks … +2 hours\nStorageResolution 1 or 60", "orange"),
    ("store", (6.75, 1.75, 2.7, 3.8), "Metric store",
     "per account & Region\nnamespace + name\n+ dimensions\n"
     "1 s kept 3 hours\n1 min kept 15 days\n5 min 63 d · 1 h 15 mo", "sky"),
    ("dash", (10.1, 4.35, 2.6, 1.35), "Dashboards",
     "global: any account,\nany Region", "blue"),
    ("alarm", (10.1, 2.55, 2.6, 1.35), "Alarms", "10/20/30 s or\nn × 60 s periods",
     "vermillion"),
    ("read", (10.1, 0.6, 2.6, 1.35), "Your queries",
     "GetMetricData,\nGetMetricStatistics", "black"),
)
_ARROWS = (("code", "api", "-"), ("agent", "api", "-"), ("api", "store", "-"),
           ("aws", "store", "--"), ("store", "dash", "-"), ("store", "alarm", "-"),
           ("store", "read", "-"))


def render_pipeline() -> Figure:
    """The path of a custom metric: publishers → PutMetricData → store → consumers.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = new_figure(11.0, 4.6, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.88))
    ax.set_xlim(0, 12.8)
    ax.set_ylim(0.45, 5.9)
    ax.set_axis_off()
    where = {}
    for key, (x, y, w, h), title, body, colour in _BOXES:
        edge = OKABE_ITO[colour]
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                                    facecolor=tint(edge), edgecolor=edge, linewidth=1.6))
        ax.text(x + w / 2, y + h - 0.12, title, ha="center", va="top",
                fontsize=FONT["title"], fontweight="bold")
        ax.text(x + w / 2, y + (h - 0.45) / 2, body, ha="center", va="center",
                fontsize=FONT["label"], linespacing=1.45)
        where[key] = (x, y, w, h)
    for a, b, style in _ARROWS:
        ax.add_patch(_arrow(where[a], where[b], style))
    ax.text(3.35, 0.85, "dashed: AWS services publish without PutMetricData",
            ha="left", va="bottom", fontsize=FONT["note"], color=GREY)
    fig.suptitle("How a custom metric travels: publish, store, then read, chart and alarm",
                 fontsize=FONT["title"] + 1, fontweight="bold", y=0.97)
    return fig


def _arrow(src, dst, style) -> FancyArrowPatch:
    (x0, y0, w0, h0), (x1, y1, w1, h1) = src, dst
    start = (x0 + w0 + 0.05, y0 + h0 / 2)
    if start[1] < y1 and x1 - (x0 + w0) > 2:   # far and below: along, then up into it
        return FancyArrowPatch(start, (x1 + w1 / 2, y1 - 0.05), arrowstyle="-|>",
                               mutation_scale=14, linewidth=1.4, linestyle=style,
                               color="#333333", shrinkA=0, shrinkB=0,
                               connectionstyle="angle,angleA=0,angleB=90,rad=0")
    end_y = min(max(start[1], y1 + 0.3), y1 + h1 - 0.3)
    end = (x1 - 0.05, end_y if x1 > x0 + w0 else y1 + h1 / 2)
    return FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                           linewidth=1.4, linestyle=style, color="#333333",
                           shrinkA=0, shrinkB=0)


# -- chart 1: one signal, two resolutions -------------------------------------------


def _time_axis(ax, fmt: str = "%H:%M") -> None:
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))


def render_resolution(high_res, standard_avg, standard_max=None, *,
                      metric: str = "Checkout latency", unit: str = "Milliseconds") -> Figure:
    """The same signal stored at 1-second and at 60-second resolution.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    high_res : pandas.Series
        The high-resolution metric read at a 1-second period (UTC index).
    standard_avg : pandas.Series
        The standard-resolution metric's 1-minute Average.
    standard_max : pandas.Series, optional
        Its 1-minute Maximum, to show what the average hides.
    metric, unit : str
        What the values measure, for the y axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = new_figure(9.5, 4.4)
    ax = fig.add_subplot()
    style_axes(ax)
    s0, s1, s2 = series_style(0), series_style(1), series_style(2)
    ax.plot(naive_utc(high_res.index), high_res.to_numpy(float), color=s0["color"],
            linewidth=0.8, linestyle="-", zorder=3,
            label=f"StorageResolution=1, 1-s period ({len(high_res)} points)")
    for s, style, stat in ((standard_avg, s1, "Average"), (standard_max, s2, "Maximum")):
        if s is None or not len(s):
            continue
        x = list(naive_utc(s.index)) + [naive_utc(s.index)[-1] + timedelta(minutes=1)]
        y = list(s.to_numpy(float)) + [float(s.iloc[-1])]
        ax.step(x, y, where="post", color=style["color"], linestyle=style["linestyle"],
                linewidth=2.2, label=f"StorageResolution=60, 1-min {stat} "
                                     f"({len(s)} points)")
        ax.plot(x[:-1], y[:-1], linestyle="none", marker=style["marker"],
                color=style["color"], markersize=6)
    if len(high_res) and standard_avg is not None and len(standard_avg):
        peak_at = naive_utc(high_res.idxmax())
        minute = standard_avg.index.floor("60s") == high_res.idxmax().floor("60s")
        avg = float(standard_avg[minute].iloc[0]) if minute.any() else float("nan")
        ax.annotate(f"1-s data: peak {high_res.max():.0f}\n"
                    f"1-min Average: only {avg:.0f}",
                    xy=(peak_at, high_res.max() * 0.8),
                    xytext=(peak_at + timedelta(seconds=100), high_res.max() * 0.62),
                    fontsize=FONT["label"], va="center",
                    arrowprops={"arrowstyle": "->", "color": "#333333"},
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
                          "edgecolor": "#999999"})
    label_axes(ax, "Time (UTC)", metric, y_unit=unit)
    ax.xaxis.set_major_locator(mdates.MinuteLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=FONT["legend"], loc="upper left", framealpha=0.95)
    ax.set_title("One signal, two storage resolutions: a 10-second burst in 1-minute data",
                 fontsize=FONT["title"], loc="left")
    return fig


# -- widget 1: which resolution/period combinations return data ----------------------

def render_query(points, counts: Mapping[tuple[int, int], int], resolution: int,
                 period: int, when: str = "minutes after publishing", *,
                 metric: str = "Checkout latency", unit: str = "Milliseconds",
                 periods: Sequence[int] = PERIODS) -> Figure:
    """What one GetMetricStatistics query returns, beside a table of all combinations.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    points : pandas.Series
        The datapoints the selected query returned (Average per period; may be empty).
    counts : mapping
        ``{(storage_resolution, period): number of datapoints}`` for every combination.
    resolution, period : int
        The selected StorageResolution (1 or 60) and query period in seconds.
    when : str
        When the query runs relative to publishing, for the titles.
    metric, unit : str
        What the values measure.
    periods : sequence of int
        The columns of the table.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = new_figure(11.0, 4.0, layout=None)
    ax = fig.add_axes((0.07, 0.15, 0.50, 0.70))
    table = fig.add_axes((0.68, 0.15, 0.31, 0.45))
    style = series_style(0 if resolution == 1 else 1)
    style_axes(ax)
    n = len(points)
    if n:
        ax.plot(naive_utc(points.index), points.to_numpy(float), color=style["color"],
                linestyle=style["linestyle"], linewidth=1.2, marker=style["marker"],
                markersize=3 if n > 60 else 5, markevery=max(1, n // 60),
                label=f"Average per {period}-s period")
        ax.legend(fontsize=FONT["legend"], loc="upper left")
        _time_axis(ax)
        ax.set_ylim(bottom=0)
    else:
        ax.set_xticks([])
        ax.set_ylim(0, 1)
        ax.text(0.5, 0.5, "No datapoints returned\n(not an error: an empty list)",
                transform=ax.transAxes, ha="center", va="center", color=GREY,
                fontsize=FONT["title"])
    label_axes(ax, "Time (UTC)", metric, y_unit=unit)
    ax.set_title(f"StorageResolution={resolution}, Period={period} s, {when}: "
                 f"{n} datapoints", fontsize=FONT["title"], loc="left")
    _combination_table(table, counts, resolution, period, periods)
    table.set_title(f"Datapoints returned by each combination\n({when})",
                    fontsize=FONT["title"], loc="left")
    return fig


def _combination_table(ax, counts, resolution, period, periods) -> None:
    ax.set_xlim(0, len(periods))
    ax.set_ylim(0, len(RESOLUTIONS))
    ax.invert_yaxis()
    for i, res in enumerate(RESOLUTIONS):
        for j, p in enumerate(periods):
            k = counts.get((res, p), 0)
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=tint(OKABE_ITO["blue"], 0.7)
                                   if k else "white", hatch="" if k else "///",
                                   edgecolor="#999999", linewidth=0.6))
            ax.text(j + 0.5, i + 0.5, str(k) if k else "none", ha="center", va="center",
                    fontsize=FONT["tick"], fontweight="bold" if k else "normal",
                    color="black" if k else GREY,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}
                    if not k else None)
    if resolution in RESOLUTIONS and period in periods:
        ax.add_patch(Rectangle((periods.index(period), RESOLUTIONS.index(resolution)), 1, 1,
                               fill=False, edgecolor="black", linewidth=2.6))
    ax.set_xticks(np.arange(len(periods)) + 0.5, [f"{p} s" for p in periods])
    ax.set_yticks(np.arange(len(RESOLUTIONS)) + 0.5, [f"{r} s" for r in RESOLUTIONS])
    ax.tick_params(length=0, labelsize=FONT["tick"])
    ax.set_xlabel("Query period (s)", fontsize=FONT["label"])
    ax.set_ylabel("StorageResolution", fontsize=FONT["label"])
    for side in ax.spines.values():
        side.set_visible(False)


# -- chart 2 / widget 2: the timestamp acceptance window -----------------------------

def render_acceptance(now: datetime, sent: Sequence[datetime], stamped: Sequence[datetime],
                      accepted: Sequence[bool], offset: str = "0 h", *,
                      past: timedelta = timedelta(weeks=2),
                      future: timedelta = timedelta(hours=2)) -> Figure:
    """Where a skewed host's timestamps land against PutMetricData's window.

    Two panels: an overview in days (the whole window, two weeks back to two hours
    ahead) and a zoom in hours on the window edge the host's timestamps are near (or
    on now). Accepted points are circles, rejected points crosses; a grey line joins
    each point's correct time to the timestamp the host put on it.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    now : datetime
        The lab clock when the points were sent (the window is relative to it).
    sent : sequence of datetime
        When each point was really measured (the correct time).
    stamped : sequence of datetime
        The ``Timestamp`` the host put on each point (correct time + clock offset).
    accepted : sequence of bool
        Whether CloudWatch accepted each point.
    offset : str
        The host's clock offset, for the title (e.g. ``"+3 h"``).
    past, future : timedelta
        The acceptance window (two weeks back, two hours ahead).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = new_figure(10.0, 5.4, layout=None)
    top = fig.add_axes((0.13, 0.62, 0.84, 0.23))
    bottom = fig.add_axes((0.13, 0.12, 0.84, 0.28))
    true_h = np.array([(t - now).total_seconds() / 3600 for t in sent])
    stamp_h = np.array([(t - now).total_seconds() / 3600 for t in stamped])
    ok = np.asarray(accepted, dtype=bool)
    edges = (-past.total_seconds() / 3600, future.total_seconds() / 3600)
    (z0, z1), zoom_title = _zoom(stamp_h, edges)
    for ax, scale, (x0, x1) in ((top, 24.0, (-21.0, 1.0)), (bottom, 1.0, (z0, z1))):
        _acceptance_panel(ax, scale, (x0, x1), edges, true_h, stamp_h, ok)
    top.set_xticks([-21, -14, -7, 0], ["−21 d", "−14 d", "−7 d", "now"])
    ticks = np.arange(np.ceil(z0), np.floor(z1) + 1)
    bottom.set_xticks(ticks, [_hours_text(h) for h in ticks])
    label_axes(top, "Time relative to the lab clock (days)")
    label_axes(bottom, "Time relative to the lab clock (hours)")
    for ax, scale in ((top, 24.0), (bottom, 1.0)):
        for edge, text, ha in ((edges[0], " −2 weeks", "left"), (edges[1], "+2 hours ",
                                                                   "right")):
            if ax.get_xlim()[0] <= edge / scale <= ax.get_xlim()[1]:
                ax.text(edge / scale, 1.75, text, fontsize=FONT["note"], ha=ha,
                        color=OKABE_ITO["green"], va="bottom")
    top.set_title("Overview (days)", fontsize=FONT["label"], loc="left", pad=12)
    bottom.set_title(zoom_title, fontsize=FONT["label"], loc="left", pad=12)
    handles, labels = bottom.get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncols=5, fontsize=FONT["legend"],
               frameon=False, bbox_to_anchor=(0.98, 0.955))
    fig.suptitle(f"Host clock {offset}: {int(ok.sum())} of {len(ok)} datapoints accepted",
                 x=0.02, ha="left", y=0.985, fontsize=FONT["title"] + 1, fontweight="bold")
    return fig


def _zoom(stamp_h: np.ndarray, edges: tuple[float, float]) -> tuple[tuple, str]:
    """The zoom panel's range: the two-week edge when the timestamps are within 12 h
    of it, else now and the two-hour edge."""
    if len(stamp_h) and abs(float(np.median(stamp_h)) - edges[0]) <= 12:
        return (edges[0] - 2.5, edges[0] + 2.5), "Zoom on the two-week limit (hours)"
    return (-4.0, 6.0), "Zoom on now and the two-hour limit (hours)"


def _hours_text(h: float) -> str:
    """An offset in hours as text: ``"now"``, ``"+2 h"``, ``"−14 d 2 h"`` (that is,
    14 days and 2 hours ago)."""
    h = int(round(h))
    if h == 0:
        return "now"
    sign = "−" if h < 0 else "+"
    days, hours = divmod(abs(h), 24)
    if not days:
        return f"{sign}{hours} h"
    return f"{sign}{days} d" + (f" {hours} h" if hours else "")


def _acceptance_panel(ax, scale, xlim, edges, true_h, stamp_h, ok) -> None:
    x0, x1 = xlim
    style_axes(ax, grid="x")
    ax.axvspan(edges[0] / scale, edges[1] / scale, facecolor=WINDOW_FILL, edgecolor="none",
               label="accepted window")
    for edge in edges:
        ax.axvline(edge / scale, color=OKABE_ITO["green"], linestyle="--", linewidth=1.2)
    ax.axvline(0, color="black", linewidth=1.0, linestyle=":")
    ax.add_collection(LineCollection(
        [((xa, 0), (xb, 1)) for xa, xb in zip(true_h / scale, stamp_h / scale)],
        colors="#BBBBBB", linewidths=0.6, zorder=1), autolim=False)
    ax.scatter(true_h / scale, np.zeros(len(true_h)), marker="|", s=120, color=GREY,
               linewidths=1.4, label="correct time", zorder=2)
    for mask, st in ((ok, ACCEPTED), (~ok, REJECTED)):
        ax.scatter(stamp_h[mask] / scale, np.ones(int(mask.sum())), marker=st["marker"],
                   s=70 if st is REJECTED else 52, color=st["color"], edgecolors="black",
                   linewidths=0.4, zorder=3, label=f"{st['label']} ({int(mask.sum())})")
    ax.set_xlim(x0, x1)
    ax.set_ylim(-0.7, 1.7)
    ax.set_yticks([0, 1], ["correct time", "host timestamp"])
    _offscreen(ax, stamp_h / scale, 1, x0, x1, "timestamps")
    _offscreen(ax, true_h / scale, 0, x0, x1, "correct times")


def _offscreen(ax, xs: np.ndarray, y: float, x0: float, x1: float, what: str) -> None:
    """Say how many points of a row lie beyond the panel's edges, and where."""
    left, right = int((xs < x0).sum()), int((xs > x1).sum())
    if left:
        ax.text(x0 + (x1 - x0) * 0.005, y + 0.3, f"◀ {left} {what} further left",
                fontsize=FONT["note"], color=GREY, va="center")
    if right:
        ax.text(x1 - (x1 - x0) * 0.005, y + 0.3, f"{right} {what} further right ▶",
                fontsize=FONT["note"], color=GREY, va="center", ha="right")
