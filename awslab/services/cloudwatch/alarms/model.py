"""Metric alarms, composite alarms and alarm history items, as the lab keeps them.

Typed records (no wire dicts, except the ``MetricDataQuery`` list of a metric-math alarm,
kept as given); :func:`describe_metric_alarm` and :func:`describe_composite_alarm`
render the ``MetricAlarm``/``CompositeAlarm`` structures of DescribeAlarms.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from awslab.services.cloudwatch.alarms.composite import Rule


def alarm_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:aws:cloudwatch:{region}:{account_id}:alarm:{name}"


@dataclass
class AlarmState:
    """What every alarm carries: its state and when it last changed."""

    value: str
    reason: str
    reason_data: str | None
    updated: datetime
    transitioned: datetime


@dataclass
class MetricAlarm:
    """A metric alarm: one metric (or a metric-math expression) against a threshold."""

    name: str
    arn: str
    description: str | None
    actions_enabled: bool
    ok_actions: tuple[str, ...]
    alarm_actions: tuple[str, ...]
    insufficient_data_actions: tuple[str, ...]
    namespace: str | None
    metric_name: str | None
    dimensions: tuple[tuple[str, str], ...]       # as given (names, values)
    statistic: str | None
    extended_statistic: str | None
    period: int                                    # the metric's, or the math queries'
    unit: str | None
    evaluation_periods: int
    datapoints_to_alarm: int | None
    threshold: float | None
    comparison_operator: str
    treat_missing_data: str | None
    evaluate_low_sample_count_percentile: str | None
    metrics: tuple[dict, ...]                      # MetricDataQuery list (math alarms)
    configuration_updated: datetime
    state: AlarmState
    tags: dict[str, str] = field(default_factory=dict)
    left_alarm_at: datetime | None = None          # when it last left ALARM (suppressors)
    kind: str = "MetricAlarm"

    @property
    def m(self) -> int:
        """DatapointsToAlarm (M), which defaults to EvaluationPeriods."""
        return self.datapoints_to_alarm or self.evaluation_periods

    @property
    def treatment(self) -> str:
        """The TreatMissingData in force (``AWS/DynamoDB`` alarms always ignore)."""
        if self.namespace == "AWS/DynamoDB":
            return "ignore"
        return self.treat_missing_data or "missing"

    @property
    def high_resolution(self) -> bool:
        return self.period < 60

    def actions_for(self, state: str) -> tuple[str, ...]:
        return {"OK": self.ok_actions, "ALARM": self.alarm_actions,
                "INSUFFICIENT_DATA": self.insufficient_data_actions}[state]


@dataclass
class CompositeAlarm:
    """A composite alarm: a rule over other alarms' states."""

    name: str
    arn: str
    description: str | None
    actions_enabled: bool
    ok_actions: tuple[str, ...]
    alarm_actions: tuple[str, ...]
    insufficient_data_actions: tuple[str, ...]
    rule: Rule
    children: tuple[str, ...]                      # child alarm names (references resolved)
    suppressor: str | None                         # alarm name
    suppressor_given: str | None                   # as the caller wrote it
    wait_period: int | None
    extension_period: int | None
    configuration_updated: datetime
    state: AlarmState
    tags: dict[str, str] = field(default_factory=dict)
    suppressed_by: str | None = None
    suppressed_reason: str | None = None
    needs_evaluation: bool = True
    left_alarm_at: datetime | None = None
    kind: str = "CompositeAlarm"

    def actions_for(self, state: str) -> tuple[str, ...]:
        return {"OK": self.ok_actions, "ALARM": self.alarm_actions,
                "INSUFFICIENT_DATA": self.insufficient_data_actions}[state]


@dataclass(frozen=True)
class HistoryItem:
    """One AlarmHistoryItem (kept after its alarm is deleted)."""

    alarm_name: str
    alarm_type: str
    timestamp: datetime
    item_type: str               # ConfigurationUpdate, StateUpdate, Action
    summary: str
    data: str

    def describe(self) -> dict:
        return {"AlarmName": self.alarm_name, "AlarmType": self.alarm_type,
                "Timestamp": self.timestamp, "HistoryItemType": self.item_type,
                "HistorySummary": self.summary, "HistoryData": self.data}


def _common(alarm) -> dict:
    out = {"AlarmName": alarm.name, "AlarmArn": alarm.arn}
    if alarm.description is not None:
        out["AlarmDescription"] = alarm.description
    out.update({
        "AlarmConfigurationUpdatedTimestamp": alarm.configuration_updated,
        "ActionsEnabled": alarm.actions_enabled,
        "OKActions": list(alarm.ok_actions),
        "AlarmActions": list(alarm.alarm_actions),
        "InsufficientDataActions": list(alarm.insufficient_data_actions),
        "StateValue": alarm.state.value,
        "StateReason": alarm.state.reason,
    })
    if alarm.state.reason_data is not None:
        out["StateReasonData"] = alarm.state.reason_data
    out["StateUpdatedTimestamp"] = alarm.state.updated
    out["StateTransitionedTimestamp"] = alarm.state.transitioned
    return out


def describe_metric_alarm(alarm: MetricAlarm) -> dict:
    """The ``MetricAlarm`` structure of DescribeAlarms and DescribeAlarmsForMetric."""
    out = _common(alarm)
    optional = {
        "MetricName": alarm.metric_name, "Namespace": alarm.namespace,
        "Statistic": alarm.statistic, "ExtendedStatistic": alarm.extended_statistic,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if not alarm.metrics:
        out["Dimensions"] = [{"Name": n, "Value": v} for n, v in alarm.dimensions]
        out["Period"] = alarm.period
        if alarm.unit is not None:
            out["Unit"] = alarm.unit
    out["EvaluationPeriods"] = alarm.evaluation_periods
    if alarm.datapoints_to_alarm is not None:
        out["DatapointsToAlarm"] = alarm.datapoints_to_alarm
    if alarm.threshold is not None:
        out["Threshold"] = alarm.threshold
    out["ComparisonOperator"] = alarm.comparison_operator
    if alarm.treat_missing_data is not None:
        out["TreatMissingData"] = alarm.treat_missing_data
    if alarm.evaluate_low_sample_count_percentile is not None:
        out["EvaluateLowSampleCountPercentile"] = alarm.evaluate_low_sample_count_percentile
    if alarm.metrics:
        out["Metrics"] = [dict(q) for q in alarm.metrics]
    return out


def describe_composite_alarm(alarm: CompositeAlarm) -> dict:
    """The ``CompositeAlarm`` structure of DescribeAlarms."""
    out = _common(alarm)
    out["AlarmRule"] = alarm.rule.text
    if alarm.suppressed_by is not None:
        out["ActionsSuppressedBy"] = alarm.suppressed_by
        out["ActionsSuppressedReason"] = alarm.suppressed_reason or ""
    if alarm.suppressor_given is not None:
        out["ActionsSuppressor"] = alarm.suppressor_given
        out["ActionsSuppressorWaitPeriod"] = alarm.wait_period
        out["ActionsSuppressorExtensionPeriod"] = alarm.extension_period
    return out
