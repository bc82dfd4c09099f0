"""render_dashboard: one figure, widgets on the 24-column grid, titles, units, legends,
time range and zone in the title, badges for other accounts and regions."""
import io
import json
import zlib
from datetime import datetime, timedelta, timezone

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.errors import AwslabError
from awslab.services.cloudwatch.dashboards import InvalidParameterInput, Widget
from awslab.viz.dashboard import lab_fetcher, layout, markdown_lines, render_dashboard

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
OTHER_ACCOUNT = "210987654321"


class FakeFetch:
    """Seeded synthetic series; records every request."""

    def __init__(self, empty=()):
        self.calls, self.empty = [], set(empty)

    def __call__(self, namespace, metric_name, dimensions, stat, period, start, end,
                 region, account_id):
        self.calls.append(dict(namespace=namespace, metric_name=metric_name,
                               dimensions=dimensions, stat=stat, period=period, start=start,
                               end=end, region=region, account_id=account_id))
        index = pd.date_range(start, end, freq=f"{period}s", inclusive="left")
        if metric_name in self.empty:
            index = index[:0]
        seed = zlib.crc32(f"{metric_name}{dimensions}{region}{account_id}".encode())
        values = np.random.default_rng(seed).uniform(20, 80, len(index))
        return pd.Series(values, index=index, dtype=float)


def cpu(instance, **opts):
    return ["AWS/EC2", "CPUUtilization", "InstanceId", instance, *([opts] if opts else [])]


TWO_BY_TWO = {
    "start": "-PT3H", "timezone": "+0130",
    "widgets": [
        {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "Web CPU", "region": "us-east-1", "period": 300,
            "metrics": [cpu("i-1"), ["...", "i-2"]]}},
        {"type": "metric", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "Web CPU Ireland", "region": "eu-west-1", "period": 300,
            "metrics": [cpu("i-3")]}},
        {"type": "metric", "x": 0, "y": 6, "width": 12, "height": 6, "properties": {
            "title": "Memory", "region": "us-east-1", "stat": "Maximum", "period": 300,
            "metrics": [["PetShop", "MemoryUtilization", "InstanceId", "i-1"],
                        [".", ".", ".", "i-9", {"accountId": OTHER_ACCOUNT}]]}},
        {"type": "text", "x": 12, "y": 6, "width": 12, "height": 6, "properties": {
            "markdown": "# Runbook\n* **High CPU**: scale out"}}]}


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    yield
    assert plt.get_fignums() == []


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [
        t.get_text() for t in fig.texts]


def test_two_by_two_dashboard_from_two_accounts_and_regions():
    fetch = FakeFetch()
    fig = render_dashboard(json.dumps(TWO_BY_TWO), fetch, now=NOW, name="PetShop")
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    assert fig.get_suptitle() == (
        "PetShop: 2026-01-05 10:30 to 2026-01-05 13:30 (UTC+01:30)")
    web, ireland, memory, text = fig.axes
    assert web.get_title(loc="left") == "Web CPU\nAverage, 5 min period"
    assert memory.get_title(loc="left") == "Memory\nMaximum, 5 min period"
    assert web.get_ylabel() == "CPUUtilization (%)"
    assert memory.get_ylabel() == "MemoryUtilization (%)"
    assert web.get_xlabel() == "Time (UTC+01:30)"
    assert [t.get_text() for t in web.get_legend().get_texts()] == [
        "CPUUtilization i-1", "CPUUtilization i-2"]
    assert [t.get_text() for t in memory.get_legend().get_texts()] == [
        "MemoryUtilization i-1", f"MemoryUtilization i-9 (acct {OTHER_ACCOUNT})"]
    assert [t.get_text() for t in ireland.texts] == ["eu-west-1"]
    assert [t.get_text() for t in memory.texts] == [f"acct {OTHER_ACCOUNT} · us-east-1"]
    assert list(web.texts) == []
    assert "Runbook" in texts(fig) and "• High CPU: scale out" in texts(fig)
    assert {(c["account_id"], c["region"]) for c in fetch.calls} == {
        ("123456789012", "us-east-1"), ("123456789012", "eu-west-1"),
        (OTHER_ACCOUNT, "us-east-1")}
    assert all(c["start"] == NOW - timedelta(hours=3) and c["end"] == NOW
               for c in fetch.calls)
    # widgets sit on the 24-column grid: left column, then right column
    (l0, _, r0, _), (l1, *_) = web.get_position().extents, ireland.get_position().extents
    assert l0 < r0 < l1


def test_period_override_and_stat_resolution():
    body = {"periodOverride": "inherit", "widgets": [{"type": "metric", "properties": {
        "region": "us-east-1", "period": 60, "stat": "Sum",
        "metrics": [cpu("i-1"), cpu("i-2", stat="p99", period=300, region="eu-west-1")]}}]}
    fetch = FakeFetch()
    render_dashboard(body, fetch, now=NOW)
    assert [(c["stat"], c["period"], c["region"]) for c in fetch.calls] == [
        ("Sum", 60, "us-east-1"), ("p99", 300, "eu-west-1")]
    fetch = FakeFetch()
    render_dashboard({**body, "periodOverride": "auto", "start": "-P1D"}, fetch, now=NOW)
    assert [c["period"] for c in fetch.calls] == [900, 900]


def test_single_value_view_and_no_data():
    body = {"widgets": [
        {"type": "metric", "properties": {"region": "us-east-1", "view": "singleValue",
                                          "metrics": [cpu("i-1", label="Web")]}},
        {"type": "metric", "properties": {"region": "us-east-1", "title": "Errors",
                                          "metrics": [["App", "Errors"]]}}]}
    fig = render_dashboard(body, FakeFetch(empty={"Errors"}), now=NOW)
    single, errors = fig.axes
    assert not single.axison
    assert "Web" in [t.get_text() for t in single.texts]
    assert any(t.get_text().endswith("%") for t in single.texts)
    assert "No data available." in [t.get_text() for t in errors.texts]
    assert errors.get_legend() is None and errors.get_ylabel() == "Errors (count)"


def test_bar_views_show_latest_values():
    body = {"widgets": [{"type": "metric", "properties": {
        "region": "us-east-1", "view": "gauge", "metrics": [cpu("i-1"), ["...", "i-2"]]}}]}
    ax, = render_dashboard(body, FakeFetch(), now=NOW).axes
    assert len(ax.patches) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CPUUtilization i-1",
                                                            "CPUUtilization i-2"]
    assert ax.get_xlabel() == "Latest value (%); gauge view drawn as bars"
    assert [t.get_text().strip() for t in ax.texts] == [
        f"{p.get_width():,.4g}" for p in ax.patches]


def test_long_markdown_wraps_inside_narrow_text_widgets():
    words = " ".join(["word"] * 60)
    body = {"widgets": [{"type": "text", "width": 6, "properties": {"markdown": words}}]}
    ax, = render_dashboard(body, FakeFetch(), now=NOW).axes
    text, = [t.get_text() for t in ax.texts]
    assert text.replace("\n", " ") == words
    assert 2 < text.count("\n") and max(len(line) for line in text.split("\n")) < 70


def test_other_widget_types_and_expressions_are_labelled():
    body = {"widgets": [
        {"type": "alarm", "properties": {"title": "Alarms", "alarms": ["arn:a"]}},
        {"type": "metric", "properties": {"region": "us-east-1", "metrics": [
            cpu("i-1", id="m1"), [{"expression": "m1 * 2", "id": "e1"}]],
            "yAxis": {"left": {"min": 0, "max": 100, "label": "CPU"}}}}]}
    fig = render_dashboard(body, FakeFetch(), now=NOW)
    alarm, metric = fig.axes
    assert alarm.get_title(loc="left") == "Alarms"
    assert "alarm widget\n(not drawn by the offline renderer)" in [
        t.get_text() for t in alarm.texts]
    assert "e1: m1 * 2 (not evaluated)" in [t.get_text() for t in metric.texts]
    assert metric.get_ylim() == (0, 100) and metric.get_ylabel() == "CPU (%)"


def test_absolute_range_in_utc():
    body = {"start": "2026-01-04T00:00:00Z", "end": "2026-01-04T06:00:00Z",
            "widgets": [{"type": "text", "properties": {"markdown": "hi"}}]}
    fig = render_dashboard(body, FakeFetch(), now=NOW)
    assert fig.get_suptitle() == (
        "CloudWatch dashboard: 2026-01-04 00:00 to 2026-01-04 06:00 (UTC)")


def test_needs_a_clock_and_a_valid_body():
    with pytest.raises(AwslabError, match="now="):
        render_dashboard({"widgets": []}, FakeFetch())
    with pytest.raises(InvalidParameterInput):
        render_dashboard({"widgets": [{"type": "nope", "properties": {}}]}, FakeFetch(),
                         now=NOW)


def test_renders_to_png_without_pyplot():
    fig = render_dashboard(json.dumps(TWO_BY_TWO), FakeFetch(), now=NOW)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lab_fetcher_reads_the_lab_across_accounts_and_regions():
    lab = Lab(seed=3)
    for account, region, value in (("123456789012", "us-east-1", 10.0),
                                   ("123456789012", "eu-west-1", 20.0),
                                   (OTHER_ACCOUNT, "us-east-1", 30.0)):
        for minute in range(30):
            lab.send("cloudwatch", "metrics", account, region, {
                "Namespace": "PetShop", "MetricData": [{
                    "MetricName": "MemoryUtilization", "Unit": "Percent",
                    "Dimensions": [{"Name": "InstanceId", "Value": "i-1"}],
                    "Value": value + minute % 3, "Timestamp": lab.now}]})
            lab.advance(minutes=1)
    fetch = lab_fetcher(lab)
    assert fetch.now() == lab.now
    body = {"start": "-PT2H", "widgets": [{"type": "metric", "properties": {
        "region": "us-east-1", "period": 60, "metrics": [
            ["PetShop", "MemoryUtilization", "InstanceId", "i-1"],
            ["...", {"region": "eu-west-1"}],
            ["...", {"accountId": OTHER_ACCOUNT}]]}}]}
    fig = render_dashboard(body, fetch, name="Memory")
    ax, = fig.axes
    means = [np.nanmean(line.get_ydata()) for line in ax.get_lines()]
    assert means == pytest.approx([11.0, 21.0, 31.0], abs=0.05)
    assert [t.get_text() for t in ax.texts] == [
        f"acct {OTHER_ACCOUNT} · us-east-1  |  eu-west-1"]


def test_layout_flows_wraps_and_pushes_overlaps_down():
    w = lambda x=None, y=None, width=6, height=6: Widget("text", x, y, width, height)
    assert layout([w(), w(), w(width=12), w(width=6)]) == [
        (0, 0, 6, 6), (6, 0, 6, 6), (12, 0, 12, 6), (0, 6, 6, 6)]
    assert layout([w(0, 0, 12, 6), w(6, 2, 12, 3)]) == [(0, 0, 12, 6), (6, 6, 12, 3)]
    assert layout([w(20, 0, 12, 6)]) == [(20, 0, 4, 6)]


def test_markdown_lines():
    assert markdown_lines("# Title\n## Sub\nSee [docs](https://x) and **this** `code`\n"
                          "- item") == [("Title", 1), ("Sub", 2),
                                        ("See docs and this code", 0), ("• item", 0)]
