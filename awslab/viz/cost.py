"""Monthly CloudWatch cost bars: standard vs high resolution, labelled in USD.

Draws the line items of :func:`awslab.services.cloudwatch.pricing.monthly_cost`.
Resolution is shown by colour *and* hatch, and every bar carries its dollar value.
Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

from typing import Mapping

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from awslab.viz.style import (FONT, OKABE_ITO, USD_FORMATTER, new_figure, style_axes,
                              usd)

RESOLUTION_STYLE = {
    "standard": {"facecolor": OKABE_ITO["blue"], "hatch": "",
                 "label": "Standard resolution (60 s)"},
    "high": {"facecolor": OKABE_ITO["vermillion"], "hatch": "///",
             "label": "High resolution (1 s metrics, 10-30 s alarms)"},
    None: {"facecolor": "#BBBBBB", "hatch": "..", "label": "Not resolution-specific"},
}


def render_cost(items: Mapping[str, Mapping], title: str | None = None,
                hide_zero: bool = False) -> Figure:
    """Horizontal bars of monthly cost per line item.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    items : dict
        Line items as :func:`~awslab.services.cloudwatch.pricing.monthly_cost` returns
        them (each with ``label``, ``usd``, ``group``, ``resolution``, ``billable``,
        ``unit``); a ``"total"`` entry is shown in the title, not as a bar.
    title : str, optional
        Replaces the default title.
    hide_zero : bool
        Leave out items that cost nothing.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from awslab.services.cloudwatch.pricing import PRICES_CHECKED

    rows = [(k, i) for k, i in items.items()
            if k != "total" and not (hide_zero and not i["usd"])]
    total = items["total"]["usd"] if "total" in items else sum(i["usd"] for _, i in rows)
    fig = new_figure(8.5, 1.6 + 0.42 * max(1, len(rows)))
    ax = fig.add_subplot()
    style_axes(ax, grid="x")
    ypos = list(range(len(rows)))[::-1]
    top = max([i["usd"] for _, i in rows] + [1.0])
    for y, (_, item) in zip(ypos, rows):
        style = RESOLUTION_STYLE.get(item.get("resolution"), RESOLUTION_STYLE[None])
        ax.barh(y, item["usd"], height=0.62, facecolor=style["facecolor"],
                hatch=style["hatch"], edgecolor="#333333", linewidth=0.6)
        ax.text(item["usd"] + top * 0.01, y, usd(item["usd"]), va="center", ha="left",
                fontsize=FONT["label"], fontweight="bold")
    ax.set_yticks(ypos, [_row_label(i) for _, i in rows], fontsize=FONT["label"])
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_major_formatter(USD_FORMATTER)
    ax.set_xlabel("Monthly cost (USD)", fontsize=FONT["label"])
    fig.suptitle(title or f"Estimated CloudWatch bill: {usd(total)} per month",
                 x=0.01, ha="left", fontsize=FONT["title"] + 1, fontweight="bold")
    ax.set_title(f"Illustrative US East prices checked {PRICES_CHECKED}, monthly free "
                 "tier applied. Not a quote.", loc="left", fontsize=FONT["note"],
                 color="#555555")
    shown = {i.get("resolution") for _, i in rows}
    handles = [Patch(facecolor=s["facecolor"], hatch=s["hatch"], edgecolor="#333333",
                     label=s["label"]) for r, s in RESOLUTION_STYLE.items() if r in shown]
    ax.legend(handles=handles, loc="lower right", fontsize=FONT["legend"], frameon=True)
    return fig


def _row_label(item: Mapping) -> str:
    """Two-line tick label: the item, then what is billed."""
    billable, unit = item.get("billable"), item.get("unit")
    if billable is None or not unit:
        return item["label"]
    free = f", {item['free']:,.0f} free" if item.get("free") else ""
    return f"{item['label']}\n{billable:,.0f} billable {unit}{free}"
