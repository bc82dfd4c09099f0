"""Lambda stand-ins: Invoke, errors as Lambda reports them, resource policies, logs."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services import lambda_ as L

RULE = "arn:aws:events:us-east-1:123456789012:rule/nightly"


def handler(event, context):
    print("processing", event.get("id"))
    if event.get("fail"):
        raise RuntimeError("cannot process")
    return {"done": event.get("id"), "by": context.function_name}


@pytest.fixture
def lab():
    lab = Lab(seed=5)
    L.register(lab, "worker", handler)
    return lab


def test_invoke_runs_the_handler_and_returns_its_json(lab):
    out = lab.client("lambda").invoke(FunctionName="worker", Payload=json.dumps({"id": 7}))
    assert json.loads(out["Payload"].read()) == {"done": 7, "by": "worker"}
    assert "FunctionError" not in out


def test_a_handler_exception_is_a_function_error_not_a_traceback(lab):
    out = lab.client("lambda").invoke(FunctionName="worker", Payload=b'{"fail": true}')
    assert out["FunctionError"] == "Unhandled" and out["StatusCode"] == 200
    body = json.loads(out["Payload"].read())
    assert body["errorType"] == "RuntimeError" and body["errorMessage"] == "cannot process"
    assert L.invocations(lab, "arn:aws:lambda:us-east-1:123456789012:function:worker")[
        -1].error == "RuntimeError: cannot process"


def test_async_and_dry_run_invocations(lab):
    lam = lab.client("lambda")
    assert lam.invoke(FunctionName="worker", InvocationType="Event",
                      Payload=b"{}")["StatusCode"] == 202
    assert lam.invoke(FunctionName="worker", InvocationType="DryRun")["StatusCode"] == 204
    assert len(L.invocations(lab, "arn:aws:lambda:us-east-1:123456789012:function:worker")) == 1


def test_services_invoke_only_with_a_matching_permission(lab):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:worker"
    with pytest.raises(L.DeliveryError) as err:
        L.invoke(lab, arn, {"id": 1}, service="events.amazonaws.com", source_arn=RULE)
    assert err.value.code == "AccessDeniedException"
    lam = lab.client("lambda")
    lam.add_permission(FunctionName="worker", StatementId="nightly", Principal=
                       "events.amazonaws.com", Action="lambda:InvokeFunction", SourceArn=RULE)
    assert L.invoke(lab, arn, {"id": 1}, service="events.amazonaws.com",
                    source_arn=RULE).result == {"done": 1, "by": "worker"}
    with pytest.raises(L.DeliveryError):
        L.invoke(lab, arn, {}, service="events.amazonaws.com", source_arn=RULE + "x")
    policy = json.loads(lam.get_policy(FunctionName="worker")["Policy"])
    assert policy["Statement"][0]["Condition"]["ArnLike"]["AWS:SourceArn"] == RULE
    with pytest.raises(ClientError) as dup:
        lam.add_permission(FunctionName="worker", StatementId="nightly",
                           Principal="sns.amazonaws.com", Action="lambda:InvokeFunction")
    assert dup.value.response["Error"]["Code"] == "ResourceConflictException"


def test_missing_functions_and_unsupported_create(lab):
    lam = lab.client("lambda")
    with pytest.raises(ClientError) as err:
        lam.get_function(FunctionName="ghost")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as err:
        lam.create_function(FunctionName="x", Runtime="python3.12", Handler="a.b",
                            Role="arn:aws:iam::123456789012:role/r", Code={"ZipFile": b"x"})
    assert err.value.response["Error"]["Code"] == "UnsupportedOperation"


def test_get_and_list_show_the_configuration(lab):
    lam = lab.client("lambda")
    conf = lam.get_function(FunctionName="worker")["Configuration"]
    assert conf["Handler"].endswith(".handler") and conf["State"] == "Active"
    assert [f["FunctionName"] for f in lam.list_functions()["Functions"]] == ["worker"]
