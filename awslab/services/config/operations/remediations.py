"""Remediation: PutRemediationConfigurations, DescribeRemediationConfigurations,
DeleteRemediationConfiguration, StartRemediationExecution,
DescribeRemediationExecutionStatus and the remediation exceptions."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.config import errors, remediation
from awslab.services.config.operations import OPERATIONS
from awslab.services.config.state import RemediationConfig, RemediationRun

DEFAULT_ATTEMPTS, DEFAULT_RETRY_SECONDS = 5, 60
MAX_PARAMETERS = 25


def _check(call, spec: dict) -> RemediationConfig:
    state = call.state()
    name = spec["ConfigRuleName"]
    if name not in state.rules:
        raise errors.InvalidParameterValueException(
            f"The ConfigRule '{name}' provided in the request is invalid. Please check the "
            "configRule name.")
    if spec["TargetType"] != "SSM_DOCUMENT":
        raise errors.InvalidParameterValueException("TargetType must be SSM_DOCUMENT.")
    ssm = call.lab.service("ssm")
    doc = ssm.find_document(call.lab, call.account_id, call.region, spec["TargetId"])
    if doc is None:
        raise errors.InvalidParameterValueException(
            f"Document {spec['TargetId']} does not exist.")
    params = spec.get("Parameters") or {}
    if len(params) > MAX_PARAMETERS:
        raise errors.InvalidParameterValueException(
            f"A remediation configuration can have at most {MAX_PARAMETERS} parameters.")
    for pname, value in params.items():
        if pname not in doc.parameters:
            raise errors.InvalidParameterValueException(
                f"Parameter {pname} is not defined in document {doc.name}.")
        if bool(value.get("ResourceValue")) == bool(value.get("StaticValue")):
            raise errors.InvalidParameterValueException(
                f"Parameter {pname} needs exactly one of ResourceValue and StaticValue.")
    if spec.get("Automatic") and not any("ResourceValue" in v for v in params.values()):
        raise errors.InvalidParameterValueException(
            "Automatic remediation needs a parameter with ResourceValue RESOURCE_ID.")
    arn = (f"arn:aws:config:{call.region}:{call.account_id}:remediation-configuration/"
           f"{name}/{state.rules[name].rule_id}")
    return RemediationConfig(name, arn, doc.name, spec.get("TargetVersion"), params,
                             spec.get("ResourceType"), bool(spec.get("Automatic")),
                             spec.get("MaximumAutomaticAttempts") or DEFAULT_ATTEMPTS,
                             spec.get("RetryAttemptSeconds") or DEFAULT_RETRY_SECONDS,
                             spec.get("ExecutionControls"))


@OPERATIONS("PutRemediationConfigurations")
def put_remediation_configurations(call, p):
    state = call.state()
    checked = [_check(call, spec) for spec in p["RemediationConfigurations"]]
    for config in checked:
        state.remediations[config.rule_name] = config
    for config in checked:          # resources already non-compliant get fixed now
        rule = state.rules[config.rule_name]
        for (rtype, rid), result in list(rule.results.items()):
            if result.compliance == "NON_COMPLIANT":
                remediation.on_non_compliant(call.lab, state, rule, rtype, rid)
    return {"FailedBatches": []}


def config_dict(config: RemediationConfig) -> dict:
    out = {"ConfigRuleName": config.rule_name, "TargetType": "SSM_DOCUMENT",
           "TargetId": config.target_id, "Parameters": config.parameters,
           "Automatic": config.automatic, "MaximumAutomaticAttempts": config.max_attempts,
           "RetryAttemptSeconds": config.retry_seconds, "Arn": config.arn}
    for key, value in (("TargetVersion", config.target_version),
                       ("ResourceType", config.resource_type),
                       ("ExecutionControls", config.controls)):
        if value:
            out[key] = value
    return out


@OPERATIONS("DescribeRemediationConfigurations")
def describe_remediation_configurations(call, p):
    state = call.state()
    return {"RemediationConfigurations": [config_dict(state.remediations[n])
                                          for n in p["ConfigRuleNames"]
                                          if n in state.remediations]}


def _config(state, name: str) -> RemediationConfig:
    config = state.remediations.get(name)
    if config is None:
        raise errors.NoSuchRemediationConfigurationException(
            f"No RemediationConfiguration for rule exists: {name}")
    return config


@OPERATIONS("DeleteRemediationConfiguration")
def delete_remediation_configuration(call, p):
    state = call.state()
    _config(state, p["ConfigRuleName"])
    del state.remediations[p["ConfigRuleName"]]
    for key, run in list(state.runs.items()):
        if key[0] == p["ConfigRuleName"] and run.retry_job is not None:
            run.retry_job.cancel()
    return {}


@OPERATIONS("StartRemediationExecution")
def start_remediation_execution(call, p):
    state = call.state()
    config = _config(state, p["ConfigRuleName"])
    failed = []
    for key in p["ResourceKeys"]:
        rkey = (config.rule_name, key["resourceType"], key["resourceId"])
        run = state.runs.get(rkey)
        if run is not None and run.state in ("QUEUED", "IN_PROGRESS"):
            failed.append(key)
            continue
        run = RemediationRun(config.rule_name, key["resourceType"], key["resourceId"],
                             invoked=call.now)
        state.runs[rkey] = run
        remediation.attempt(call.lab, state, config, run, automatic=False)
    out = {"FailedItems": failed or None}
    if failed:
        out["FailureMessage"] = "A remediation is already in progress for these resources."
    return out


@OPERATIONS("DescribeRemediationExecutionStatus")
def describe_remediation_execution_status(call, p):
    state = call.state()
    config = _config(state, p["ConfigRuleName"])
    wanted = {(k["resourceType"], k["resourceId"]) for k in p.get("ResourceKeys") or []}
    rows = []
    for (rule, rtype, rid), run in state.runs.items():
        if rule != config.rule_name or (wanted and (rtype, rid) not in wanted):
            continue
        rows.append({"ResourceKey": {"resourceType": rtype, "resourceId": rid},
                     "State": run.state, "StepDetails": run.steps,
                     "InvocationTime": run.invoked, "LastUpdatedTime": run.updated})
    page, token = paginate(rows, p.get("NextToken"), p.get("Limit") or 100, "remed-status",
                           errors.InvalidNextTokenException)
    return {"RemediationExecutionStatuses": page, "NextToken": token}


@OPERATIONS("DescribeRemediationExceptions")
def describe_remediation_exceptions(call, p):
    state = call.state()
    wanted = {(k.get("ResourceType"), k.get("ResourceId"))
              for k in p.get("ResourceKeys") or []}
    rows = [{k: v for k, v in e.items() if v is not None}
            for (rule, rtype, rid), e in state.exceptions.items()
            if rule == p["ConfigRuleName"] and (not wanted or (rtype, rid) in wanted)]
    page, token = paginate(rows, p.get("NextToken"), p.get("Limit") or 100, "exceptions",
                           errors.InvalidNextTokenException)
    return {"RemediationExceptions": page, "NextToken": token}


@OPERATIONS("PutRemediationExceptions")
def put_remediation_exceptions(call, p):
    state = call.state()
    for key in p["ResourceKeys"]:
        state.exceptions[(p["ConfigRuleName"], key["ResourceType"], key["ResourceId"])] = {
            "ConfigRuleName": p["ConfigRuleName"], "ResourceType": key["ResourceType"],
            "ResourceId": key["ResourceId"], "Message": p.get("Message"),
            "ExpirationTime": p.get("ExpirationTime")}
    return {"FailedBatches": []}


@OPERATIONS("DeleteRemediationExceptions")
def delete_remediation_exceptions(call, p):
    state = call.state()
    for key in p["ResourceKeys"]:
        state.exceptions.pop((p["ConfigRuleName"], key["ResourceType"], key["ResourceId"]),
                             None)
    return {"FailedBatches": []}
