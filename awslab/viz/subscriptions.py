"""Charts of NB05: getting logs out of CloudWatch Logs.

The fan-out diagram, the export lag timeline, delivery latency per architecture, the
Firehose buffer, cross-account aggregation with event counts, and a destination policy's
verdicts. Pure: data in, a :class:`matplotlib.figure.Figure` out. Introduced in
``05_logs_export_and_subscriptions.ipynb``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Mapping, Sequence

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from awslab.viz.diagrams import _arrow, _box, _canvas
from awslab.viz.style import (FONT, GREY, OKABE_ITO, PALETTE, new_figure, style_axes,
                              tint)


def delivery_diagram() -> Figure:
    """A log group's ways out: export tasks (batch, hours behind) and up to two
    subscription filters (real time) to Kinesis, Firehose, Lambda or a destination.

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    fig, ax = _canvas(11.5, 5.4, 13.6, 6.6)
    group = _box(ax, 0.1, 2.4, 2.4, 1.8, "Log group", "new events\n(and stored ones)",
                 "blue")
    export = _box(ax, 3.3, 4.6, 3.2, 1.6, "Export task", "CreateExportTask\nbatch; data "
                  "ready up to 12 h late", "orange")
    sub = _box(ax, 3.3, 1.6, 3.2, 2.3, "Subscription filters", "at most 2 per group\n"
               "pattern -> gzip + base64\nin near real time", "green")
    s3 = _box(ax, 7.5, 4.6, 2.4, 1.6, "S3 bucket", "policy admits\nlogs.<region>", "sky")
    kinesis = _box(ax, 7.5, 2.75, 2.4, 1.35, "Kinesis", "Data Streams:\nyour consumers",
                   "purple")
    firehose = _box(ax, 7.5, 1.2, 2.4, 1.35, "Firehose", "buffers, then writes\nto S3 "
                    "(or others)", "vermillion")
    lam = _box(ax, 7.5, -0.25, 2.4, 1.25, "Lambda", "your code", "yellow")
    central = _box(ax, 10.7, 1.9, 2.8, 2.3, "Other account", "a destination\n(policy lists "
                   "the\nsource accounts)\n-> its Kinesis/Firehose", "black")
    _arrow(ax, (group[0] + group[2], 3.8), (export[0], 5.3), "hours")
    _arrow(ax, (group[0] + group[2], 2.9), (sub[0], 2.75), "seconds",
           text_offset=(0.0, -0.35))
    _arrow(ax, (export[0] + export[2], 5.4), (s3[0], 5.4))
    for target in (kinesis, firehose, lam):
        _arrow(ax, (sub[0] + sub[2], 2.75), (target[0], target[1] + target[3] / 2))
    _arrow(ax, (sub[0] + sub[2] - 0.2, sub[1] + sub[3]), (central[0], 3.6),
           "cross-account", text_offset=(1.3, 0.6), connection="arc3,rad=-0.25")
    ax.set_ylim(-0.4, 6.6)
    fig.suptitle("Getting logs out: export (batch) or subscriptions (real time)",
                 fontsize=FONT["title"] + 1, fontweight="bold")
    return fig


def export_timeline(chunks: Sequence[tuple[datetime, datetime]],
                    runs: Sequence[tuple[datetime, int, int]], *, title: str) -> Figure:
    """When data becomes exportable: one bar per hour of ingested events, from ingestion
    to the moment export tasks can see it; dashed lines where tasks ran, with what they
    exported (``(time, exported, in range)``).

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    fig = new_figure(10.5, 4.6)
    ax = fig.add_subplot()
    style_axes(ax, grid="x")
    for i, (ingested, ready) in enumerate(chunks):
        ax.barh(i, mdates.date2num(ready) - mdates.date2num(ingested),
                left=mdates.date2num(ingested), height=0.6,
                color=tint(OKABE_ITO["orange"], 0.5), edgecolor=OKABE_ITO["orange"],
                hatch="///")
        ax.plot([ingested], [i], marker="o", color=OKABE_ITO["blue"], markersize=4)
    top = len(chunks) - 0.4
    times = [c[0] for c in chunks] + [c[1] for c in chunks] + [r[0] for r in runs]
    middle = min(times) + (max(times) - min(times)) / 2 if times else None
    for k, (when, exported, total) in enumerate(runs):
        ax.axvline(when, color=PALETTE[3], linestyle="--", linewidth=1.2)
        right = when > middle
        ax.text(when, top + 0.2 + (k % 2) * 0.9, f"task at {when:%H:%M}:\n{exported} of "
                f"{total} events ", fontsize=FONT["note"], color=PALETTE[3], va="bottom",
                ha="right" if right else "left")
    ax.set_ylim(-0.8, len(chunks) + 1.9)
    ax.set_yticks(range(len(chunks)))
    ax.set_yticklabels([f"{c[0]:%H:00}" for c in chunks], fontsize=FONT["tick"])
    ax.set_ylabel("events ingested in the hour", fontsize=FONT["label"])
    ax.set_xlabel("time (UTC)", fontsize=FONT["label"])
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %H:%M"))
    ax.tick_params(labelsize=FONT["tick"])
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    ax.legend(handles=[
        Line2D([], [], marker="o", linestyle="", color=OKABE_ITO["blue"],
               label="ingested"),
        Patch(facecolor=tint(OKABE_ITO["orange"], 0.5), edgecolor=OKABE_ITO["orange"],
              hatch="///", label="waiting to become exportable (up to 12 h)"),
        Line2D([], [], color=PALETTE[3], linestyle="--", label="export task runs")],
        fontsize=FONT["legend"], loc="lower right")
    ax.set_title(title, loc="left", fontsize=FONT["title"])
    return fig


def latency_figure(latencies: Mapping[str, Sequence[float]], *, highlight: str | None = None
                   ) -> Figure:
    """Seconds from ingestion to arrival, per architecture (log scale).

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    fig = new_figure(10.0, 4.2)
    ax = fig.add_subplot()
    style_axes(ax, grid="x")
    names = list(latencies)
    boxes = ax.boxplot([latencies[n] for n in names], orientation="horizontal",
                       patch_artist=True, widths=0.55)
    for i, (patch, name) in enumerate(zip(boxes["boxes"], names)):
        colour = PALETTE[i % len(PALETTE)]
        patch.set_facecolor(tint(colour, 0.4 if name == highlight else 0.75))
        patch.set_edgecolor(colour)
        patch.set_hatch("///" if name == highlight else "")
    ax.set_yticks(range(1, len(names) + 1))
    ax.set_yticklabels(names, fontsize=FONT["tick"])
    ax.set_xscale("log")
    for seconds, label in ((60, "1 min"), (3600, "1 h"), (43200, "12 h")):
        ax.axvline(seconds, color=GREY, linestyle=":", linewidth=1)
        ax.text(seconds, len(names) + 0.45, label, fontsize=FONT["note"], color=GREY,
                ha="center")
    ax.set_xlabel("delivery latency: ingestion to arrival (seconds, log scale)",
                  fontsize=FONT["label"])
    ax.set_title("How late do the logs arrive?", loc="left", fontsize=FONT["title"])
    return fig


def buffer_figure(arrivals: Sequence[tuple[float, int]], flushes, *, size_mb: int,
                  interval: int) -> Figure:
    """A Firehose buffer filling up and being written (``flushes`` from
    :func:`awslab.services.firehose.buffering.schedule`).

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    fig = new_figure(10.5, 3.8)
    ax = fig.add_subplot()
    style_axes(ax)
    xs, ys, level, k = [0.0], [0.0], 0.0, 0
    for t, nbytes in arrivals:
        while k < len(flushes) and flushes[k].time < t:
            xs += [flushes[k].time, flushes[k].time]
            ys += [level, 0.0]
            level, k = 0.0, k + 1
        xs += [t, t]
        ys += [level, level + nbytes / 1024 / 1024]
        level += nbytes / 1024 / 1024
        if k < len(flushes) and flushes[k].time == t:
            xs += [t]
            ys += [0.0]
            level, k = 0.0, k + 1
    for f in flushes[k:]:
        xs += [f.time, f.time]
        ys += [level, 0.0]
        level = 0.0
    ax.plot([x / 60 for x in xs], ys, color=OKABE_ITO["blue"], linewidth=1.4,
            label="data in the buffer")
    ax.axhline(size_mb, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.2,
               label=f"SizeInMBs = {size_mb}")
    for f in flushes:
        marker = "v" if f.reason == "size" else "o"
        ax.plot([f.time / 60], [size_mb * 1.04], marker=marker, linestyle="",
                color=OKABE_ITO["green"] if f.reason == "interval" else PALETTE[3],
                markersize=6)
    ax.plot([], [], "v", color=PALETTE[3], label="object written: size reached")
    ax.plot([], [], "o", color=OKABE_ITO["green"],
            label=f"object written: {interval} s after its first record")
    ax.set_ylim(0, size_mb * 1.25)
    ax.set_xlabel("minutes", fontsize=FONT["label"])
    ax.set_ylabel("buffered data (MB)", fontsize=FONT["label"])
    ax.legend(fontsize=FONT["legend"], loc="upper left", bbox_to_anchor=(1.0, 1.0))
    waits = [f.time - f.first for f in flushes]
    ax.set_title(f"{len(flushes)} objects; the oldest record waited up to "
                 f"{max(waits, default=0):.0f} s", loc="left", fontsize=FONT["title"])
    return fig


def aggregation_figure(flows: Sequence[tuple[str, str, int]], central: str,
                       stream: str, *, refused: Sequence[str] = ()) -> Figure:
    """Accounts x Regions -> a destination per Region -> the central stream, with the
    events each path carried; refused accounts crossed out.

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    rows = list(flows) + [(a, "", -1) for a in refused]
    height = max(4.0, 0.75 * len(rows) + 1.2)
    fig, ax = _canvas(11.0, height, 12.4, len(rows) + 0.1)
    regions = sorted({r for _, r, n in flows if n >= 0})
    dest_y = {r: (i + 0.5) * len(rows) / max(1, len(regions)) for i, r in
              enumerate(regions)}
    total = sum(n for _, _, n in flows)
    hub = _box(ax, 9.2, len(rows) / 2 - 0.8, 3.0, 1.7, f"Account {central}",
               f"{stream}\n{total} events", "blue")
    for r, y in dest_y.items():
        d = _box(ax, 5.2, y - 0.45, 2.6, 0.9, "", f"destination\n{r}", "green")
        _arrow(ax, (d[0] + d[2], y), (hub[0], hub[1] + hub[3] / 2))
    for i, (account, region, count) in enumerate(rows):
        y = len(rows) - 0.5 - i
        ok = count >= 0
        label = f"{account} {region}\n{count} events" if ok else account
        src = _box(ax, 0.1, y - 0.4, 3.2, 0.8, "", label, "orange" if ok else "vermillion")
        if ok:
            _arrow(ax, (src[0] + src[2], y), (5.2, dest_y[region]))
        else:
            ax.text(src[0] + src[2] + 0.2, y, "x  refused: not in the destination policy",
                    va="center", fontsize=FONT["note"], color=OKABE_ITO["vermillion"])
    fig.suptitle("Central logging: every source account and Region into one stream",
                 fontsize=FONT["title"] + 1, fontweight="bold")
    return fig


def verdict_figure(rows: Sequence[tuple[str, bool, str]], *, title: str) -> Figure:
    """Which accounts a destination policy admits (allowed ones ticked, refused ones
    hatched), with the engine's reason."""
    fig = new_figure(10.0, 0.5 * len(rows) + 1.0)
    ax = fig.add_subplot()
    ax.set_axis_off()
    for i, (account, allowed, reason) in enumerate(rows):
        y = len(rows) - i
        colour = OKABE_ITO["green"] if allowed else OKABE_ITO["vermillion"]
        ax.add_patch(_rect(0.0, y - 0.4, 0.22, 0.8, colour, "" if allowed else "///"))
        ax.text(0.25, y, f"{account}: {'allowed' if allowed else 'refused'}",
                va="center", fontsize=FONT["label"], fontweight="bold", color=colour)
        ax.text(0.5, y, reason, va="center", fontsize=FONT["note"])
    ax.set_xlim(0, 2.2)
    ax.set_ylim(0.3, len(rows) + 0.7)
    ax.set_title(title, loc="left", fontsize=FONT["title"])
    return fig


def _rect(x, y, w, h, colour, hatch):
    from matplotlib.patches import Rectangle
    return Rectangle((x, y), w, h, facecolor=tint(colour, 0.5), edgecolor=colour,
                     hatch=hatch)
