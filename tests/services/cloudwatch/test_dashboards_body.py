"""The dashboard body engine: validation rules (table-driven), the metrics-array parser,
time range and time zone, and property tests that valid bodies pass and nothing but the
AWS error ever escapes."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslab.services.cloudwatch.dashboards import (
    METRICS_SHAPE, NO_SOURCE, ExpressionRow, InvalidParameterInput, MetricRow, Options,
    check_dashboard_name, parse_body, parse_metrics, time_range, tz_offset)
from awslab.services.cloudwatch.errors import InvalidParameterValue

EC2_CPU = ["AWS/EC2", "CPUUtilization", "InstanceId", "i-012345"]
ALLOWED = "Should be equal to one of the allowed values"


def metric_widget(**props):
    """A metric widget; ``name=None`` leaves that property out."""
    props = {k: v for k, v in {"metrics": [EC2_CPU], "region": "us-east-1", **props}.items()
             if v is not None}
    return {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": props}


def body_with(widget=None, **top):
    return {"widgets": [widget or metric_widget()], **top}


def issues(body):
    """The (DataPath, Message) pairs PutDashboard would answer; [] when it accepts."""
    try:
        parse_body(body if isinstance(body, str) else json.dumps(body))
    except InvalidParameterInput as err:
        return [(i.data_path, i.message) for i in err.issues]
    return []


def warnings(body):
    return [(i.data_path, i.message) for i in parse_body(json.dumps(body)).warnings]


DOC_EXAMPLE = {  # the first example of "Dashboard Body Structure and Syntax"
    "start": "-PT6H", "periodOverride": "inherit",
    "widgets": [
        {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
         "properties": {"metrics": [EC2_CPU], "period": 300, "stat": "Average",
                        "region": "us-east-1", "title": "EC2 Instance CPU",
                        "liveData": False, "legend": {"position": "right"}}},
        {"type": "text", "x": 0, "y": 7, "width": 3, "height": 3,
         "properties": {"markdown": "Hello world"}}]}

VALID = {
    "doc example": DOC_EXAMPLE,
    "empty widgets array": {"widgets": []},
    "widget without x and y": {"widgets": [{"type": "text",
                                            "properties": {"markdown": "hi"}}]},
    "alarm annotation only": body_with(metric_widget(metrics=None, annotations={
        "alarms": ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu"]})),
    "region on every row": body_with(metric_widget(region=None, metrics=[
        [*EC2_CPU, {"region": "eu-west-1"}]])),
    "expression row": body_with(metric_widget(metrics=[
        [*EC2_CPU, {"id": "m1", "visible": False}],
        [{"expression": "m1 * 2", "id": "e1", "label": "Double"}]])),
    "all views": {"widgets": [metric_widget(view=v) for v in
                              ("timeSeries", "singleValue", "bar", "pie", "gauge")]},
    "edge sizes": {"widgets": [{**metric_widget(), "x": 23, "y": 0, "width": 1,
                                "height": 1000},
                               {**metric_widget(), "x": 0, "y": 5000, "width": 24,
                                "height": 1}]},
    "float that is whole": body_with({**metric_widget(), "width": 6.0}),
    "absolute range and time zone": body_with(start="2026-01-05T00:00:00.000Z",
                                              end="2026-01-05T06:00:00Z",
                                              timezone="-0500"),
    "overlapping widgets": {"widgets": [metric_widget(), metric_widget()]},
    "y axis and options": body_with(metric_widget(
        yAxis={"left": {"min": 0, "max": 100, "label": "Percent", "showUnits": False}},
        metrics=[[*EC2_CPU, {"stat": "p99.9", "period": 10, "label": "CPU",
                             "yAxis": "right", "color": "#1f77b4",
                             "accountId": "210987654321"}]], stacked=True)),
    "other widget types": {"widgets": [
        {"type": "alarm", "properties": {"alarms": ["arn:aws:cloudwatch:us-east-1:1:alarm:a"]}},
        {"type": "log", "properties": {"query": "SOURCE 'app' | fields @message",
                                       "region": "us-east-1"}},
        {"type": "explorer", "properties": {"metrics": []}},
        {"type": "custom", "properties": {"endpoint": "arn:aws:lambda:us-east-1:1:function:f"}}]},
}


@pytest.mark.parametrize("body", VALID.values(), ids=VALID.keys())
def test_valid_bodies_pass(body):
    assert issues(body) == []


W0, P0 = "/widgets/0", "/widgets/0/properties"
INVALID = {
    "not JSON object": ([], [("", "Should be object")]),
    "no widgets": ({}, [("", "Should have required property 'widgets'")]),
    "widgets not array": ({"widgets": {}}, [("/widgets", "Should be array")]),
    "too many widgets": ({"widgets": [metric_widget()] * 501},
                         [("/widgets", "Should NOT have more than 500 items")]),
    "widget not object": ({"widgets": [5]}, [(W0, "Should be object")]),
    "widget empty": ({"widgets": [{}]}, [(W0, "Should have required property 'type'"),
                                         (W0, "Should have required property 'properties'")]),
    "unknown type": (body_with({**metric_widget(), "type": "graph"}), [(f"{W0}/type", ALLOWED)]),
    "x too big": (body_with({**metric_widget(), "x": 24}), [(f"{W0}/x", "Should be <= 23")]),
    "x negative": (body_with({**metric_widget(), "x": -1}), [(f"{W0}/x", "Should be >= 0")]),
    "x string": (body_with({**metric_widget(), "x": "0"}), [(f"{W0}/x", "Should be integer")]),
    "x fraction": (body_with({**metric_widget(), "x": 1.5}), [(f"{W0}/x", "Should be integer")]),
    "x boolean": (body_with({**metric_widget(), "x": True}), [(f"{W0}/x", "Should be integer")]),
    "y negative": (body_with({**metric_widget(), "y": -2}), [(f"{W0}/y", "Should be >= 0")]),
    "width zero": (body_with({**metric_widget(), "width": 0}),
                   [(f"{W0}/width", "Should be >= 1")]),
    "width 25": (body_with({**metric_widget(), "width": 25}),
                 [(f"{W0}/width", "Should be <= 24")]),
    "height 1001": (body_with({**metric_widget(), "height": 1001}),
                    [(f"{W0}/height", "Should be <= 1000")]),
    "height zero": (body_with({**metric_widget(), "height": 0}),
                    [(f"{W0}/height", "Should be >= 1")]),
    "properties not object": (body_with({"type": "metric", "properties": []}),
                              [(f"{W0}/properties", "Should be object")]),
    "text without markdown": (body_with({"type": "text", "properties": {}}),
                              [(P0, "Should have required property 'markdown'")]),
    "markdown not string": (body_with({"type": "text", "properties": {"markdown": 5}}),
                            [(f"{P0}/markdown", "Should be string")]),
    "text background": (body_with({"type": "text", "properties": {
        "markdown": "x", "background": "red"}}), [(f"{P0}/background", ALLOWED)]),
    "metric without data source": (
        body_with({"type": "metric", "properties": {"region": "us-east-1"}}),
        [(P0, "Should have required property 'metrics'"), (P0, NO_SOURCE),
         (P0, "Should have required property 'annotations'")]),
    "metric without region": (body_with(metric_widget(region=None)), [(P0, NO_SOURCE)]),
    "metrics not array": (body_with(metric_widget(metrics="AWS/EC2")),
                          [(f"{P0}/metrics", "Should be array")]),
    "metric row not array": (body_with(metric_widget(metrics=EC2_CPU[:2])),
                             [(f"{P0}/metrics/0", "Should be array"),
                              (f"{P0}/metrics/0", METRICS_SHAPE),
                              (f"{P0}/metrics/1", "Should be array"),
                              (f"{P0}/metrics/1", METRICS_SHAPE)]),
    "number in metric row": (body_with(metric_widget(metrics=[["AWS/EC2", 5]])),
                             [(f"{P0}/metrics/0", METRICS_SHAPE)]),
    "empty metric row": (body_with(metric_widget(metrics=[[]])),
                         [(f"{P0}/metrics/0", METRICS_SHAPE)]),
    "options not last": (body_with(metric_widget(metrics=[[{"stat": "Sum"}, "AWS/EC2"]])),
                         [(f"{P0}/metrics/0", METRICS_SHAPE)]),
    "expression row without expression": (
        body_with(metric_widget(metrics=[[{"id": "e1"}]])),
        [(f"{P0}/metrics/0/0", "Should have required property 'expression'")]),
    "bad row id": (body_with(metric_widget(metrics=[[{"expression": "1", "id": "E1"}]])),
                   [(f"{P0}/metrics/0/0/id", 'Should match pattern "^[a-z][a-zA-Z0-9_]*$"')]),
    "bad colour": (body_with(metric_widget(metrics=[[*EC2_CPU, {"color": "red"}]])),
                   [(f"{P0}/metrics/0/4/color", 'Should match pattern "^#([0-9a-fA-F]{6})$"')]),
    "bad row account": (body_with(metric_widget(metrics=[[*EC2_CPU, {"accountId": "12"}]])),
                        [(f"{P0}/metrics/0/4/accountId", 'Should match pattern "^[0-9]{12}$"')]),
    "bad row yAxis": (body_with(metric_widget(metrics=[[*EC2_CPU, {"yAxis": "top"}]])),
                      [(f"{P0}/metrics/0/4/yAxis", ALLOWED)]),
    "period not integer": (body_with(metric_widget(period="300")),
                           [(f"{P0}/period", "Should be integer")]),
    "period zero": (body_with(metric_widget(period=0)), [(f"{P0}/period", "Should be >= 1")]),
    "bad view": (body_with(metric_widget(view="line")), [(f"{P0}/view", ALLOWED)]),
    "stacked not boolean": (body_with(metric_widget(stacked="yes")),
                            [(f"{P0}/stacked", "Should be boolean")]),
    "widget account": (body_with(metric_widget(accountId="123")),
                       [(f"{P0}/accountId", 'Should match pattern "^[0-9]{12}$"')]),
    "y axis min string": (body_with(metric_widget(yAxis={"left": {"min": "0"}})),
                          [(f"{P0}/yAxis/left/min", "Should be number")]),
    "alarm widget without alarms": (body_with({"type": "alarm", "properties": {"alarms": []}}),
                                    [(f"{P0}/alarms", "Should NOT have less than 1 items")]),
    "log widget without query": (body_with({"type": "log", "properties": {}}),
                                 [(P0, "Should have required property 'query'")]),
    "period override": (body_with(periodOverride="always"), [("/periodOverride", ALLOWED)]),
    "start words": (body_with(start="yesterday"), [(
        "/start", "Should be a relative time such as -PT3H or an ISO 8601 time")]),
    "start without amount": (body_with(start="-PT"), [(
        "/start", "Should be a relative time such as -PT3H or an ISO 8601 time")]),
    "end relative": (body_with(start="-PT3H", end="-PT1H"), [(
        "/end", "Should be an ISO 8601 time such as 2026-01-05T12:00:00.000Z")]),
    "time zone name": (body_with(timezone="UTC"),
                       [("/timezone", 'Should match pattern "^[+-][0-9]{4}$"')]),
    "time zone local": (body_with(timezone="local"),
                        [("/timezone", 'Should match pattern "^[+-][0-9]{4}$"')]),
    "errors in two widgets": ({"widgets": [{**metric_widget(), "x": 30},
                                           {"type": "text", "properties": {}}]},
                              [(f"{W0}/x", "Should be <= 23"), (
                                  "/widgets/1/properties",
                                  "Should have required property 'markdown'")]),
}


@pytest.mark.parametrize("body, expected", INVALID.values(), ids=INVALID.keys())
def test_invalid_bodies_fail_with_each_problem(body, expected):
    assert issues(body) == expected


@pytest.mark.parametrize("text, message", [
    ("{", "Invalid JSON: Expecting property name enclosed in double quotes at line 1 "
          "column 2"),
    ('{"widgets": []} x', "Invalid JSON: Extra data at line 1 column 17"),
    ('{"widgets": [], "x": NaN}', "Invalid JSON: NaN is not a JSON value"),
    ("[" * 100_000, "Invalid JSON: nested too deeply"),
])
def test_invalid_json(text, message):
    assert issues(text) == [("", message)]


def test_error_wire_form_matches_putdashboard():
    with pytest.raises(InvalidParameterInput) as info:
        parse_body(json.dumps(body_with(metric_widget(region=None))))
    err = info.value
    assert (err.code, err.status) == ("InvalidParameterInput", 400)
    assert err.message == (
        "The dashboard body is invalid, there are 1 validation errors:\n[\n  {\n"
        '    "dataPath": "/widgets/0/properties",\n'
        f'    "message": "{NO_SOURCE}"\n  }}\n]')
    assert err.extra == {"dashboardValidationMessages": [
        {"DataPath": "/widgets/0/properties", "Message": NO_SOURCE}]}


WARNINGS = {
    "end without start": (body_with(end="2026-01-05T00:00:00Z"),
                          [("/end", "end is ignored unless start is also specified")]),
    "end before start": (body_with(start="2026-01-05T06:00:00Z", end="2026-01-05T00:00:00Z"),
                         [("/end", "end should be later than start")]),
    "odd period": (body_with(metric_widget(period=90)), [(
        f"{P0}/period", "The period should be 1, 5, 10, 20, 30 or a multiple of 60 seconds")]),
    "unknown stat": (body_with(metric_widget(stat="Avg")),
                     [(f"{P0}/stat", "Avg is not a statistic CloudWatch knows")]),
    "dot without previous row": (body_with(metric_widget(metrics=[[".", "CPUUtilization"]])), [
        (f"{P0}/metrics/0", 'The "." or "..." shorthand has no previous metric to copy')]),
    "dimension without value": (body_with(metric_widget(metrics=[EC2_CPU[:3]])), [
        (f"{P0}/metrics/0",
         "A metric needs a namespace, a metric name and dimension name/value pairs")]),
}


@pytest.mark.parametrize("body, expected", WARNINGS.values(), ids=WARNINGS.keys())
def test_warnings_keep_the_body_valid(body, expected):
    assert warnings(body) == expected


def test_parsed_widgets_are_typed_with_defaults():
    body = parse_body(json.dumps({"widgets": [{"type": "text",
                                               "properties": {"markdown": "# Hi"}},
                                              DOC_EXAMPLE["widgets"][0]]}))
    text, metric = body.widgets
    assert (text.type, text.x, text.y, text.width, text.height) == ("text", None, None, 6, 6)
    assert (metric.period, metric.stat, metric.region, metric.title, metric.view) == (
        300, "Average", "us-east-1", "EC2 Instance CPU", "timeSeries")
    assert metric.metrics == (MetricRow("AWS/EC2", "CPUUtilization",
                                        (("InstanceId", "i-012345"),)),)
    assert body.metric_count == 1 and body.period_override == "auto"


# -- the metrics-array parser -------------------------------------------------------------
def test_shorthand_dot_repeats_the_value_above():
    rows = parse_metrics([EC2_CPU, [".", ".", ".", "i-2"], [".", "NetworkIn", ".", "."]])
    assert [r.dims["InstanceId"] for r in rows] == ["i-012345", "i-2", "i-2"]
    assert [r.metric_name for r in rows] == ["CPUUtilization"] * 2 + ["NetworkIn"]


def test_shorthand_ellipsis_copies_the_row_up_to_what_follows():
    rows = parse_metrics([EC2_CPU, ["...", "i-2"], ["...", "AutoScalingGroupName", "web"],
                          ["..."]])
    assert rows[1] == MetricRow("AWS/EC2", "CPUUtilization", (("InstanceId", "i-2"),))
    assert rows[2] == MetricRow("AWS/EC2", "CPUUtilization",
                                (("AutoScalingGroupName", "web"),))
    assert rows[3] == rows[2]


def test_options_and_expressions_become_typed_objects():
    rows = parse_metrics([
        [*EC2_CPU, {"region": "eu-west-1", "accountId": "210987654321", "stat": "p90",
                    "period": 60, "label": "CPU", "yAxis": "right", "id": "m1"}],
        [{"expression": "m1 / 100", "id": "e1", "label": "Fraction"}]])
    assert rows[0].options == Options(region="eu-west-1", account_id="210987654321",
                                      stat="p90", period=60, label="CPU", y_axis="right",
                                      id="m1")
    assert rows[1] == ExpressionRow("m1 / 100", Options(id="e1", label="Fraction"))


def test_parser_raises_the_aws_error():
    with pytest.raises(InvalidParameterInput) as info:
        parse_metrics([["AWS/EC2", None]], "/widgets/3/properties/metrics")
    assert [i.wire() for i in info.value.issues] == [
        {"DataPath": "/widgets/3/properties/metrics/0", "Message": METRICS_SHAPE}]
    with pytest.raises(InvalidParameterInput):
        parse_metrics("AWS/EC2")


# -- names, time range, time zone -----------------------------------------------------------
@pytest.mark.parametrize("name", ["a", "PetShop-prod_2", "x" * 255])
def test_valid_dashboard_names(name):
    check_dashboard_name(name)


@pytest.mark.parametrize("name, message", [
    ("Pet Shop", "The value Pet Shop for field DashboardName contains invalid characters. "
                 "It can only contain alphanumerics, dash (-) and underscore (_)."),
    ("a.b", "The value a.b for field DashboardName contains invalid characters. "
            "It can only contain alphanumerics, dash (-) and underscore (_)."),
    ("x" * 256, "The value for field DashboardName must be at most 255 characters long."),
])
def test_invalid_dashboard_names(name, message):
    with pytest.raises(InvalidParameterValue) as info:
        check_dashboard_name(name)
    assert info.value.message == message


NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("top, expected", [
    ({}, (NOW - timedelta(hours=3), NOW)),
    ({"start": "-PT15M"}, (NOW - timedelta(minutes=15), NOW)),
    ({"start": "-P1DT2H"}, (NOW - timedelta(days=1, hours=2), NOW)),
    ({"start": "-P2W"}, (NOW - timedelta(weeks=2), NOW)),
    ({"start": "-P3M"}, (NOW - timedelta(days=90), NOW)),
    ({"start": "-P5Y"}, (NOW - timedelta(days=455), NOW)),
    ({"start": "2026-01-05T06:00:00Z"}, (NOW - timedelta(hours=6), NOW)),
    ({"start": "2026-01-04T00:00:00.000Z", "end": "2026-01-04T06:00:00.000Z"},
     (NOW - timedelta(hours=36), NOW - timedelta(hours=30))),
    ({"end": "2026-01-04T06:00:00Z"}, (NOW - timedelta(hours=3), NOW)),
])
def test_time_range(top, expected):
    assert time_range(parse_body(json.dumps({"widgets": [], **top})), NOW) == expected


@pytest.mark.parametrize("text, hours", [(None, 0), ("+0000", 0), ("+0130", 1.5),
                                          ("-0500", -5), ("local", 0)])
def test_tz_offset(text, hours):
    assert tz_offset(text).utcoffset(None) == timedelta(hours=hours)


# -- property tests -------------------------------------------------------------------------
names = st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=12)
options = st.fixed_dictionaries({}, optional={
    "region": st.sampled_from(["us-east-1", "eu-west-1"]),
    "accountId": st.from_regex(r"[0-9]{12}", fullmatch=True),
    "stat": st.sampled_from(["Average", "Sum", "p99", "p99.9", "Maximum"]),
    "period": st.sampled_from([1, 10, 60, 300, 3600]),
    "label": st.text(max_size=20), "yAxis": st.sampled_from(["left", "right"]),
    "visible": st.booleans()})
metric_rows = st.tuples(names, names, st.lists(st.tuples(names, names), max_size=3),
                        st.one_of(st.none(), options)).map(
    lambda t: [t[0], t[1], *[v for pair in t[2] for v in pair], *([t[3]] if t[3] else [])])
metric_widgets = st.fixed_dictionaries(
    {"type": st.just("metric"),
     "properties": st.fixed_dictionaries(
         {"metrics": st.lists(metric_rows, min_size=1, max_size=5),
          "region": st.sampled_from(["us-east-1", "ap-southeast-2"])},
         optional={"title": st.text(max_size=30), "stacked": st.booleans(),
                   "view": st.sampled_from(["timeSeries", "singleValue", "bar"]),
                   "period": st.sampled_from([60, 300]),
                   "stat": st.sampled_from(["Average", "Sum"])})},
    optional={"x": st.integers(0, 23), "y": st.integers(0, 200), "width": st.integers(1, 24),
              "height": st.integers(1, 1000)})
text_widgets = st.fixed_dictionaries({"type": st.just("text"), "properties": st.fixed_dictionaries(
    {"markdown": st.text(max_size=80)})}, optional={"x": st.integers(0, 23)})
valid_bodies = st.fixed_dictionaries(
    {"widgets": st.lists(st.one_of(metric_widgets, text_widgets), max_size=6)},
    optional={"start": st.sampled_from(["-PT3H", "-P1D", "-PT5M", "2026-01-01T00:00:00Z"]),
              "periodOverride": st.sampled_from(["auto", "inherit"]),
              "timezone": st.sampled_from(["+0000", "-0500", "+0530"])})
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False,
                                                          allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])


@FAST
@given(valid_bodies)
def test_generated_valid_bodies_are_accepted(body):
    parsed = parse_body(json.dumps(body))
    assert len(parsed.widgets) == len(body["widgets"])
    for widget, raw in zip(parsed.widgets, body["widgets"]):
        assert len(widget.metrics) == len(raw["properties"].get("metrics", []))


def _mutate(body, path, value):
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return body


def _paths(node, prefix=()):
    yield prefix
    items = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else ())
    for key, child in items:
        yield from _paths(child, (*prefix, key))


@FAST
@given(valid_bodies, st.data(), json_values)
def test_mutated_bodies_only_ever_raise_the_aws_error(body, data, value):
    paths = [p for p in _paths(body) if p]
    if paths:
        body = _mutate(body, data.draw(st.sampled_from(paths)), value)
    try:
        parse_body(json.dumps(body))
    except InvalidParameterInput as err:
        assert err.issues and all(i.data_path.startswith("/") or i.data_path == ""
                                  for i in err.issues)


@FAST
@given(st.one_of(json_values, st.text(max_size=60)))
def test_any_json_or_text_only_ever_raises_the_aws_error(value):
    try:
        parse_body(value if isinstance(value, str) else json.dumps(value))
    except InvalidParameterInput:
        pass


@FAST
@given(st.lists(st.one_of(st.lists(st.one_of(st.sampled_from([".", "...", "AWS/EC2", "Id"]),
                                             json_values), max_size=6), json_values),
                max_size=6))
def test_metrics_parser_only_ever_raises_the_aws_error(rows):
    try:
        parsed = parse_metrics(rows)
    except InvalidParameterInput:
        return
    assert all(isinstance(r, (MetricRow, ExpressionRow)) for r in parsed)
    assert all(r.namespace not in (".", "...") and r.metric_name != "." for r in parsed
               if isinstance(r, MetricRow))
