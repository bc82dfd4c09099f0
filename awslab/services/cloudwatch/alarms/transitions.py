"""What happens when an alarm changes state: history, actions, the EventBridge event and
the composite alarms above it (aws-facts 2.1, 2.4, 2.6).

Actions fire on transitions only, while ``ActionsEnabled``; Auto Scaling actions are
invoked again at every evaluation while the state holds (:func:`repeat_actions`).
Composite alarms are re-evaluated when a child changes state or their configuration
changes; a composite alarm on a cycle of composite alarms is not evaluated, as AWS stops
evaluating on a cycle. ``ActionsSuppressor`` holds back a composite alarm's actions while
the suppressor is in ALARM, for ``ActionsSuppressorExtensionPeriod`` seconds after it
leaves ALARM, and for up to ``ActionsSuppressorWaitPeriod`` seconds after the composite
alarm enters ALARM if the suppressor goes into ALARM meanwhile.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from awslab.errors import AwsError, AwslabError
from awslab.services.cloudwatch.alarms.actions import deliver, parse_action
from awslab.services.cloudwatch.alarms.history import record_action, record_state
from awslab.services.cloudwatch.alarms.messages import (
    notification, state_change_event, subject)
from awslab.services.cloudwatch.alarms.model import AlarmState, CompositeAlarm
from awslab.services.cloudwatch.alarms.reasons import (
    composite_reason, composite_reason_data)


def transition(lab, state, alarm, value: str, reason: str, reason_data: str | None,
               when: datetime, metric_value: float | None = None,
               children: list | None = None) -> None:
    """Move ``alarm`` to ``value`` and do everything a state change does."""
    before = replace(alarm.state)
    alarm.state = AlarmState(value, reason, reason_data, when,
                             when if value != before.value else before.transitioned)
    if before.value == "ALARM" and value != "ALARM":
        alarm.left_alarm_at = when
    record_state(state, alarm, before, when)
    _emit(lab, state, state_change_event(alarm, before))
    if value != before.value:
        if value == "ALARM" or before.value == "ALARM":
            suppressor_changed(lab, state, alarm, when)
        if alarm.actions_enabled:
            if isinstance(alarm, CompositeAlarm):
                _composite_actions(lab, state, alarm, before.value, when, children or [])
            else:
                fire_actions(lab, state, alarm, before.value, when, metric_value)
        for parent in parents_of(state, alarm.name):
            evaluate_composite(lab, state, parent, when, trigger=alarm)


def fire_actions(lab, state, alarm, old_value: str, when: datetime,
                 metric_value: float | None = None, only: str | None = None,
                 children: list | None = None) -> None:
    """Run the actions of the alarm's current state (``only``: one kind of action)."""
    message = notification(alarm, state.account_id, state.region, old_value, children)
    title = subject(alarm.state.value, alarm.name, state.region)
    for arn in alarm.actions_for(alarm.state.value):
        if only is not None and parse_action(arn).kind != only:
            continue
        error, published = deliver(lab, state, alarm, arn, message=message, subject=title,
                                   metric_value=metric_value)
        record_action(state, alarm, arn, when, error, published)


def repeat_actions(lab, state, alarm, when: datetime, metric_value: float | None) -> None:
    """Auto Scaling actions again, for an evaluation that left the state as it was."""
    if alarm.actions_enabled and any(parse_action(a).kind == "autoscaling"
                                     for a in alarm.actions_for(alarm.state.value)):
        fire_actions(lab, state, alarm, alarm.state.value, when, metric_value,
                     only="autoscaling")


def _emit(lab, state, event: dict) -> None:
    """Hand the state-change event to EventBridge (the default bus of this region)."""
    try:
        lab.send("events", "event", state.account_id, state.region, event)
    except (AwsError, AwslabError, AttributeError):
        if lab.service("events") is not None and hasattr(lab.service("events"), "receive"):
            raise


# -- composite alarms ---------------------------------------------------------------------

def resolve(state, reference: str) -> str | None:
    """The alarm name a rule reference (name or ARN) means in this account and region."""
    prefix = f"arn:aws:cloudwatch:{state.region}:{state.account_id}:alarm:"
    if reference.startswith("arn:"):
        return reference[len(prefix):] if reference.startswith(prefix) else None
    return reference


def parents_of(state, name: str) -> list[CompositeAlarm]:
    """Composite alarms whose rule names ``name``, by name."""
    return [a for _, a in sorted(state.alarms.items())
            if isinstance(a, CompositeAlarm) and name in a.children]


def in_cycle(state, composite: CompositeAlarm) -> bool:
    """Whether ``composite`` depends on itself through other composite alarms."""
    seen, todo = set(), list(composite.children)
    while todo:
        name = todo.pop()
        if name == composite.name:
            return True
        child = state.alarms.get(name)
        if name in seen or not isinstance(child, CompositeAlarm):
            continue
        seen.add(name)
        todo.extend(child.children)
    return False


def evaluate_composite(lab, state, alarm: CompositeAlarm, when: datetime,
                       trigger=None) -> None:
    """Re-evaluate a composite alarm's rule; transition if its value changed."""
    alarm.needs_evaluation = False
    if in_cycle(state, alarm):
        return
    children = [state.alarms[n] for n in alarm.children if n in state.alarms]
    states = {ref: state.alarms[resolve(state, ref)].state.value
              for ref in alarm.rule.children if resolve(state, ref) in state.alarms}
    value = "ALARM" if alarm.rule.evaluate(states) else "OK"
    if value == alarm.state.value:
        return
    if trigger is None and children:
        trigger = max(children, key=lambda c: (c.state.updated, c.name))
    if trigger is not None:
        reason = composite_reason(trigger.arn, trigger.state.value, trigger.state.updated)
        same = [c for c in children if c is not trigger
                and c.state.value == trigger.state.value]
        listed = [(c.arn, c.state.value, c.state.updated) for c in [trigger] + same]
    else:
        reason = f"Alarm rule {alarm.rule.text} is {'TRUE' if value == 'ALARM' else 'FALSE'}"
        listed = []
    transition(lab, state, alarm, value, reason, composite_reason_data(listed), when,
               children=listed)


def _composite_actions(lab, state, alarm: CompositeAlarm, old_value: str, when: datetime,
                       children: list) -> None:
    """A composite alarm's actions, unless its suppressor holds them back."""
    suppressor = state.alarms.get(alarm.suppressor) if alarm.suppressor else None
    alarm.suppressed_by = alarm.suppressed_reason = None
    if suppressor is not None:
        extension = timedelta(seconds=alarm.extension_period or 0)
        if suppressor.state.value == "ALARM":
            return _suppress(alarm, "Alarm", suppressor)
        if suppressor.left_alarm_at is not None and when < suppressor.left_alarm_at + extension:
            _suppress(alarm, "ExtensionPeriod", suppressor)
            return _hold(lab, state, alarm, suppressor.left_alarm_at + extension, old_value,
                         children)
        if alarm.state.value == "ALARM" and alarm.wait_period:
            _suppress(alarm, "WaitPeriod", suppressor)
            return _hold(lab, state, alarm, when + timedelta(seconds=alarm.wait_period),
                         old_value, children)
    fire_actions(lab, state, alarm, old_value, when, children=children)
    return None


def _hold(lab, state, alarm: CompositeAlarm, until: datetime, old_value: str,
          children: list) -> None:
    """Check again at ``until`` whether the held-back actions may run."""
    entered = alarm.state.transitioned

    def release(t: datetime) -> None:
        if state.alarms.get(alarm.name) is not alarm or alarm.state.transitioned != entered \
                or alarm.suppressed_by not in ("WaitPeriod", "ExtensionPeriod"):
            return                        # deleted, changed state, or now held by the alarm
        alarm.suppressed_by = alarm.suppressed_reason = None
        if alarm.actions_enabled:
            fire_actions(lab, state, alarm, old_value, t, children=children)

    lab.clock.at(until, release, name=f"cloudwatch suppressed actions {alarm.name}")


def _suppress(alarm: CompositeAlarm, by: str, suppressor) -> None:
    alarm.suppressed_by = by
    alarm.suppressed_reason = {
        "Alarm": f"Alarm {suppressor.name} is in ALARM state",
        "WaitPeriod": f"Waiting up to {alarm.wait_period} seconds for alarm "
                      f"{suppressor.name} to go into ALARM state",
        "ExtensionPeriod": f"Alarm {suppressor.name} left ALARM state less than "
                           f"{alarm.extension_period} seconds ago"}[by]


def suppressor_changed(lab, state, suppressor, when: datetime) -> None:
    """Composite alarms held back by ``suppressor`` follow its new state."""
    for alarm in state.alarms.values():
        if not isinstance(alarm, CompositeAlarm) or alarm.suppressor != suppressor.name:
            continue
        if suppressor.state.value == "ALARM" and alarm.suppressed_by in (
                "WaitPeriod", "ExtensionPeriod"):
            _suppress(alarm, "Alarm", suppressor)
        elif suppressor.state.value != "ALARM" and alarm.suppressed_by == "Alarm":
            _suppress(alarm, "ExtensionPeriod", suppressor)
            _hold(lab, state, alarm,
                  when + timedelta(seconds=alarm.extension_period or 0),
                  "OK" if alarm.state.value == "ALARM" else "ALARM", [])
