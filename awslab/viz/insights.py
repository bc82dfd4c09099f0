"""Charts of NB04: metric filters over time, Logs Insights results as tables and charts.

Pure functions: data in (a Logs Insights :class:`~awslab.services.logs.insights.Result`,
per-minute counts), a :class:`matplotlib.figure.Figure` out. :func:`draw_result` is also
how the offline dashboard renderer draws a ``log`` widget. Introduced in
``04_metric_filters_and_insights.ipynb``.
"""
from __future__ import annotations

import textwrap
from datetime import datetime
from typing import Mapping, Sequence

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from awslab.viz.diagrams import _arrow, _box, _canvas
from awslab.viz.style import (FONT, GREY, OKABE_ITO, PALETTE, new_figure, series_style,
                              style_axes, tint)

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def insights_diagram() -> Figure:
    """Two ways to get answers from log events: a metric filter turns new matching events
    into a metric (and an alarm), a Logs Insights query reads what is stored.

    Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    fig, ax = _canvas(11.0, 4.6, 13.2, 5.6)
    events = _box(ax, 0.1, 1.9, 2.5, 1.8, "Log group", "events arrive\n(PutLogEvents,\n"
                  "agents, services)", "blue")
    mf = _box(ax, 3.3, 3.2, 2.6, 1.9, "Metric filter", "filter pattern\n+ value per match"
              "\nnew events only", "orange")
    metric = _box(ax, 6.6, 3.2, 2.4, 1.9, "Metric", "one datapoint\nper minute\n"
                  "(default value\nwhen no match)", "green")
    alarm = _box(ax, 9.7, 3.2, 3.3, 1.9, "Alarm -> SNS", "ERROR > 5 per minute\n-> email, "
                 "Lambda,\nAuto Scaling", "vermillion")
    query = _box(ax, 3.3, 0.3, 2.6, 1.9, "Logs Insights", "fields | filter |\nstats by "
                 "bin(5m)\nany stored event", "purple")
    out = _box(ax, 6.6, 0.3, 6.4, 1.9, "Results", "a table (<= 10,000 rows), a chart, a\n"
               "dashboard log widget; history included", "sky")
    _arrow(ax, (events[0] + events[2], 3.3), (mf[0], 4.1), "at ingestion",
           text_offset=(-0.75, 0.05))
    _arrow(ax, (mf[0] + mf[2], 4.15), (metric[0], 4.15))
    _arrow(ax, (metric[0] + metric[2], 4.15), (alarm[0], 4.15))
    _arrow(ax, (events[0] + events[2], 2.3), (query[0], 1.25), "on demand",
           text_offset=(-0.7, -0.3))
    _arrow(ax, (query[0] + query[2], 1.25), (out[0], 1.25))
    fig.suptitle("Metric filters watch new events; Insights queries stored ones",
                 fontsize=FONT["title"] + 1, fontweight="bold")
    return fig


# -- Insights results -------------------------------------------------------------------------
def _as_time(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, TIME_FORMAT)
    except (TypeError, ValueError):
        return None


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def chart_kind(fields: Sequence[str], rows: Sequence[Mapping],
               groups: Sequence[str] = ()) -> str | None:
    """How a result can be drawn: ``"time"`` (a time bin and numbers), ``"stacked"`` (a
    time bin, one more ``by`` field and a number), ``"bars"`` (a label and a number) or
    None. ``groups``: the ``stats ... by`` fields, when known."""
    if not rows or len(fields) < 2 or not _all_numeric(rows, fields[-1]):
        return None
    if all(_as_time(r.get(fields[0])) for r in rows if r.get(fields[0]) is not None):
        stacked = len(groups) == 2 if groups else (
            len(fields) == 3 and not _all_numeric(rows, fields[1]))
        return "stacked" if stacked else "time"
    return "bars"


def _all_numeric(rows, field: str) -> bool:
    return all(_number(r.get(field)) is not None for r in rows if r.get(field) is not None)


def draw_table(ax, fields: Sequence[str], rows: Sequence[Mapping], max_rows: int = 12,
               width: int = 120) -> None:
    """The first ``max_rows`` rows as a table (long values shortened)."""
    ax.set_axis_off()
    if not rows:
        ax.text(0.5, 0.5, "No results", ha="center", va="center", color=GREY,
                fontsize=FONT["label"], transform=ax.transAxes)
        return
    per_column = max(8, width // max(1, len(fields)))
    cells = [[textwrap.shorten(str(r.get(f, "")), per_column, placeholder="…")
              for f in fields] for r in rows[:max_rows]]
    table = ax.table(cellText=cells, colLabels=list(fields), loc="upper left",
                     cellLoc="left", colLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(FONT["tick"])
    table.scale(1, 1.25)
    for (row, _), cell in table.get_celld().items():
        cell.set_edgecolor("#CCCCCC")
        if row == 0:
            cell.set_facecolor(tint(OKABE_ITO["blue"]))
            cell.set_text_props(fontweight="bold")
    if len(rows) > max_rows:
        ax.text(0.0, 0.0, f"... {len(rows) - max_rows} more rows", transform=ax.transAxes,
                fontsize=FONT["note"], color=GREY, va="top")


def draw_chart(ax, fields: Sequence[str], rows: Sequence[Mapping], *,
               groups: Sequence[str] = (), highlight: str | None = None,
               y_label: str | None = None) -> bool:
    """Draw a result as Insights' visualization tab would; False when it cannot."""
    kind = chart_kind(fields, rows, groups)
    if kind is None:
        return False
    style_axes(ax)
    value = fields[-1]
    if kind == "bars":
        label = fields[0]
        value = next(f for f in fields[1:] if _all_numeric(rows, f))
        shown = [r for r in rows if r.get(value) is not None][:15][::-1]
        names = [str(r.get(label, "(none)")) for r in shown]
        colours = [OKABE_ITO["vermillion"] if n == highlight else OKABE_ITO["blue"]
                   for n in names]
        bars = ax.barh(names, [float(r[value]) for r in shown], color=colours)
        for bar, name in zip(bars, names):
            if name == highlight:
                bar.set_hatch("///")
        ax.set_xlabel(y_label or value, fontsize=FONT["label"])
        ax.set_ylabel(label, fontsize=FONT["label"])
        ax.tick_params(labelsize=FONT["tick"])
        return True
    times = sorted({_as_time(r[fields[0]]) for r in rows if r.get(fields[0])})
    width = min(b - a for a, b in zip(times, times[1:])).total_seconds() / 86400 * 0.9 \
        if len(times) > 1 else 0.002
    if kind == "stacked":
        category = groups[1] if len(groups) == 2 else fields[1]
        kinds = sorted({str(r.get(category, "(none)")) for r in rows})
        bottom = {t: 0.0 for t in times}
        for i, g in enumerate(kinds):
            ys = {t: 0.0 for t in times}
            for r in rows:
                if str(r.get(category, "(none)")) == g:
                    ys[_as_time(r[fields[0]])] += float(r[value])
            # hatches tell categories apart in print; on many thin bars they are
            # unreadable (and slow to draw), so colours and the legend do it alone
            hatch = ("", "//", "..", "xx", "\\\\")[i % 5] if len(times) <= 24 else ""
            ax.bar(times, [ys[t] for t in times], width=width,
                   bottom=[bottom[t] for t in times], color=PALETTE[i % len(PALETTE)],
                   hatch=hatch, edgecolor="white", label=f"{category} {g}")
            for t in times:
                bottom[t] += ys[t]
        ax.legend(fontsize=FONT["legend"], loc="upper left", bbox_to_anchor=(1.0, 1.0))
    elif len(numeric := [f for f in fields[1:] if _all_numeric(rows, f)]) == 1:
        pts = sorted((_as_time(r[fields[0]]), float(r[value])) for r in rows
                     if r.get(value) is not None and r.get(fields[0]))
        ax.bar([p[0] for p in pts], [p[1] for p in pts], width=width,
               color=OKABE_ITO["blue"], label=value)
        ax.legend(fontsize=FONT["legend"], loc="upper left")
    else:
        for i, column in enumerate(numeric):
            pts = sorted((_as_time(r[fields[0]]), float(r[column])) for r in rows
                         if r.get(column) is not None and r.get(fields[0]))
            ax.plot([p[0] for p in pts], [p[1] for p in pts], label=column,
                    **series_style(i), markersize=3, linewidth=1.5)
        ax.legend(fontsize=FONT["legend"], loc="upper left")
    ax.set_xlabel(f"{fields[0]} (UTC)", fontsize=FONT["label"])
    ax.set_ylabel(y_label or value, fontsize=FONT["label"])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.tick_params(labelsize=FONT["tick"])
    return True


def draw_result(ax, result, view: str = "table", title: str | None = None) -> None:
    """A dashboard ``log`` widget: its result as a table, or as a chart for the
    ``timeSeries``/``bar`` views when the result can be drawn."""
    charted = view in ("timeSeries", "bar", "stackedArea", "pie") and draw_chart(
        ax, result.fields, result.rows, groups=result.groups)
    if not charted:
        draw_table(ax, result.fields, result.rows, max_rows=8)
    if title:
        ax.set_title(title, loc="left", fontsize=FONT["title"])


def result_figure(result, *, query: str = "", title: str | None = None,
                  highlight: str | None = None, max_rows: int = 10) -> Figure:
    """A query's result: statistics, a table of the first rows and, when it can be drawn,
    a chart (time bins as series or stacked bars, labels as bars).

    Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    fields, rows = result.fields, result.rows
    drawable = chart_kind(fields, rows, result.groups) is not None
    fig = new_figure(11.0, 7.4 if drawable else 4.4)
    grid = fig.add_gridspec(2 if drawable else 1, 1, height_ratios=[1.1, 1] if drawable
                            else [1])
    head = (f"{len(rows)} rows · {result.records_matched:,} of "
            f"{result.records_scanned:,} records matched · "
            f"{result.bytes_scanned / 1024:,.1f} KB scanned")
    draw_table(fig.add_subplot(grid[0]), fields, rows, max_rows=max_rows)
    if drawable:
        draw_chart(fig.add_subplot(grid[1]), fields, rows, groups=result.groups,
                   highlight=highlight)
    fig.suptitle(title or textwrap.shorten(query, 110, placeholder=" …") or "Query result",
                 fontsize=FONT["title"], fontweight="bold", family="monospace"
                 if not title else None)
    fig.text(0.01, 0.005, head, fontsize=FONT["note"], color=GREY)
    return fig


def error_figure(code: str, message: str, query: str) -> Figure:
    """What the console shows for a query that does not compile."""
    fig = new_figure(11.0, 2.2)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.0, 0.95, query, family="monospace", fontsize=FONT["label"], va="top",
            transform=ax.transAxes)
    ax.text(0.0, 0.45, f"{code}:\n" + textwrap.fill(message, 110),
            color=OKABE_ITO["vermillion"], fontsize=FONT["label"], va="top",
            transform=ax.transAxes)
    return fig


# -- metric filters ---------------------------------------------------------------------------
def metric_filter_figure(minutes: Sequence[datetime], matches: Sequence[int],
                         published: Mapping[datetime, float], created: datetime, *,
                         title: str, unit_label: str = "matching events per minute"
                         ) -> Figure:
    """What a metric filter publishes against what the log group holds: outlined bars for
    every matching event (what Insights would count), filled bars for the metric, and the
    time before the filter existed shaded.

    Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    fig = new_figure(10.5, 4.0)
    ax = fig.add_subplot()
    style_axes(ax)
    width = (minutes[1] - minutes[0]).total_seconds() / 86400 * 0.85 \
        if len(minutes) > 1 else 0.0005
    ax.bar(minutes, matches, width=width, facecolor="none",
           edgecolor=GREY, linewidth=0.8, label="matching events in the log group")
    pub_times = sorted(published) or minutes[:1]
    ax.bar(pub_times, [published.get(t, 0) for t in pub_times], width=width,
           color=OKABE_ITO["orange"], hatch="///", edgecolor="white",
           label="metric published by the filter")
    left = minutes[0] if minutes else created
    ax.axvspan(left, created, color="#DDDDDD", zorder=0)
    ax.axvline(created, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.4)
    top = max([*matches, *published.values(), 1])
    ax.text(created, top * 1.02, " filter created", color=OKABE_ITO["vermillion"],
            fontsize=FONT["note"], va="bottom")
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel(unit_label, fontsize=FONT["label"])
    ax.set_xlabel("time (UTC)", fontsize=FONT["label"])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.tick_params(labelsize=FONT["tick"])
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="#DDDDDD", label="before the filter existed: nothing"))
    ax.legend(handles=handles, fontsize=FONT["legend"], loc="upper left")
    ax.set_title(title, loc="left", fontsize=FONT["title"])
    return fig
