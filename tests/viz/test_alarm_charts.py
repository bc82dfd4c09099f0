"""The NB06 charts: pure renders return labelled Figures, show every alarm state by
colour, hatch and text, and leave no pyplot state behind."""
import io
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from awslab.viz import alarms as av
from awslab.viz.style import STATE_STYLES

UTC = timezone.utc
T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a render left a pyplot figure open"


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def cpu(minutes=40):
    values = 15 + np.random.default_rng(3).normal(0, 2, minutes)
    values[10:14] += 70
    values[25] += 70
    values[30] = np.nan
    return pd.Series(values, pd.date_range(T0, periods=minutes, freq="min", tz="UTC"))


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def texts(fig):
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        if legend:
            found += [t.get_text() for t in legend.get_texts()]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return found


def hatches(fig):
    out = set()
    for ax in fig.axes:
        for patch in ax.patches:
            out.add(patch.get_hatch())
        for coll in ax.collections:
            if coll.get_hatch():
                out.add(coll.get_hatch())
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend:
            out |= {h.get_hatch() for h in legend.legend_handles if isinstance(h, Patch)}
    return out


# -- intervals -------------------------------------------------------------------------

def test_intervals_start_when_each_period_ends_and_merge_runs():
    starts = [at(m) for m in range(6)]
    codes = [2, 0, 0, 1, 1, 0]
    got = av.intervals_from_codes(starts, codes, 60, end=at(8))
    naive = lambda m: at(m).replace(tzinfo=None)               # noqa: E731
    assert got == [av.Interval(naive(1), naive(2), "INSUFFICIENT_DATA"),
                   av.Interval(naive(2), naive(4), "OK"),
                   av.Interval(naive(4), naive(6), "ALARM"),
                   av.Interval(naive(6), naive(8), "OK")]
    assert av.intervals_from_codes([], [], 60) == []


# -- chart 1 ---------------------------------------------------------------------------

def test_threshold_figure_shades_alarm_with_hatch_and_labels_units():
    values = cpu()
    intervals = [av.Interval(at(0), at(13), "OK"), av.Interval(at(13), at(15), "ALARM"),
                 av.Interval(at(15), at(40), "OK"),
                 av.Interval(at(-30), at(-5), "INSUFFICIENT_DATA")]      # off screen
    fig = av.threshold_figure(values, period=60, threshold=70, intervals=intervals)
    assert isinstance(fig, Figure) and png(fig).startswith(b"\x89PNG")
    found = texts(fig)
    assert "CPUUtilization Average (%)" in found and "Time (UTC)" in found
    assert "ALARM (shaded)" in found and "threshold 70 %" in found
    assert "INSUFFICIENT_DATA (shaded)" not in found          # nothing visible to explain
    assert {"breaching", "not breaching", "no datapoint"} <= set(found)
    assert "1 ALARM episode" in fig.axes[0].get_title(loc="left")
    assert STATE_STYLES["ALARM"]["hatch"] in hatches(fig)


def test_message_figure_says_it():
    fig = av.message_figure("PutMetricAlarm would refuse this", "DatapointsToAlarm (4)")
    assert "DatapointsToAlarm (4)" in texts(fig)


# -- chart 2 ---------------------------------------------------------------------------

def test_timeline_has_a_band_per_alarm_and_a_marker_per_action():
    rows = {"cpu-high": [av.Interval(at(0), at(10), "INSUFFICIENT_DATA"),
                         av.Interval(at(10), at(20), "OK"),
                         av.Interval(at(20), at(25), "ALARM"),
                         av.Interval(at(25), at(40), "OK")],
            "db-recover": [av.Interval(at(0), at(40), "OK")]}
    markers = [av.Marker(at(20), "cpu-high", "sns"), av.Marker(at(25), "cpu-high", "sns"),
               av.Marker(at(20), "db-recover", "ec2", ok=False),
               av.Marker(at(50), "cpu-high", "sns")]                      # outside
    fig = av.timeline_figure(rows, markers, at(0), at(40), title="Two alarms")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cpu-high", "db-recover"]
    found = texts(fig)
    for state in ("OK", "ALARM", "INSUFFICIENT_DATA"):
        assert state in found
    assert "SNS notification" in found and "EC2 action (failed)" in found
    assert len([line for line in ax.get_lines() if len(line.get_xdata())]) == 3
    assert {STATE_STYLES[s]["hatch"] for s in ("ALARM", "INSUFFICIENT_DATA")} <= hatches(fig)
    png(fig)


def test_scaling_figure_steps_capacity_and_marks_policy_runs():
    values = cpu()
    capacity = pd.Series([2, 3, 4], index=[at(-20), at(13), at(16)])
    markers = [av.Marker(at(13), "asg", "autoscaling", True),
               av.Marker(at(14), "asg", "autoscaling", False)]
    fig = av.scaling_figure(values, threshold=70, capacity=capacity, markers=markers,
                            intervals=[av.Interval(at(12), at(17), "ALARM")])
    top, bottom = fig.axes
    assert top.get_ylabel() == "Group CPU Average (%)" and bottom.get_ylabel() == "Instances"
    found = texts(fig)
    assert "policy executed, capacity changed" in found
    assert "policy executed, no change (cooldown or max)" in found
    assert bottom.get_ylim()[1] >= 4
    png(fig)


# -- widget 2 and the missing-data tables ------------------------------------------------

@pytest.mark.parametrize("rule", sorted(av.RULES))
def test_every_rule_has_words(rule):
    text = av.rule_text(rule, real=1, n=3, m=2, hits=1, filled=2, fill_breaching=True,
                        treat="breaching", current="OK")
    assert text and "{" not in text
    if rule == "filled":
        assert "Only 1 real datapoint," in text and "2 missing ones as breaching" in text


def test_evaluation_figure_marks_used_and_filled_points():
    fig = av.evaluation_figure([True, None, None, None, None], state="ALARM", used=(0,),
                               filled=(3, 4), fill_breaching=True, reason="because",
                               n=3, m=2, treat="breaching", note="a note")
    found = texts(fig)
    assert found.count("filled") == 2 and "because" in found and "a note" in found
    assert "2 out of 3, TreatMissingData=breaching" in found
    assert "ALARM" in found and "X breaching" in found and "- missing" in found
    png(fig)


def test_missing_table_figure_writes_every_cell():
    cells = {("- - - - -", t): s for t, s in (("missing", "INSUFFICIENT_DATA"),
                                             ("ignore", "kept"), ("breaching", "ALARM"),
                                             ("notBreaching", "OK"))}
    fig = av.missing_table_figure([("N = 3, M = 3", ["- - - - -"],
                                    ("missing", "ignore", "breaching", "notBreaching"),
                                    cells)])
    found = texts(fig)
    assert {"INSUFFICIENT\n_DATA", "keeps\nstate", "ALARM", "OK", "- - - - -"} <= set(found)
    png(fig)


# -- chart 3 ---------------------------------------------------------------------------

def test_attributes_figure_marks_changed_rows_by_colour_hatch_and_word():
    rows = [("Instance ID", "i-0abc", "i-0abc", True), ("Host", "h-1", "h-2", False)]
    fig = av.attributes_figure(rows, title="before and after", note="memory is lost")
    ax = fig.axes[0]
    found = texts(fig)
    assert "kept" in found and "changed" in found and "memory is lost" in found
    assert "Host" in found and "Kept?" in found
    assert any(t.startswith("h-1") and t.endswith("h-2") for t in found)
    assert any(t.startswith("Before") and t.endswith("After") for t in found)
    swatches = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert [p.get_hatch() for p in swatches] == [STATE_STYLES["ALARM"]["hatch"]]
    png(fig)


def test_diagram_names_the_three_states_and_the_actions():
    fig = av.alarm_diagram()
    found = " ".join(texts(fig))
    for word in ("OK", "ALARM", "INSUFFICIENT_DATA", "M out of N", "EventBridge",
                 "recover", "Auto Scaling"):
        assert word in found
    png(fig)
