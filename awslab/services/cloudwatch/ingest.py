"""PutMetricData's rules (aws-facts 1.2-1.3), checked for the whole request before storing."""
from __future__ import annotations

from datetime import datetime, timedelta

from awslab.services.cloudwatch.errors import (
    InvalidParameterCombination, InvalidParameterValue, MissingParameter)
from awslab.services.cloudwatch.store import MetricKey, MetricStore, dims_key

MAX_DATUMS = 1000
MAX_VALUES = 150
LIMIT = 2.0 ** 360
PAST, FUTURE = timedelta(weeks=2), timedelta(hours=2)


def ingest(store: MetricStore, namespace: str, data: list[dict], now: datetime,
           aws_service: bool = False) -> int:
    """Validate every datum, then store them all (all or nothing). Returns datums stored.

    ``aws_service=True`` is AWS's own publishing (EC2, the agent): it may use ``AWS/``
    namespaces and skips the API's request checks, as it never passes through them.
    """
    if not aws_service:
        _check_request(namespace, data, now)
    now_ms = int(now.timestamp() * 1000)
    keys: dict[int, tuple] = {}          # datums of one batch often share a Dimensions list
    for datum in data:
        _store(store, namespace, datum, now, now_ms, keys)
    return len(data)


def _check_request(namespace: str, data: list[dict], now: datetime) -> None:
    if namespace.startswith("AWS/"):
        raise InvalidParameterValue(
            f"The value {namespace} for parameter Namespace is invalid. "
            "Namespaces beginning with AWS/ are reserved for AWS services.")
    if len(data) > MAX_DATUMS:
        raise InvalidParameterValue(
            f"The collection MetricData must not have a size greater than {MAX_DATUMS}.")
    problems = []
    for i, datum in enumerate(data, 1):
        problems += _check(datum, f"MetricData.member.{i}", now)
    if problems:
        raise InvalidParameterValue("\n".join(problems))


def _check(d: dict, where: str, now: datetime) -> list[str]:
    given = [k for k in ("Value", "StatisticValues", "Values") if k in d]
    if len(given) > 1:
        raise InvalidParameterCombination(
            f"The parameters {where}.{given[0]} and {where}.{given[1]} are mutually "
            "exclusive and you have specified both.")
    if not given:
        raise MissingParameter(f"The parameter {where}.Value is required.")
    problems = []
    dims = d.get("Dimensions")
    if dims:
        problems += _check_dimensions(dims, where)
    if "Value" in d:
        v = d["Value"]
        if not -LIMIT <= v <= LIMIT:          # also false for NaN
            problems.append(f"The value {v} for parameter {where}.Value is invalid.")
    else:
        problems += _check_value_sets(d, where)
    resolution = d.get("StorageResolution", 60)
    if resolution != 60 and resolution != 1:
        problems.append(f"The value {resolution} for parameter "
                        f"{where}.StorageResolution is invalid.")
    ts = d.get("Timestamp")
    if ts is not None and ts < now - PAST:
        problems.append(f"The parameter {where}.Timestamp must specify a time within "
                        "the past two weeks.")
    if ts is not None and ts > now + FUTURE:
        problems.append(f"The parameter {where}.Timestamp must specify a time no more "
                        "than two hours in the future.")
    return problems


def _check_dimensions(dims: list[dict], where: str) -> list[str]:
    problems = []
    if len({x["Name"] for x in dims}) != len(dims):
        problems.append("No metric may specify the same dimension name twice.")
    for j, dim in enumerate(dims, 1):
        for part in ("Name", "Value"):
            text = dim[part]
            if not text.isascii() or not text.strip() or not text.isprintable() \
                    or (part == "Name" and text.startswith(":")):
                problems.append(f"The value {text} for parameter "
                                f"{where}.Dimensions.member.{j}.{part} is invalid.")
    return problems


def _check_value_sets(d: dict, where: str) -> list[str]:
    problems = []
    numbers = [(f"Values.member.{i}", v) for i, v in enumerate(d.get("Values", ()), 1)]
    numbers += [(f"StatisticValues.{k}", v) for k, v in (d.get("StatisticValues") or {}).items()]
    problems += [f"The value {v} for parameter {where}.{k} is invalid."
                 for k, v in numbers if not -LIMIT <= v <= LIMIT]
    if "Values" in d:
        if len(d["Values"]) > MAX_VALUES:
            problems.append(f"The collection {where}.Values must not have a size greater "
                            f"than {MAX_VALUES}.")
        if "Counts" in d and len(d["Counts"]) != len(d["Values"]):
            problems.append(f"The parameters {where}.Values and {where}.Counts must be "
                            "of the same size.")
    sv = d.get("StatisticValues")
    if sv and (sv["SampleCount"] <= 0 or sv["Minimum"] > sv["Maximum"]):
        problems.append(f"The value of {where}.StatisticValues is invalid: SampleCount "
                        "must be positive and Minimum no greater than Maximum.")
    return problems


def _store(store: MetricStore, namespace: str, d: dict, now: datetime, now_ms: int,
           keys: dict) -> None:
    dims = d.get("Dimensions")
    if id(dims) not in keys:
        keys[id(dims)] = dims_key(dims)
    key = MetricKey(namespace, d["MetricName"], keys[id(dims)])
    stream = store.stream(key, d.get("Unit", "None"))
    t_ms = int((d.get("Timestamp") or now).timestamp() * 1000)
    if d.get("StorageResolution", 60) == 1:
        stream.high_res = True
    else:
        t_ms -= t_ms % 60_000          # standard resolution: one-minute granularity
    stream.last_received_ms = now_ms
    if "Value" in d:
        stream.add_values(t_ms, (d["Value"],))
    elif "Values" in d:
        stream.add_values(t_ms, d["Values"], d.get("Counts"))
    else:
        sv = d["StatisticValues"]
        stream.add_set(t_ms, sv["SampleCount"], sv["Sum"], sv["Minimum"], sv["Maximum"])
