"""AWS Config charts: compliance over time, a resource's timeline, remediation attempts,
and what Config costs. Pure: data in, a Figure out.

Compliance states get a colour, a hatch and a text label, so they read in print and for
colour-blind readers. Introduced in ``09_config.ipynb``.
"""
from __future__ import annotations

from datetime import datetime

from matplotlib.dates import DateFormatter
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from awslab.viz.style import (FONT, GREY, OKABE_ITO, USD_FORMATTER, label_axes, naive_utc,
                              new_figure, style_axes)

COMPLIANCE_STYLES = {
    "COMPLIANT": {"color": OKABE_ITO["green"], "hatch": "", "label": "COMPLIANT"},
    "NON_COMPLIANT": {"color": OKABE_ITO["vermillion"], "hatch": "///",
                      "label": "NON_COMPLIANT"},
    "NOT_APPLICABLE": {"color": "#DDDDDD", "hatch": "..", "label": "NOT_APPLICABLE"},
    "INSUFFICIENT_DATA": {"color": "#BBBBBB", "hatch": "xx", "label": "INSUFFICIENT_DATA"},
}


def _patch(kind: str) -> dict:
    s = COMPLIANCE_STYLES[kind]
    return {"facecolor": s["color"], "hatch": s["hatch"], "edgecolor": "#333333",
            "linewidth": 0.5}


def _legend(ax, kinds) -> None:
    handles = [Patch(**_patch(k), label=COMPLIANCE_STYLES[k]["label"]) for k in kinds]
    ax.legend(handles=handles, fontsize=FONT["legend"], loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False)


def _time_axis(ax, start, end, fmt: str = "%H:%M") -> None:
    ax.set_xlim(naive_utc(start), naive_utc(end))
    ax.xaxis.set_major_formatter(DateFormatter(fmt))
    label_axes(ax, x="Time (UTC)")


def compliance_heatmap(lanes: dict, start: datetime, end: datetime,
                       title: str = "Compliance over time") -> "Figure":
    """Resources (rows) x time: each row's compliance as coloured, hatched segments.

    ``lanes``: ``{label: [(time, compliance), ...]}`` oldest first (each state lasts
    until the next one, the last until ``end``).
    """
    fig = new_figure(9.0, 0.9 + 0.45 * max(len(lanes), 1))
    ax = fig.add_subplot()
    seen = []
    for row, (label, changes) in enumerate(lanes.items()):
        for i, (t, kind) in enumerate(changes):
            stop = changes[i + 1][0] if i + 1 < len(changes) else end
            left, right = naive_utc(max(t, start)), naive_utc(min(stop, end))
            if right <= left:
                continue
            ax.barh(row, right - left, left=left, height=0.6, **_patch(kind))
            seen.append(kind)
    ax.set_yticks(range(len(lanes)), list(lanes), fontsize=FONT["tick"])
    ax.invert_yaxis()
    _time_axis(ax, start, end)
    style_axes(ax, grid="x")
    ax.set_title(title, fontsize=FONT["title"])
    _legend(ax, [k for k in COMPLIANCE_STYLES if k in seen])
    return fig


LANES = ("api", "configuration", "compliance")
LANE_NAMES = {"api": "API calls (CloudTrail)", "configuration": "Configuration items",
              "compliance": "Compliance"}


def resource_timeline(rows: list[dict], start: datetime, end: datetime,
                      title: str = "Resource timeline") -> "Figure":
    """The Config resource view: API calls, configuration items and compliance changes of
    one resource on three lanes (rows from :func:`awslab.services.config.timeline`).

    API calls are named (slanted, above their marker); configuration items are marked by
    status and compliance results by their colour and hatch, both explained in the legend.
    """
    fig = new_figure(9.0, 4.4)
    ax = fig.add_subplot()
    item_marks = {"ResourceDiscovered": ("*", "created (ResourceDiscovered)"),
                  "OK": ("o", "changed (OK)"), "ResourceDeleted": ("X", "deleted")}
    handles, seen = [], set()
    for r in rows:
        x = naive_utc(r["time"])
        if r["kind"] == "api":
            ax.scatter([x], [0], s=50, marker="v", color=OKABE_ITO["blue"], zorder=3)
            ax.annotate(r["event"], (x, 0), xytext=(0, 7), textcoords="offset points",
                        rotation=70, fontsize=FONT["note"] - 1)
            key, handle = "api", Line2D([], [], marker="v", linestyle="",
                                        color=OKABE_ITO["blue"], label="API call")
        elif r["kind"] == "configuration":
            marker, label = item_marks.get(r["status"], ("o", r["status"]))
            ax.scatter([x], [1], s=90, marker=marker, color=OKABE_ITO["orange"],
                       edgecolor="#333333", linewidth=0.5, zorder=3)
            key, handle = r["status"], Line2D([], [], marker=marker, linestyle="",
                                              color=OKABE_ITO["orange"], label=label)
        else:
            ax.scatter([x], [2], s=110, marker="s", zorder=3,
                       **{k: v for k, v in _patch(r["compliance"]).items()
                          if k != "facecolor"}, color=COMPLIANCE_STYLES[
                               r["compliance"]]["color"])
            key = r["compliance"]
            handle = Patch(**_patch(key), label=COMPLIANCE_STYLES[key]["label"])
        if key not in seen:
            seen.add(key)
            handles.append(handle)
    ax.set_yticks(range(len(LANES)), [LANE_NAMES[k] for k in LANES], fontsize=FONT["tick"])
    ax.set_ylim(len(LANES) - 0.4, -2.6)
    ax.spines["left"].set_bounds(-0.4, len(LANES) - 0.4)
    _time_axis(ax, start - (end - start) * 0.03, end)
    style_axes(ax, grid="x")
    ax.set_title(title, fontsize=FONT["title"])
    ax.legend(handles=handles, fontsize=FONT["legend"], loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def remediation_timeline(attempts: list, start: datetime, end: datetime, *,
                         window_seconds: int, max_attempts: int,
                         exception_at: datetime | None = None,
                         title: str = "Remediation attempts") -> "Figure":
    """Attempts of one remediation (``(time, succeeded)``) with the retry window shaded
    and the moment Config gave up (the remediation exception) marked."""
    fig = new_figure(9.0, 2.8)
    ax = fig.add_subplot()
    if attempts:
        first = naive_utc(attempts[0][0])
        from datetime import timedelta
        ax.axvspan(first, first + timedelta(seconds=window_seconds), color="#E4E4E4",
                   label=f"RetryAttemptSeconds window ({window_seconds} s)")
    for n, (t, good) in enumerate(attempts, 1):
        ax.scatter([naive_utc(t)], [0], s=120, marker="o" if good else "X",
                   color=OKABE_ITO["green"] if good else OKABE_ITO["vermillion"], zorder=3)
        ax.annotate(f"#{n} {'succeeded' if good else 'failed'}", (naive_utc(t), 0),
                    xytext=(0, 12 if n % 2 else -16), textcoords="offset points",
                    ha="center", fontsize=FONT["note"])
    if exception_at is not None:
        ax.axvline(naive_utc(exception_at), color=GREY, linestyle="--",
                   label="remediation exception: Config stops retrying")
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    _time_axis(ax, start, end, "%H:%M:%S")
    style_axes(ax, grid="x")
    ax.set_title(f"{title} (MaximumAutomaticAttempts {max_attempts})",
                 fontsize=FONT["title"])
    ax.legend(fontsize=FONT["legend"], loc="lower right", frameon=False)
    return fig


def cost_bars(scenarios: dict, title: str = "What AWS Config costs") -> "Figure":
    """Stacked bars per scenario: configuration items and rule evaluations, in USD.

    ``scenarios``: ``{name: cost dict}`` as :func:`awslab.services.config.cost` returns.
    """
    fig = new_figure(8.0, 3.6)
    ax = fig.add_subplot()
    names = list(scenarios)
    items = [scenarios[n]["items_usd"] for n in names]
    evals = [scenarios[n]["evaluations_usd"] for n in names]
    ax.bar(names, items, color=OKABE_ITO["blue"], label="Configuration items")
    ax.bar(names, evals, bottom=items, color=OKABE_ITO["orange"], hatch="//",
           edgecolor="#333333", linewidth=0.5, label="Rule evaluations")
    for i, n in enumerate(names):
        ax.annotate(f"${scenarios[n]['total_usd']:,.2f}", (i, items[i] + evals[i]),
                    xytext=(0, 3), textcoords="offset points", ha="center",
                    fontsize=FONT["note"])
    ax.yaxis.set_major_formatter(USD_FORMATTER)
    label_axes(ax, y="Cost per month (USD)")
    style_axes(ax)
    ax.tick_params(axis="x", labelsize=FONT["tick"])
    ax.set_title(title, fontsize=FONT["title"])
    ax.legend(fontsize=FONT["legend"], frameon=False)
    return fig


def rule_results_figure(rows: list[tuple], title: str) -> "Figure":
    """One managed rule over the recorded resources: a bar per resource with its result
    and annotation (``rows``: ``(resource, compliance, annotation)``)."""
    fig = new_figure(9.0, 0.9 + 0.42 * max(len(rows), 1))
    ax = fig.add_subplot()
    for i, (name, kind, note) in enumerate(rows):
        ax.barh(i, 1, **_patch(kind))
        ax.text(1.03, i, f"{kind}" + (f": {note}" if note else ""), va="center",
                fontsize=FONT["note"])
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=FONT["tick"])
    ax.invert_yaxis()
    ax.set_xlim(0, 4)
    ax.set_xticks([])
    style_axes(ax, grid="")
    ax.spines["bottom"].set_visible(False)
    ax.set_title(title, fontsize=FONT["title"])
    if not rows:
        ax.text(0.5, 0.5, "No recorded resource is in this rule's scope", ha="center",
                transform=ax.transAxes, fontsize=FONT["note"])
    return fig
