"""Charts of NB03 (CloudWatch Logs): the filter-pattern playground, retention and storage,
agent metric coverage, the group → stream tree, and the title diagram.

Pure: data in, a :class:`matplotlib.figure.Figure` out. Matches are shown by a mark and a
word as well as colour (green boxes: a part that holds; vermillion hatched boxes: a part
that fails). Introduced in ``03_cloudwatch_logs.ipynb``.
"""
from __future__ import annotations

import textwrap
from functools import lru_cache

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from awslab.viz.diagrams import _arrow, _box, _canvas
from awslab.viz.style import (FONT, GREY, OKABE_ITO, label_axes, new_figure, series_style,
                              style_axes, tint)

STORAGE_USD_PER_GB_MONTH = 0.03
INGEST_USD_PER_GB = 0.50
OK_STYLE = {"facecolor": tint(OKABE_ITO["green"], 0.55), "edgecolor": OKABE_ITO["green"],
            "hatch": ""}
BAD_STYLE = {"facecolor": tint(OKABE_ITO["vermillion"], 0.6),
             "edgecolor": OKABE_ITO["vermillion"], "hatch": "////"}


def logs_diagram() -> Figure:
    """Sources → log group → log streams → events, and what reads a group."""
    fig, ax = _canvas(9.5, 3.6, 10, 4)
    fig.suptitle("CloudWatch Logs: who writes, how it is organised, who reads",
                 fontsize=FONT["title"], fontweight="bold", y=0.98)
    _box(ax, 0.1, 0.3, 2.4, 3.3, "Sources", "Lambda, ECS,\nElastic Beanstalk,\nVPC Flow "
         "Logs,\nAPI Gateway,\nRoute 53, CloudTrail,\nagents on EC2 /\non-premises, SDK",
         "blue")
    _box(ax, 3.2, 0.3, 3.4, 3.3, "Log group", "/aws/lambda/checkout\nretention: never "
         "expire (or 1 day ... 10 years)\nmetric filters, KMS, subscriptions", "orange")
    for i, name in enumerate(("stream 2026/01/05/[$LATEST]a1", "stream i-0abc (file)",
                              "stream eni-0f2-all")):
        ax.text(4.9, 1.08 - i * 0.28, name, parse_math=False, ha="center", va="center", family="monospace",
                fontsize=FONT["note"], bbox={"boxstyle": "round,pad=0.2",
                                             "facecolor": "white", "edgecolor": GREY})
    _box(ax, 7.3, 0.3, 2.6, 3.3, "Readers", "FilterLogEvents,\nLogs Insights,\nmetric "
         "filters → alarms,\nexport to S3,\nsubscriptions →\nKinesis / Firehose /\nLambda",
         "green")
    _arrow(ax, (2.55, 1.95), (3.15, 1.95), "PutLogEvents")
    _arrow(ax, (6.65, 1.95), (7.25, 1.95), "")
    return fig


@lru_cache(maxsize=16)
def _advance(size: float, dpi: float) -> float:
    """The rendered width (points) of one monospace character at ``size`` and ``dpi``
    (measured: hinting rounds glyphs to whole pixels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    probe = Figure(figsize=(10, 1), dpi=dpi)
    FigureCanvasAgg(probe)
    text = probe.text(0, 0, "x" * 100, fontsize=size, family="DejaVu Sans Mono")
    return text.get_window_extent(probe.canvas.get_renderer()).width / 100 * 72 / dpi


def _columns(fig: Figure, share: float, size: float) -> float:
    """How many monospace characters of ``size`` points fit in ``share`` of the width."""
    return fig.get_figwidth() * 72 * share / _advance(size, fig.dpi)


def pattern_playground(pattern: str, messages: list[str], results: list,
                       error: str | None = None, size: float = 8.0) -> Figure:
    """Sample messages with the parts of a filter pattern highlighted.

    Parameters
    ----------
    pattern : str
        The pattern as typed.
    messages : list of str
        Log events (each shown on one line, cut at ``width`` characters).
    results : list of Explanation
        ``compile_pattern(pattern).explain(m)`` for each message (empty on ``error``).
    error : str, optional
        The InvalidParameterException message and detail, when the pattern is invalid.
    size : float
        Font size of the lines (points); longer lines are cut with "…".
    """
    rows = len(messages)
    matched = sum(1 for r in results if r.matched)
    title = textwrap.fill(f"Pattern {pattern!r}: " + (
        "invalid" if error else f"{matched} of {rows} events match"), 110)
    head = 0.55 + 0.2 * title.count("\n")
    fig = new_figure(10, head + 0.35 + 0.52 * rows + 0.2, layout=None)
    top = 1 - (head + 0.35) / fig.get_figheight()
    ax = fig.add_axes((0.01, 0.02, 0.98, top - 0.02))
    columns = _columns(fig, 0.98, size)
    width = int(columns) - 5
    ax.set_xlim(-5, columns - 5)
    ax.set_ylim(rows * 2, -0.6)
    ax.set_axis_off()
    fig.suptitle(title, fontsize=FONT["title"], fontweight="bold", y=0.995, va="top",
                 parse_math=False)
    legend = (textwrap.fill(error, 150) if error else
              "green box: the part holds · hatched red box: the part fails · "
              "✔ matches · ✘ does not")
    fig.text(0.01, 1 - head / fig.get_figheight(), legend, fontsize=FONT["note"],
             color=OKABE_ITO["vermillion"] if error else GREY, va="top", parse_math=False)
    for i, message in enumerate(messages):
        y = i * 2
        shown = message.rstrip("\n").replace("\t", " ")
        cut = shown[:width - 1] + "…" if len(shown) > width else shown
        result = results[i] if results else None
        if result is not None:
            for part in result.parts:
                style = OK_STYLE if part.ok else BAD_STYLE
                for start, end in part.spans:
                    if start >= width:
                        continue
                    ax.add_patch(Rectangle((start, y - 0.45), min(end, width) - start,
                                           0.9, linewidth=0.8, **style))
        mark = "✘" if result is None or not result.matched else "✔"
        ax.text(-4.5, y, mark, fontsize=size + 1, va="center", family="DejaVu Sans",
                parse_math=False,
                color=OKABE_ITO["green"] if mark == "✔" else OKABE_ITO["vermillion"])
        ax.text(0, y, cut, fontsize=size, va="center", family="DejaVu Sans Mono",
                parse_math=False)
        if result is not None:
            why = "matches" if result.matched else result.reason
            notes = [p.note for p in result.parts if _is_condition(p.label)
                     and p.note.startswith(("$", "found", "missing"))]
            extra = ("  ·  " + ", ".join(notes[:4])) if notes else ""
            ax.text(0, y + 0.8, (why + extra)[:150], fontsize=FONT["note"] - 1,
                    va="center", color=GREY, parse_math=False)
    return fig


def _is_condition(label: str) -> bool:
    return any(op in label for op in ("=", "<", ">", " IS ", "EXISTS"))


def retention_storage(daily_gb: float, retentions: list, months: int = 12) -> Figure:
    """Stored GB over ``months`` for each retention (``None``: never expire), with the
    monthly storage bill at the end (storage only; ingestion is the same for all)."""
    fig = new_figure(9, 4.2)
    ax = fig.add_subplot()
    days = list(range(0, months * 30 + 1))
    for i, keep in enumerate(retentions):
        stored = [daily_gb * (d if keep is None else min(d, keep)) for d in days]
        style = series_style(i)
        bill = stored[-1] * STORAGE_USD_PER_GB_MONTH
        label = (f"{'never expire' if keep is None else f'{keep} days'}: "
                 f"{stored[-1]:,.0f} GB, ${bill:,.2f}/month")
        ax.plot([d / 30 for d in days], stored, color=style["color"],
                linestyle=style["linestyle"], marker=style["marker"], markevery=60,
                markersize=4, label=label)
    style_axes(ax)
    label_axes(ax, "Months after the group is created", "Stored log data", y_unit="Gigabytes")
    ax.set_title(f"{daily_gb:g} GB of logs a day: what each retention keeps "
                 f"(storage ${STORAGE_USD_PER_GB_MONTH}/GB-month)", fontsize=FONT["title"])
    ax.legend(fontsize=FONT["legend"], loc="upper left", frameon=False)
    ax.set_xlim(0, months)
    ax.set_ylim(0, None)
    return fig


def agent_coverage(before: dict, after: dict, note: str = "") -> Figure:
    """Grouped bars: metrics per category from EC2 alone vs with the unified agent too
    (``after``: what the agent adds; the bars show EC2's plus the agent's)."""
    fig = new_figure(9, 4)
    ax = fig.add_subplot()
    names = list(after)
    xs = range(len(names))
    for offset, (label, counts, colour, hatch) in enumerate((
            ("EC2 by default (from the hypervisor)", before, "sky", ""),
            ("with the unified CloudWatch agent (inside the OS)",
             {n: before.get(n, 0) + after.get(n, 0) for n in names}, "orange", "//"))):
        values = [counts.get(n, 0) for n in names]
        bars = ax.bar([x + (offset - 0.5) * 0.4 for x in xs], values, width=0.4,
                      color=OKABE_ITO[colour], hatch=hatch, edgecolor="#333333",
                      linewidth=0.5, label=label)
        ax.bar_label(bars, fontsize=FONT["note"], padding=1)
    ax.set_xticks(list(xs), names)
    style_axes(ax)
    label_axes(ax, "Category", "Metrics available", y_unit="Count")
    ax.set_title("What the agent adds: memory, disk space, swap, processes, netstat",
                 fontsize=FONT["title"])
    ax.legend(fontsize=FONT["legend"], frameon=False)
    if note:
        fig.supxlabel(note, fontsize=FONT["note"], color=GREY)
    return fig


def group_tree(tree: list[tuple[str, list[tuple[str, int]]]], max_streams: int = 3
               ) -> Figure:
    """Log groups and their streams with event counts (an indented bar chart)."""
    rows = []
    for group, streams in tree:
        rows.append((group, sum(n for _, n in streams), True))
        shown = sorted(streams, key=lambda s: -s[1])[:max_streams]
        rows += [("  └ " + name, n, False) for name, n in shown]
        if len(streams) > max_streams:
            rows.append((f"  └ … {len(streams) - max_streams} more streams",
                         sum(n for _, n in streams[max_streams:]), False))
    fig = new_figure(9.5, 0.8 + 0.28 * len(rows))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))
    colours = [OKABE_ITO["orange"] if is_group else OKABE_ITO["sky"]
               for _, _, is_group in rows]
    bars = ax.barh(ys, [n for _, n, _ in rows], color=colours, edgecolor="#333333",
                   linewidth=0.4, hatch=None)
    for bar, (_, n, is_group) in zip(bars, rows):
        if is_group:
            bar.set_hatch("//")
    ax.bar_label(bars, labels=[f"{n:,}" for _, n, _ in rows], fontsize=FONT["note"],
                 padding=2)
    ax.set_yticks(ys, [name for name, _, _ in rows], fontsize=FONT["tick"],
                  family="DejaVu Sans Mono")
    for tick, (_, _, is_group) in zip(ax.get_yticklabels(), rows):
        tick.set_fontweight("bold" if is_group else "normal")
    ax.invert_yaxis()
    style_axes(ax, grid="x")
    label_axes(ax, "Events stored", None, x_unit="Count")
    ax.set_xlim(0, max([n for _, n, _ in rows] + [1]) * 1.15)
    ax.set_title("Log groups (hatched, total) and their streams", fontsize=FONT["title"])
    return fig


def source_card(name: str, group: str, stream: str, how: str, lines: list[str]) -> Figure:
    """Where one AWS service writes its logs, how it is set up, and a few lines."""
    fig = new_figure(10, 2.6, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(0, 0.95, f"{name} writes to", fontsize=FONT["title"], fontweight="bold",
            va="top")
    rows = (("log group", group), ("log stream", stream), ("set up by", how))
    for i, (key, value) in enumerate(rows):
        ax.text(0.0, 0.78 - i * 0.12, key, fontsize=FONT["label"], color=GREY, va="top")
        ax.text(0.12, 0.78 - i * 0.12, value, fontsize=FONT["label"], va="top",
                family="DejaVu Sans Mono" if i < 2 else None, parse_math=False)
    for i, line in enumerate(lines):
        shown = line.rstrip("\n").replace("\t", " ")
        shown = shown[:118] + "…" if len(shown) > 119 else shown
        ax.text(0.0, 0.36 - i * 0.09, shown, fontsize=7, va="top",
                family="DejaVu Sans Mono", parse_math=False,
                bbox={"facecolor": tint(OKABE_ITO["blue"], 0.92), "edgecolor": "none",
                      "pad": 1.5})
    return fig
