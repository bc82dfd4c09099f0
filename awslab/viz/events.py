"""Charts of EventBridge: event flow, pattern verdicts, schedules on a calendar, archive
and replay on a timeline, schema versions side by side, bus-policy decisions.

Pure functions: plain data in (counts, rows, datetimes), a
:class:`matplotlib.figure.Figure` out; :mod:`awslab.widgets.events` reads the lab and the
matcher and passes the results in. A verdict is always written (MATCH / no match,
allowed / denied) as well as coloured, and hatched where it is negative, so print and
colour-blind readers agree. Introduced in ``07_eventbridge.ipynb``.
"""
from __future__ import annotations

import calendar
import textwrap
from datetime import datetime, timedelta
from typing import Sequence

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle

from awslab.viz.style import (FONT, GREY, OKABE_ITO, label_axes, naive_utc, new_figure,
                              style_axes, tint)

YES = {"color": OKABE_ITO["green"], "hatch": "", "label": "MATCH"}
NO = {"color": "#BBBBBB", "hatch": "///", "label": "no match"}
COLUMN_COLOURS = ("blue", "orange", "purple", "green")


def message_figure(text: str, title: str = "") -> Figure:
    """A figure that only says something (an invalid pattern, an empty archive...)."""
    fig = new_figure(8, 1.6, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if title:
        ax.text(0.02, 0.8, title, fontsize=FONT["title"], fontweight="bold", va="top")
    ax.text(0.02, 0.45, "\n".join(textwrap.wrap(text, 110)), fontsize=FONT["label"],
            va="top", family="monospace")
    return fig


# -- 1. event flow: sources -> bus -> rules -> targets ---------------------------------------
def flow_figure(columns: Sequence[tuple[str, Sequence[tuple[str, int]]]],
                edges: Sequence[tuple[str, str, int]], title: str = "") -> Figure:
    """Boxes per column (``(heading, [(node, count), ...])``) and arrows between nodes
    (``(from, to, count)``) whose width grows with the count and that are labelled with it.
    Node names must be unique across columns."""
    height = max(3.2, 0.75 * max(len(nodes) for _, nodes in columns) + 1.2)
    fig = new_figure(10, height, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.9))
    xmax, ymax = 4 * len(columns), height
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, ymax)
    ax.set_axis_off()
    where: dict[str, tuple[float, float, float, float]] = {}
    biggest = max([c for _, c in [n for _, nodes in columns for n in nodes]] + [1])
    for i, (heading, nodes) in enumerate(columns):
        x = 4 * i + 0.35
        colour = OKABE_ITO[COLUMN_COLOURS[i % len(COLUMN_COLOURS)]]
        ax.text(x + 1.6, ymax - 0.25, heading, ha="center", va="top",
                fontsize=FONT["title"], fontweight="bold")
        step = (ymax - 0.9) / max(len(nodes), 1)
        for j, (name, count) in enumerate(nodes):
            y = ymax - 0.9 - (j + 1) * step + step * 0.2
            h = min(0.6, step * 0.7)
            ax.add_patch(FancyBboxPatch((x, y), 3.2, h, boxstyle="round,pad=0.02",
                                        facecolor=tint(colour), edgecolor=colour,
                                        linewidth=1.3))
            label = name if len(name) <= 26 else name[:11] + "…" + name[-14:]
            ax.text(x + 1.6, y + h / 2, f"{label}\n{count:,} event{'s' * (count != 1)}",
                    ha="center", va="center", fontsize=FONT["note"])
            where[name] = (x, y, 3.2, h)
    for start, end, count in edges:
        if start not in where or end not in where or count <= 0:
            continue
        x0, y0, w0, h0 = where[start]
        x1, y1, _, h1 = where[end]
        ax.add_patch(FancyArrowPatch((x0 + w0, y0 + h0 / 2), (x1, y1 + h1 / 2),
                                     arrowstyle="-|>", mutation_scale=12, color="#333333",
                                     linewidth=0.8 + 3.5 * count / biggest, shrinkA=2,
                                     shrinkB=2))
        ax.text((x0 + w0 + x1) / 2, (y0 + h0 / 2 + y1 + h1 / 2) / 2 + 0.05, f"{count:,}",
                ha="center", va="bottom", fontsize=FONT["note"],
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    if title:
        fig.suptitle(title, fontsize=FONT["title"])
    return fig


# -- 2. the pattern playground: which events match, and what decided ------------------------
def verdict_table(rows: Sequence[dict], title: str = "") -> Figure:
    """One line per event: ``{"event": short text, "matched": bool, "why": text}``."""
    fig = new_figure(10, 0.34 * len(rows) + 1.0, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98 - 0.55 / (0.34 * len(rows) + 1.0)))
    ax.set_xlim(0, 10)
    ax.set_ylim(len(rows) + 1.15, 0)
    ax.set_axis_off()
    for x, text in ((0.05, "#"), (0.45, "event"), (5.15, "verdict"), (6.45, "decided by")):
        ax.text(x, 0.45, text, fontsize=FONT["label"], fontweight="bold", va="center")
    for i, row in enumerate(rows, start=1):
        style = YES if row["matched"] else NO
        ax.add_patch(Rectangle((5.05, i + 0.08), 1.25, 0.84, facecolor=tint(style["color"], 0.5)
                               if row["matched"] else "white", hatch=style["hatch"],
                               edgecolor=style["color"], linewidth=0.8))
        ax.text(0.05, i + 0.5, str(i), fontsize=FONT["note"], va="center")
        ax.text(0.45, i + 0.5, _fit(row["event"], 64), fontsize=FONT["note"], va="center",
                family="monospace")
        ax.text(5.67, i + 0.5, style["label"], fontsize=FONT["note"], va="center",
                ha="center", fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
        ax.text(6.45, i + 0.5, _fit(row["why"], 50), fontsize=FONT["note"], va="center",
                family="monospace")
    if title:
        fig.suptitle(title, fontsize=FONT["title"])
    return fig


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


# -- 3. schedules on a calendar ---------------------------------------------------------------
def calendar_figure(times: Sequence[datetime], expression: str, listed: int = 5) -> Figure:
    """Five weeks of calendar from the week of the first firing (Sunday first, as cron
    numbers days), each day with how many times it fires and the first time; the next
    ``listed`` firings are written beside it."""
    fig = new_figure(10, 4.4, layout=None)
    ax = fig.add_axes((0.01, 0.02, 0.7, 0.86))
    side = fig.add_axes((0.73, 0.02, 0.26, 0.86))
    side.set_axis_off()
    ax.set_axis_off()
    fig.suptitle(f"{expression}: next firings (UTC)", fontsize=FONT["title"])
    if not times:
        ax.text(0.5, 0.5, "no firing ahead", ha="center", transform=ax.transAxes)
        return fig
    first = naive_utc(times[0])
    start = (first - timedelta(days=(first.weekday() + 1) % 7)).date()
    per_day: dict = {}
    for t in map(naive_utc, times):
        per_day.setdefault(t.date(), []).append(t)
    ax.set_xlim(0, 7)
    ax.set_ylim(5.5, 0)
    for d, name in enumerate(("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")):
        ax.text(d + 0.5, 0.25, name, ha="center", fontsize=FONT["label"], fontweight="bold")
    for week in range(5):
        for d in range(7):
            day = start + timedelta(days=7 * week + d)
            fired = per_day.get(day, [])
            ax.add_patch(Rectangle((d + 0.03, week + 0.53), 0.94, 0.94,
                                   facecolor=tint(OKABE_ITO["blue"], 0.6) if fired else "white",
                                   edgecolor="#999999", linewidth=0.6))
            label = f"{calendar.month_abbr[day.month]} {day.day}" if day.day == 1 or (
                week == 0 and d == 0) else str(day.day)
            ax.text(d + 0.08, week + 0.62, label, fontsize=FONT["note"], va="top")
            if fired:
                text = (f"{fired[0]:%H:%M}" if len(fired) == 1 else
                        f"{len(fired)}x\nfrom {fired[0]:%H:%M}")
                ax.text(d + 0.5, week + 1.12, text, fontsize=FONT["note"], ha="center",
                        va="center", fontweight="bold")
    shown = [f"{naive_utc(t):%a %Y-%m-%d %H:%M}" for t in times[:listed]]
    side.text(0, 0.98, "Next firings", fontsize=FONT["label"], fontweight="bold", va="top")
    side.text(0, 0.9, "\n".join(shown), fontsize=FONT["note"], va="top",
              family="monospace", linespacing=1.6)
    side.text(0, 0.02, f"{len(times)} firings computed;\ncalendar shows 5 weeks",
              fontsize=FONT["note"], color=GREY, va="bottom")
    return fig


# -- 4. archive and replay ---------------------------------------------------------------------
def replay_timeline(archived: Sequence[datetime], window: tuple[datetime, datetime],
                    replayed: Sequence[datetime] = (), title: str = "") -> Figure:
    """Archived events by event time (inside the window: filled, outside: hollow), the
    replay window shaded, and when replayed copies were delivered."""
    fig = new_figure(10, 3.4)
    ax = fig.add_subplot()
    start, end = map(naive_utc, window)
    ax.axvspan(start, end, facecolor=tint(OKABE_ITO["orange"], 0.7), edgecolor="none",
               label="replay window")
    inside = [naive_utc(t) for t in archived if window[0] <= t < window[1]]
    outside = [naive_utc(t) for t in archived if not window[0] <= t < window[1]]
    ax.plot(inside, [1] * len(inside), "o", color=OKABE_ITO["vermillion"], markersize=6,
            label=f"archived, replayed ({len(inside)})")
    ax.plot(outside, [1] * len(outside), "o", markerfacecolor="white", color=GREY,
            markersize=6, label=f"archived, outside the window ({len(outside)})")
    if replayed:
        again = [naive_utc(t) for t in replayed]
        ax.plot(again, [0] * len(again), "v", color=OKABE_ITO["blue"], markersize=7,
                label=f"delivered again by the replay ({len(again)})")
    ax.set_yticks([0, 1], ["replay\ndeliveries", "archive\n(event time)"])
    ax.set_ylim(-0.6, 1.6)
    style_axes(ax, grid="x")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    label_axes(ax, x="Time (UTC)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2,
              fontsize=FONT["legend"], frameon=False)
    ax.set_title(title or f"Replay window {start:%H:%M}-{end:%H:%M}",
                 fontsize=FONT["title"])
    return fig


# -- 5. schema versions side by side ---------------------------------------------------------
def _fields(schema: dict, prefix: str = "") -> dict:
    """``{"customer.tier": "string", ...}`` from a schema's properties."""
    out = {}
    for name, spec in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        kind = spec.get("type") or "/".join(s.get("type", "?") for s in spec.get("anyOf", []))
        if spec.get("nullable"):
            kind = f"{kind} | null" if kind else "null"
        if kind == "object":
            out.update(_fields(spec, path + "."))
        elif kind == "array":
            items = spec.get("items") or {}
            out[path] = f"array of {items.get('type', 'any')}"
            out.update(_fields(items, path + "[]."))
        else:
            out[path] = kind or "any"
    return out


def schema_versions_table(versions: Sequence[dict], title: str = "") -> Figure:
    """Fields of the ``detail`` in each version (``{"version", "detail"}``), side by side;
    a field added or changed since the previous version is marked."""
    columns = [_fields(v["detail"]) for v in versions]
    paths = sorted({p for c in columns for p in c})
    height = 0.3 * len(paths) + 0.9
    fig = new_figure(2.4 + 2.2 * len(columns), height, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 1 - 0.45 / height))
    ax.set_axis_off()
    cells = []
    colours = []
    for path in paths:
        row, tints = [], []
        for i, column in enumerate(columns):
            value = column.get(path, "—")
            changed = i > 0 and column.get(path) != columns[i - 1].get(path)
            row.append(f"{value}  (new)" if changed and path not in columns[i - 1] else
                       f"{value}  (changed)" if changed else value)
            tints.append(tint(OKABE_ITO["orange"], 0.6) if changed else "white")
        cells.append(row)
        colours.append(tints)
    table = ax.table(cellText=cells, cellColours=colours, rowLabels=paths,
                     colLabels=[f"version {v['version']}" for v in versions],
                     loc="upper center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(FONT["note"])
    table.scale(1, 1.3)
    fig.suptitle(title or "Schema versions: fields of detail", fontsize=FONT["title"])
    return fig


# -- 6. who may put events on which bus --------------------------------------------------------
def policy_heatmap(accounts: Sequence[str], buses: Sequence[str],
                   allowed: dict, title: str = "") -> Figure:
    """``allowed[(account, bus)]`` as a grid: allowed (filled, "allowed") or denied
    (hatched, "denied")."""
    fig = new_figure(2.5 + 1.9 * len(buses), 0.55 * len(accounts) + 1.4)
    ax = fig.add_subplot()
    for i, account in enumerate(accounts):
        for j, bus in enumerate(buses):
            ok = allowed[(account, bus)]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=tint(OKABE_ITO["green"], 0.45)
                                   if ok else "white", hatch="" if ok else "///",
                                   edgecolor=OKABE_ITO["green"] if ok else
                                   OKABE_ITO["vermillion"], linewidth=1))
            ax.text(j + 0.5, i + 0.5, "allowed" if ok else "denied", ha="center",
                    va="center", fontsize=FONT["label"], fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    ax.set_xlim(0, len(buses))
    ax.set_ylim(len(accounts), 0)
    ax.set_xticks([j + 0.5 for j in range(len(buses))], buses, fontsize=FONT["tick"])
    ax.set_yticks([i + 0.5 for i in range(len(accounts))], accounts, fontsize=FONT["tick"])
    ax.tick_params(length=0)
    label_axes(ax, x="Event bus", y="Calling account")
    ax.legend(handles=[Patch(facecolor=tint(OKABE_ITO["green"], 0.45), label="allowed"),
                       Patch(facecolor="white", hatch="///",
                             edgecolor=OKABE_ITO["vermillion"], label="denied")],
              loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2,
              fontsize=FONT["legend"], frameon=False)
    ax.set_title(title or "PutEvents allowed by the bus policies", fontsize=FONT["title"])
    return fig


# -- the big picture -----------------------------------------------------------------------
def eventbridge_diagram() -> Figure:
    """Sources -> event buses (default, custom, partner) -> rules (pattern or schedule)
    -> targets, with the archive, replay and schema discovery beside the bus."""
    from awslab.viz.diagrams import _arrow, _box, _canvas
    fig, ax = _canvas(10, 4.6, 10, 4.6)
    fig.suptitle("EventBridge: sources -> buses -> rules -> targets",
                 fontsize=FONT["title"])
    _box(ax, 0.1, 3.0, 2.2, 1.2, "AWS services", "EC2, CloudWatch,\nCodeBuild, CloudTrail",
         "blue")
    _box(ax, 0.1, 1.6, 2.2, 1.2, "Your apps", "PutEvents\n(also other accounts)", "blue")
    _box(ax, 0.1, 0.2, 2.2, 1.2, "SaaS partners", "Zendesk, Datadog,\nAuth0", "blue")
    _box(ax, 3.0, 3.0, 2.0, 1.2, "default bus", "one per account\nand Region", "orange")
    _box(ax, 3.0, 1.6, 2.0, 1.2, "custom bus", "+ resource policy", "orange")
    _box(ax, 3.0, 0.2, 2.0, 1.2, "partner bus", "named after the\nevent source", "orange")
    _box(ax, 5.7, 1.9, 2.0, 2.3, "rules", "event pattern\n(JSON)\nor schedule\nrate()/cron()\n"
         "(default bus)", "purple")
    _box(ax, 8.3, 1.9, 1.6, 2.3, "targets", "Lambda, SNS,\nSQS, Logs,\nanother bus\n"
         "(+ retries, DLQ)", "green")
    _box(ax, 5.7, 0.2, 4.2, 1.2, "beside the bus", "archive (all or filtered) -> replay\n"
         "schema discovery -> registry -> code bindings", "black")
    for y in (3.6, 2.2, 0.8):
        _arrow(ax, (2.3, y), (3.0, y))
    for y, to in ((3.6, 3.6), (2.2, 2.6), (0.8, 2.1)):
        _arrow(ax, (5.0, y), (5.7, to))
    _arrow(ax, (7.7, 3.05), (8.3, 3.05), "JSON event")
    return fig
