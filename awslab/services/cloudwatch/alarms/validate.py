"""PutMetricAlarm's and PutCompositeAlarm's rules, checked before anything is stored
(aws-facts 2.2, 2.6).

botocore checks types, required members and ``min``; the bridge checks the model's
``max``/``enum``/``pattern`` (five actions per list, 30 dimensions, name lengths). This
module checks the rest, with AWS's codes; wordings marked [ISSUE] were checked against
AWS answers quoted in public issues:

* ``DatapointsToAlarm must be less than or equal to EvaluationPeriods`` [ISSUE];
* ``Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be
  <= 86400)`` and ``... more than a week (EvaluationPeriods * Period must be <= 604800)
  for alarms using period >= 3600`` [ISSUE];
* ``Could not save the composite alarm as alarms [x] in the alarm rule do not exist``
  [ISSUE]; the action checks of :mod:`.actions`.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from awslab.services.cloudwatch.alarms.actions import check_actions
from awslab.services.cloudwatch.alarms.composite import Rule, parse_rule
from awslab.services.cloudwatch.alarms.errors import (
    InvalidFormat, InvalidParameterCombination, InvalidParameterValue, LimitExceeded,
    MissingParameter, ValidationError, not_simulated)
from awslab.services.cloudwatch.alarms.evaluation import TREATMENTS
from awslab.services.cloudwatch.alarms.model import (
    AlarmState, CompositeAlarm, MetricAlarm, alarm_arn)
from awslab.services.cloudwatch.alarms.reasons import INITIAL
from awslab.services.cloudwatch.statistics import parse_extended

ANOMALY_OPERATORS = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
                     "GreaterThanUpperThreshold")
NOT_SIMULATED = {"EvaluationWindow": "alarm evaluation windows (EvaluationWindow)",
                 "WarmUpConfiguration": "alarm warm-up periods (WarmUpConfiguration)",
                 "EvaluationCriteria": "PromQL alarms (EvaluationCriteria)",
                 "EvaluationInterval": "custom evaluation intervals (EvaluationInterval)",
                 "ActionConfiguration": "alarm tag propagation (ActionConfiguration)"}
SINGLE_METRIC = ("Namespace", "MetricName", "Dimensions", "Period", "Unit", "Statistic",
                 "ExtendedStatistic")
MAX_MATH_METRICS, MAX_TAGS, MAX_PARENTS = 10, 50, 150
DAY, WEEK = 86_400, 604_800


def _check_name(name: str) -> None:
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InvalidParameterValue(f"The value {name!r} for parameter AlarmName is invalid: "
                                    "alarm names cannot contain control characters.")


def _check_tags(tags) -> dict[str, str]:
    if len(tags or ()) > MAX_TAGS:
        raise InvalidParameterValue(
            f"The collection Tags must not have a size greater than {MAX_TAGS}.")
    return {t["Key"]: t["Value"] for t in tags or ()}


def _check_period(period: int, evaluation_periods: int) -> None:
    if period not in (10, 20, 30) and period % 60:
        raise ValidationError("Period must be 10, 20, 30 or a multiple of 60")
    total = period * evaluation_periods
    if period < 3600 and total > DAY:
        raise ValidationError("Metrics cannot be checked across more than a day "
                              "(EvaluationPeriods * Period must be <= 86400)")
    if total > WEEK:
        raise ValidationError("Metrics cannot be checked across more than a week "
                              "(EvaluationPeriods * Period must be <= 604800) for alarms "
                              "using period >= 3600")


def _check_extended(text: str) -> None:
    """p90, tm90, tc90, ts90, wm90, IQM, PR(n:m), or TC/TM/TS/WM(X%:X%) with X in 10..90."""
    ext = parse_extended(text)           # InvalidParameterValue in AWS's wording
    if text == "IQM" or ext.family == "pr" or text[0].islower():
        return
    if not (ext.percent and ext.lo is not None and ext.hi is not None
            and 10 <= ext.lo and ext.hi <= 90):
        raise InvalidParameterValue(f"The value {text} for parameter ExtendedStatistic is "
                                    "invalid: an alarm's TC, TM, TS or WM range is given in "
                                    "percent, both bounds between 10% and 90%.")


def _math_period(queries: list[dict], now: datetime) -> int:
    """Check a metric-math alarm's queries; return their common period."""
    from awslab.services.cloudwatch.metric_data import run_queries
    from awslab.services.cloudwatch.store import MetricStore
    if sum(bool(q.get("ReturnData", True)) for q in queries) != 1:
        raise ValidationError("Exactly one element of the metrics list should return data.")
    stats = [q["MetricStat"] for q in queries if "MetricStat" in q]
    if len(stats) > MAX_MATH_METRICS:
        raise ValidationError(f"An alarm on a metric math expression can use at most "
                              f"{MAX_MATH_METRICS} metrics; this one uses {len(stats)}.")
    if any("AccountId" in q for q in queries):
        raise not_simulated("cross-account metric math alarms (AccountId)")
    periods = {s["Period"] for s in stats} | {q["Period"] for q in queries if "Period" in q}
    if len(periods) > 1:
        raise ValidationError("All metrics in a metric math alarm must use the same period; "
                              f"found {sorted(periods)}.")
    if not periods:
        raise MissingParameter("The parameter Metrics.member.N.MetricStat.Period is "
                               "required: a metric math alarm needs at least one metric.")
    period = periods.pop()
    run_queries(MetricStore(), queries, now - timedelta(seconds=period), now, now,
                "TimestampAscending")             # syntax and ids, as GetMetricData checks
    return period


def _metric_source(p: dict, now: datetime) -> tuple:
    """(namespace, name, dims, statistic, extended, period, unit, metrics) of the alarm."""
    if p.get("Metrics"):
        both = [k for k in SINGLE_METRIC if k in p]
        if both:
            raise InvalidParameterCombination(
                f"The parameters Metrics and {both[0]} are mutually exclusive and you have "
                "specified both.")
        queries = [dict(q) for q in p["Metrics"]]
        return None, None, (), None, None, _math_period(queries, now), None, \
            tuple(queries)
    for key in ("MetricName", "Namespace"):
        if key not in p:
            raise MissingParameter(f"The parameter {key} is required.")
    if "Statistic" in p and "ExtendedStatistic" in p:
        raise InvalidParameterCombination("The parameters Statistic and ExtendedStatistic "
                                          "are mutually exclusive and you have specified both.")
    if "Statistic" not in p and "ExtendedStatistic" not in p:
        raise MissingParameter("The parameter Statistic or ExtendedStatistic must be "
                               "specified.")
    if "ExtendedStatistic" in p:
        _check_extended(p["ExtendedStatistic"])
    if "Period" not in p:
        raise MissingParameter("The parameter Period is required.")
    dims = tuple((d["Name"], d["Value"]) for d in p.get("Dimensions") or ())
    if len({n for n, _ in dims}) != len(dims):
        raise InvalidParameterValue("No metric may specify the same dimension name twice.")
    return (p["Namespace"], p["MetricName"], dims, p.get("Statistic"),
            p.get("ExtendedStatistic"), p["Period"], p.get("Unit"), ())


def _check_thresholds(p: dict) -> None:
    op = p.get("ComparisonOperator")
    if op is None:
        raise MissingParameter("The parameter ComparisonOperator is required.")
    if op in ANOMALY_OPERATORS:
        if "ThresholdMetricId" not in p:
            raise ValidationError(f"ComparisonOperator {op} is for anomaly detection "
                                  "alarms and needs ThresholdMetricId.")
        raise not_simulated("anomaly detection alarms (ThresholdMetricId with "
                            "ANOMALY_DETECTION_BAND)")
    if "ThresholdMetricId" in p:
        raise ValidationError("ThresholdMetricId can only be used with the anomaly "
                              "detection comparison operators.")
    if "Threshold" not in p:
        raise MissingParameter("The parameter Threshold is required.")
    if p.get("TreatMissingData", "missing") not in TREATMENTS:
        raise InvalidParameterValue(f"The value {p['TreatMissingData']} for parameter "
                                    "TreatMissingData is invalid.")
    low = p.get("EvaluateLowSampleCountPercentile")
    if low is not None and low not in ("evaluate", "ignore"):
        raise InvalidParameterValue(f"The value {low} for parameter "
                                    "EvaluateLowSampleCountPercentile is invalid.")


def metric_alarm(p: dict, account_id: str, region: str, now: datetime,
                 existing: MetricAlarm | None) -> MetricAlarm:
    """Check PutMetricAlarm's parameters and build the alarm (keeping the state of an
    alarm being updated, and its tags: Tags only apply at creation)."""
    for key, what in NOT_SIMULATED.items():
        if key in p:
            raise not_simulated(what)
    _check_name(p["AlarmName"])
    ns, name, dims, stat, ext, period, unit, metrics = _metric_source(p, now)
    if "EvaluationPeriods" not in p:
        raise MissingParameter("The parameter EvaluationPeriods is required.")
    n = p["EvaluationPeriods"]
    if p.get("DatapointsToAlarm", 1) > n:
        raise ValidationError("DatapointsToAlarm must be less than or equal to "
                              "EvaluationPeriods")
    _check_period(period, n)
    _check_thresholds(p)
    check_actions(p, region, math=bool(metrics), metric_name=name, dimensions=dims)
    tags = _check_tags(p.get("Tags"))
    state = existing.state if existing else AlarmState("INSUFFICIENT_DATA", INITIAL, None,
                                                       now, now)
    return MetricAlarm(
        name=p["AlarmName"], arn=alarm_arn(region, account_id, p["AlarmName"]),
        description=p.get("AlarmDescription"), actions_enabled=p.get("ActionsEnabled", True),
        ok_actions=tuple(p.get("OKActions") or ()),
        alarm_actions=tuple(p.get("AlarmActions") or ()),
        insufficient_data_actions=tuple(p.get("InsufficientDataActions") or ()),
        namespace=ns, metric_name=name, dimensions=dims, statistic=stat,
        extended_statistic=ext, period=period, unit=unit, evaluation_periods=n,
        datapoints_to_alarm=p.get("DatapointsToAlarm"), threshold=float(p["Threshold"]),
        comparison_operator=p["ComparisonOperator"],
        treat_missing_data=p.get("TreatMissingData"),
        evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
        metrics=metrics, configuration_updated=now, state=state,
        tags=existing.tags if existing else tags,
        left_alarm_at=existing.left_alarm_at if existing else None)


def composite_alarm(p: dict, account_id: str, region: str, now: datetime, alarms: dict,
                    existing: CompositeAlarm | None) -> CompositeAlarm:
    """Check PutCompositeAlarm's parameters and build the alarm."""
    if "ActionConfiguration" in p:
        raise not_simulated(NOT_SIMULATED["ActionConfiguration"])
    _check_name(p["AlarmName"])
    rule: Rule = parse_rule(p["AlarmRule"])
    prefix = f"arn:aws:cloudwatch:{region}:{account_id}:alarm:"
    names, missing = [], []
    for ref in rule.children:
        name = ref[len(prefix):] if ref.startswith(prefix) else (
            None if ref.startswith("arn:") else ref)
        (names if name in alarms else missing).append(name if name in alarms else ref)
    if missing:
        raise ValidationError("Could not save the composite alarm as alarms "
                              f"[{', '.join(missing)}] in the alarm rule do not exist")
    for name in names:
        parents = sum(1 for a in alarms.values() if isinstance(a, CompositeAlarm)
                      and name in a.children and a.name != p["AlarmName"])
        if parents >= MAX_PARENTS:
            raise LimitExceeded(f"The alarm {name} is already used by {MAX_PARENTS} "
                                "composite alarms, the most one alarm can be part of.")
    check_actions(p, region, composite=True)
    suppressor = _suppressor(p, prefix)
    tags = _check_tags(p.get("Tags"))
    state = existing.state if existing else AlarmState("INSUFFICIENT_DATA", INITIAL, None,
                                                       now, now)
    return CompositeAlarm(
        name=p["AlarmName"], arn=alarm_arn(region, account_id, p["AlarmName"]),
        description=p.get("AlarmDescription"), actions_enabled=p.get("ActionsEnabled", True),
        ok_actions=tuple(p.get("OKActions") or ()),
        alarm_actions=tuple(p.get("AlarmActions") or ()),
        insufficient_data_actions=tuple(p.get("InsufficientDataActions") or ()),
        rule=rule, children=tuple(dict.fromkeys(names)), suppressor=suppressor,
        suppressor_given=p.get("ActionsSuppressor"),
        wait_period=p.get("ActionsSuppressorWaitPeriod"),
        extension_period=p.get("ActionsSuppressorExtensionPeriod"),
        configuration_updated=now, state=state,
        tags=existing.tags if existing else tags,
        left_alarm_at=existing.left_alarm_at if existing else None)


def _suppressor(p: dict, prefix: str) -> str | None:
    given = p.get("ActionsSuppressor")
    if given is None:
        for key in ("ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod"):
            if key in p:
                raise InvalidParameterCombination(
                    f"The parameter {key} can only be used with ActionsSuppressor.")
        return None
    for key in ("ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod"):
        if key not in p:
            raise MissingParameter(f"The parameter {key} is required when "
                                   "ActionsSuppressor is specified.")
        if p[key] < 0:
            raise InvalidParameterValue(f"The value {p[key]} for parameter {key} is invalid.")
    return given[len(prefix):] if given.startswith(prefix) else given


def state_reason_data(text: str | None) -> str | None:
    """SetAlarmState's StateReasonData must be JSON (``InvalidFormat``)."""
    if text is None:
        return None
    try:
        json.loads(text)
    except ValueError:
        raise InvalidFormat("The StateReasonData parameter must be valid JSON: "
                            f"{text[:100]}") from None
    return text

