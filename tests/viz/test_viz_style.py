"""Shared chart style: palette, series styles, figures without pyplot, labels, states."""
import subprocess
import sys

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from awslab.viz import style


def test_palette_is_okabe_ito():
    assert style.OKABE_ITO == {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73",
                               "vermillion": "#D55E00", "purple": "#CC79A7",
                               "sky": "#56B4E9", "yellow": "#F0E442", "black": "#000000"}
    assert set(style.PALETTE) <= set(style.OKABE_ITO.values())
    assert style.OKABE_ITO["yellow"] not in style.PALETTE      # too pale for lines


def test_series_differ_without_colour():
    looks = [style.series_style(i) for i in range(28)]
    assert len({(s["color"], s["linestyle"], s["marker"]) for s in looks}) == 28
    assert len({(s["linestyle"], s["marker"]) for s in looks}) == 28
    for a, b in zip(looks, looks[1:]):
        assert a["linestyle"] != b["linestyle"] and a["marker"] != b["marker"]


def test_new_figure_is_not_registered_with_pyplot():
    fig = style.new_figure(6, 3, dpi=80)
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == (6, 3) and fig.dpi == 80
    assert plt.get_fignums() == []


def test_unit_labels():
    assert style.unit_label("CPU utilization", "Percent") == "CPU utilization (%)"
    assert style.unit_label("Network in", "Bytes/Second") == "Network in (bytes/s)"
    assert style.unit_label("Requests", "Count") == "Requests (count)"
    assert style.unit_label("Value", "None") == "Value"
    assert style.unit_label("Widgets", "Furlongs") == "Widgets (Furlongs)"
    fig = style.new_figure()
    ax = fig.add_subplot()
    style.label_axes(ax, x="Time", y="Latency", x_unit=None, y_unit="Milliseconds")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Time", "Latency (ms)")


def test_alarm_states_differ_by_hatch_and_label_too():
    states = style.STATE_STYLES
    assert set(states) == {"OK", "ALARM", "INSUFFICIENT_DATA"}
    assert len({s["hatch"] for s in states.values()}) == 3
    assert len({s["color"] for s in states.values()}) == 3
    kwargs = style.state_patch_kwargs("ALARM")
    assert kwargs["hatch"] == "///" and kwargs["label"] == "ALARM"


def test_usd():
    assert style.usd(1234.5) == "$1,234.50"
    assert style.USD_FORMATTER(0.1, 0) == "$0.10"


def test_importing_awslab_or_its_viz_package_does_not_import_matplotlib():
    code = ("import sys, awslab, awslab.viz; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_viz_package_exports_load_lazily():
    import awslab.viz as viz
    assert viz.new_figure is style.new_figure
    assert "render_dashboard" in dir(viz) and callable(viz.render_cost)
