"""Thin ipywidgets explorers: controls -> a pure ``render(**params) -> Figure``.

Widget modules wire controls to services and :mod:`awslab.viz`; they hold no AWS logic.
"""
from awslab.widgets.explorer import explore

__all__ = ["explore"]
