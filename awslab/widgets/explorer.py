"""One way to show every explorer: live controls in JupyterLab, a static figure in handouts."""
from __future__ import annotations

import io
from typing import Callable


def as_png(figure):
    """A figure as a displayable PNG, drawn once (no tight-bbox second pass)."""
    from IPython.display import Image
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi,
                   pil_kwargs={"compress_level": 1})      # fast: redraws must feel live
    return Image(data=buffer.getvalue(), format="png")


def explore(render: Callable, interactive: bool = True, **controls) -> None:
    """Show ``render(**values)`` driven by ipywidgets ``controls``.

    Parameters
    ----------
    render : callable
        A pure function of the controls' values returning a matplotlib ``Figure``.
    interactive : bool
        True in JupyterLab: show the controls and redraw on every change. False for
        handouts (papermill): show the figure for the controls' default values only.
    **controls : ipywidgets.ValueWidget
        One widget per parameter of ``render``; its initial ``value`` is the default.

    The explorer is displayed; nothing is returned, so a cell ending with the call shows
    it once. Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    from IPython.display import clear_output, display

    if not interactive:
        display(as_png(render(**{name: c.value for name, c in controls.items()})))
        return None
    import ipywidgets as w

    out = w.Output()

    def redraw(**values):
        with out:
            clear_output(wait=True)
            display(as_png(render(**values)))

    w.interactive_output(redraw, controls)
    box = w.VBox([w.HBox(list(controls.values()),
                         layout=w.Layout(flex_flow="row wrap")), out])
    display(box)
    return None


def make_controls(**specs) -> dict:
    """ipywidgets controls from ``name=("IntSlider", {kwargs})`` specs, labels unclipped."""
    import ipywidgets as w
    return {name: getattr(w, kind)(style={"description_width": "initial"}, **kwargs)
            for name, (kind, kwargs) in specs.items()}
