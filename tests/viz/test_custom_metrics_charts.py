"""The NB02 charts: pure renders return labelled, deterministic Figures."""
import io
from datetime import datetime, timedelta, timezone

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from awslab.viz import custom_metrics as cm

UTC = timezone.utc
T0 = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a render left a pyplot figure open"


def latency(seconds=600):
    values = 40 + np.random.default_rng(7).normal(0, 3, seconds)
    values[400:410] += 150
    return pd.Series(values, pd.date_range(T0, periods=seconds, freq="s", tz="UTC"))


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def data_axes(fig):
    """Axes that draw data (not the diagram's blank canvas)."""
    return [ax for ax in fig.axes if ax.axison]


def has_legend(fig) -> bool:
    return bool(fig.legends) or any(ax.get_legend() for ax in fig.axes)


def title_text(fig) -> str:
    parts = [fig._suptitle.get_text() if fig._suptitle else ""]
    parts += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")]
    return " ".join(parts)


def counts_table():
    counts = {(1, p): 600 // p for p in cm.PERIODS}
    counts.update({(60, p): 10 if p <= 60 else 2 for p in cm.PERIODS})
    return counts


def skewed(offset, points=12):
    now = T0 + timedelta(hours=1)
    sent = [now - timedelta(minutes=5 * (points - 1 - i)) for i in range(points)]
    stamped = [t + offset for t in sent]
    accepted = [now - timedelta(weeks=2) <= t <= now + timedelta(hours=2)
                for t in stamped]
    return now, sent, stamped, accepted


RENDERS = {
    "pipeline": lambda: cm.render_pipeline(),
    "resolution": lambda: cm.render_resolution(
        latency(), latency().resample("60s").mean(), latency().resample("60s").max()),
    "query": lambda: cm.render_query(latency().resample("10s").mean(), counts_table(),
                                     1, 10),
    "query-empty": lambda: cm.render_query(latency().iloc[:0], counts_table(), 1, 10,
                                           "4 hours after publishing"),
    "acceptance-ahead": lambda: cm.render_acceptance(
        *skewed(timedelta(hours=2, minutes=30)), "+2 h 30 min"),
    "acceptance-behind": lambda: cm.render_acceptance(
        *skewed(timedelta(days=-14, minutes=30)), "−14 d + 30 min"),
}


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_render_returns_a_figure_not_known_to_pyplot(name):
    fig = RENDERS[name]()
    assert isinstance(fig, Figure)
    assert fig.canvas.manager is None        # never registered with pyplot


@pytest.mark.parametrize("name", sorted(set(RENDERS) - {"pipeline"}))
def test_charts_have_labelled_axes_a_legend_and_a_title(name):
    fig = RENDERS[name]()
    axes = data_axes(fig)
    assert axes
    for ax in axes:
        assert ax.get_xlabel(), f"{name}: an axis has no x label"
        assert ax.get_ylabel() or ax.get_yticklabels(), f"{name}: no y label"
    assert has_legend(fig) or name == "query-empty"
    assert title_text(fig).strip()


def test_time_series_axes_name_their_units():
    fig = RENDERS["resolution"]()
    ax = data_axes(fig)[0]
    assert ax.get_ylabel() == "Checkout latency (ms)"
    assert ax.get_xlabel() == "Time (UTC)"


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_renders_are_deterministic(name):
    assert png(RENDERS[name]()) == png(RENDERS[name]())


def test_pipeline_diagram_names_the_steps():
    fig = cm.render_pipeline()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for word in ("PutMetricData", "Metric store", "Dashboards", "Alarms", "CWAgent",
                 "StorageResolution 1 or 60", "30 dimensions", "1,000 datums"):
        assert word in texts


def test_resolution_legend_counts_points_and_notes_the_hidden_peak():
    fig = RENDERS["resolution"]()
    labels = [t.get_text() for t in data_axes(fig)[0].get_legend().get_texts()]
    assert labels[0].startswith("StorageResolution=1") and "600 points" in labels[0]
    assert any("1-min Average (10 points)" in label for label in labels)
    assert any("1-min Maximum" in label for label in labels)
    notes = " ".join(t.get_text() for t in data_axes(fig)[0].texts)
    assert "peak" in notes and "only" in notes


def test_resolution_styles_differ_by_line_style_not_only_colour():
    ax = data_axes(RENDERS["resolution"]())[0]
    styles = {(line.get_color(), line.get_linestyle()) for line in ax.get_lines()
              if line.get_label() and not line.get_label().startswith("_")}
    assert len({s for _, s in styles}) == len(styles) == 3


def test_query_table_marks_empty_combinations_with_text_and_hatch():
    counts = counts_table()
    counts[(1, 10)] = 0
    fig = cm.render_query(latency().iloc[:0], counts, 1, 10, "4 hours after publishing")
    table = fig.axes[1]
    texts = [t.get_text() for t in table.texts]
    assert texts.count("none") == 1 and "600" in texts
    hatched = [p for p in table.patches if p.get_hatch()]
    assert len(hatched) == 1
    main = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "No datapoints returned" in main
    assert "0 datapoints" in fig.axes[0].get_title("left")


def test_query_highlights_the_selected_combination():
    fig = cm.render_query(latency().resample("60s").mean(), counts_table(), 60, 60)
    outlined = [p for p in fig.axes[1].patches if not p.get_fill()]
    assert len(outlined) == 1
    assert outlined[0].get_xy() == (cm.PERIODS.index(60), cm.RESOLUTIONS.index(60))


@pytest.mark.parametrize("offset, n_ok", [
    (timedelta(hours=2, minutes=30), 6), (timedelta(days=-20), 0), (timedelta(0), 12),
    (timedelta(days=-14, minutes=30), 7)])
def test_acceptance_counts_and_marks_states_by_shape(offset, n_ok):
    now, sent, stamped, accepted = skewed(offset)
    assert sum(accepted) == n_ok
    fig = cm.render_acceptance(now, sent, stamped, accepted, "x")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"accepted ({n_ok})" in labels and f"rejected ({12 - n_ok})" in labels
    assert f"{n_ok} of 12 datapoints accepted" in fig._suptitle.get_text()
    assert cm.ACCEPTED["marker"] != cm.REJECTED["marker"]
    assert cm.ACCEPTED["color"] != cm.REJECTED["color"]


def test_acceptance_zooms_on_the_edge_the_timestamps_are_near():
    fig = RENDERS["acceptance-behind"]()
    zoom = fig.axes[1]
    assert zoom.get_title("left") == "Zoom on the two-week limit (hours)"
    lo, hi = zoom.get_xlim()
    assert lo < -14 * 24 < hi
    fig = RENDERS["acceptance-ahead"]()
    assert fig.axes[1].get_title("left").startswith("Zoom on now")


def test_acceptance_says_where_offscreen_points_are():
    fig = cm.render_acceptance(*skewed(timedelta(days=-20)), "−20 d")
    notes = " ".join(t.get_text() for t in fig.axes[1].texts)
    assert "12 timestamps further left" in notes


@pytest.mark.parametrize("hours, text", [(0, "now"), (2, "+2 h"), (-3, "−3 h"),
                                         (-336, "−14 d"), (-338, "−14 d 2 h"),
                                         (-334, "−13 d 22 h")])
def test_hours_text(hours, text):
    assert cm._hours_text(hours) == text


def test_no_rcparams_written():
    before = dict(matplotlib.rcParams)
    for render in RENDERS.values():
        render()
    assert dict(matplotlib.rcParams) == before
