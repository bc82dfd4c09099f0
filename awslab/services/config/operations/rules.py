"""Config rules: PutConfigRule, DescribeConfigRules, DeleteConfigRule,
DescribeConfigRuleEvaluationStatus, StartConfigRulesEvaluation and PutEvaluations.

A managed rule (``Owner`` ``AWS``) names one of :data:`awslab.services.config.managed.MANAGED`;
a custom rule (``CUSTOM_LAMBDA``) names a Lambda stand-in (``awslab.services.lambda_.register``)
and its ``SourceDetails`` triggers. ``CUSTOM_POLICY`` (Guard) rules are refused with a
message that says so.
"""
from __future__ import annotations

import json

from awslab.bridge.pagination import paginate
from awslab.services.config import engine, errors
from awslab.services.config.managed import MANAGED, check_parameters
from awslab.services.config.operations import OPERATIONS
from awslab.services.config.state import Rule

MAX_RULES = 1000                  # rules per account and region (current default quota)
MAX_EVALUATION_RULES = 25         # StartConfigRulesEvaluation


def find_rule(state, name: str) -> Rule:
    rule = state.rules.get(name)
    if rule is None:
        raise errors.no_rule(name)
    return rule


def _parameters(text: str | None) -> dict:
    if not text:
        return {}
    try:
        params = json.loads(text)
    except ValueError:
        params = None
    if not isinstance(params, dict):
        raise errors.InvalidParameterValueException(
            "Invalid json string provided for InputParameters")
    return {k: str(v) if not isinstance(v, str) else v for k, v in params.items()}


def _triggers(spec: dict, source: dict) -> tuple[bool, str | None]:
    """(change-triggered?, periodic frequency or None) of a rule."""
    frequency = spec.get("MaximumExecutionFrequency")
    if source["Owner"] == "AWS":
        managed = MANAGED[source["SourceIdentifier"]]
        if frequency and not managed.periodic:
            raise errors.InvalidParameterValueException(
                "A maximum execution frequency is not allowed for rules triggered by "
                "configuration changes")
        return managed.change, (frequency or "TwentyFour_Hours") if managed.periodic else None
    details = source.get("SourceDetails") or []
    if not details:
        raise errors.InvalidParameterValueException(
            "SourceDetails must be provided for a custom rule")
    change = any(d.get("MessageType") in ("ConfigurationItemChangeNotification",
                                          "OversizedConfigurationItemChangeNotification")
                 for d in details)
    periodic = [d for d in details if d.get("MessageType") == "ScheduledNotification"]
    if periodic:
        frequency = periodic[0].get("MaximumExecutionFrequency") or frequency or \
            "TwentyFour_Hours"
    elif frequency:
        raise errors.InvalidParameterValueException(
            "A maximum execution frequency is not allowed for rules triggered by "
            "configuration changes")
    return change, frequency if periodic else None


def _check_source(call, source: dict) -> None:
    owner, identifier = source["Owner"], source.get("SourceIdentifier")
    if owner == "CUSTOM_POLICY":
        raise errors.InvalidParameterValueException(
            "awslab does not simulate Guard custom policy rules (CUSTOM_POLICY); use a "
            "custom Lambda rule (CUSTOM_LAMBDA) with a Python function.")
    if owner == "AWS" and identifier not in MANAGED:
        raise errors.InvalidParameterValueException(
            f"The sourceIdentifier {identifier} is invalid. Please refer to the "
            f"documentation for a list of valid sourceIdentifiers that can be used when "
            f"AWS is the Owner. (awslab simulates: {', '.join(sorted(MANAGED))})")
    if owner == "CUSTOM_LAMBDA":
        parts = (identifier or "").split(":")
        if len(parts) < 7 or parts[2] != "lambda" or call.lab.service("lambda") is None:
            raise errors.InsufficientPermissionsException(
                f"The AWS Lambda function {identifier} cannot be invoked. Check the "
                "specified function ARN, and check the function's permissions.")


@OPERATIONS("PutConfigRule")
def put_config_rule(call, p):
    state = call.state()
    spec, source = p["ConfigRule"], p["ConfigRule"]["Source"]
    if state.recorder is None:
        raise errors.NoAvailableConfigurationRecorderException(
            "Configuration recorder is not available to put config rule.")
    _check_source(call, source)
    name = spec.get("ConfigRuleName")
    if not name:
        raise errors.InvalidParameterValueException("ConfigRuleName is required")
    params = _parameters(spec.get("InputParameters"))
    if source["Owner"] == "AWS":
        check_parameters(MANAGED[source["SourceIdentifier"]], params)
    change, frequency = _triggers(spec, source)
    old = state.rules.get(name)
    if old is None and len(state.rules) >= MAX_RULES:
        raise errors.MaxNumberOfConfigRulesExceededException(
            f"Failed to put config rule because you have reached the limit for the maximum "
            f"number of config rules: ({MAX_RULES})")
    if old is not None and old.state != "ACTIVE":
        raise errors.ResourceInUseException(
            f"The rule {name} is currently being deleted or evaluated.")
    rule_id = old.rule_id if old else "config-rule-" + engine.ids(call.lab, state).hex(6)
    rule = Rule(name, f"arn:aws:config:{call.region}:{call.account_id}:config-rule/"
                f"{rule_id}", rule_id, source["Owner"], source.get("SourceIdentifier"),
                list(source.get("SourceDetails") or []), dict(spec.get("Scope") or {}),
                params, spec.get("InputParameters"), frequency, change,
                spec.get("Description"), created=old.created if old else call.now)
    if old is not None:
        rule.results, rule.history, rule.status = old.results, old.history, old.status
        rule.evaluations = old.evaluations
        if old.periodic_job is not None:
            old.periodic_job.cancel()
    rule.status.setdefault("FirstActivatedTime", call.now)
    state.rules[name] = rule
    engine.schedule(call.lab, state, rule)
    if state.recording:
        engine.evaluate_rule(call.lab, state, rule)
    return {}


def rule_dict(rule: Rule) -> dict:
    source = {"Owner": rule.owner, "SourceIdentifier": rule.identifier}
    if rule.source_details:
        source["SourceDetails"] = rule.source_details
    out = {"ConfigRuleName": rule.name, "ConfigRuleArn": rule.arn,
           "ConfigRuleId": rule.rule_id, "Source": source, "ConfigRuleState": rule.state,
           "EvaluationModes": [{"Mode": "DETECTIVE"}]}
    if rule.scope:
        out["Scope"] = rule.scope
    if rule.parameters_text:
        out["InputParameters"] = rule.parameters_text
    if rule.frequency:
        out["MaximumExecutionFrequency"] = rule.frequency
    if rule.description:
        out["Description"] = rule.description
    return out


@OPERATIONS("DescribeConfigRules")
def describe_config_rules(call, p):
    state = call.state()
    names = p.get("ConfigRuleNames")
    rules = [find_rule(state, n) for n in names] if names else list(state.rules.values())
    page, token = paginate([rule_dict(r) for r in rules], p.get("NextToken"), 25,
                           "rules", errors.InvalidNextTokenException)
    return {"ConfigRules": page, "NextToken": token}


@OPERATIONS("DeleteConfigRule")
def delete_config_rule(call, p):
    state = call.state()
    rule = find_rule(state, p["ConfigRuleName"])
    if rule.name in state.remediations:
        raise errors.ResourceInUseException(
            "A remediation action is associated with the rule; delete the remediation "
            "configuration first.")
    if rule.periodic_job is not None:
        rule.periodic_job.cancel()
    state.deleted_evaluations += rule.evaluations
    del state.rules[rule.name]
    state.tokens = {t: v for t, v in state.tokens.items() if v[0] != rule.name}
    return {}


@OPERATIONS("DescribeConfigRuleEvaluationStatus")
def describe_config_rule_evaluation_status(call, p):
    state = call.state()
    names = p.get("ConfigRuleNames")
    rules = [find_rule(state, n) for n in names] if names else list(state.rules.values())
    out = [{"ConfigRuleName": r.name, "ConfigRuleArn": r.arn, "ConfigRuleId": r.rule_id,
            "FirstEvaluationStarted": False, **r.status} for r in rules]
    page, token = paginate(out, p.get("NextToken"), p.get("Limit") or 50, "status",
                           errors.InvalidNextTokenException)
    return {"ConfigRulesEvaluationStatus": page, "NextToken": token}


@OPERATIONS("StartConfigRulesEvaluation")
def start_config_rules_evaluation(call, p):
    state = call.state()
    names = p.get("ConfigRuleNames") or list(state.rules)
    if len(names) > MAX_EVALUATION_RULES:
        raise errors.LimitExceededException(
            f"You can specify up to {MAX_EVALUATION_RULES} Config rules per request.")
    rules = [find_rule(state, n) for n in names]
    for rule in rules:
        last = rule.last_manual_start
        if last is not None and (call.now - last).total_seconds() < 60:
            raise errors.LimitExceededException(
                f"An evaluation of {rule.name} is in progress or was started less than a "
                "minute ago; StartConfigRulesEvaluation can run once per minute per rule.")
    for rule in rules:
        rule.last_manual_start = call.now
        engine.evaluate_rule(call.lab, state, rule)
    return {}


@OPERATIONS("PutEvaluations")
def put_evaluations(call, p):
    state = call.state()
    found = state.tokens.get(p["ResultToken"])
    if found is None or found[0] not in state.rules:
        raise errors.InvalidResultTokenException()
    rule = state.rules[found[0]]
    evaluations = p.get("Evaluations") or []
    for ev in evaluations:
        if ev["ComplianceType"] == "INSUFFICIENT_DATA":
            raise errors.InvalidParameterValueException(
                "The ComplianceType INSUFFICIENT_DATA is not supported for PutEvaluations; "
                "use COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE.")
        if len(ev.get("Annotation") or "") > 256:
            raise errors.InvalidParameterValueException(
                "Annotation must be 256 characters or fewer.")
    if p.get("TestMode"):
        return {"FailedEvaluations": []}
    for ev in evaluations:
        engine.put_result(call.lab, state, rule, ev["ComplianceResourceType"],
                          ev["ComplianceResourceId"], ev["ComplianceType"],
                          ev.get("Annotation"), ev["OrderingTimestamp"], found[1],
                          p["ResultToken"])
    rule.status["LastSuccessfulEvaluationTime"] = call.now
    return {"FailedEvaluations": []}
