"""CloudWatch alarm operations: PutMetricAlarm, PutCompositeAlarm, DescribeAlarms,
DescribeAlarmsForMetric, DescribeAlarmHistory, SetAlarmState, DeleteAlarms,
Enable/DisableAlarmActions, and TagResource/UntagResource/ListTagsForResource.

The rules live in :mod:`awslab.services.cloudwatch.alarms`; these handlers pick the
members, call it and shape the answer. Introduced in ``06_alarms_and_recovery.ipynb``.
"""
from __future__ import annotations

import hashlib

from awslab.bridge.pagination import paginate
from awslab.services.cloudwatch.alarms import validate
from awslab.services.cloudwatch.alarms.errors import (
    InvalidNextToken, InvalidParameterCombination, InvalidParameterValue, ResourceNotFound,
    ResourceNotFoundException, ValidationError)
from awslab.services.cloudwatch.alarms.evaluator import ensure_evaluator
from awslab.services.cloudwatch.alarms.history import recent, record_configuration
from awslab.services.cloudwatch.alarms.messages import configuration_document
from awslab.services.cloudwatch.alarms.model import (
    AlarmState, CompositeAlarm, MetricAlarm, describe_composite_alarm, describe_metric_alarm)
from awslab.services.cloudwatch.alarms.transitions import parents_of, transition
from awslab.services.cloudwatch.operations import OPERATIONS
from awslab.services.cloudwatch.store import dims_key

DESCRIBE_PAGE, HISTORY_PAGE, MAX_TAGS = 50, 100, 50


def _salt(op: str, p: dict) -> str:
    text = repr(sorted((k, repr(v)) for k, v in p.items() if k not in ("NextToken",)))
    return hashlib.sha1((op + text).encode()).hexdigest()[:12]


def _put(call, alarm, existing) -> None:
    state = call.state()
    before = configuration_document(existing) if existing is not None else None
    state.alarms[alarm.name] = alarm
    record_configuration(state, alarm, "Update" if existing else "Create", call.now, before)
    ensure_evaluator(call.lab, state)


@OPERATIONS("PutMetricAlarm")
def put_metric_alarm(call, p):
    existing = call.state().alarms.get(p["AlarmName"])
    if isinstance(existing, CompositeAlarm):
        raise ValidationError(f"The alarm {p['AlarmName']} is a composite alarm; "
                              "update it with PutCompositeAlarm.")
    _put(call, validate.metric_alarm(p, call.account_id, call.region, call.now, existing),
         existing)
    return {}


@OPERATIONS("PutCompositeAlarm")
def put_composite_alarm(call, p):
    state = call.state()
    existing = state.alarms.get(p["AlarmName"])
    if isinstance(existing, MetricAlarm):
        raise ValidationError(f"The alarm {p['AlarmName']} is a metric alarm; "
                              "update it with PutMetricAlarm.")
    alarm = validate.composite_alarm(p, call.account_id, call.region, call.now,
                                     state.alarms, existing)
    _put(call, alarm, existing)        # evaluated at the next minute, as its rule changed
    return {}


# -- describing --------------------------------------------------------------------------

def _relatives(state, p: dict) -> tuple[list, list]:
    """DescribeAlarms with ChildrenOfAlarmName or ParentsOfAlarmName."""
    key = "ChildrenOfAlarmName" if "ChildrenOfAlarmName" in p else "ParentsOfAlarmName"
    others = [k for k in p if k not in (key, "MaxRecords", "NextToken")]
    if others:
        raise ValidationError(f"If you specify {key}, you cannot specify any other "
                              f"parameters except MaxRecords and NextToken (got {others[0]}).")
    name = p[key]
    if key == "ParentsOfAlarmName":
        return [{"AlarmName": a.name, "AlarmArn": a.arn} for a in parents_of(state, name)], []
    parent = state.alarms.get(name)
    kids = [state.alarms[n] for n in sorted(getattr(parent, "children", ()))
            if n in state.alarms]
    return [{"AlarmName": a.name, "AlarmArn": a.arn, "StateValue": a.state.value,
             "StateUpdatedTimestamp": a.state.updated} for a in kids], kids


@OPERATIONS("DescribeAlarms")
def describe_alarms(call, p):
    state = call.state()
    if "ChildrenOfAlarmName" in p or "ParentsOfAlarmName" in p:
        rows, kids = _relatives(state, p)
        page, token = paginate(rows, p.get("NextToken"), p.get("MaxRecords", DESCRIBE_PAGE),
                               _salt("DescribeAlarms", p), InvalidNextToken)
        composite = {a.name for a in kids if isinstance(a, CompositeAlarm)} | (
            {r["AlarmName"] for r in rows} if "ParentsOfAlarmName" in p else set())
        out = {"MetricAlarms": [r for r in page if r["AlarmName"] not in composite],
               "CompositeAlarms": [r for r in page if r["AlarmName"] in composite]}
        return {**out, "NextToken": token} if token else out
    if "AlarmNames" in p and "AlarmNamePrefix" in p:
        raise InvalidParameterCombination("The parameters AlarmNames and AlarmNamePrefix "
                                          "are mutually exclusive and you have specified both.")
    types = set(p.get("AlarmTypes") or ["MetricAlarm"])
    names, prefix = p.get("AlarmNames"), p.get("AlarmNamePrefix")
    chosen = [a for n, a in sorted(state.alarms.items())
              if a.kind in types and (names is None or n in names)
              and (prefix is None or n.startswith(prefix))
              and p.get("StateValue") in (None, a.state.value)
              and (p.get("ActionPrefix") is None or any(
                  x.startswith(p["ActionPrefix"]) for x in
                  a.ok_actions + a.alarm_actions + a.insufficient_data_actions))]
    page, token = paginate(chosen, p.get("NextToken"), p.get("MaxRecords", DESCRIBE_PAGE),
                           _salt("DescribeAlarms", p), InvalidNextToken)
    out = {"MetricAlarms": [describe_metric_alarm(a) for a in page
                            if isinstance(a, MetricAlarm)],
           "CompositeAlarms": [describe_composite_alarm(a) for a in page
                               if isinstance(a, CompositeAlarm)]}
    return {**out, "NextToken": token} if token else out


@OPERATIONS("DescribeAlarmsForMetric")
def describe_alarms_for_metric(call, p):
    dims = dims_key(p.get("Dimensions"))
    wanted = {k: p[k] for k in ("Statistic", "ExtendedStatistic", "Period", "Unit") if k in p}
    found = []
    for _, a in sorted(call.state().alarms.items()):
        if not isinstance(a, MetricAlarm) or a.metrics:
            continue
        have = {"Statistic": a.statistic, "ExtendedStatistic": a.extended_statistic,
                "Period": a.period, "Unit": a.unit}
        if (a.namespace, a.metric_name) == (p["Namespace"], p["MetricName"]) \
                and tuple(sorted(a.dimensions)) == dims \
                and all(have[k] == v for k, v in wanted.items()):
            found.append(describe_metric_alarm(a))
    return {"MetricAlarms": found}


@OPERATIONS("DescribeAlarmHistory")
def describe_alarm_history(call, p):
    if "AlarmContributorId" in p:
        raise ValidationError("awslab does not simulate alarm contributors "
                              "(AlarmContributorId); its alarms have none.")
    name = p.get("AlarmName")
    types = set(p.get("AlarmTypes") or (["MetricAlarm", "CompositeAlarm"] if name
                                        else ["MetricAlarm"]))
    items = [h for h in recent(call.state(), call.now)
             if (name is None or h.alarm_name == name) and h.alarm_type in types
             and p.get("HistoryItemType") in (None, h.item_type)
             and ("StartDate" not in p or h.timestamp >= p["StartDate"])
             and ("EndDate" not in p or h.timestamp <= p["EndDate"])]
    if p.get("ScanBy", "TimestampDescending") == "TimestampDescending":
        items.reverse()
    page, token = paginate(items, p.get("NextToken"), p.get("MaxRecords", HISTORY_PAGE),
                           _salt("DescribeAlarmHistory", p), InvalidNextToken)
    out = {"AlarmHistoryItems": [h.describe() for h in page]}
    return {**out, "NextToken": token} if token else out


# -- changing state and actions ------------------------------------------------------------

@OPERATIONS("SetAlarmState")
def set_alarm_state(call, p):
    state = call.state()
    alarm = state.alarms.get(p["AlarmName"])
    if alarm is None:
        raise ResourceNotFound(f"Alarm {p['AlarmName']} not found")
    data = validate.state_reason_data(p.get("StateReasonData"))
    if p["StateValue"] == alarm.state.value:
        alarm.state = AlarmState(alarm.state.value, p["StateReason"], data, call.now,
                                 alarm.state.transitioned)
    else:          # until the next evaluation (metric alarms) or child change (composites)
        transition(call.lab, state, alarm, p["StateValue"], p["StateReason"], data, call.now)
    return {}


@OPERATIONS("DeleteAlarms")
def delete_alarms(call, p):
    state = call.state()
    found = [n for n in dict.fromkeys(p["AlarmNames"]) if n in state.alarms]
    if sum(isinstance(state.alarms[n], CompositeAlarm) for n in found) > 1:
        raise ValidationError("You can delete at most one composite alarm in a "
                              "DeleteAlarms operation.")
    blocked = [n for n in found if any(a.name not in found for a in parents_of(state, n))]
    if blocked:
        raise ValidationError(f"Cannot delete {','.join(blocked)} as there are composite "
                              f"alarm(s) depending on {'it' if len(blocked) == 1 else 'them'}.")
    for n in found:
        record_configuration(state, state.alarms.pop(n), "Delete", call.now)
    ensure_evaluator(call.lab, state)
    return {}


def _set_actions(call, p, enabled: bool):
    state = call.state()
    for n in dict.fromkeys(p["AlarmNames"]):
        alarm = state.alarms.get(n)
        if alarm is not None and alarm.actions_enabled != enabled:
            before = configuration_document(alarm)
            alarm.actions_enabled = enabled
            alarm.configuration_updated = call.now
            record_configuration(state, alarm, "Update", call.now, before)
    return {}


@OPERATIONS("EnableAlarmActions")
def enable_alarm_actions(call, p):
    return _set_actions(call, p, True)


@OPERATIONS("DisableAlarmActions")
def disable_alarm_actions(call, p):
    return _set_actions(call, p, False)


# -- tags (alarms and dashboards) -----------------------------------------------------------

def _tagged(call, arn: str):
    """(get, set) of the tags of the alarm or dashboard ``arn``."""
    parts = arn.split(":", 6)
    if len(parts) == 7 and parts[:3] == ["arn", "aws", "cloudwatch"] \
            and parts[4] == call.account_id and parts[5] == "alarm":
        alarm = call.state(region=parts[3]).alarms.get(parts[6])
        if alarm is not None:
            return (lambda: dict(alarm.tags)), (lambda tags: setattr(alarm, "tags", tags))
    if len(parts) == 6 and parts[:4] == ["arn", "aws", "cloudwatch", ""] \
            and parts[4] == call.account_id and parts[5].startswith("dashboard/"):
        from awslab.services.cloudwatch.operations.dashboards import dashboards_of
        board = dashboards_of(call).get(parts[5][len("dashboard/"):])
        if board is not None:
            return (lambda: dict(board.tags)), (
                lambda tags: setattr(board, "tags", tuple(tags.items())))
    raise ResourceNotFoundException(f"The resource {arn} does not exist.")


@OPERATIONS("TagResource")
def tag_resource(call, p):
    get, put = _tagged(call, p["ResourceARN"])
    tags = get()
    tags.update({t["Key"]: t["Value"] for t in p["Tags"]})
    if len(tags) > MAX_TAGS:
        raise InvalidParameterValue(f"A resource can have at most {MAX_TAGS} tags; this "
                                    f"request would give it {len(tags)}.")
    put(tags)
    return {}


@OPERATIONS("UntagResource")
def untag_resource(call, p):
    get, put = _tagged(call, p["ResourceARN"])
    tags = get()
    for key in p["TagKeys"]:
        tags.pop(key, None)
    put(tags)
    return {}


@OPERATIONS("ListTagsForResource")
def list_tags_for_resource(call, p):
    get, _ = _tagged(call, p["ResourceARN"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in get().items()]}
