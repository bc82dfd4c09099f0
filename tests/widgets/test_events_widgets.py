"""NB07 explorers and lab charts: controls, renders and what they read from the lab."""
import json
from datetime import datetime, timezone

from awslab import Lab
from awslab.widgets import events as explorers


def words(fig) -> str:
    found = [t.get_text() for t in fig.texts] + [ax.get_title() for ax in fig.axes]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        for table in ax.tables:
            found += [c.get_text().get_text() for c in table.get_celld().values()]
    return " ".join(found)


def test_sample_events_are_seeded_and_varied():
    stream = explorers.sample_events()
    assert stream == explorers.sample_events() != explorers.sample_events(seed=1)
    assert {e["source"] for e in stream} >= {"aws.ec2", "aws.s3", "petshop.orders"}


def test_pattern_explorer_renders_verdicts_and_errors():
    render, controls = explorers.pattern_explorer()
    assert json.loads(controls["pattern_text"].value) == explorers.START_PATTERN
    assert "events match" in words(render(controls["pattern_text"].value))
    assert "must be an object or an array" in words(render('{"source": "aws.ec2"}'))


def test_verdict_rows_say_which_field_decided():
    stream = explorers.sample_events()
    rows = explorers.verdict_rows({"source": ["aws.s3"], "detail": {"object": {
        "key": [{"suffix": {"equals-ignore-case": ".png"}}]}}}, stream)
    hits = [r for r in rows if r["matched"]]
    assert hits and all(r["why"].startswith("detail.object.key: suffix") for r in hits)
    assert any(r["why"] == 'source = "aws.ec2" fails' for r in rows)


def test_schedule_explorer():
    after = datetime(2026, 1, 5, tzinfo=timezone.utc)
    render, controls = explorers.schedule_explorer(after)
    assert "next firings" in words(render(controls["expression"].value, 20))
    assert "Parameter ScheduleExpression is not valid." in words(render("rate(1 hours)", 5))


def _shop(lab):
    ev = lab.client("events")
    ev.create_event_bus(Name="shop")
    bus = ev.describe_event_bus(Name="shop")["Arn"]
    ev.create_archive(ArchiveName="all", EventSourceArn=bus)
    for n in range(6):
        ev.put_events(Entries=[{"Source": "petshop.orders", "DetailType": "Order Placed",
                                "EventBusName": "shop", "Detail": json.dumps({"n": n})}])
        lab.advance(minutes=20)
    return ev, bus


def test_replay_explorer_counts_the_window():
    lab = Lab(seed=2)
    _shop(lab)
    render, controls = explorers.replay_explorer(lab, "all")
    assert "would send" in words(render(controls["window"].index))
    assert len(explorers.archived_times(lab, "all")) == 6


def test_flow_policy_and_schema_charts_read_the_lab():
    lab = Lab(seed=2)
    lab.add_account("222222222222", "other")
    ev, bus = _shop(lab)
    assert "bus: shop" in words(explorers.flow(lab, buses=("shop",)))
    ev.put_permission(EventBusName="shop", Action="events:PutEvents",
                      Principal="222222222222", StatementId="other")
    fig = explorers.policy_matrix(lab, [("123456789012", "us-east-1", "shop")],
                                  ["123456789012", "222222222222", "333333333333"])
    assert words(fig).count("allowed") >= 2 and "denied" in words(fig)
    assert "no schema" in words(explorers.schema_versions(lab, "a@B"))
    lab.client("schemas").create_discoverer(SourceArn=bus)
    ev.put_events(Entries=[{"Source": "petshop.orders", "DetailType": "Order Placed",
                            "EventBusName": "shop", "Detail": '{"n": 1, "x": "y"}'}])
    assert "version 1" in words(explorers.schema_versions(lab, "petshop.orders@OrderPlaced"))
