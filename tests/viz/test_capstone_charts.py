"""NB10 charts: three panes on one clock, the capability matrix, the sorter's verdicts."""
from datetime import datetime, timedelta, timezone

from matplotlib.figure import Figure

from awslab.viz import capstone as viz

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)


def test_three_panes_share_the_clock_and_cursor():
    times = [T0 + timedelta(minutes=i) for i in range(60)]
    metrics = {"times": times, "error_pct": [0] * 30 + [90] * 30,
               "connections": [100] * 60, "tls_errors": [0] * 60}
    fig = viz.three_panes(metrics, [(times[29], "bob", "RevokeSecurityGroupIngress", True)],
                          [(times[29], "web group", "ipPermissions")],
                          [(times[40], times[59], "load balancer", "NON_COMPLIANT")],
                          cursor=times[35])
    axes = [a for a in fig.axes if a.get_title(loc="left")]
    assert len(axes) == 3
    assert axes[0].get_xlim() == axes[2].get_xlim()
    assert all(a.lines and a.lines[-1].get_linestyle() == "-." for a in axes)


def test_capability_matrix_cells():
    fig = viz.capability_matrix(["Who", "What"], {("Who", "CloudTrail"): 2,
                                                  ("What", "CloudWatch"): 1})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["no", "yes", "no", "partly", "no", "no"]


def test_sorter_verdicts_count():
    fig = viz.sorter_verdicts(["a", "b"], ["Config", None], ["Config", "CloudTrail"])
    assert fig.axes[0].get_title(loc="left").endswith("1 of 2 right")
    assert isinstance(fig, Figure)
