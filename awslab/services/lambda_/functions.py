"""Registering stand-in functions, running them (the Invoke operation and invocations by
other services) and their resource policies (AddPermission / RemovePermission / GetPolicy)."""
from __future__ import annotations

import contextlib
import io
import json
from typing import Callable, Optional

from awslab.errors import AwsError, AwslabError, error_class
from awslab.services.lambda_.operations import OPERATIONS
from awslab.services.lambda_.state import Function, Invocation

ResourceNotFoundException = error_class("ResourceNotFoundException", 404)
ResourceConflictException = error_class("ResourceConflictException", 409)
InvalidParameterValueException = error_class("InvalidParameterValueException", 400)
PreconditionFailedException = error_class("PreconditionFailedException", 412)


class DeliveryError(AwsError):
    """A service could not invoke the function (AccessDeniedException, ResourceNotFound)."""


def register(lab, name: str, handler: Callable, *, account_id: str = "123456789012",
             region: str = "us-east-1", role_arn: Optional[str] = None,
             runtime: str = "python3.12", timeout: int = 3, memory: int = 128) -> str:
    """Make ``handler(event, context)`` the code of Lambda function ``name``; its ARN."""
    if not callable(handler):
        raise AwslabError("a Lambda stand-in needs a callable handler(event, context)")
    state = lab.state("lambda", account_id, region)
    role = role_arn or f"arn:aws:iam::{account_id}:role/service-role/{name}-role"
    old = state.functions.get(name)
    state.functions[name] = Function(name, state.arn(name), handler, role, runtime, timeout,
                                     memory, lab.now, list(old.statements) if old else [])
    return state.arn(name)


def find_function(lab, ref: str, account_id: str, region: str) -> Optional[Function]:
    """A function by name, full ARN or partial ARN (``123456789012:function:name``)."""
    parts = ref.split(":")
    if ref.startswith("arn:"):
        if len(parts) < 7:
            return None
        account_id, region, name = parts[4], parts[3], parts[6]
    elif len(parts) >= 3 and parts[1] == "function":
        account_id, name = parts[0], parts[2]
    else:
        name = ref
    return lab.state("lambda", account_id, region).functions.get(name)


class _Context:
    """What a handler's ``context`` offers (the attributes of the Python runtime's)."""

    def __init__(self, fn: Function, request_id: str):
        self.function_name = fn.name
        self.function_version = "$LATEST"
        self.invoked_function_arn = fn.arn
        self.memory_limit_in_mb = fn.memory
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{fn.name}"
        self.log_stream_name = "2026/01/01/[$LATEST]awslab"

    def get_remaining_time_in_millis(self) -> int:
        return 3000


def run(lab, fn: Function, event, source: Optional[str] = None) -> Invocation:
    """Run the handler once; an exception is recorded on the invocation, not raised."""
    request_id = lab.id_stream("lambda").uuid()
    out = io.StringIO()
    inv = Invocation(lab.now, event, source=source, request_id=request_id)
    try:
        with contextlib.redirect_stdout(out):
            inv.result = fn.handler(event, _Context(fn, request_id))
    except Exception as exc:       # the function's own failure, reported as Lambda does
        inv.error = f"{type(exc).__name__}: {exc}"
    fn.invocations.append(inv)
    _log(lab, fn, inv, out.getvalue())
    return inv


def _log(lab, fn: Function, inv: Invocation, printed: str) -> None:
    """START / output / END / REPORT lines in /aws/lambda/<name>, as the runtime writes."""
    from awslab.services import PACKAGES
    if "logs" not in PACKAGES:
        return
    ms = int(inv.time.timestamp() * 1000)
    lines = [f"START RequestId: {inv.request_id} Version: $LATEST"]
    lines += [line for line in printed.splitlines() if line]
    if inv.error:
        kind, _, message = inv.error.partition(": ")
        lines.append(json.dumps({"errorMessage": message, "errorType": kind,
                                 "requestId": inv.request_id, "stackTrace": []}))
    lines += [f"END RequestId: {inv.request_id}",
              f"REPORT RequestId: {inv.request_id}\tDuration: 1.00 ms\tBilled Duration: 1 ms"
              f"\tMemory Size: {fn.memory} MB\tMax Memory Used: 40 MB"]
    account, region = fn.arn.split(":")[4], fn.arn.split(":")[3]
    day = inv.time.strftime("%Y/%m/%d")
    try:
        lab.send("logs", "put", account, region, {
            "logGroupName": f"/aws/lambda/{fn.name}",
            "logStreamName": f"{day}/[$LATEST]{inv.request_id.replace('-', '')[:32]}",
            "events": [{"timestamp": ms, "message": line} for line in lines]})
    except AwsError:
        pass                            # a function without a log group still runs


def invoke(lab, function_arn: str, event, *, service: Optional[str] = None,
           source_arn: Optional[str] = None,
           source_account: Optional[str] = None) -> Invocation:
    """Invoke the function for another service (EventBridge, Logs subscriptions, Config):
    the function's resource policy must allow ``service``; raises :class:`DeliveryError`."""
    from awslab.services.iam.service_access import service_allowed
    parts = function_arn.split(":")
    fn = find_function(lab, function_arn, parts[4] if len(parts) > 4 else "123456789012",
                       parts[3] if len(parts) > 3 else "us-east-1")
    if fn is None:
        raise DeliveryError(f"Function not found: {function_arn}",
                            code="ResourceNotFoundException", status=404)
    if service is not None:
        decision = service_allowed(lab, service, "lambda:InvokeFunction", fn.arn,
                                   policy_text(fn), resource_account=fn.arn.split(":")[4],
                                   source_arn=source_arn, source_account=source_account,
                                   policy_name=f"resource policy of function {fn.name}")
        if not decision.allowed:
            raise DeliveryError(f"{service} may not invoke {fn.arn}: {decision.reason}",
                                code="AccessDeniedException", status=403)
    return run(lab, fn, event, source=service)


def invocations(lab, function_arn: str) -> list:
    parts = function_arn.split(":")
    fn = find_function(lab, function_arn, parts[4] if len(parts) > 4 else "123456789012",
                       parts[3] if len(parts) > 3 else "us-east-1")
    return list(fn.invocations) if fn else []


def policy_text(fn: Function) -> Optional[str]:
    if not fn.statements:
        return None
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": fn.statements},
                      separators=(",", ":"))


# -- operations ----------------------------------------------------------------------------
def _function(call, p) -> Function:
    fn = find_function(call.lab, p["FunctionName"], call.account_id, call.region)
    if fn is None:
        name = p["FunctionName"]
        raise ResourceNotFoundException(
            f"Function not found: {name if name.startswith('arn:') else call.state().arn(name)}",
            Type="User")
    return fn


def _configuration(fn: Function) -> dict:
    return {"FunctionName": fn.name, "FunctionArn": fn.arn, "Runtime": fn.runtime,
            "Role": fn.role, "Handler": fn.handler_name, "CodeSize": 1024,
            "Description": (fn.handler.__doc__ or "").strip().split("\n")[0][:256],
            "Timeout": fn.timeout, "MemorySize": fn.memory,
            "LastModified": fn.created.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "CodeSha256": "awslab-stand-in", "Version": "$LATEST", "State": "Active",
            "LastUpdateStatus": "Successful", "PackageType": "Zip",
            "Architectures": ["x86_64"], "RevisionId": f"rev-{fn.revision}"}


@OPERATIONS("GetFunction")
def get_function(call, p):
    fn = _function(call, p)
    return {"Configuration": _configuration(fn),
            "Code": {"RepositoryType": "S3",
                     "Location": f"https://awslab.invalid/lambda/{fn.name}.zip"}}


@OPERATIONS("ListFunctions")
def list_functions(call, p):
    from awslab.bridge.pagination import paginate
    fns = [_configuration(f) for f in call.state().functions.values()]
    page, token = paginate(fns, p.get("Marker"), p.get("MaxItems", 50), "lf",
                           InvalidParameterValueException)
    return {"Functions": page, "NextMarker": token}


@OPERATIONS("DeleteFunction")
def delete_function(call, p):
    fn = _function(call, p)
    del call.lab.state("lambda", fn.arn.split(":")[4], fn.arn.split(":")[3]).functions[fn.name]
    return {}


@OPERATIONS("Invoke")
def invoke_operation(call, p):
    from botocore.response import StreamingBody
    fn = _function(call, p)
    kind = p.get("InvocationType", "RequestResponse")
    try:
        event = json.loads(p.get("Payload") or b"{}")
    except ValueError:
        raise InvalidParameterValueException(
            "Could not parse request body into json: Could not parse payload into json",
            Type="User") from None
    if kind == "DryRun":
        return {"StatusCode": 204}
    inv = run(call.lab, fn, event)
    if kind == "Event":
        return {"StatusCode": 202}
    if inv.error:
        kind_, _, message = inv.error.partition(": ")
        body = json.dumps({"errorMessage": message, "errorType": kind_,
                           "requestId": inv.request_id, "stackTrace": []}).encode()
        return {"StatusCode": 200, "FunctionError": "Unhandled",
                "ExecutedVersion": "$LATEST",
                "Payload": StreamingBody(io.BytesIO(body), len(body))}
    try:
        body = json.dumps(inv.result).encode()
    except (TypeError, ValueError):
        body = json.dumps({"errorMessage": "Unable to marshal response",
                           "errorType": "Runtime.MarshalError"}).encode()
    return {"StatusCode": 200, "ExecutedVersion": "$LATEST",
            "Payload": StreamingBody(io.BytesIO(body), len(body))}


@OPERATIONS("AddPermission")
def add_permission(call, p):
    fn = _function(call, p)
    if any(s["Sid"] == p["StatementId"] for s in fn.statements):
        raise ResourceConflictException(f"The statement id ({p['StatementId']}) provided "
                                        "already exists. Please provide a new statement id, "
                                        "or remove the existing statement.", Type="User")
    who = p["Principal"]
    principal = {"Service": who} if who.endswith(".amazonaws.com") else \
        {"AWS": who if who.startswith("arn:") or who == "*"
         else f"arn:aws:iam::{who}:root"}
    cond = {}
    if p.get("SourceArn"):
        cond["ArnLike"] = {"AWS:SourceArn": p["SourceArn"]}
    if p.get("SourceAccount"):
        cond.setdefault("StringEquals", {})["AWS:SourceAccount"] = p["SourceAccount"]
    if p.get("PrincipalOrgID"):
        cond.setdefault("StringEquals", {})["aws:PrincipalOrgID"] = p["PrincipalOrgID"]
    stmt = {"Sid": p["StatementId"], "Effect": "Allow", "Principal": principal,
            "Action": p["Action"], "Resource": fn.arn}
    if cond:
        stmt["Condition"] = cond
    fn.statements.append(stmt)
    fn.revision += 1
    return {"Statement": json.dumps(stmt, separators=(",", ":"))}


@OPERATIONS("RemovePermission")
def remove_permission(call, p):
    fn = _function(call, p)
    kept = [s for s in fn.statements if s["Sid"] != p["StatementId"]]
    if len(kept) == len(fn.statements):
        raise ResourceNotFoundException("Statement " + p["StatementId"] + " is not found in "
                                        "resource policy.", Type="User")
    fn.statements = kept
    fn.revision += 1
    return {}


@OPERATIONS("GetPolicy")
def get_policy(call, p):
    fn = _function(call, p)
    text = policy_text(fn)
    if text is None:
        raise ResourceNotFoundException("The resource you requested does not exist.",
                                        Type="User")
    return {"Policy": text, "RevisionId": f"rev-{fn.revision}"}
