"""AWS Lambda, as Python callables standing in for deployed code.

``register(lab, name, handler)`` makes ``handler(event, context)`` a function that boto3's
Invoke, GetFunction and ListFunctions see; other services invoke it with :func:`invoke`
(its resource policy, set with AddPermission, must allow them) and notebooks read
:func:`invocations`. Each run writes START/END/REPORT lines to ``/aws/lambda/<name>``.
"""
from awslab.services.iam.service_access import named_policy
from awslab.services.lambda_.functions import (
    DeliveryError, find_function, invocations, invoke, policy_text, register)
from awslab.services.lambda_.operations import OPERATIONS
from awslab.services.lambda_.state import Function, Invocation, State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "Function", "Invocation", "DeliveryError", "register",
           "invoke", "invocations", "find_function", "RESOURCES", "ACTIONS",
           "resource_policy"]

ACTIONS = {"Invoke": "lambda:InvokeFunction"}


def _function_arn(call) -> list:
    ref = call.params.get("FunctionName")
    if not ref:
        return ["*"]
    fn = find_function(call.lab, ref, call.account_id, call.region)
    return [fn.arn if fn else call.state().arn(ref.split(":")[-1])]


RESOURCES = {op: _function_arn for op in OPERATIONS.names() if op != "ListFunctions"}


def resource_policy(lab, action: str, arn: str):
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        return None
    fn = find_function(lab, arn, parts[4], parts[3])
    if fn is None:
        return None
    return named_policy(policy_text(fn), f"resource policy of function {fn.name}",
                        "Lambda function policy")

