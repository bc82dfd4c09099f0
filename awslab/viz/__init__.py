"""Pure chart functions: data in, a :class:`matplotlib.figure.Figure` out.

Nothing here touches pyplot's global state or ``rcParams``; importing ``awslab`` does not
import this package (or matplotlib). The names below load their module on first use.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "render_dashboard": "awslab.viz.dashboard",
    "lab_fetcher": "awslab.viz.dashboard",
    "render_cost": "awslab.viz.cost",
    "new_figure": "awslab.viz.style",
    "series_style": "awslab.viz.style",
    "unit_label": "awslab.viz.style",
    "OKABE_ITO": "awslab.viz.style",
    "STATE_STYLES": "awslab.viz.style",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'awslab.viz' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
