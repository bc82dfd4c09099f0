"""The NB01 charts and title diagrams: pure renders return labelled, deterministic
Figures and leave no pyplot state behind."""
import io
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from awslab.viz import diagrams
from awslab.viz import metrics as mv
from awslab.workloads import Spike

UTC = timezone.utc
T0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
SPIKE = Spike(T0 + timedelta(minutes=12), 3, 70.0)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a render left a pyplot figure open"


def true_cpu(minutes=30):
    values = 15 + np.random.default_rng(1).normal(0, 2, minutes)
    values[12:15] += 70
    return pd.Series(values, pd.date_range(T0, periods=minutes, freq="min", tz="UTC"))


def five_minute(series, how="mean"):
    return series.groupby(series.index.floor("5min")).agg(how)


def stored(true):
    return [mv.Stored("basic (Average)", five_minute(true), 300, "basic"),
            mv.Stored("detailed (Average)", true, 60, "detailed")]


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def data_axes(fig):
    return [ax for ax in fig.axes if ax.axison]


def legend_texts(ax):
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


METRICS = (
    [{"Namespace": "AWS/EC2", "MetricName": "CPUUtilization",
      "Dimensions": [{"Name": "InstanceId", "Value": f"i-0{n}"}]} for n in range(3)]
    + [{"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": []},
       {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization",
        "Dimensions": [{"Name": "InstanceType", "Value": "t3.micro"}]}]
    + [{"Namespace": "AWS/EC2", "MetricName": f"Metric{k}",
        "Dimensions": [{"Name": "InstanceId", "Value": "i-00"}]} for k in range(6)]
    + [{"Namespace": "PetShop", "MetricName": "Orders",
        "Dimensions": [{"Name": "Environment", "Value": env}]} for env in ("prod", "dev")]
    + [{"Namespace": "CWAgent", "MetricName": "disk_used_percent", "Dimensions": [
        {"Name": n, "Value": "x"} for n in ("ImageId", "InstanceId", "InstanceType",
                                              "device", "fstype", "path")]}])


RENDERS = {
    "resolution": lambda: mv.resolution_figure(
        [mv.Panel("basic", true_cpu(), stored(true_cpu())[:1]),
         mv.Panel("detailed", true_cpu(), stored(true_cpu())[1:])],
        spike=SPIKE, threshold=70, title="two panels"),
    "reaction": lambda: mv.reaction_figure({"basic": None, "detailed": 1.0},
                                           threshold=70, spike_minutes=3),
    "spike": lambda: mv.spike_figure(true_cpu(), stored(true_cpu()),
                                     {"basic": 5.0, "detailed": 1.0}, spike=SPIKE,
                                     threshold=70),
    "tree": lambda: mv.metric_tree_figure(METRICS, featured=("CPUUtilization",)),
    "streams": lambda: mv.stream_list_figure(METRICS[:5], request="cw.list_metrics()"),
    "lab diagram": diagrams.lab_diagram,
    "anatomy diagram": diagrams.metric_anatomy_diagram,
}


@pytest.mark.parametrize("name", RENDERS)
def test_returns_a_figure_deterministically(name):
    first, second = RENDERS[name](), RENDERS[name]()
    assert isinstance(first, Figure)
    assert png(first) == png(second), f"{name} is not deterministic"


@pytest.mark.parametrize("name", ["resolution", "spike"])
def test_time_series_axes_are_labelled_with_units_and_legends(name):
    fig = RENDERS[name]()
    ax = data_axes(fig)[-1 if name == "resolution" else 0]
    assert ax.get_ylabel() == "CPUUtilization (%)"
    assert ax.get_xlabel() == "Time (UTC)"
    texts = legend_texts(ax)
    assert "true CPU, each minute" in texts
    assert any("spike" in t for t in texts) and any("threshold" in t for t in texts)


def test_resolution_panels_show_their_stored_series_and_counts():
    fig = RENDERS["resolution"]()
    top, bottom = data_axes(fig)
    assert any(t.startswith("basic (Average), 6 points") for t in legend_texts(top))
    assert any(t.startswith("detailed (Average), 30 points")
               for t in legend_texts(bottom))
    assert fig.get_suptitle() == "two panels"


def test_basic_and_detailed_differ_in_line_style_and_marker_not_only_colour():
    basic, detailed = mv.MONITORING_STYLE["basic"], mv.MONITORING_STYLE["detailed"]
    assert basic["color"] != detailed["color"]
    assert basic["linestyle"] != detailed["linestyle"]
    assert basic["marker"] != detailed["marker"]
    assert basic["hatch"] != detailed["hatch"]


def test_missing_statistic_is_said_in_words():
    true = true_cpu()
    empty = pd.Series(np.nan, index=five_minute(true).index)
    fig = mv.resolution_figure(
        [mv.Panel("p90", true, [mv.Stored("basic (p90)", empty, 300, "basic")])])
    ax = data_axes(fig)[0]
    assert "basic (p90): no datapoints" in legend_texts(ax)
    assert any(t.get_text() == "basic (p90): no datapoints" for t in ax.texts)


def test_time_axis_ticks_every_ten_minutes():
    ax = data_axes(RENDERS["resolution"]())[-1]
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["03:00", "03:10", "03:20", "03:30"]


def test_reaction_bars_label_minutes_and_never():
    fig = RENDERS["reaction"]()
    ax = data_axes(fig)[0]
    texts = [t.get_text() for t in ax.texts]
    assert "1 min" in texts
    assert any("no reaction" in t for t in texts)
    assert "Minutes from spike start" in ax.get_xlabel() and "(min)" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["basic (5-min)",
                                                            "detailed (1-min)"]


def test_spike_figure_says_the_reaction_times():
    fig = RENDERS["spike"]()
    (ax,) = data_axes(fig)
    assert ax.get_title(loc="left") == ("Policy on Average > 70 %: basic after 5 min, "
                                        "detailed after 1 min")
    assert mv.reaction_text({"basic": None}) == "basic never"
    assert "spike (3 min)" in legend_texts(ax)


def test_tree_counts_streams_per_dimension_set():
    tree = mv._tree(METRICS, max_metrics=2, featured=("CPUUtilization",))
    names = [ns for ns, *_ in tree]
    assert names == ["AWS/EC2", "CWAgent", "PetShop"]
    ns, total, shown, hidden = tree[0]
    assert total == 11
    assert shown[0] == ("CPUUtilization", [("{InstanceId}", 3), ("{InstanceType}", 1),
                                           ("{} (no dimensions)", 1)])
    assert hidden == (5, 5)
    fig = RENDERS["tree"]()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "AWS/EC2  (11 streams)" in texts and "PetShop  (2 streams)" in texts
    assert "{ImageId, InstanceId, InstanceType, +3 more}" in texts
    assert fig.get_suptitle().startswith("14 metric streams:")


def test_dimension_set_names_only():
    assert mv.dimension_set(METRICS[0]) == "{InstanceId}"
    assert mv.dimension_set(METRICS[3]) == "{} (no dimensions)"


def test_stream_list_counts_and_lists_streams():
    fig = mv.stream_list_figure(METRICS[:5], request="cw.list_metrics(...)", limit=3)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "5 matching metric streams" in texts
    assert "+ 2 more" in texts
    assert "cw.list_metrics(...)" in texts
    empty = mv.stream_list_figure([], request="cw.list_metrics()")
    texts = [t.get_text() for t in empty.axes[0].texts]
    assert "0 matching metric streams" in texts
    assert any(t.startswith("none:") for t in texts)


def test_long_requests_wrap():
    request = "cw.list_metrics(" + ", ".join(f"{{'Name': 'D{i}'}}" for i in range(20))
    fig = mv.stream_list_figure([], request=request + ")")
    shown = next(t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("cw"))
    assert "\n" in shown and all(len(line) <= 104 for line in shown.splitlines())


def test_diagrams_have_titles_and_no_visible_axes():
    for make, words in ((diagrams.lab_diagram, "How the lab answers"),
                        (diagrams.metric_anatomy_diagram, "Anatomy")):
        fig = make()
        assert words in fig.get_suptitle()
        assert data_axes(fig) == []
