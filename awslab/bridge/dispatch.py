"""Answer one API call: identify the caller, validate, authorise, run, shape, record."""
from __future__ import annotations

import os

from awslab.audit import ApiCall
from awslab.bridge.call import Call
from awslab.bridge.shapes import normalize_request, parsed_type_errors
from awslab.errors import AwsError, ExpiredToken, InvalidClientTokenId



def _debug() -> bool:
    """AWSLAB_DEBUG=1 (the unit tests) re-raises internal errors and checks every answer."""
    return bool(os.environ.get("AWSLAB_DEBUG"))


def answer(lab, operation_model, request: dict, access_key_id: str | None,
           region: str) -> tuple[int, dict]:
    """Run one operation for the caller holding ``access_key_id``.

    Returns ``(http_status, parsed_response)`` as botocore's parser would have produced
    them; errors become ``{"Error": {"Code", "Message"}, ...}`` with status >= 300.
    """
    service = operation_model.service_model.service_name
    name = operation_model.name
    request_id = lab.request_ids.uuid()
    creds = lab.credentials.get(access_key_id)
    call = Call(lab, service, name, region, creds.principal if creds else None, request,
                request_id, lab.now)
    try:
        if creds is None:
            raise InvalidClientTokenId()
        if creds.expiration is not None and lab.now >= creds.expiration:
            raise ExpiredToken()
        handler, ops = _handler(lab, service, name)
        call.params, errors = normalize_request(operation_model.input_shape, request)
        if errors:
            raise ops.validation_error(errors)
        lab.authorize(call)
        body = {k: v for k, v in (handler(call, call.params) or {}).items() if v is not None}
        if _debug():
            _check_output(operation_model, body)
        status = 200
    except AwsError as err:
        status, body = err.status, {"Error": {"Code": err.code, "Message": err.message},
                                    **err.extra}
    except Exception as exc:  # never hand a learner a traceback from inside awslab
        if _debug():
            raise
        status, body = 500, {"Error": {"Code": "InternalFailure", "Message": (
            f"awslab could not complete {service}:{name} ({type(exc).__name__}: {exc}). "
            "This is a bug in awslab; your lab's state is unchanged by this call.")}}
    error = body.get("Error") if status >= 300 else None
    lab.audit_log.append(ApiCall(
        call.time, service, name, region, call.caller, access_key_id, dict(request),
        None if error else body, error and error["Code"], error and error["Message"],
        request_id, call.source_ip, call.user_agent))
    body["ResponseMetadata"] = {"RequestId": request_id, "HTTPStatusCode": status,
                                "HTTPHeaders": {"x-amzn-requestid": request_id},
                                "RetryAttempts": 0}
    return status, body


def _check_output(operation_model, body: dict) -> None:
    """In debug runs (the test suite), every answer must fit botocore's output shape."""
    from botocore.validate import validate_parameters
    if operation_model.output_shape is None:
        if body:
            raise AssertionError(f"{operation_model.name} has no output shape: {body}")
        return
    validate_parameters(body, operation_model.output_shape)
    problems = parsed_type_errors(operation_model.output_shape, body)
    if problems:
        raise AssertionError(f"{operation_model.name}: " + "; ".join(problems))


def _handler(lab, service: str, name: str):
    pkg = lab.service(service)
    ops = getattr(pkg, "OPERATIONS", None)
    handler = ops.get(name) if ops else None
    if handler is None:
        raise AwsError(f"awslab does not simulate {service}:{name}. "
                       "This operation is not part of the course's simulated AWS; "
                       "no request was sent anywhere.", code="UnsupportedOperation",
                       status=501)
    return handler, ops
