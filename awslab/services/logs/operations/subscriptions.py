"""PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter
(aws-facts 3.6).

At most :data:`MAX_FILTERS` filters per log group (``LimitExceededException``). Creating
one checks the destination as AWS does: Kinesis and Firehose need ``roleArn`` (which the
caller must be allowed to pass, and which must let Logs put records; a CONTROL_MESSAGE is
written to prove it), a Lambda function's resource policy must let Logs invoke it, and a
destination of another account must admit the caller in its access policy. Failures are
AWS's ``InvalidParameterException`` texts; delivery itself is in ``..subscriptions``.
"""
from __future__ import annotations

from awslab import authz
from awslab.bridge.pagination import paginate
from awslab.errors import AwsError
from awslab.services.logs.errors import (
    InvalidParameterException, LimitExceededException, ResourceNotFoundException)
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import group_of, now_ms
from awslab.services.logs.operations.exports import group_resource
from awslab.services.logs.patterns import compile_pattern
from awslab.services.logs.subscriptions import (
    SubscriptionFilter, control_payload, send)

MAX_FILTERS = 2
NOT_ACTIVE = {
    "kinesis": "Could not deliver test message to specified Kinesis stream. Check if the "
               "given kinesis stream is in ACTIVE state.",
    "firehose": "Could not deliver test message to specified Firehose stream. Check if "
                "the given Firehose stream is in ACTIVE state.",
    "lambda": "Could not execute the lambda function. Make sure you have given CloudWatch "
              "Logs permission to execute your function.",
    "logs": "Could not deliver test message to specified destination. Check if the "
            "destination is valid.",
}


def _kind(arn: str) -> str:
    parts = arn.split(":")
    kind = parts[2] if len(parts) >= 6 and parts[0] == "arn" else ""
    if kind not in NOT_ACTIVE:
        raise InvalidParameterException(f"Invalid destinationArn: {arn}. A subscription "
                                        "filter delivers to a Kinesis data stream, a Firehose "
                                        "stream, a Lambda function or a Logs destination.")
    return kind


def _check_pass_role(call, role_arn: str) -> None:
    from awslab.services.iam.enforce import decide
    decision = decide(call.lab, call.caller, "iam:PassRole", authz.Resource(role_arn),
                      authz.context(call))
    if not decision.allowed:
        raise AwsError(f"User: {call.caller.arn} is not authorized to perform: iam:PassRole "
                       f"on resource: {role_arn}", code="AccessDeniedException")


def _check_destination(call, arn: str) -> None:
    """A Logs destination of another account must admit the caller in its policy."""
    from awslab.services.iam.enforce import decide
    from awslab.services.logs.operations.destinations import find_destination
    if arn.split(":")[3] != call.region:
        raise InvalidParameterException("The destination must be in the same Region as the "
                                        "log group.")
    dest = find_destination(call.lab, arn)
    if dest is None:
        raise InvalidParameterException(NOT_ACTIVE["logs"])
    if arn.split(":")[4] != call.account_id:
        decision = decide(call.lab, call.caller, "logs:PutSubscriptionFilter",
                          authz.Resource(arn), authz.context(call))
        if not decision.allowed:
            raise AwsError(f"User with accountId: {call.account_id} is not authorized to "
                           f"perform: logs:PutSubscriptionFilter on resource: {arn}",
                           code="AccessDeniedException")


@OPERATIONS("PutSubscriptionFilter")
def put_subscription_filter(call, p):
    group = group_of(call.state(), p["logGroupName"])
    name, target, role = p["filterName"], p["destinationArn"], p.get("roleArn")
    kind = _kind(target)
    distribution = p.get("distribution") or "ByLogStream"
    if distribution == "Random" and kind != "kinesis":
        raise InvalidParameterException("Random distribution is only supported for Kinesis "
                                        "data stream destinations.")
    if p.get("applyOnTransformedLogs") or p.get("fieldSelectionCriteria") or \
            p.get("emitSystemFields"):
        raise InvalidParameterException("awslab does not simulate log transformers or "
                                        "field selection on subscription filters.")
    pattern = compile_pattern(p["filterPattern"])
    existing = next((f for f in group.subscription_filters if f.name == name), None)
    if existing is None and len(group.subscription_filters) >= MAX_FILTERS:
        raise LimitExceededException("Resource limit exceeded.")
    if kind in ("kinesis", "firehose"):
        if not role:
            raise InvalidParameterException(
                f"roleArn is required when the destination is a {kind.title()} stream.")
        _check_pass_role(call, role)
    if kind == "logs":
        _check_destination(call, target)
    sub = SubscriptionFilter(name, group.name, p["filterPattern"], pattern, target,
                             role if kind != "lambda" else None, distribution, now_ms(call))
    _test_delivery(call, group, sub, kind)
    if existing is not None:
        group.subscription_filters[group.subscription_filters.index(existing)] = sub
    else:
        group.subscription_filters.append(sub)
    return {}


def _test_delivery(call, group, sub: SubscriptionFilter, kind: str) -> None:
    """Logs checks a new destination with a CONTROL_MESSAGE (Kinesis, Firehose,
    destinations) or a permission check (Lambda) and refuses the filter when it fails."""
    from awslab.services.iam.service_access import service_allowed
    if kind == "lambda":
        from awslab.services import lambda_
        parts = sub.destination_arn.split(":")
        fn = lambda_.find_function(call.lab, sub.destination_arn, parts[4], parts[3])
        allowed = fn is not None and service_allowed(
            call.lab, "logs.amazonaws.com", "lambda:InvokeFunction", fn.arn,
            lambda_.functions.policy_text(fn), resource_account=fn.arn.split(":")[4],
            source_arn=f"{group.arn}:*", source_account=group.account_id).allowed
        if not allowed:
            raise InvalidParameterException(NOT_ACTIVE["lambda"])
        return
    data = control_payload({"kinesis": "Kinesis stream", "firehose": "Firehose stream"}
                           .get(kind, "destination"), now_ms(call))
    try:
        send(call.lab, group.account_id, group.region, sub, data, "control",
             source_arn=f"{group.arn}:*", message_type="CONTROL_MESSAGE")
    except AwsError:
        raise InvalidParameterException(NOT_ACTIVE[kind]) from None


def _wire(sub: SubscriptionFilter) -> dict:
    out = {"filterName": sub.name, "logGroupName": sub.group,
           "filterPattern": sub.pattern_text, "destinationArn": sub.destination_arn,
           "distribution": sub.distribution, "creationTime": sub.created,
           "applyOnTransformedLogs": False}
    if sub.role_arn:
        out["roleArn"] = sub.role_arn
    return out


@OPERATIONS("DescribeSubscriptionFilters")
def describe_subscription_filters(call, p):
    group = group_of(call.state(), p["logGroupName"])
    prefix = p.get("filterNamePrefix") or ""
    found = [_wire(f) for f in sorted(group.subscription_filters, key=lambda f: f.name)
             if f.name.startswith(prefix)]
    page, token = paginate(found, p.get("nextToken"), p.get("limit") or 50,
                           f"subscriptions/{group.name}/{prefix}", InvalidParameterException)
    return {"subscriptionFilters": page, "nextToken": token}


@OPERATIONS("DeleteSubscriptionFilter")
def delete_subscription_filter(call, p):
    group = group_of(call.state(), p["logGroupName"])
    found = next((f for f in group.subscription_filters if f.name == p["filterName"]), None)
    if found is None:
        raise ResourceNotFoundException("The specified subscription filter does not exist.")
    group.subscription_filters.remove(found)
    return {}


#: IAM resources: the subscription filter operations act on their log group.
RESOURCES = {op: group_resource for op in (
    "PutSubscriptionFilter", "DescribeSubscriptionFilters", "DeleteSubscriptionFilter")}
