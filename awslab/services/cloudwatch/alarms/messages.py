"""What an alarm tells the world: the SNS notification, the EventBridge event, and the
configuration documents of its history (aws-facts 2.1, 2.4).

Shapes follow AWS's own messages as quoted in public repositories: the SNS body is the
JSON document with ``AlarmName`` ... ``Trigger`` (``Statistic`` in upper snake case,
dimensions as ``{"value", "name"}``), the subject ``ALARM: "name" in US East (N.
Virginia)`` (cut to SNS's 100 characters with ``...``), the EventBridge event has
detail-type ``CloudWatch Alarm State Change`` and ``detail`` {alarmName, state,
previousState, configuration}; ConfigurationUpdate history holds ``{"version": "1.0",
"type": "Create", "createdAlarm": {...}}``.

Email subscribers get readable text instead of the JSON body: CloudWatch publishes with
``MessageStructure="json"`` and ``{"default": <JSON body>, "email": <text>}``
(:func:`sns_message`), so SQS, HTTP/S, Lambda and email-json endpoints receive the JSON
and email endpoints the text of :func:`email_text` ("You are receiving this email because
your Amazon CloudWatch Alarm ... Alarm Details: ... Threshold: ... Monitored Metric: ...
State Change Actions: ..."), laid out as AWS's alarm emails are. Known gaps: AWS's exact
wording for percentile, metric-math and composite alarm emails is not documented; the lab
shows ``ExtendedStatistic``, one line per metric-math query, and ``Alarm Rule`` with the
triggering children.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from urllib.parse import quote

from awslab.services.cloudwatch.alarms.model import CompositeAlarm, MetricAlarm
from awslab.services.cloudwatch.alarms.reasons import iso_ms, java_double, long_time

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
_STAT_BACK = {v: k for k, v in _STAT_NAMES.items()}
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


def sns_message(body: str) -> str:
    """The ``MessageStructure="json"`` message of an alarm notification: the JSON body
    for every protocol, readable text (:func:`email_text`) for email."""
    return json.dumps({"default": body, "email": email_text(json.loads(body))})


def _field(label: str, value, width: int = 30) -> str:
    """``- Label:       value``, the value at column ``width`` (0: after one space)."""
    head = f"- {label}:"
    head = head.ljust(width) if width else head + " "
    return f"{head}{'' if value is None else value}".rstrip()


def _changed_at(doc: dict) -> str:
    when = datetime.strptime(doc["StateChangeTime"], "%Y-%m-%dT%H:%M:%S.%f%z")
    return long_time(when)


def _region_code(arn: str) -> str:
    return arn.split(":")[3]


def _bracketed(dimensions) -> str:
    return " ".join(f"[{d['name']} = {d['value']}]" for d in dimensions)


def _monitored(trigger: dict) -> list[str]:
    """The "Monitored Metric:" block (or "Monitored Metrics:" for metric math)."""
    wide = 39
    if "Metrics" in trigger:
        lines = ["Monitored Metrics:"]
        for q in trigger["Metrics"]:
            if "Expression" in q:
                text = f"{q['Expression']} (expression)"
            else:
                ms, metric = q["MetricStat"], q["MetricStat"]["Metric"]
                text = (f"{metric['Namespace']} {metric['MetricName']} "
                        f"{_bracketed(metric['Dimensions'])} {ms['Stat']} "
                        f"{ms['Period']} seconds").replace("  ", " ")
            lines.append(_field(q["Id"], text, wide))
        return lines
    if trigger.get("StatisticType") == "ExtendedStatistic":
        stat = ("ExtendedStatistic", trigger["ExtendedStatistic"])
    else:
        stat = ("Statistic", _STAT_BACK.get(trigger["Statistic"], trigger["Statistic"]))
    lines = ["Monitored Metric:",
             _field("MetricNamespace", trigger["Namespace"], wide),
             _field("MetricName", trigger["MetricName"], wide),
             _field("Dimensions", _bracketed(trigger["Dimensions"]), wide),
             _field("Period", f"{trigger['Period']} seconds", wide),
             _field(*stat, wide),
             _field("Unit", trigger.get("Unit") or "not specified", wide)]
    if trigger.get("TreatMissingData"):
        lines.append(_field("TreatMissingData", trigger["TreatMissingData"], wide))
    return lines


def _threshold(trigger: dict) -> list[str]:
    n = trigger["EvaluationPeriods"]
    m = trigger.get("DatapointsToAlarm") or n
    return ["Threshold:",
            f"- The alarm is in the ALARM state when the metric is "
            f"{trigger['ComparisonOperator']} {java_double(trigger['Threshold'])} for at "
            f"least {m} of the last {n} period(s) of {trigger['Period']} seconds."]


def _actions_list(arns) -> str:
    return f"[{', '.join(arns)}]" if arns else ""


def email_text(doc: dict) -> str:
    """The text an email subscriber reads for an alarm notification.

    Parameters
    ----------
    doc : dict
        The notification's JSON body (:func:`notification`, parsed).

    Returns
    -------
    str
        The header sentence, the console link, ``Alarm Details``, then ``Threshold`` and
        ``Monitored Metric`` (metric alarms) or ``Alarm Rule`` (composite alarms), and
        ``State Change Actions``. SNS adds its unsubscribe footer when it delivers.
    """
    name, new, reason = doc["AlarmName"], doc["NewStateValue"], doc["NewStateReason"]
    when, region = _changed_at(doc), _region_code(doc["AlarmArn"])
    lines = [f'You are receiving this email because your Amazon CloudWatch Alarm "{name}" '
             f'in the {doc["Region"]} region has entered the {new} state, because '
             f'"{reason}" at "{when}".', "",
             "View this alarm in the AWS Management Console:",
             f"https://{region}.console.aws.amazon.com/cloudwatch/deeplink.js?region="
             f"{region}#alarmsV2:alarm/{quote(name, safe='')}", "",
             "Alarm Details:", _field("Name", name),
             _field("Description", doc.get("AlarmDescription")),
             _field("State Change", f"{doc['OldStateValue']} -> {new}"),
             _field("Reason for State Change", reason), _field("Timestamp", when),
             _field("AWS Account", doc["AWSAccountId"]),
             _field("Alarm Arn", doc["AlarmArn"]), ""]
    if "AlarmRule" in doc:
        lines += ["Alarm Rule:", f"- {doc['AlarmRule']}", ""]
        children = doc.get("TriggeringChildren") or []
        if children:
            lines += ["Triggering Children:"] + [
                f"- {c['Arn']} ({c['State']['Value']})" for c in children] + [""]
    else:
        lines += _threshold(doc["Trigger"]) + [""] + _monitored(doc["Trigger"]) + ["", ""]
    lines += ["State Change Actions:",
              _field("OK", _actions_list(doc["OKActions"]), 0),
              _field("ALARM", _actions_list(doc["AlarmActions"]), 0),
              _field("INSUFFICIENT_DATA", _actions_list(doc["InsufficientDataActions"]), 0)]
    return "\n".join(lines) + "\n"


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
