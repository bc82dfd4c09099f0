"""CloudTrail charts (NB08): how events flow, API calls per minute with a baseline band
and Insights shaded, read/write x management/data volumes, who did what around an
incident, and what event selectors would deliver and cost.

Pure functions: data in (numbers, lists of tuples), :class:`matplotlib.figure.Figure`
out; nothing here calls AWS. Introduced in ``08_cloudtrail.ipynb``.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from matplotlib.figure import Figure

from awslab.viz.diagrams import _arrow, _box, _canvas
from awslab.viz.style import (FONT, GREY, MARKERS, OKABE_ITO, PALETTE, USD_FORMATTER,
                              label_axes, naive_utc, new_figure, style_axes, tint)

INSIGHT_STYLE = {"ApiCallRateInsight": (OKABE_ITO["vermillion"], "///"),
                 "ApiErrorRateInsight": (OKABE_ITO["purple"], "\\\\\\")}
SMOOTH = 10           # minutes in the moving average of calls_per_minute
CATEGORY_STYLE = {("Management", "write"): (OKABE_ITO["blue"], ""),
                  ("Management", "read"): (tint(OKABE_ITO["blue"], 0.55), ".."),
                  ("Data", "write"): (OKABE_ITO["orange"], "//"),
                  ("Data", "read"): (tint(OKABE_ITO["orange"], 0.55), "xx")}


def flow_diagram() -> Figure:
    """Where CloudTrail events go: event history for everyone, trails for the rest."""
    fig, ax = _canvas(10.5, 4.6, 12.6, 5.6)
    calls = _box(ax, 0.1, 2.0, 2.5, 2.2, "API calls",
                 "console, SDK, CLI,\nAWS services\n(you and everyone\nelse)", "blue")
    trail = _box(ax, 3.5, 2.0, 2.6, 2.2, "CloudTrail",
                 "one event per call:\nwho, what, when,\nfrom where, result", "purple")
    history = _box(ax, 7.1, 4.1, 2.6, 1.35, "Event history",
                   "90 days, management\nevents, free, per Region", "green")
    s3 = _box(ax, 7.1, 2.35, 2.6, 1.45, "Trail → S3",
              "gzipped JSON every ~5 min;\nkeep for years", "orange")
    logs = _box(ax, 7.1, 0.6, 2.6, 1.45, "Trail → CloudWatch Logs",
                "metric filters, alarms,\nLogs Insights", "sky")
    athena = _box(ax, 10.3, 2.35, 2.2, 1.45, "Athena (SQL)",
                  "cloudtrail_logs\ntable", "orange")
    bus = _box(ax, 10.3, 0.6, 2.2, 1.45, "EventBridge",
               "AWS API Call via\nCloudTrail", "vermillion")
    y = calls[1] + 1.1
    _arrow(ax, (calls[0] + calls[2], y), (trail[0], y))
    for box in (history, s3, logs):
        _arrow(ax, (trail[0] + trail[2], y), (box[0], box[1] + box[3] / 2))
    _arrow(ax, (s3[0] + s3[2], s3[1] + 0.7), (athena[0], athena[1] + 0.7))
    _arrow(ax, (trail[0] + trail[2] / 2, trail[1]), (bus[0], bus[1] + 0.4),
           connection="arc3,rad=0.25")
    ax.text(0.15, 0.55, "Insights: unusual write-call\nor error rates, from a 7-day\n"
            "baseline (trail option)", fontsize=FONT["label"], color=GREY, va="center",
            linespacing=1.5)
    fig.suptitle("CloudTrail: every API call, kept 90 days, or for as long as you like",
                 fontsize=FONT["title"] + 2, fontweight="bold", x=0.01, ha="left", y=0.97)
    return fig


def calls_per_minute(times: list[datetime], counts, baseline=None, spread=None, *,
                     insights=(), title: str = "API calls per minute",
                     label: str = "calls") -> Figure:
    """Calls per minute of one API with its baseline (mean ± ``spread``) as a band and
    Insights (``(start, end or None, insight_type)``) shaded."""
    fig = new_figure(9.5, 4.0)
    ax = fig.add_subplot()
    x = [naive_utc(t) for t in times]
    counts = np.asarray(counts, float)
    ax.bar(x, counts, width=1 / 1440, align="edge", color=tint(PALETTE[0], 0.55),
           linewidth=0, label=f"{label} in each minute")
    if len(counts) >= SMOOTH:
        smooth = np.convolve(counts, np.ones(SMOOTH) / SMOOTH, mode="same")
        ax.plot(x, smooth, color=PALETTE[0], linewidth=1.6,
                label=f"{label} per minute, {SMOOTH}-minute average")
    if baseline is not None:
        base = np.asarray(baseline, float)
        band = np.asarray(spread if spread is not None else np.zeros_like(base), float)
        ax.plot(x, base, color=GREY, linestyle="--", linewidth=1.0, label="baseline average")
        ax.fill_between(x, np.clip(base - band, 0, None), base + band, color=GREY,
                        alpha=0.18, linewidth=0, label="baseline ± spread")
    seen = set()
    for start, end, kind in insights:
        colour, hatch = INSIGHT_STYLE.get(kind, (OKABE_ITO["vermillion"], "///"))
        ax.axvspan(naive_utc(start), naive_utc(end or times[-1]), facecolor=tint(colour, 0.7),
                   edgecolor=colour, hatch=hatch, linewidth=0.6, alpha=0.6,
                   label=None if kind in seen else f"{kind} (Start → End)")
        seen.add(kind)
    label_axes(ax, "time (UTC)", f"{label} per minute")
    style_axes(ax)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=FONT["legend"], frameon=False, loc="upper left",
              bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title, fontsize=FONT["title"], loc="left")
    fig.autofmt_xdate()
    return fig


def category_bars(labels: list[str], counts: dict, *, title: str =
                  "Events by kind: read vs write, management vs data",
                  x_label: str = "hour (UTC)") -> Figure:
    """Stacked bars: one bar per label, stacks ``counts[(category, "read"|"write")]``."""
    fig = new_figure(9.0, 4.0)
    ax = fig.add_subplot()
    bottom = np.zeros(len(labels))
    xs = np.arange(len(labels))
    for key, (colour, hatch) in CATEGORY_STYLE.items():
        values = np.asarray(counts.get(key, np.zeros(len(labels))), float)
        if not values.any():
            continue
        ax.bar(xs, values, bottom=bottom, color=colour, hatch=hatch, edgecolor="#333333",
               linewidth=0.4, label=f"{key[0]} {key[1]}")
        bottom += values
    ax.set_xticks(xs, labels, rotation=45, ha="right")
    label_axes(ax, x_label, "events")
    style_axes(ax)
    ax.legend(fontsize=FONT["legend"], frameon=False, loc="upper left",
              bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title, fontsize=FONT["title"], loc="left")
    return fig


def who_did_what(rows: list[tuple], *, highlight: str | None = None,
                 title: str = "Who did what", window: tuple | None = None) -> Figure:
    """A timeline: one lane per principal, one mark per call ``(time, principal,
    eventName, error_code or None)``; calls named ``highlight`` are labelled. ``window``
    ``(start, end)`` fixes the time axis (else it spans the calls with a margin, at least
    10 minutes); successive labels in a lane alternate above and below it."""
    people = sorted({r[1] for r in rows})
    fig = new_figure(9.0, 1.2 + 0.55 * max(len(people), 1))
    ax = fig.add_subplot()
    for lane, person in enumerate(people):
        mine = [r for r in rows if r[1] == person]
        ok = [naive_utc(r[0]) for r in mine if not r[3]]
        bad = [naive_utc(r[0]) for r in mine if r[3]]
        style = {"color": PALETTE[lane % len(PALETTE)], "marker": MARKERS[lane % len(MARKERS)]}
        ax.scatter(ok, [lane] * len(ok), s=36, zorder=3, **style)
        ax.scatter(bad, [lane] * len(bad), s=46, zorder=3, facecolors="none",
                   edgecolors=style["color"], marker="X", linewidths=1.2)
        marked = [r for r in mine if highlight and r[2] == highlight]
        for k, (t, _, name, err) in enumerate(marked):     # above, below: no overlaps
            ax.annotate(f"{name}{' (' + err + ')' if err else ''}", (naive_utc(t), lane),
                        xytext=(6, 8 if k % 2 == 0 else -15), textcoords="offset points",
                        fontsize=FONT["note"], fontweight="bold")
    ax.set_yticks(range(len(people)), people, fontsize=FONT["label"])
    ax.set_ylim(-0.6, len(people) - 0.4)
    if window is None and rows:
        first, last = min(r[0] for r in rows), max(r[0] for r in rows)
        pad = max(timedelta(minutes=5) - (last - first) / 2, (last - first) * 0.05)
        window = (first - pad, last + pad)
    if window is not None:
        ax.set_xlim(naive_utc(window[0]), naive_utc(window[1]))
    label_axes(ax, "time (UTC)")
    style_axes(ax, grid="x")
    ax.set_title(title + "  (X = the call failed)", fontsize=FONT["title"], loc="left")
    fig.autofmt_xdate()
    return fig


def selector_costs(rows: list[tuple], *, title: str = "What the trail would deliver "
                   "per day, and what it costs") -> Figure:
    """Horizontal bars of events per day per kind ``(label, events_per_day, usd_per_day,
    delivered: bool)``, with the cost beside each delivered bar."""
    fig = new_figure(9.0, 0.9 + 0.5 * len(rows))
    ax = fig.add_subplot()
    ys = np.arange(len(rows))[::-1]
    for y, (label, n, cost, on) in zip(ys, rows):
        colour = OKABE_ITO["blue"] if on else "#DDDDDD"
        ax.barh(y, n, color=colour, hatch="" if on else "..", edgecolor="#333333",
                linewidth=0.4)
        ax.text(n, y, f"  {n:,.0f}/day · {'$' + format(cost, ',.2f') if on else 'off'}",
                va="center", fontsize=FONT["note"])
    ax.set_yticks(ys, [r[0] for r in rows], fontsize=FONT["label"])
    ax.set_xlim(0, max([r[1] for r in rows] + [1]) * 1.45)
    total = sum(r[2] for r in rows if r[3])
    label_axes(ax, "events per day")
    style_axes(ax, grid="x")
    ax.set_title(f"{title}: {USD_FORMATTER(total)}/day", fontsize=FONT["title"], loc="left")
    return fig
