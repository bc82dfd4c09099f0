"""Metric filters: CloudWatch metrics from matching log events (aws-facts 3.5).

A filter turns each *newly ingested* event of its log group into a metric value: the
``metricValue`` (a number, ``$.json.selector`` or ``$field`` of a space-delimited
pattern) when the event matches, the ``defaultValue`` (if any) when it does not. Values
are aggregated per minute and per dimension set, and published to CloudWatch (as AWS
does, through ``lab.send("cloudwatch", "metrics", ...)``) with the filter's unit. Events
stored before the filter existed are never counted: filters are not retroactive.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

from awslab.services.logs.errors import InvalidParameterException, PatternError
from awslab.services.logs.patterns import Pattern, compile_pattern, json_pattern
from awslab.services.logs.patterns.scanner import parse_number

MAX_DIMENSIONS = 3


def check_transformation(pattern: Pattern, t: dict) -> None:
    """PutMetricFilter's rules for one ``MetricTransformation``."""
    _check_reference(pattern, t["metricValue"], "metric value")
    dims = t.get("dimensions") or {}
    if dims:
        if not pattern.supports_dimensions:
            raise InvalidParameterException(
                "The specified filter pattern does not support dimensions")
        if "defaultValue" in t:
            raise InvalidParameterException(
                "A metric transformation with dimensions cannot have a default value.")
        if len(dims) > MAX_DIMENSIONS:
            raise InvalidParameterException(
                f"A metric transformation can have at most {MAX_DIMENSIONS} dimensions.")
        for value in dims.values():
            if not value.startswith("$"):
                raise InvalidParameterException(
                    f"Invalid dimension value {value}: use a $.selector of a JSON pattern "
                    "or a $field of a space-delimited pattern.")
            _check_reference(pattern, value, "dimension value")


def _check_reference(pattern: Pattern, ref: str, what: str) -> None:
    if not ref.startswith("$"):
        if parse_number(ref) is None:
            raise InvalidParameterException(f"Invalid {what}: {ref}")
        return
    if ref.startswith("$."):
        if pattern.kind != "json":
            raise InvalidParameterException(
                f"Invalid {what}: {ref} (a $.selector needs a JSON filter pattern)")
        try:
            json_pattern.selector_path(ref)
        except PatternError:
            raise InvalidParameterException(f"Invalid {what}: {ref}") from None
    elif ref[1:] not in pattern.fields:
        raise InvalidParameterException(
            f"Invalid {what}: {ref} (not a named field of the space-delimited pattern)")


def resolve(pattern: Pattern, ref: str, message: str, doc=None):
    """The value ``ref`` (a literal, ``$.selector`` or ``$field``) takes for a matching
    message, as a string, or None when it cannot be read."""
    if not ref.startswith("$"):
        return ref
    if ref.startswith("$."):
        doc = json_pattern.load(message) if doc is None else doc
        if doc is None:
            return None
        return json_pattern.check_scalar_value(
            json_pattern.value_at(doc, json_pattern.selector_path(ref)))
    return pattern.extract(message).get(ref)


def observations(flt, events) -> list[tuple[int, tuple, float]]:
    """``(minute_ms, dimensions, value)`` for each event the filter turns into a value."""
    t = flt.transformation
    pattern, ref = flt.pattern, t["metricValue"]
    dims, default = t.get("dimensions") or {}, t.get("defaultValue")
    literal = parse_number(ref) if not ref.startswith("$") else None
    out = []
    for e in events:
        minute = e.timestamp - e.timestamp % 60_000
        if not pattern.matches(e.message):
            if default is not None:
                out.append((minute, (), float(default)))
            continue
        value = literal if literal is not None else parse_number(
            resolve(pattern, ref, e.message) or "")
        if value is None:
            continue
        resolved = tuple((k, resolve(pattern, v, e.message)) for k, v in sorted(dims.items()))
        if any(v in (None, "") for _, v in resolved):
            continue
        out.append((minute, resolved, value))
    return out


def datums(flt, events) -> list[dict]:
    """The MetricData a filter publishes for ``events``: one datum per minute and
    dimension set, with the statistic set of its values."""
    groups: dict[tuple, list[float]] = defaultdict(list)
    for minute, dims, value in observations(flt, events):
        groups[(minute, dims)].append(value)
    unit = flt.transformation.get("unit")
    out = []
    for (minute, dims), values in sorted(groups.items()):
        datum = {"MetricName": flt.transformation["metricName"],
                 "Timestamp": datetime.fromtimestamp(minute / 1000, timezone.utc),
                 "StatisticValues": {"SampleCount": float(len(values)),
                                     "Sum": float(sum(values)), "Minimum": min(values),
                                     "Maximum": max(values)}}
        if dims:
            datum["Dimensions"] = [{"Name": k, "Value": v} for k, v in dims]
        if unit:
            datum["Unit"] = unit
        out.append(datum)
    return out


def apply(lab, group, events) -> None:
    """Publish the metrics of ``group``'s metric filters for newly accepted ``events``."""
    for flt in group.metric_filters.values():
        data = datums(flt, events)
        namespace = flt.transformation["metricNamespace"]
        for i in range(0, len(data), 1000):
            lab.send("cloudwatch", "metrics", group.account_id, group.region,
                     {"Namespace": namespace, "MetricData": data[i:i + 1000]})


def compile_filter_pattern(text: str) -> Pattern:
    """A metric filter's pattern, with PutMetricFilter's wording for a bad one."""
    try:
        return compile_pattern(text)
    except PatternError as exc:
        raise exc.reworded("Invalid metric filter pattern") from None
