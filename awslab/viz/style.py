"""The look every awslab chart shares: palette, series styles, figures, labels, states.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); each
series also gets its own line style and marker, and alarm states their own hatch and
label, so nothing is told by colour alone. Figures are plain
:class:`matplotlib.figure.Figure` objects: no pyplot state, no ``rcParams`` writes.
Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

from datetime import timezone

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

# Okabe & Ito (2008), "Color Universal Design"; ordered for lines on white.
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73",
             "vermillion": "#D55E00", "purple": "#CC79A7", "sky": "#56B4E9",
             "yellow": "#F0E442", "black": "#000000"}
PALETTE = tuple(OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple",
                                       "sky", "black"))
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
GREY = "#6E6E6E"
FONT = {"title": 11, "label": 9, "tick": 8, "legend": 8, "note": 8}

# Alarm states: colour, hatch and a text label, so print and colour-blind readers agree.
STATE_STYLES = {
    "OK": {"color": OKABE_ITO["green"], "hatch": "", "label": "OK"},
    "ALARM": {"color": OKABE_ITO["vermillion"], "hatch": "///", "label": "ALARM"},
    "INSUFFICIENT_DATA": {"color": "#BBBBBB", "hatch": "...",
                          "label": "INSUFFICIENT_DATA"},
}

# CloudWatch StandardUnit -> the short form used on axes.
UNIT_SYMBOLS = {
    "Percent": "%", "Seconds": "s", "Milliseconds": "ms", "Microseconds": "µs",
    "Bytes": "bytes", "Kilobytes": "KB", "Megabytes": "MB", "Gigabytes": "GB",
    "Terabytes": "TB", "Bits": "bits", "Kilobits": "kbit", "Megabits": "Mbit",
    "Gigabits": "Gbit", "Terabits": "Tbit", "Count": "count", "Bytes/Second": "bytes/s",
    "Kilobytes/Second": "KB/s", "Megabytes/Second": "MB/s", "Gigabytes/Second": "GB/s",
    "Bits/Second": "bit/s", "Kilobits/Second": "kbit/s", "Megabits/Second": "Mbit/s",
    "Count/Second": "count/s", "None": "", "USD": "USD",
}


def series_style(i: int) -> dict:
    """Colour, line style and marker of the ``i``-th series (no two of the first 28 series
    look alike, and neighbours differ in all three).

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    return {"color": PALETTE[i % len(PALETTE)],
            "linestyle": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


def new_figure(width: float = 8.0, height: float = 4.5, dpi: int = 100,
               layout: str | None = "constrained") -> Figure:
    """A fresh :class:`~matplotlib.figure.Figure`, white, not registered with pyplot.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    width, height : float
        Size in inches.
    dpi : int
        Resolution used when the figure is shown or saved as PNG.
    layout : str or None
        Matplotlib layout engine (``"constrained"`` keeps labels from being clipped).

    Returns
    -------
    matplotlib.figure.Figure
    """
    return Figure(figsize=(width, height), dpi=dpi, layout=layout, facecolor="white")


def style_axes(ax, grid: str = "y") -> None:
    """Quiet axes: light grid, no top/right spines, readable tick labels."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if grid:
        ax.grid(True, axis=grid, color="#DDDDDD", linewidth=0.7)
        ax.set_axisbelow(True)
    ax.tick_params(labelsize=FONT["tick"])


def unit_label(quantity: str, unit: str | None = None) -> str:
    """``"CPU utilization (%)"`` from a quantity and a CloudWatch unit.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    symbol = UNIT_SYMBOLS.get(unit, unit) if unit else ""
    if not symbol or quantity.endswith(f"({symbol})"):    # already labelled with it
        return quantity
    return f"{quantity} ({symbol})"


def label_axes(ax, x: str | None = None, y: str | None = None, x_unit: str | None = None,
               y_unit: str | None = None) -> None:
    """Label both axes with their quantity and unit (see :func:`unit_label`)."""
    if x is not None:
        ax.set_xlabel(unit_label(x, x_unit), fontsize=FONT["label"])
    if y is not None:
        ax.set_ylabel(unit_label(y, y_unit), fontsize=FONT["label"])


def usd(value: float) -> str:
    """``$1,234.56``."""
    return f"${value:,.2f}"


USD_FORMATTER = FuncFormatter(lambda v, _pos: usd(v))


def state_patch_kwargs(state: str) -> dict:
    """``bar``/``axvspan`` keyword arguments drawing an alarm state (colour + hatch)."""
    s = STATE_STYLES[state]
    return {"facecolor": s["color"], "hatch": s["hatch"], "edgecolor": "#333333",
            "linewidth": 0.5, "label": s["label"]}


def tint(hex_colour: str, amount: float = 0.86) -> tuple:
    """``hex_colour`` mixed with white: a light fill behind dark text."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c + (1 - c) * amount for c in rgb)


def naive_utc(t):
    """A UTC datetime, Timestamp or DatetimeIndex without tzinfo, as matplotlib's date
    axis plots it."""
    if hasattr(t, "tz_localize"):
        return t.tz_convert("UTC").tz_localize(None) if t.tz is not None else t
    if hasattr(t, "to_pydatetime"):
        t = t.to_pydatetime()
    return t.astimezone(timezone.utc).replace(tzinfo=None) if t.tzinfo else t
