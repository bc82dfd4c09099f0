"""NB04 explorers: the query box and the metric-filter creation switch."""
import json
from datetime import timedelta

import pytest

from awslab import Lab
from awslab.services.logs.ingest import epoch_ms
from awslab.widgets import insights as explorers


@pytest.fixture
def lab():
    lab = Lab(seed=9)
    logs = lab.client("logs")
    logs.create_log_group(logGroupName="/api")
    logs.create_log_stream(logGroupName="/api", logStreamName="s")
    lab.advance(hours=1)
    for minute in range(30):          # one batch per minute, ingested as it happens
        status = 500 if 10 <= minute < 15 else 200
        logs.put_log_events(logGroupName="/api", logStreamName="s", logEvents=[
            {"timestamp": epoch_ms(lab.now), "message": json.dumps({"status": status})}])
        lab.advance(minutes=1)
    return lab


def test_query_explorer_renders_results_and_errors(lab):
    render, controls = explorers.query_explorer(lab, ["/api"], "stats count(*) by status",
                                                hours=2)
    assert set(controls) == {"query", "window"}
    fig = render("stats count(*) as n by status", (0, 2))
    cells = [c.get_text().get_text() for c in fig.axes[0].tables[0].get_celld().values()]
    assert {"200", "500", "25", "5"} <= set(cells)
    fig = render("stats count(*) by status", (1, 2))     # the hour before: no events
    assert any("No results" in t.get_text() for t in fig.axes[0].texts)
    fig = render("stats count(*) by", (0, 2))
    assert "MalformedQueryException" in fig.axes[0].texts[1].get_text()


def test_filter_minutes_count_only_events_ingested_after_creation(lab):
    start = lab.now - timedelta(minutes=31)
    group = lab.state("logs").groups["/api"]
    minutes, matches, published = explorers.filter_minutes(
        group, "{ $.status >= 500 }", lab.now - timedelta(minutes=18), start, lab.now)
    assert sum(matches) == 5
    assert sum(published.values()) == 3       # minutes 12-14 came after the filter
    minutes, matches, published = explorers.filter_minutes(
        group, "{ $.status >= 500 }", start, start, lab.now, bucket=1)
    assert sum(published.values()) == 5 and len(minutes) == 32


def test_creation_explorer(lab):
    start = lab.now - timedelta(minutes=31)
    moments = {"before": start, "after": lab.now}
    render, controls = explorers.creation_explorer(lab, "/api", "{ $.status >= 500 }",
                                                   moments, start, lab.now)
    assert list(controls["created"].options) == ["before", "after"]
    assert "created after" in render("after").axes[0].get_title(loc="left")
