"""NB08 charts: pure figures from plain data."""
from datetime import datetime, timedelta, timezone

import numpy as np
from matplotlib.figure import Figure

from awslab.viz import cloudtrail as viz

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)


def test_flow_diagram():
    assert isinstance(viz.flow_diagram(), Figure)


def test_calls_per_minute_shades_insights():
    times = [T0 + timedelta(minutes=i) for i in range(120)]
    counts = np.r_[np.ones(60), np.full(20, 30.0), np.ones(40)]
    fig = viz.calls_per_minute(times, counts, np.ones(120), np.full(120, 0.5),
                               insights=[(times[60], times[80], "ApiCallRateInsight"),
                                         (times[100], None, "ApiErrorRateInsight")])
    ax = fig.axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert "ApiCallRateInsight (Start → End)" in labels
    assert "ApiErrorRateInsight (Start → End)" in labels
    assert ax.get_ylabel() == "calls per minute"


def test_category_bars_stack():
    fig = viz.category_bars(["00:00", "01:00"], {("Management", "read"): [5, 6],
                                                  ("Management", "write"): [1, 2],
                                                  ("Data", "write"): [0, 3]})
    heights = sorted(p.get_height() for p in fig.axes[0].patches if p.get_height())
    assert heights == [1, 2, 3, 5, 6]
    tops = [max(p.get_y() + p.get_height() for p in fig.axes[0].patches
                if abs(p.get_x() + p.get_width() / 2 - x) < 0.01) for x in (0, 1)]
    assert tops == [6, 11]
    assert len(fig.axes[0].get_legend().get_texts()) == 3


def test_who_did_what_lanes_and_failures():
    rows = [(T0, "ana", "ListBuckets", None), (T0 + timedelta(minutes=1), "bob",
                                                "DeleteBucket", None),
            (T0 + timedelta(minutes=2), "ana", "DeleteBucket", "AccessDenied")]
    fig = viz.who_did_what(rows, highlight="DeleteBucket")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ana", "bob"]
    assert sorted(t.get_text() for t in ax.texts) == ["DeleteBucket",
                                                      "DeleteBucket (AccessDenied)"]


def test_selector_costs_total():
    fig = viz.selector_costs([("management", 1000, 0.0, True),
                              ("S3 reads", 200_000, 0.2, False),
                              ("S3 writes", 100_000, 0.1, True)])
    assert fig.axes[0].get_title(loc="left").endswith("$0.10/day")


def test_who_did_what_spans_its_window_or_at_least_ten_minutes():
    import matplotlib.dates as mdates
    from datetime import datetime, timedelta, timezone
    from awslab.viz.cloudtrail import who_did_what
    t = datetime(2026, 1, 5, tzinfo=timezone.utc)
    rows = [(t, "admin", "PutObject", None)] * 3        # all at one instant
    lo, hi = who_did_what(rows).axes[0].get_xlim()
    assert abs((hi - lo) - 10 / 1440) < 1e-6            # 10 minutes, in days
    fig = who_did_what(rows, window=(t - timedelta(hours=1), t))
    lo, hi = fig.axes[0].get_xlim()
    assert mdates.num2date(hi).replace(tzinfo=None) == t.replace(tzinfo=None)


def test_who_did_what_keeps_neighbouring_labels_apart_and_inside_a_margin():
    from datetime import datetime, timedelta, timezone
    from awslab.viz.cloudtrail import who_did_what
    t = datetime(2026, 1, 5, tzinfo=timezone.utc)
    rows = [(t + timedelta(minutes=10 * i), "admin", "DeleteBucket", None) for i in range(4)]
    ax = who_did_what(rows, highlight="DeleteBucket").axes[0]
    offsets = [a.xyann[1] for a in ax.texts]
    assert len(offsets) == 4 and offsets[0] > 0 > offsets[1] and offsets[2] > 0 > offsets[3]
    lo, hi = ax.get_xlim()
    assert abs((hi - lo) - 33 / 1440) < 1e-6            # 30 minutes of calls + 5% each side
