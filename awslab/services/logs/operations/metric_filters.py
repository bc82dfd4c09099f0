"""PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter and TestMetricFilter."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.logs.errors import (
    InvalidParameterException, LimitExceededException, ResourceNotFoundException)
from awslab.services.logs.metric_filters import (
    check_transformation, compile_filter_pattern, resolve)
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import group_of, now_ms, salt
from awslab.services.logs.patterns import json_pattern
from awslab.services.logs.state import MetricFilter

MAX_FILTERS = 100
PAGE = 50
UNSUPPORTED = ("applyOnTransformedLogs", "fieldSelectionCriteria",
               "emitSystemFieldDimensions")


@OPERATIONS("PutMetricFilter")
def put_metric_filter(call, p):
    group = group_of(call.state(), p["logGroupName"])
    if any(p.get(k) for k in UNSUPPORTED):
        raise InvalidParameterException(
            "awslab does not simulate log transformers or system field dimensions; leave "
            f"out {', '.join(k for k in UNSUPPORTED if p.get(k))}.")
    pattern = compile_filter_pattern(p["filterPattern"])
    (t,) = p["metricTransformations"]
    check_transformation(pattern, t)
    name = p["filterName"]
    if name not in group.metric_filters and len(group.metric_filters) >= MAX_FILTERS:
        raise LimitExceededException("Resource limit exceeded.")
    group.metric_filters[name] = MetricFilter(name, p["filterPattern"], pattern, dict(t),
                                              now_ms(call))
    return {}


@OPERATIONS("DeleteMetricFilter")
def delete_metric_filter(call, p):
    group = group_of(call.state(), p["logGroupName"])
    if group.metric_filters.pop(p["filterName"], None) is None:
        raise ResourceNotFoundException("The specified metric filter does not exist.")
    return {}


@OPERATIONS("DescribeMetricFilters")
def describe_metric_filters(call, p):
    state = call.state()
    prefix, name, namespace = (p.get("filterNamePrefix"), p.get("metricName"),
                               p.get("metricNamespace"))
    if prefix and not p.get("logGroupName"):
        raise InvalidParameterException(
            "If you specify filterNamePrefix, you must also specify logGroupName.")
    if bool(name) != bool(namespace):
        raise InvalidParameterException(
            "If you specify metricName, you must also specify metricNamespace (and the "
            "other way around).")
    groups = ([group_of(state, p["logGroupName"])] if p.get("logGroupName") else
              sorted(state.groups.values(), key=lambda g: g.name))
    found = [(g, f) for g in groups for f in sorted(g.metric_filters.values(),
                                                    key=lambda f: f.name)
             if (not prefix or f.name.startswith(prefix))
             and (not name or (f.transformation["metricName"] == name and
                               f.transformation["metricNamespace"] == namespace))]
    page, token = paginate(found, p.get("nextToken"), p.get("limit", PAGE),
                           salt("DescribeMetricFilters", p), InvalidParameterException)
    out = {"metricFilters": [{
        "filterName": f.name, "filterPattern": f.pattern_text,
        "metricTransformations": [f.transformation], "creationTime": f.created,
        "logGroupName": g.name} for g, f in page]}
    if token:
        out["nextToken"] = token
    return out


def extracted_values(pattern, message: str) -> dict[str, str]:
    """TestMetricFilter's ``extractedValues``: the fields of a space-delimited pattern,
    or the selectors of a JSON pattern with the scalar values they found."""
    if pattern.kind == "delimited":
        return pattern.extract(message)
    if pattern.kind != "json":
        return {}
    doc = json_pattern.load(message)
    out = {}
    for cond in pattern.tree.conditions():
        value = resolve(pattern, cond.selector, message, doc)
        if value is not None:
            out[cond.selector] = value
    return out


@OPERATIONS("TestMetricFilter")
def test_metric_filter(call, p):
    pattern = compile_filter_pattern(p["filterPattern"])
    return {"matches": [
        {"eventNumber": i, "eventMessage": m, "extractedValues": extracted_values(pattern, m)}
        for i, m in enumerate(p["logEventMessages"], 1) if pattern.matches(m)]}
