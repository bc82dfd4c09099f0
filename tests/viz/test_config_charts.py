"""Config charts: pure figures from data, with labelled axes and legends."""
from datetime import datetime, timedelta, timezone

from matplotlib.figure import Figure

from awslab.viz import config as charts

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)


def _at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_heatmap_draws_one_segment_per_state_change():
    fig = charts.compliance_heatmap({"web": [(_at(0), "COMPLIANT"), (_at(5), "NON_COMPLIANT")],
                                     "db": [(_at(2), "COMPLIANT")]}, T0, _at(10))
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["web", "db"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["COMPLIANT", "NON_COMPLIANT"]
    assert ax.get_xlabel() == "Time (UTC)"


def test_resource_timeline_names_api_calls_and_explains_marks():
    rows = [{"time": _at(0), "kind": "api", "event": "CreateSecurityGroup"},
            {"time": _at(0), "kind": "configuration", "status": "ResourceDiscovered"},
            {"time": _at(1), "kind": "compliance", "rule": "r", "compliance": "COMPLIANT"}]
    ax = charts.resource_timeline(rows, T0, _at(5)).axes[0]
    assert "CreateSecurityGroup" in [t.get_text() for t in ax.texts]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["API call", "created (ResourceDiscovered)", "COMPLIANT"]


def test_remediation_timeline_marks_the_exception():
    attempts = [(_at(0), False), (T0 + timedelta(seconds=12), False)]
    fig = charts.remediation_timeline(attempts, T0, _at(2), window_seconds=60,
                                      max_attempts=2, exception_at=attempts[-1][0])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["#1 failed", "#2 failed"]
    assert "MaximumAutomaticAttempts 2" in fig.axes[0].get_title()


def test_cost_bars_total_labels():
    from awslab.services.config import estimate
    fig = charts.cost_bars({"a": estimate(1000, 0, 1000), "b": estimate(0, 0, 0)})
    assert [t.get_text() for t in fig.axes[0].texts] == ["$4.00", "$0.00"]
