"""EventBridge charts: pure figures with their verdicts written, not only coloured."""
from datetime import datetime, timedelta, timezone

from matplotlib.figure import Figure

from awslab.viz import events as charts

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def texts(fig: Figure) -> list[str]:
    found = [t.get_text() for t in fig.texts] + [ax.get_title() for ax in fig.axes]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()]
        for table in ax.tables:
            found += [c.get_text().get_text() for c in table.get_celld().values()]
    return found


def test_diagram_names_the_three_bus_kinds():
    words = " ".join(texts(charts.eventbridge_diagram()))
    for kind in ("default bus", "custom bus", "partner bus", "rules", "targets"):
        assert kind in words


def test_verdict_table_writes_each_verdict():
    fig = charts.verdict_table([{"event": "aws.ec2 | state=stopped", "matched": True,
                                 "why": "detail.state: equals"},
                                {"event": "aws.s3 | key=a.png", "matched": False,
                                 "why": "source fails"}], "1 of 2")
    found = texts(fig)
    assert "MATCH" in found and "no match" in found and "1 of 2" in found


def test_calendar_counts_firings_per_day():
    times = [T0 + timedelta(hours=h) for h in (0, 1, 2)] + [T0 + timedelta(days=1)]
    found = texts(charts.calendar_figure(times, "rate(1 hour)"))
    assert "3x\nfrom 09:00" in found and "09:00" in found
    assert any("Mon 2026-01-05 09:00" in t for t in found)
    assert "no firing ahead" in texts(charts.calendar_figure([], "cron(0 0 1 1 ? 1970)"))


def test_replay_timeline_counts_inside_and_outside():
    archived = [T0 + timedelta(minutes=10 * i) for i in range(6)]
    fig = charts.replay_timeline(archived, (T0, T0 + timedelta(minutes=30)),
                                 [T0 + timedelta(hours=2)] * 3)
    found = " ".join(texts(fig))
    assert "archived, replayed (3)" in found and "outside the window (3)" in found
    assert "delivered again by the replay (3)" in found


def test_flow_labels_counts_and_skips_unknown_edges():
    fig = charts.flow_figure([("Sources", [("aws.ec2", 4)]), ("Buses", [("bus", 4)])],
                             [("aws.ec2", "bus", 4), ("nowhere", "bus", 2)])
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "4" in labels and "2" not in labels


def test_schema_versions_mark_new_and_changed_fields():
    v1 = {"version": "1", "detail": {"properties": {"n": {"type": "integer"}}}}
    v2 = {"version": "2", "detail": {"properties": {
        "n": {"type": "number"}, "tags": {"type": "array", "items": {"type": "string"}},
        "who": {"type": "object", "properties": {"id": {"type": "string",
                                                       "nullable": True}}}}}}
    found = texts(charts.schema_versions_table([v1, v2]))
    assert "number  (changed)" in found and "array of string  (new)" in found
    assert "string | null  (new)" in found and "who.id" in found


def test_policy_heatmap_writes_allowed_and_denied():
    found = texts(charts.policy_heatmap(["111111111111", "222222222222"], ["bus"], {
        ("111111111111", "bus"): True, ("222222222222", "bus"): False}))
    assert found.count("allowed") >= 1 and "denied" in found


def test_message_figure():
    assert "boom" in " ".join(texts(charts.message_figure("boom", "Title")))
