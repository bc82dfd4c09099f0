"""Running an Automation document: parameters in, steps in order, a status out.

``{{ Name }}`` placeholders take the execution's parameters (a whole-string placeholder
keeps the parameter's type, so ``StringList`` parameters stay lists). Steps run at once,
in order, and the first failure ends the execution ``Failed`` (``onFailure: Abort``).
Calls run as the ``AutomationAssumeRole`` when one is given (an STS role session, so IAM
decides what the runbook may do), otherwise as the account's administrator.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from botocore.exceptions import ClientError
from botocore import xform_name

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")


@dataclass
class Step:
    name: str
    action: str
    start: datetime
    end: datetime
    status: str                      # Success, Failed
    inputs: dict
    outputs: dict = field(default_factory=dict)
    failure: str | None = None


@dataclass
class Execution:
    """One automation execution and its step results."""

    execution_id: str
    document: str
    version: str
    parameters: dict
    start: datetime
    executed_by: str
    steps: list[Step] = field(default_factory=list)
    status: str = "InProgress"
    end: datetime | None = None
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "Success"


def resolve(value, params: dict):
    """``value`` with ``{{ Name }}`` placeholders replaced from ``params``."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value.strip())
        if whole:
            found = params.get(whole.group(1), value)
            return found[0] if isinstance(found, list) and len(found) == 1 else found
        return PLACEHOLDER.sub(lambda m: _text(params.get(m.group(1), m.group(0))), value)
    if isinstance(value, list):
        return [resolve(v, params) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, params) for k, v in value.items()}
    return value


def _text(value) -> str:
    if isinstance(value, list):
        return value[0] if len(value) == 1 else ",".join(map(str, value))
    return str(value)


def _client(lab, account: str, region: str, service: str, role_arn: str | None):
    if not role_arn:
        creds = lab.admin_credentials(account)
        return lab.client(service, region_name=region, **creds.as_client_kwargs())
    from awslab.services.sts.sessions import role_session
    role = lab.state("iam", role_arn.split(":")[4]).role(role_arn.rsplit("/", 1)[-1])
    if role is None:
        raise LookupError(f"The role {role_arn} does not exist or cannot be assumed by "
                          "Automation.")
    session = role_session(lab, role, "Automation", 3600, {})
    return lab.client(service, region_name=region, **session.as_client_kwargs())


def _run_step(lab, account, region, step: dict, params: dict, role) -> dict:
    inputs = resolve(step.get("inputs") or {}, params)
    action = step["action"]
    if action == "aws:sleep":
        return {}
    if action == "aws:executeAwsApi":
        args = {k: v for k, v in inputs.items() if k not in ("Service", "Api")}
        client = _client(lab, account, region, inputs["Service"], role)
        answer = getattr(client, xform_name(inputs["Api"]))(**args)
        answer.pop("ResponseMetadata", None)
        return answer
    from awslab.services import lambda_
    payload = inputs.get("InputPayload")
    if payload is None and inputs.get("Payload"):
        payload = json.loads(inputs["Payload"])
    fn = lambda_.find_function(lab, inputs["FunctionName"], account, region)
    if fn is None:
        raise LookupError(f"Function not found: {inputs['FunctionName']}")
    result = lambda_.invoke(lab, fn.arn, payload or {})
    if result.error:
        raise RuntimeError(f"Lambda function error: {result.error}")
    return {"StatusCode": 200, "Payload": json.dumps(result.result, default=str)}


def run(lab, account: str, region: str, doc, params: dict, execution_id: str,
        executed_by: str) -> Execution:
    """Run ``doc`` with ``params`` now; returns the finished execution."""
    merged = {name: spec.get("default") for name, spec in doc.parameters.items()
              if "default" in spec}
    merged.update(params)
    role = merged.get("AutomationAssumeRole") or None
    execution = Execution(execution_id, doc.name, doc.version, merged, lab.now, executed_by)
    for step in doc.content["mainSteps"]:
        start = lab.now
        try:
            out = _run_step(lab, account, region, step, merged, role)
            execution.steps.append(Step(step["name"], step["action"], start, lab.now,
                                        "Success", step.get("inputs") or {}, out))
        except ClientError as err:
            error = err.response["Error"]
            _fail(execution, step, start, lab.now, f"{error['Code']}: {error['Message']}")
            break
        except (LookupError, RuntimeError, TypeError, ValueError) as err:
            _fail(execution, step, start, lab.now, str(err))
            break
    else:
        execution.status = "Success"
    execution.end = lab.now
    return execution


def _fail(execution, step, start, end, message: str) -> None:
    execution.steps.append(Step(step["name"], step["action"], start, end, "Failed",
                                step.get("inputs") or {}, failure=message))
    execution.status = "Failed"
    execution.failure = f"Step fails when it is executing/cancelling action. {message}"
