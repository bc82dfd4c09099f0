"""Targets of rules: PutTargets (per-entry failures), RemoveTargets, ListTargetsByRule."""
from __future__ import annotations

from awslab.errors import AwsError
from awslab.services.events import delivery, transform
from awslab.services.events.errors import LimitExceededException, ValidationException
from awslab.services.events.operations.common import OPERATIONS, find_rule, page
from awslab.services.events.state import Target

MAX_TARGETS = 5


def _check(spec: dict) -> None:
    parts = spec["Arn"].split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise ValidationException(f"Parameter {spec['Arn']} is not valid. Reason: Provided "
                                  "Arn is not in correct format.")
    if parts[2] not in delivery.DELIVERED_TYPES:
        raise ValidationException(f"awslab does not deliver to {parts[2]} targets (it "
                                  "delivers to SNS, SQS, CloudWatch Logs, Lambda and event "
                                  "buses).")
    transform.check_target_input(spec)
    dlq = (spec.get("DeadLetterConfig") or {}).get("Arn")
    if dlq is not None and dlq.split(":")[2:3] != ["sqs"]:
        raise ValidationException("The dead-letter queue must be an SQS queue.")
    retry = spec.get("RetryPolicy") or {}
    if not 0 <= retry.get("MaximumRetryAttempts", 0) <= 185:
        raise ValidationException("MaximumRetryAttempts must be between 0 and 185.")
    if not 60 <= retry.get("MaximumEventAgeInSeconds", 60) <= 86400:
        raise ValidationException("MaximumEventAgeInSeconds must be between 60 and 86400.")


@OPERATIONS("PutTargets")
def put_targets(call, p):
    _, _, rule = find_rule(call, p["Rule"], p.get("EventBusName"))
    failed = []
    new_ids = {t["Id"] for t in p["Targets"]} - set(rule.targets)
    if len(rule.targets) + len(new_ids) > MAX_TARGETS:
        raise LimitExceededException("The requested resource exceeds the maximum number "
                                     "allowed.")
    for spec in p["Targets"]:
        try:
            _check(spec)
        except AwsError as err:
            failed.append({"TargetId": spec["Id"], "ErrorCode": err.code,
                           "ErrorMessage": err.message})
            continue
        rule.targets[spec["Id"]] = Target(spec["Id"], spec["Arn"], dict(spec))
    return {"FailedEntryCount": len(failed), "FailedEntries": failed}


@OPERATIONS("RemoveTargets")
def remove_targets(call, p):
    _, _, rule = find_rule(call, p["Rule"], p.get("EventBusName"))
    failed = []
    for target_id in p["Ids"]:
        if rule.targets.pop(target_id, None) is None:
            failed.append({"TargetId": target_id, "ErrorCode": "ResourceNotFoundException",
                           "ErrorMessage": f"Target {target_id} does not exist."})
    return {"FailedEntryCount": len(failed), "FailedEntries": failed}


@OPERATIONS("ListTargetsByRule")
def list_targets_by_rule(call, p):
    _, _, rule = find_rule(call, p["Rule"], p.get("EventBusName"))
    items, token = page([t.spec for t in rule.targets.values()], p,
                        f"targets/{rule.arn}")
    return {"Targets": items, "NextToken": token}
