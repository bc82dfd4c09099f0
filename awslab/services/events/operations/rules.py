"""Rules: PutRule (event pattern or schedule), Describe/List/Enable/Disable/DeleteRule,
ListRuleNamesByTarget, and TestEventPattern."""
from __future__ import annotations

import json

from awslab.services.events import routing
from awslab.services.events.errors import (
    LimitExceededException, ManagedRuleException, ResourceNotFoundException,
    ValidationException)
from awslab.services.events.operations.common import (
    OPERATIONS, compact, find_bus, find_rule, page, tags_in)
from awslab.services.events.patterns import compile_pattern
from awslab.services.events.schedule import parse_schedule
from awslab.services.events.state import DEFAULT_BUS, Rule

MAX_RULES = 300
EVENT_FIELDS = ("id", "account", "source", "time", "region", "detail-type")


def describe(rule: Rule) -> dict:
    return compact({"Name": rule.name, "Arn": rule.arn, "EventPattern": rule.event_pattern,
            "ScheduleExpression": rule.schedule, "State": rule.state,
            "Description": rule.description, "RoleArn": rule.role_arn,
            "ManagedBy": rule.managed_by, "EventBusName": rule.bus_name})


@OPERATIONS("PutRule")
def put_rule(call, p):
    state, bus = find_bus(call, p.get("EventBusName"))
    pattern_text, schedule = p.get("EventPattern"), p.get("ScheduleExpression")
    if pattern_text is None and schedule is None:
        raise ValidationException("Parameter(s) EventPattern or ScheduleExpression must be "
                                  "specified.")
    pattern = compile_pattern(pattern_text) if pattern_text is not None else None
    if schedule is not None:
        parse_schedule(schedule)
        if bus.name != DEFAULT_BUS:
            raise ValidationException("ScheduleExpression is supported only on the default "
                                      "event bus.")
    rule = bus.rules.get(p["Name"])
    if rule is None:
        if len(bus.rules) >= MAX_RULES:
            raise LimitExceededException("The requested resource exceeds the maximum "
                                         "number allowed.")
        rule = Rule(p["Name"], state.rule_arn(bus.name, p["Name"]), bus.name, call.now,
                    created_by=call.account_id, tags=tags_in(p.get("Tags")))
        bus.rules[rule.name] = rule
    elif rule.managed_by:
        raise ManagedRuleException(f"Rule {rule.name} is managed by {rule.managed_by} and "
                                   "cannot be changed.")
    rule.event_pattern, rule.pattern, rule.schedule = pattern_text, pattern, schedule
    rule.state = p.get("State") or "ENABLED"
    rule.description, rule.role_arn = p.get("Description"), p.get("RoleArn")
    routing.schedule_rule(call.lab, state, rule)
    return {"RuleArn": rule.arn}


@OPERATIONS("DescribeRule")
def describe_rule(call, p):
    rule = find_rule(call, p["Name"], p.get("EventBusName"))[2]
    return {**describe(rule), "CreatedBy": rule.created_by}


@OPERATIONS("ListRules")
def list_rules(call, p):
    _, bus = find_bus(call, p.get("EventBusName"))
    prefix = p.get("NamePrefix") or ""
    found = [describe(r) for n, r in sorted(bus.rules.items()) if n.startswith(prefix)]
    items, token = page(found, p, f"rules/{bus.arn}/{prefix}")
    return {"Rules": items, "NextToken": token}


def _switch(call, p, new_state: str) -> dict:
    rule = find_rule(call, p["Name"], p.get("EventBusName"))[2]
    if rule.managed_by:
        raise ManagedRuleException(f"Rule {rule.name} is managed by {rule.managed_by}.")
    rule.state = new_state
    return {}


@OPERATIONS("EnableRule")
def enable_rule(call, p):
    return _switch(call, p, "ENABLED")


@OPERATIONS("DisableRule")
def disable_rule(call, p):
    return _switch(call, p, "DISABLED")


@OPERATIONS("DeleteRule")
def delete_rule(call, p):
    try:
        _, bus, rule = find_rule(call, p["Name"], p.get("EventBusName"))
    except ResourceNotFoundException:       # deleting a rule that is not there succeeds
        find_bus(call, p.get("EventBusName"))
        return {}
    if rule.managed_by and not p.get("Force"):
        raise ManagedRuleException(f"Rule {rule.name} is managed by {rule.managed_by}; "
                                   "use Force to delete it.")
    if rule.targets:
        raise ValidationException("Rule can't be deleted since it has targets.")
    if rule.job is not None:
        rule.job.cancel()
    del bus.rules[rule.name]
    return {}


@OPERATIONS("ListRuleNamesByTarget")
def list_rule_names_by_target(call, p):
    _, bus = find_bus(call, p.get("EventBusName"))
    names = [n for n, r in sorted(bus.rules.items())
             if any(t.arn == p["TargetArn"] for t in r.targets.values())]
    items, token = page(names, p, f"by-target/{bus.arn}/{p['TargetArn']}")
    return {"RuleNames": items, "NextToken": token}


@OPERATIONS("TestEventPattern")
def test_event_pattern(call, p):
    pattern = compile_pattern(p["EventPattern"])
    try:
        event = json.loads(p["Event"])
    except ValueError:
        event = None
    if not isinstance(event, dict) or any(k not in event for k in EVENT_FIELDS):
        raise ValidationException("Parameter Event is not valid.")
    return {"Result": pattern.matches(event)}
