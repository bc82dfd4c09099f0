"""Capstone charts (NB10): one incident through three lenses on a shared time axis, the
capability matrix (service x question), and the question sorter's verdicts.

Pure functions: plain data in, :class:`matplotlib.figure.Figure` out. Introduced in
``10_which_service.ipynb``.
"""
from __future__ import annotations

from datetime import datetime

import numpy as np
from matplotlib.figure import Figure

from awslab.viz.style import (FONT, GREY, OKABE_ITO, PALETTE, label_axes, naive_utc,
                              new_figure, style_axes, tint)

SERVICES = ("CloudWatch", "CloudTrail", "Config")
SERVICE_COLOURS = {"CloudWatch": OKABE_ITO["blue"], "CloudTrail": OKABE_ITO["purple"],
                   "Config": OKABE_ITO["green"]}
COMPLIANCE = {"COMPLIANT": (OKABE_ITO["green"], ""), "NON_COMPLIANT":
              (OKABE_ITO["vermillion"], "///")}


def three_panes(metrics: dict, calls: list[tuple], changes: list[tuple],
                compliance: list[tuple], *, cursor: datetime | None = None,
                title: str = "One incident, three lenses") -> Figure:
    """Three stacked panes sharing the time axis.

    ``metrics``: ``{"times", "error_pct", "connections", "tls_errors"}`` (CloudWatch);
    ``calls``: ``(time, who, eventName, write)`` (CloudTrail); ``changes``:
    ``(time, resource label, what)`` (Config items); ``compliance``: ``(start, end,
    resource label, COMPLIANT|NON_COMPLIANT)``. ``cursor`` draws a line through all three.
    """
    fig = new_figure(10.0, 7.2)
    axes = fig.subplots(3, 1, sharex=True, height_ratios=(1.3, 1.0, 1.0))
    x = [naive_utc(t) for t in metrics["times"]]
    ax = axes[0]
    ax.plot(x, metrics["error_pct"], color=OKABE_ITO["vermillion"], linewidth=1.6,
            label="5xx errors (% of requests)")
    ax.set_ylim(0, 135)
    ax.set_yticks(range(0, 101, 20))
    label_axes(ax, None, "5xx (% of requests)")
    twin = ax.twinx()
    twin.plot(x, metrics["connections"], color=OKABE_ITO["blue"], linestyle="--",
              linewidth=1.2, label="active connections")
    twin.plot(x, metrics["tls_errors"], color=OKABE_ITO["orange"], linestyle=":",
              linewidth=1.6, label="TLS negotiation errors")
    twin.set_ylim(0, max(list(metrics["connections"]) + list(metrics["tls_errors"]) + [1])
                  * 1.35)
    twin.set_ylabel("per minute (count)", fontsize=FONT["label"])
    twin.tick_params(labelsize=FONT["tick"])
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], fontsize=FONT["legend"],
              frameon=False, loc="upper left", ncols=3)
    ax.set_title("CloudWatch: what happened (ALB metrics)", fontsize=FONT["label"] + 1,
                 loc="left")
    style_axes(ax)
    ax = axes[1]
    people = sorted({c[1] for c in calls})
    for lane, person in enumerate(people):
        mine = [c for c in calls if c[1] == person]
        for t, _, name, write in mine:
            ax.scatter([naive_utc(t)], [lane], s=40 if write else 18, zorder=3,
                       color=PALETTE[lane % len(PALETTE)], marker="D" if write else "o")
            if write:
                ax.annotate(name, (naive_utc(t), lane), xytext=(5, 6),
                            textcoords="offset points", fontsize=FONT["note"])
    ax.set_yticks(range(len(people)), people, fontsize=FONT["label"])
    ax.set_ylim(-0.7, max(len(people), 1) - 0.3)
    ax.set_title("CloudTrail: who called what (diamond = write call)",
                 fontsize=FONT["label"] + 1, loc="left")
    style_axes(ax, grid="x")
    ax = axes[2]
    resources = sorted({c[1] for c in changes} | {c[2] for c in compliance})
    row = {r: i for i, r in enumerate(resources)}
    for start, end, resource, state in compliance:
        colour, hatch = COMPLIANCE.get(state, ("#BBBBBB", ".."))
        ax.barh(row[resource], (naive_utc(end) - naive_utc(start)).total_seconds() / 86400,
                left=naive_utc(start), height=0.5, color=tint(colour, 0.5), hatch=hatch,
                edgecolor=colour, linewidth=0.6)
        ax.text(naive_utc(start), row[resource] + 0.3, f" {state}", fontsize=FONT["note"],
                va="bottom", color=colour)
    for t, resource, what in changes:
        ax.scatter([naive_utc(t)], [row[resource]], marker="s", s=44, color="#333333",
                   zorder=3)
        ax.annotate(what, (naive_utc(t), row[resource]), xytext=(5, -12),
                    textcoords="offset points", fontsize=FONT["note"])
    ax.set_yticks(range(len(resources)), resources, fontsize=FONT["label"])
    ax.set_ylim(-0.7, max(len(resources), 1) - 0.1)
    ax.set_title("Config: what changed (squares) and compliance (bars)",
                 fontsize=FONT["label"] + 1, loc="left")
    style_axes(ax, grid="x")
    label_axes(ax, "time (UTC)")
    if cursor is not None:
        for a in axes:
            a.axvline(naive_utc(cursor), color="#333333", linewidth=1.2, linestyle="-.")
    fig.suptitle(title, fontsize=FONT["title"] + 1, x=0.01, ha="left")
    fig.autofmt_xdate()
    return fig


def capability_matrix(questions: list[str], scores: dict,
                      title: str = "Which service answers which question?") -> Figure:
    """A heatmap: one row per question type, one column per service; ``scores[(q, s)]``
    is 0 (no), 1 (partly) or 2 (the right tool), written in each cell too."""
    words = {0: "no", 1: "partly", 2: "yes"}
    grid = np.array([[scores.get((q, s), 0) for s in SERVICES] for q in questions])
    fig = new_figure(8.0, 0.9 + 0.42 * len(questions))
    ax = fig.add_subplot()
    from matplotlib.colors import ListedColormap
    cmap = ListedColormap(["#F2F2F2", tint(OKABE_ITO["sky"], 0.4), OKABE_ITO["blue"]])
    ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto")
    for i in range(len(questions)):
        for j in range(len(SERVICES)):
            v = int(grid[i, j])
            ax.text(j, i, words[v], ha="center", va="center", fontsize=FONT["label"],
                    color="white" if v == 2 else "#333333",
                    fontweight="bold" if v == 2 else None)
    ax.set_xticks(range(len(SERVICES)), SERVICES, fontsize=FONT["label"])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(questions)), questions, fontsize=FONT["label"])
    ax.tick_params(length=0)
    ax.set_title(title, fontsize=FONT["title"], loc="left", pad=24)
    return fig


def sorter_verdicts(cards: list[str], chosen: list[str | None], truth: list[str],
                    title: str = "Your sorting") -> Figure:
    """Each requirement card with the service chosen for it: a tick or a cross, and the
    right service where the choice was wrong."""
    fig = new_figure(10.0, 0.8 + 0.34 * len(cards))
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(len(cards), -0.8)
    right = sum(c == t for c, t in zip(chosen, truth))
    for i, (card, pick, answer) in enumerate(zip(cards, chosen, truth)):
        good = pick == answer
        colour = SERVICE_COLOURS.get(pick or "", GREY)
        ax.text(0.0, i, "✓" if good else "✗", fontsize=FONT["label"] + 1, va="center",
                color=OKABE_ITO["green"] if good else OKABE_ITO["vermillion"],
                fontweight="bold")
        ax.text(0.03, i, card, fontsize=FONT["label"], va="center")
        ax.text(0.78, i, pick or "(not sorted)", fontsize=FONT["label"], va="center",
                color=colour, fontweight="bold")
        if not good:
            ax.text(0.9, i, f"→ {answer}", fontsize=FONT["label"], va="center",
                    color=SERVICE_COLOURS[answer])
    ax.set_title(f"{title}: {right} of {len(cards)} right", fontsize=FONT["title"],
                 loc="left")
    return fig
