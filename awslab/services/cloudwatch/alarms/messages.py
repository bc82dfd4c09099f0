"""What an alarm tells the world: the SNS notification, the EventBridge event, and the
configuration documents of its history (aws-facts 2.1, 2.4).

Shapes follow AWS's own messages as quoted in public repositories: the SNS body is the
JSON document with ``AlarmName`` ... ``Trigger`` (``Statistic`` in upper snake case,
dimensions as ``{"value", "name"}``), the subject ``ALARM: "name" in US East (N.
Virginia)`` (cut to SNS's 100 characters with ``...``), the EventBridge event has
detail-type ``CloudWatch Alarm State Change`` and ``detail`` {alarmName, state,
previousState, configuration}; ConfigurationUpdate history holds ``{"version": "1.0",
"type": "Create", "createdAlarm": {...}}``.
"""
from __future__ import annotations

import hashlib
import json

from awslab.services.cloudwatch.alarms.model import CompositeAlarm, MetricAlarm
from awslab.services.cloudwatch.alarms.reasons import iso_ms

REGION_NAMES = {
    "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)", "us-west-2": "US West (Oregon)",
    "ca-central-1": "Canada (Central)", "sa-east-1": "South America (Sao Paulo)",
    "eu-west-1": "EU (Ireland)", "eu-west-2": "EU (London)", "eu-west-3": "EU (Paris)",
    "eu-central-1": "EU (Frankfurt)", "eu-north-1": "EU (Stockholm)",
    "eu-south-1": "EU (Milan)", "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)", "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-southeast-1": "Asia Pacific (Singapore)", "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-south-1": "Asia Pacific (Mumbai)", "ap-east-1": "Asia Pacific (Hong Kong)",
    "me-south-1": "Middle East (Bahrain)", "af-south-1": "Africa (Cape Town)",
}
_STAT_NAMES = {"SampleCount": "SAMPLE_COUNT", "Average": "AVERAGE", "Sum": "SUM",
               "Minimum": "MINIMUM", "Maximum": "MAXIMUM"}
SUBJECT_LIMIT = 100


def region_name(region: str) -> str:
    """``US East (N. Virginia)`` for ``us-east-1`` (the code itself when unknown)."""
    return REGION_NAMES.get(region, region)


def subject(state: str, alarm_name: str, region: str) -> str:
    """``ALARM: "name" in US East (N. Virginia)``, at most 100 characters."""
    text = f'{state}: "{alarm_name}" in {region_name(region)}'
    if len(text) <= SUBJECT_LIMIT:
        return text
    keep = len(alarm_name) - (len(text) - SUBJECT_LIMIT) - 3
    return f'{state}: "{alarm_name[:max(keep, 0)]}..." in {region_name(region)}'


def _dimensions(dims) -> list[dict]:
    return [{"value": v, "name": n} for n, v in dims]


def _query(q: dict) -> dict:
    """A MetricDataQuery as the notification's Trigger shows it."""
    out: dict = {}
    if "Expression" in q:
        out["Expression"] = q["Expression"]
    out["Id"] = q["Id"]
    if "Label" in q:
        out["Label"] = q["Label"]
    if "MetricStat" in q:
        ms, metric = q["MetricStat"], q["MetricStat"]["Metric"]
        dims = ((d["Name"], d["Value"]) for d in metric.get("Dimensions", ()))
        out["MetricStat"] = {"Metric": {
            "Dimensions": _dimensions(dims),
            "MetricName": metric["MetricName"], "Namespace": metric["Namespace"]},
            "Period": ms["Period"], "Stat": ms["Stat"]}
        if "Unit" in ms:
            out["MetricStat"]["Unit"] = ms["Unit"]
    out["ReturnData"] = q.get("ReturnData", True)
    return out


def trigger(alarm: MetricAlarm) -> dict:
    """The ``Trigger`` block of the SNS notification."""
    out: dict = {}
    if not alarm.metrics:
        out.update({"MetricName": alarm.metric_name, "Namespace": alarm.namespace})
        if alarm.statistic is not None:
            out.update({"StatisticType": "Statistic",
                        "Statistic": _STAT_NAMES[alarm.statistic]})
        else:
            out.update({"StatisticType": "ExtendedStatistic",
                        "ExtendedStatistic": alarm.extended_statistic})
        out.update({"Unit": alarm.unit, "Dimensions": _dimensions(alarm.dimensions)})
    out.update({"Period": alarm.period, "EvaluationPeriods": alarm.evaluation_periods})
    if alarm.datapoints_to_alarm is not None:
        out["DatapointsToAlarm"] = alarm.datapoints_to_alarm
    out.update({"ComparisonOperator": alarm.comparison_operator,
                "Threshold": alarm.threshold,
                "TreatMissingData": alarm.treat_missing_data or "",
                "EvaluateLowSampleCountPercentile":
                    alarm.evaluate_low_sample_count_percentile or ""})
    if alarm.metrics:
        out["Metrics"] = [_query(q) for q in alarm.metrics]
    return out


def notification(alarm, account_id: str, region: str, old_state: str,
                 children: list[tuple[str, str, object]] | None = None) -> str:
    """The JSON body CloudWatch publishes to an SNS topic for a state change."""
    doc = {
        "AlarmName": alarm.name, "AlarmDescription": alarm.description,
        "AWSAccountId": account_id,
        "AlarmConfigurationUpdatedTimestamp": iso_ms(alarm.configuration_updated),
        "NewStateValue": alarm.state.value, "NewStateReason": alarm.state.reason,
        "StateChangeTime": iso_ms(alarm.state.updated), "Region": region_name(region),
        "AlarmArn": alarm.arn, "OldStateValue": old_state,
        "OKActions": list(alarm.ok_actions), "AlarmActions": list(alarm.alarm_actions),
        "InsufficientDataActions": list(alarm.insufficient_data_actions),
    }
    if isinstance(alarm, CompositeAlarm):
        doc["AlarmRule"] = alarm.rule.text
        doc["TriggeringChildren"] = [
            {"Arn": arn, "State": {"Value": value, "Timestamp": iso_ms(when)}}
            for arn, value, when in (children or ())]
    else:
        doc["Trigger"] = trigger(alarm)
    return json.dumps(doc, separators=(",", ":"))


def _query_id(alarm: MetricAlarm) -> str:
    """A stable id for a single-metric alarm's query in EventBridge events (UUID-shaped)."""
    h = hashlib.sha1(alarm.arn.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def event_configuration(alarm) -> dict:
    """``detail.configuration`` of the "CloudWatch Alarm State Change" event."""
    out: dict = {}
    if alarm.description is not None:
        out["description"] = alarm.description
    if isinstance(alarm, CompositeAlarm):
        out["alarmRule"] = alarm.rule.text
        if alarm.suppressor_given is not None:
            out.update({"actionsSuppressor": alarm.suppressor_given,
                        "actionsSuppressorWaitPeriod": alarm.wait_period,
                        "actionsSuppressorExtensionPeriod": alarm.extension_period})
        return out
    if alarm.metrics:
        out["metrics"] = [_event_query(q) for q in alarm.metrics]
        return out
    stat = {"metric": {"namespace": alarm.namespace, "name": alarm.metric_name,
                       "dimensions": dict(alarm.dimensions)},
            "period": alarm.period, "stat": alarm.statistic or alarm.extended_statistic}
    if alarm.unit is not None:
        stat["unit"] = alarm.unit
    out["metrics"] = [{"id": _query_id(alarm), "metricStat": stat, "returnData": True}]
    return out


def _event_query(q: dict) -> dict:
    out: dict = {"id": q["Id"]}
    if "MetricStat" in q:
        ms, metric = q["MetricStat"], q["MetricStat"]["Metric"]
        out["metricStat"] = {"metric": {
            "namespace": metric["Namespace"], "name": metric["MetricName"],
            "dimensions": {d["Name"]: d["Value"] for d in metric.get("Dimensions", ())}},
            "period": ms["Period"], "stat": ms["Stat"]}
    if "Expression" in q:
        out["expression"] = q["Expression"]
    if "Label" in q:
        out["label"] = q["Label"]
    out["returnData"] = q.get("ReturnData", True)
    return out


def _state(value: str, reason: str, reason_data: str | None, when) -> dict:
    out = {"value": value, "reason": reason}
    if reason_data is not None:
        out["reasonData"] = reason_data
    out["timestamp"] = iso_ms(when)
    return out


def state_change_event(alarm, previous) -> dict:
    """The EventBridge event for a state change (``previous`` is the old AlarmState);
    the events service stamps ``id``, ``time``, ``account``, ``region`` and ``version``."""
    detail = {"alarmName": alarm.name,
              "state": _state(alarm.state.value, alarm.state.reason,
                              alarm.state.reason_data, alarm.state.updated),
              "previousState": _state(previous.value, previous.reason,
                                      previous.reason_data, previous.updated),
              "configuration": event_configuration(alarm)}
    return {"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
            "resources": [alarm.arn], "detail": detail}


def configuration_document(alarm) -> dict:
    """The alarm as ConfigurationUpdate history shows it (``createdAlarm``...)."""
    doc = {"alarmName": alarm.name}
    if alarm.description is not None:
        doc["alarmDescription"] = alarm.description
    doc.update({"alarmArn": alarm.arn,
                "alarmConfigurationUpdatedTimestamp": iso_ms(alarm.configuration_updated)})
    if isinstance(alarm, CompositeAlarm):
        doc["alarmRule"] = alarm.rule.text
    elif alarm.metrics:
        doc["metrics"] = [_event_query(q) for q in alarm.metrics]
    else:
        doc.update({"namespace": alarm.namespace, "metricName": alarm.metric_name})
        if alarm.statistic is not None:
            doc["statistic"] = alarm.statistic
        else:
            doc["extendedStatistic"] = alarm.extended_statistic
        doc.update({"period": alarm.period, "dimensions": _dimensions(alarm.dimensions)})
        if alarm.unit is not None:
            doc["unit"] = alarm.unit
    if isinstance(alarm, MetricAlarm):
        doc.update({"threshold": alarm.threshold,
                    "comparisonOperator": alarm.comparison_operator,
                    "evaluationPeriods": alarm.evaluation_periods})
        if alarm.datapoints_to_alarm is not None:
            doc["datapointsToAlarm"] = alarm.datapoints_to_alarm
        if alarm.treat_missing_data is not None:
            doc["treatMissingData"] = alarm.treat_missing_data
    doc.update({"stateValue": alarm.state.value,
                "stateUpdatedTimestamp": iso_ms(alarm.state.updated),
                "actionsEnabled": alarm.actions_enabled,
                "alarmActions": list(alarm.alarm_actions),
                "insufficientDataActions": list(alarm.insufficient_data_actions),
                "okactions": list(alarm.ok_actions)})
    return doc
