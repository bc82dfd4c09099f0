"""NB05 charts: the fan-out diagram, export timeline, latency boxes, Firehose buffer,
aggregation flow and policy verdicts."""
from datetime import datetime, timedelta, timezone

from awslab.services.firehose.buffering import schedule
from awslab.viz import subscriptions as charts

T = datetime(2026, 1, 5, tzinfo=timezone.utc)


def texts(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_diagram_names_every_way_out():
    words = texts(charts.delivery_diagram())
    for name in ("Export task", "Subscription filters", "Kinesis", "Firehose", "Lambda",
                 "Other account", "at most 2 per group"):
        assert name in words


def test_export_timeline_bars_and_runs():
    chunks = [(T + timedelta(hours=h), T + timedelta(hours=h + 3 + h % 4)) for h in range(6)]
    fig = charts.export_timeline(chunks, [(T + timedelta(hours=6), 10, 60),
                                          (T + timedelta(hours=20), 60, 60)], title="t")
    ax = fig.axes[0]
    assert len([p for p in ax.patches if p.get_hatch() == "///"]) == 6
    assert "10 of 60 events" in texts(fig) and "60 of 60 events" in texts(fig)


def test_latency_figure_is_log_scaled_and_highlights():
    fig = charts.latency_figure({"a": [0.5, 1.0], "b": [60.0, 61.0], "c": [4e4]},
                                highlight="b")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]


def test_buffer_figure_marks_each_flush():
    arrivals = [(t, 300_000) for t in range(0, 40, 4)] + [(200, 10)]
    flushes = schedule(arrivals, 1, 60)
    assert [f.reason for f in flushes] == ["size", "size", "interval", "interval"]
    fig = charts.buffer_figure(arrivals, flushes, size_mb=1, interval=60)
    assert "4 objects" in fig.axes[0].get_title(loc="left")


def test_aggregation_and_verdicts():
    fig = charts.aggregation_figure([("111111111111", "us-east-1", 5),
                                     ("111111111111", "eu-west-1", 7)], "222222222222",
                                    "Kinesis all", refused=["333333333333"])
    words = texts(fig)
    assert "12 events" in words and "refused" in words and "destination\neu-west-1" in words
    fig = charts.verdict_figure([("1", True, "ok"), ("2", False, "no")], title="who")
    assert "2: refused" in texts(fig)
