"""Remediation: Systems Manager Automation runbooks that fix non-compliant resources
(aws-facts 7.3).

Automatic remediation starts when a rule records a ``NON_COMPLIANT`` result. A failed
attempt is retried: ``MaximumAutomaticAttempts`` attempts are spread evenly over
``RetryAttemptSeconds`` (5 in 60 s by default, one every 12 s). When that many attempts
have failed within the window, Config stops and adds a remediation exception for the
resource (DescribeRemediationExceptions); the execution status stays ``FAILED`` until the
exception is deleted. A resource that becomes non-compliant again after a successful fix
(drift) gets a fresh series of attempts. Manual remediation (StartRemediationExecution)
makes one attempt per resource.
"""
from __future__ import annotations

from datetime import timedelta

from awslab.errors import AwsError
from awslab.services.config.state import RemediationRun


def retry_delay(max_attempts: int, retry_seconds: int) -> timedelta:
    """Time between two automatic attempts: the attempts spread over the window."""
    return timedelta(seconds=max(1, retry_seconds / max_attempts))


def retry_schedule(max_attempts: int, retry_seconds: int, failures: int) -> tuple:
    """Offsets (seconds) of the attempts when the first ``failures`` attempts fail, and
    whether Config ends with a remediation exception. Pure; the explorer draws it."""
    step = retry_delay(max_attempts, retry_seconds).total_seconds()
    attempts = []
    for n in range(max_attempts):
        good = n >= failures
        attempts.append((n * step, good))
        if good:
            return attempts, False
    return attempts, True


def on_non_compliant(lab, state, rule, rtype, rid) -> None:
    """A NON_COMPLIANT result: start automatic remediation unless it is under way."""
    config = state.remediations.get(rule.name)
    if config is None or not config.automatic:
        return
    if config.resource_type and config.resource_type != rtype:
        return
    key = (rule.name, rtype, rid)
    run = state.runs.get(key)
    if key in state.exceptions or (run is not None and run.state in ("QUEUED",
                                                                     "IN_PROGRESS")):
        return
    run = RemediationRun(rule.name, rtype, rid, invoked=lab.now)
    state.runs[key] = run
    attempt(lab, state, config, run, automatic=True)


def parameters(config, rid: str) -> dict:
    """The runbook's parameters: static values, and RESOURCE_ID for the resource."""
    out = {}
    for name, value in config.parameters.items():
        if "ResourceValue" in value:
            out[name] = [rid]
        else:
            out[name] = list(value["StaticValue"]["Values"])
    return out


def attempt(lab, state, config, run, automatic: bool) -> None:
    """One remediation attempt; on failure, retry or give up as AWS does."""
    ssm = lab.service("ssm")
    run.state, run.updated = "IN_PROGRESS", lab.now
    try:
        execution = ssm.start(lab, state.account_id, state.region, config.target_id,
                              parameters(config, run.resource_id),
                              "arn:aws:iam::" + state.account_id + ":role/aws-service-role/"
                              "remediation.config.amazonaws.com/"
                              "AWSServiceRoleForConfigRemediation")
        ok, error, steps = execution.ok, execution.failure, execution.steps
        exec_id = execution.execution_id
    except AwsError as err:
        ok, error, steps, exec_id = False, f"{err.code}: {err.message}", [], None
    run.attempts.append((lab.now, exec_id, ok, error))
    run.steps = [{"Name": s.name, "State": "SUCCEEDED" if s.status == "Success" else
                  "FAILED", "StartTime": s.start, "StopTime": s.end,
                  **({"ErrorMessage": s.failure[:1024]} if s.failure else {})}
                 for s in steps]
    run.updated = lab.now
    if ok:
        run.state = "SUCCEEDED"
        return
    run.state = "FAILED"
    if automatic:
        _retry_or_stop(lab, state, config, run)


def _retry_or_stop(lab, state, config, run) -> None:
    window = timedelta(seconds=config.retry_seconds)
    recent = [a for a in run.attempts if not a[2] and a[0] > lab.now - window]
    if len(recent) >= config.max_attempts:
        state.exceptions[(run.rule_name, run.resource_type, run.resource_id)] = {
            "ConfigRuleName": run.rule_name, "ResourceType": run.resource_type,
            "ResourceId": run.resource_id,
            "Message": f"Auto-remediation failed {len(recent)} times within "
                       f"{config.retry_seconds} seconds; AWS Config stopped retrying."}
        return
    run.state = "QUEUED"
    delay = retry_delay(config.max_attempts, config.retry_seconds)

    def retry(_t, lab=lab, state=state, run=run):
        current = state.remediations.get(run.rule_name)
        if current is None or state.runs.get(
                (run.rule_name, run.resource_type, run.resource_id)) is not run:
            return
        rule = state.rules.get(run.rule_name)
        result = rule.results.get((run.resource_type, run.resource_id)) if rule else None
        if result is None or result.compliance != "NON_COMPLIANT":
            run.state = "SUCCEEDED"      # fixed meanwhile: nothing left to remediate
            return
        attempt(lab, state, current, run, automatic=True)
    run.retry_job = lab.clock.at(lab.now + delay, retry,
                                 name=f"config remediation retry {run.resource_id}")
