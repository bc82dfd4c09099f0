"""Alarm history items: ConfigurationUpdate, StateUpdate and Action (aws-facts 2.1).

``HistoryData`` is the JSON CloudWatch writes: ``{"version": "1.0", "oldState":
{"stateValue", "stateReason", "stateReasonData"}, "newState": {...}}`` for state updates
(summary ``Alarm updated from OK to ALARM``), ``{"version": "1.0", "type": "Create",
"createdAlarm": {...}}`` for configuration (summary ``Alarm "name" created``), and
``{"actionState": "Succeeded"|"Failed", ...}`` for actions (summary ``Successfully
executed action arn...``). History outlives its alarm and is kept two weeks.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from awslab.services.cloudwatch.alarms.messages import configuration_document
from awslab.services.cloudwatch.alarms.model import AlarmState, HistoryItem

RETENTION = timedelta(weeks=2)
MAX_DATA, MAX_SUMMARY = 4095, 255
_VERBS = {"Create": "created", "Update": "updated", "Delete": "deleted"}
_KEYS = {"Create": "createdAlarm", "Update": "updatedAlarm", "Delete": "deletedAlarm"}


def _dump(doc: dict) -> str:
    return json.dumps(doc, separators=(",", ":"))


def _add(state, alarm, when: datetime, kind: str, summary: str, data: str) -> HistoryItem:
    item = HistoryItem(alarm.name, alarm.kind, when, kind, summary[:MAX_SUMMARY],
                       data[:MAX_DATA])
    state.alarm_history.append(item)
    return item


def record_configuration(state, alarm, change: str, when: datetime,
                         before: dict | None = None) -> HistoryItem:
    """``Alarm "name" created|updated|deleted`` with the alarm's configuration."""
    doc = {"version": "1.0", "type": change, _KEYS[change]: configuration_document(alarm)}
    if change == "Update" and before is not None:
        after = doc["updatedAlarm"]
        doc["originalUpdatedFields"] = {k: v for k, v in before.items()
                                        if after.get(k) != v and not k.endswith("Timestamp")}
    return _add(state, alarm, when, "ConfigurationUpdate",
                f'Alarm "{alarm.name}" {_VERBS[change]}', _dump(doc))


def _state_doc(s: AlarmState, with_data: bool) -> dict:
    out: dict = {"stateValue": s.value, "stateReason": s.reason}
    if with_data and s.reason_data:
        try:
            out["stateReasonData"] = json.loads(s.reason_data)
        except ValueError:
            pass
    return out


def record_state(state, alarm, before: AlarmState, when: datetime) -> HistoryItem:
    """``Alarm updated from OK to ALARM`` with both states and their reasons."""
    for old_data, new_data in ((True, True), (False, True), (False, False)):
        data = _dump({"version": "1.0", "oldState": _state_doc(before, old_data),
                      "newState": _state_doc(alarm.state, new_data)})
        if len(data) <= MAX_DATA:
            break
    return _add(state, alarm, when, "StateUpdate",
                f"Alarm updated from {before.value} to {alarm.state.value}", data)


def record_action(state, alarm, arn: str, when: datetime, error: str | None = None,
                  published: str | None = None) -> HistoryItem:
    """``Successfully executed action ...`` or ``Failed to execute action ...``."""
    stamp = int(when.timestamp() * 1000)
    if error is None:
        doc: dict = {"actionState": "Succeeded", "stateUpdateTimestamp": stamp,
                     "notificationResource": arn}
        if published is not None:
            doc["publishedMessage"] = published
        return _add(state, alarm, when, "Action", f"Successfully executed action {arn}",
                    _dump(doc))
    doc = {"actionState": "Failed", "stateUpdateTimestamp": stamp,
           "notificationResource": arn, "error": error}
    return _add(state, alarm, when, "Action", f"Failed to execute action {arn} ({error})",
                _dump(doc))


def recent(state, now: datetime) -> list[HistoryItem]:
    """The history still kept (two weeks), oldest first."""
    since = now - RETENTION
    return [h for h in state.alarm_history if h.timestamp >= since]
