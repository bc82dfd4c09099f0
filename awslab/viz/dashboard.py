"""Draw a CloudWatch dashboard body as one figure on the console's 24-column grid.

Metric widgets become time series (or single values), text widgets text boxes, log widgets
their Logs Insights query's table or chart (when ``fetch.logs_query`` exists); other
widget types are drawn as labelled placeholders. Data come from a ``fetch`` function
passed in, so this module never reads lab state: :func:`lab_fetcher` builds one from a
:class:`~awslab.Lab`. Metric-math expression rows are listed, not evaluated.
Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

import re
import textwrap
from datetime import datetime, timezone
from typing import Callable, Mapping

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from awslab.errors import AwsError, AwslabError
from awslab.services.cloudwatch.dashboards import (
    DashboardBody, ExpressionRow, MetricRow, Widget, parse_body, time_range, tz_offset)
from awslab.viz.style import (FONT, GREY, OKABE_ITO, new_figure, series_style, style_axes,
                              unit_label)

HOME_ACCOUNT, HOME_REGION = "123456789012", "us-east-1"
AUTO_PERIODS = (60, 300, 900, 3600, 21600, 86400)
# Units of common metrics, for axis labels when the data carry none.
KNOWN_UNITS = {"CPUUtilization": "Percent", "MemoryUtilization": "Percent",
               "DiskSpaceUtilization": "Percent", "NetworkIn": "Bytes",
               "NetworkOut": "Bytes", "Latency": "Seconds", "TargetResponseTime": "Seconds",
               "Duration": "Milliseconds", "RequestCount": "Count", "Invocations": "Count",
               "Errors": "Count", "Throttles": "Count",
               "HTTPCode_Target_5XX_Count": "Count",
               "ApproximateNumberOfMessagesVisible": "Count"}

Fetch = Callable[..., "object"]


def lab_fetcher(lab) -> Fetch:
    """A ``fetch`` for :func:`render_dashboard` that reads ``lab``'s metric store.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    lab : awslab.Lab

    Returns
    -------
    callable
        ``fetch(namespace, metric_name, dimensions, stat, period, start, end, region,
        account_id) -> pandas.Series``; its ``now()`` gives the lab's clock.
    """
    def fetch(namespace, metric_name, dimensions, stat, period, start, end, region,
              account_id):
        from awslab.services.cloudwatch import series
        return series(lab, namespace, metric_name, dimensions=dimensions, stat=stat,
                      period=period, start=start, end=end, region=region,
                      account_id=account_id)
    fetch.now = lambda: lab.now

    def logs(query, region, account_id, start, end):
        from awslab.services.logs.operations.queries import logs_query
        return logs_query(lab, query, start, end, account=account_id, region=region)
    fetch.logs_query = logs
    return fetch


def render_dashboard(body: str | Mapping | DashboardBody, fetch: Fetch, *,
                     now: datetime | None = None, name: str | None = None,
                     home_account: str = HOME_ACCOUNT, home_region: str = HOME_REGION,
                     width: float = 14.0, row_height: float = 0.5) -> Figure:
    """Draw a dashboard body as one figure.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    body : str, dict or DashboardBody
        The ``DashboardBody`` (validated as PutDashboard validates it).
    fetch : callable
        ``fetch(namespace, metric_name, dimensions, stat, period, start, end, region,
        account_id) -> pandas.Series`` of floats indexed by aware UTC timestamps.
    now : datetime, optional
        The time relative ranges (``"-PT3H"``) end at; defaults to ``fetch.now()``.
    name : str, optional
        The dashboard's name, for the figure title.
    home_account, home_region : str
        Where the dashboard lives; widgets reading elsewhere get a badge.
    width, row_height : float
        Figure width and the height of one grid row, in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    dash = body if isinstance(body, DashboardBody) else parse_body(body)
    now = now or (fetch.now() if callable(getattr(fetch, "now", None)) else None)
    if now is None:
        raise AwslabError("render_dashboard needs now=... (or a fetch with a now())")
    start, end = time_range(dash, now.astimezone(timezone.utc))
    # time zone: a metric widget's own "timezone" property (AWS), else the body's
    zones = {w.properties.get("timezone") for w in dash.widgets if w.type == "metric"}
    tz = tz_offset(dash.timezone or (zones.pop() if len(zones) == 1 else None))
    boxes = layout(dash.widgets)
    rows = max((y + h for _, y, _, h in boxes), default=6)
    fig = new_figure(width, rows * row_height + 0.9)
    grid = fig.add_gridspec(rows, 24)
    ctx = {"fetch": fetch, "start": start, "end": end, "tz": tz, "dash": dash,
           "column_in": width / 24,
           "home": (home_account, home_region)}
    for widget, (x, y, w, h) in zip(dash.widgets, boxes):
        ax = fig.add_subplot(grid[y:y + h, x:x + w])
        own = widget.properties.get("timezone")
        wctx = {**ctx, "tz": tz_offset(own)} if own else ctx
        {"metric": _metric, "text": _text, "log": _log}.get(widget.type, _placeholder)(
            ax, widget, wctx)
    when = f"{_local(start, tz):%Y-%m-%d %H:%M} to {_local(end, tz):%Y-%m-%d %H:%M}"
    fig.suptitle(f"{name or 'CloudWatch dashboard'}: {when} ({_tz_name(tz)})",
                 fontsize=FONT["title"] + 1, fontweight="bold")
    return fig


def layout(widgets) -> list[tuple[int, int, int, int]]:
    """``(x, y, width, height)`` per widget on the 24-column grid.

    Widgets without ``x``/``y`` flow left to right and wrap onto a new row; a widget that
    overlaps one placed before it moves down below it, as the console reflows them.
    """
    placed, cx, cy, row_h = [], 0, 0, 0
    for w in widgets:
        x, y = (cx if w.x is None else w.x), w.y
        if y is None:
            y = cy
            if w.x is None and x + w.width > 24:
                x, y = 0, cy + row_h
        width = min(w.width, 24 - x)
        while hits := [b for b in placed if x < b[0] + b[2] and b[0] < x + width
                       and y < b[1] + b[3] and b[1] < y + w.height]:
            y = max(b[1] + b[3] for b in hits)
        row_h = max(row_h, w.height) if y == cy else w.height
        cx, cy = x + width, y
        placed.append((x, y, width, w.height))
    return placed


def _local(t: datetime, tz: timezone) -> datetime:
    return t.astimezone(tz)


def _tz_name(tz: timezone) -> str:
    name = tz.tzname(None)
    return "UTC" if name in ("UTC", "UTC+00:00") else name


def _auto_period(start: datetime, end: datetime) -> int:
    span = (end - start).total_seconds()
    return next((p for p in AUTO_PERIODS if span / p <= 200), AUTO_PERIODS[-1])


def _resolve(row: MetricRow, widget: Widget, ctx: dict) -> dict:
    """Stat, period, region and account of one row (row options beat widget defaults)."""
    o = row.options
    if ctx["dash"].period_override == "auto":
        auto = _auto_period(ctx["start"], ctx["end"])
        period = max(o.period or widget.period or 60, auto)
    else:
        period = o.period or widget.period or 300
    return {"stat": o.stat or widget.stat or "Average", "period": period,
            "region": o.region or widget.region or ctx["home"][1],
            "account_id": o.account_id or widget.account_id or ctx["home"][0]}


def _fetch(row: MetricRow, where: dict, ctx: dict):
    try:
        s = ctx["fetch"](row.namespace, row.metric_name, row.dims, where["stat"],
                         where["period"], ctx["start"], ctx["end"], where["region"],
                         where["account_id"])
    except AwsError:
        return None
    return s if s is not None and len(s) else None


def _row_label(row: MetricRow, where: dict, widget: Widget) -> str:
    if row.options.label:
        return row.options.label
    label = " ".join([row.metric_name, *row.dims.values()])
    if row.options.region and row.options.region != widget.region:
        label += f" ({where['region']})"
    if row.options.account_id and row.options.account_id != widget.account_id:
        label += f" (acct {where['account_id']})"
    return label


def _metric(ax, widget: Widget, ctx: dict) -> None:
    rows = [r for r in widget.metrics if isinstance(r, MetricRow) and r.options.visible]
    drawn, elsewhere, units = [], set(), set()
    for row in rows:
        where = _resolve(row, widget, ctx)
        if (where["account_id"], where["region"]) != ctx["home"]:
            elsewhere.add((where["account_id"], where["region"]))
        s = _fetch(row, where, ctx)
        units.add((s.attrs.get("unit") if s is not None else None)
                  or KNOWN_UNITS.get(row.metric_name))
        drawn.append((row, where, s))
    first = drawn[0][1] if drawn else {"stat": widget.stat or "Average",
                                       "period": widget.period or 300}
    title = widget.title or (", ".join(dict.fromkeys(r.metric_name for r in rows))
                             or "Metric widget")
    ax.set_title(f"{title}\n{first['stat']}, {_period_text(first['period'])}",
                 loc="left", fontsize=FONT["title"], linespacing=1.3)
    _badge(ax, elsewhere, ctx["home"])
    if widget.view == "singleValue":
        return _single_values(ax, widget, drawn, units)
    if widget.view in ("bar", "pie", "gauge"):
        return _latest_bars(ax, widget, drawn, units)
    style_axes(ax)
    for i, (row, where, s) in enumerate(drawn):
        if s is None:
            continue
        x = s.index.tz_convert(ctx["tz"]).tz_localize(None)
        ax.plot(x, s.to_numpy(dtype=float), label=_row_label(row, where, widget),
                markersize=3.5, markevery=max(1, len(s) // 10), linewidth=1.6,
                **series_style(i))
    _finish_axes(ax, widget, drawn, units, ctx)


def _finish_axes(ax, widget: Widget, drawn: list, units: set, ctx: dict) -> None:
    left = (widget.properties.get("yAxis") or {}).get("left") or {}
    unit = next(iter(units)) if len(units) == 1 else None
    names = {row.metric_name for row, _, _ in drawn}
    quantity = left.get("label") or (next(iter(names)) if len(names) == 1 else "Value")
    ax.set_ylabel(unit_label(quantity, unit), fontsize=FONT["label"])
    ax.set_ylim(left.get("min"), left.get("max"))
    if all(s is None for _, _, s in drawn):
        ax.set_ylim(0, 1)
        ax.text(0.5, 0.5, "No data available.", transform=ax.transAxes, ha="center",
                va="center", color=GREY, fontsize=FONT["label"])
    ax.set_xlim(_local(ctx["start"], ctx["tz"]).replace(tzinfo=None),
                _local(ctx["end"], ctx["tz"]).replace(tzinfo=None))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.set_xlabel(f"Time ({_tz_name(ctx['tz'])})", fontsize=FONT["label"])
    if any(s is not None for _, _, s in drawn):
        ax.legend(fontsize=FONT["legend"], loc="upper left", bbox_to_anchor=(0, -0.26),
                  ncols=min(3, len(drawn)), frameon=False, borderaxespad=0)
    notes = [f"{r.options.id or 'expression'}: {r.expression} (not evaluated)"
             for r in widget.metrics if isinstance(r, ExpressionRow)]
    if notes:
        ax.text(1.0, 1.01, "\n".join(notes), transform=ax.transAxes, ha="right",
                va="bottom", fontsize=FONT["note"], color=GREY)


def _single_values(ax, widget: Widget, drawn: list, units: set) -> None:
    ax.set_axis_off()
    n = max(1, len(drawn))
    for i, (row, where, s) in enumerate(drawn):
        unit = s.attrs.get("unit") if s is not None else None
        unit = unit or KNOWN_UNITS.get(row.metric_name)
        has = s is not None and s.notna().any()
        value = f"{s.dropna().iloc[-1]:,.4g}" if has else "—"
        cx = (i + 0.5) / n
        ax.text(cx, 0.55, f"{value} {unit_label('', unit).strip(' ()')}".strip(),
                transform=ax.transAxes, ha="center", va="center",
                fontsize=FONT["title"] + 10, color=series_style(i)["color"])
        ax.text(cx, 0.25, _row_label(row, where, widget), transform=ax.transAxes,
                ha="center", va="center", fontsize=FONT["label"], wrap=True)


def _latest_bars(ax, widget: Widget, drawn: list, units: set) -> None:
    """Bar, pie and gauge views: the latest value of each metric as a labelled bar."""
    style_axes(ax, grid="x")
    latest = [s.dropna().iloc[-1] if s is not None and s.notna().any() else 0.0
              for _, _, s in drawn]
    for i, value in enumerate(latest):
        look = series_style(i)
        ax.barh(i, value, color=look["color"], hatch=("", "//", "..", "xx")[i % 4],
                edgecolor="#333333")
        ax.text(value, i, f" {value:,.4g}", va="center", fontsize=FONT["label"])
    ax.set_yticks(range(len(drawn)), [_row_label(r, w, widget) for r, w, _ in drawn],
                  fontsize=FONT["tick"])
    ax.invert_yaxis()
    unit = next(iter(units)) if len(units) == 1 else None
    note = "" if widget.view == "bar" else f"; {widget.view} view drawn as bars"
    ax.set_xlabel(unit_label("Latest value", unit) + note, fontsize=FONT["label"])


def _badge(ax, elsewhere: set, home: tuple) -> None:
    """A corner badge naming the accounts/regions a widget reads besides the home ones."""
    if not elsewhere:
        return
    parts = sorted((f"acct {a} · " if a != home[0] else "") + r for a, r in elsewhere)
    ax.text(1.0, 1.04, "  |  ".join(parts), transform=ax.transAxes, ha="right",
            va="bottom", fontsize=FONT["note"], color="white", fontweight="bold",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": OKABE_ITO["blue"],
                  "edgecolor": "none"})


def _period_text(period: int) -> str:
    if period % 3600 == 0:
        return f"{period // 3600} h period"
    return f"{period // 60} min period" if period % 60 == 0 else f"{period} s period"


_MD = [(re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"), (re.compile(r"(\*\*|__|`)"), ""),
       (re.compile(r"^\s*[*+-]\s+"), "• ")]


def markdown_lines(markdown: str) -> list[tuple[str, int]]:
    """Markdown as ``(plain text, heading level)`` lines (0 for body text)."""
    out = []
    for line in markdown.splitlines():
        level = len(line) - len(line.lstrip("#")) if line.startswith("#") else 0
        text = line.lstrip("#").strip() if level else line
        for pattern, repl in _MD:
            text = pattern.sub(repl, text)
        out.append((text, min(level, 3)))
    return out


def _text(ax, widget: Widget, ctx: dict) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#CCCCCC")
    offset, columns = 6.0, widget.width * ctx["column_in"] * 72
    for text, level in markdown_lines(widget.properties.get("markdown", "")):
        size = FONT["label"] + (6 - 2 * level if level else 0)
        text = "\n".join(textwrap.wrap(text, max(10, int(columns / (0.6 * size))))) or " "
        ax.annotate(text, (0.02, 1.0), xycoords="axes fraction", xytext=(0, -offset),
                    textcoords="offset points", va="top", ha="left", fontsize=size,
                    fontweight="bold" if level else "normal", annotation_clip=False)
        offset += size * 1.45 * (text.count("\n") + 1)
    if widget.title:
        ax.set_title(widget.title, loc="left", fontsize=FONT["title"])


def _log(ax, widget: Widget, ctx: dict) -> None:
    """A log widget: its Logs Insights query run over the dashboard's time range (when
    ``fetch`` can run queries: ``fetch.logs_query``), as a table or a chart."""
    run = getattr(ctx["fetch"], "logs_query", None)
    if run is None:
        return _placeholder(ax, widget, ctx)
    from awslab.viz.insights import draw_result
    try:
        result = run(widget.properties.get("query", ""),
                     widget.region or ctx["home"][1], widget.account_id or ctx["home"][0],
                     ctx["start"], ctx["end"])
    except AwsError as err:
        ax.set_axis_off()
        ax.text(0, 0.5, f"{err.code}: {err.message}", transform=ax.transAxes,
                fontsize=FONT["note"], color=GREY, wrap=True)
        return None
    draw_result(ax, result, widget.properties.get("view", "table"),
                widget.title or "Logs Insights")


def _placeholder(ax, widget: Widget, ctx: dict) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(widget.title or f"{widget.type} widget", loc="left",
                 fontsize=FONT["title"])
    ax.text(0.5, 0.5, f"{widget.type} widget\n(not drawn by the offline renderer)",
            transform=ax.transAxes, ha="center", va="center", color=GREY,
            fontsize=FONT["label"])
