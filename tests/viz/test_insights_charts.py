"""NB04 charts: results as tables and charts, the metric-filter gap, the diagram, and the
dashboard's log widget."""
from datetime import datetime, timedelta, timezone

import pytest

from awslab.services.logs.insights import events_frame, run_query
from awslab.viz import insights as charts

T0 = 1_767_571_200_000
UTC = timezone.utc


@pytest.fixture(scope="module")
def frame():
    messages = [f'{{"status": {s}, "ip": "10.0.0.{i % 3}", "latency": {i}}}'
                for i, s in enumerate([200, 500, 404, 200, 503, 200] * 10)]
    stamps = [T0 + i * 60_000 for i in range(len(messages))]
    return events_frame(stamps, messages, ["s"] * len(stamps), ["g"] * len(stamps))


@pytest.mark.parametrize("query, kind", [
    ("stats count(*) by bin(10m)", "time"),
    ("stats count(*) as n, avg(latency) by bin(10m)", "time"),
    ("stats count(*) by bin(10m), status", "stacked"),
    ("stats count(*) as n by ip | sort n desc", "bars"),
    ("fields @timestamp, @message", None),
])
def test_chart_kind_follows_the_query(frame, query, kind):
    result = run_query(query, frame)
    assert charts.chart_kind(result.fields, result.rows, result.groups) == kind
    fig = charts.result_figure(result, query=query, highlight="10.0.0.1")
    assert len(fig.axes) == (2 if kind else 1)


def test_stacked_bars_have_one_legend_entry_per_status(frame):
    result = run_query("stats count(*) by bin(10m), status", frame)
    fig = charts.result_figure(result)
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert labels == ["status 200", "status 404", "status 500", "status 503"]


def test_bars_plot_the_first_number_and_hatch_the_highlight(frame):
    result = run_query("stats count(*) as n, count_distinct(status) as kinds by ip", frame)
    fig = charts.result_figure(result, highlight="10.0.0.2")
    ax = fig.axes[1]
    assert ax.get_xlabel() == "n"
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_width() == 20


def test_empty_result_and_error_figures(frame):
    result = run_query("filter status = 999 | fields ip", frame)
    fig = charts.result_figure(result)
    assert any("No results" in t.get_text() for t in fig.axes[0].texts)
    fig = charts.error_figure("MalformedQueryException", "unexpected symbol", "fields |")
    assert "MalformedQueryException" in fig.axes[0].texts[1].get_text()


def test_metric_filter_figure_shades_before_creation():
    minutes = [datetime(2026, 1, 5, tzinfo=UTC) + timedelta(minutes=10 * i)
               for i in range(12)]
    matches = [0, 3, 4, 0, 0, 0, 0, 2, 5, 1, 0, 0]
    published = {minutes[7]: 2, minutes[8]: 5, minutes[9]: 1}
    fig = charts.metric_filter_figure(minutes, matches, published, minutes[6],
                                      title="t")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1].startswith("before the filter existed")
    assert len(ax.patches) >= 12 + 3


def test_diagram():
    fig = charts.insights_diagram()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "Metric filter" in texts and "Logs Insights" in texts


def test_dashboard_log_widget_runs_the_query():
    import json
    from awslab import Lab
    from awslab.services.logs.ingest import epoch_ms
    from awslab.viz.dashboard import lab_fetcher, render_dashboard
    lab = Lab(seed=3)
    logs = lab.client("logs")
    logs.create_log_group(logGroupName="/app")
    logs.create_log_stream(logGroupName="/app", logStreamName="s")
    lab.advance(minutes=30)
    logs.put_log_events(logGroupName="/app", logStreamName="s", logEvents=[
        {"timestamp": epoch_ms(lab.now) - i * 60_000, "message": json.dumps({"n": i})}
        for i in range(20, 0, -1)])
    body = {"widgets": [
        {"type": "log", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
            "query": "SOURCE '/app' | stats count(*) as events by bin(5m)",
            "region": "us-east-1", "view": "timeSeries", "title": "events"}},
        {"type": "log", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
            "query": "SOURCE '/app' | fields n | sort n desc | limit 3",
            "region": "us-east-1", "title": "table"}},
        {"type": "log", "x": 0, "y": 6, "width": 12, "height": 6, "properties": {
            "query": "SOURCE '/app' | fields n | sortt n", "region": "us-east-1"}}]}
    fig = render_dashboard(json.dumps(body), lab_fetcher(lab))
    chart, table, broken = fig.axes
    assert sum(p.get_height() for p in chart.patches) == 20
    cells = [c.get_text().get_text() for c in table.tables[0].get_celld().values()]
    assert {"n", "20", "19", "18"} <= set(cells)
    assert "MalformedQueryException" in broken.texts[0].get_text()
