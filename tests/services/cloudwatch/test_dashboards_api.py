"""PutDashboard, GetDashboard, ListDashboards and DeleteDashboards through real boto3
clients: results, AWS errors (code, message, HTTP status) and output shapes."""
import json

import pytest
from botocore.exceptions import ClientError
from botocore.validate import validate_parameters

from awslab import Lab
from awslab.services.cloudwatch.operations import dashboards as ops

BODY = json.dumps({"widgets": [
    {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
     "properties": {"metrics": [["AWS/EC2", "CPUUtilization", "InstanceId", "i-1"]],
                    "region": "us-east-1", "title": "CPU"}},
    {"type": "text", "x": 12, "y": 0, "width": 12, "height": 6,
     "properties": {"markdown": "# Café runbook"}}]}, ensure_ascii=False)
ACCOUNT = "123456789012"


@pytest.fixture
def lab():
    return Lab(seed=7)


@pytest.fixture
def cw(lab):
    return lab.client("cloudwatch", region_name="eu-west-1")


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    r = info.value.response
    return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]


def assert_output_shape(client, operation, response):
    model = client.meta.service_model.operation_model(operation)
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    validate_parameters(body, model.output_shape)     # raises ParamValidationError


def test_put_then_get_from_any_region(lab, cw):
    out = cw.put_dashboard(DashboardName="PetShop", DashboardBody=BODY)
    assert out["DashboardValidationMessages"] == []
    assert_output_shape(cw, "PutDashboard", out)
    for region in ("eu-west-1", "us-east-1", "ap-southeast-2"):
        got = lab.client("cloudwatch", region_name=region).get_dashboard(
            DashboardName="PetShop")
        assert got["DashboardArn"] == f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/PetShop"
        assert got["DashboardBody"] == BODY and got["DashboardName"] == "PetShop"
        assert_output_shape(cw, "GetDashboard", got)


def test_dashboards_are_kept_once_per_account_in_us_east_1(lab, cw):
    cw.put_dashboard(DashboardName="PetShop", DashboardBody=BODY)
    assert list(lab.state("cloudwatch", ACCOUNT, "us-east-1").dashboards) == ["PetShop"]
    assert lab.state("cloudwatch", ACCOUNT, "eu-west-1").dashboards == {}


def test_put_replaces_the_whole_dashboard(lab, cw):
    cw.put_dashboard(DashboardName="PetShop", DashboardBody=BODY)
    lab.advance(minutes=5)
    cw.put_dashboard(DashboardName="PetShop", DashboardBody='{"widgets": []}')
    assert cw.get_dashboard(DashboardName="PetShop")["DashboardBody"] == '{"widgets": []}'
    entry, = cw.list_dashboards()["DashboardEntries"]
    assert entry["LastModified"] == lab.now and entry["Size"] == 15


def test_put_returns_warnings_and_stores_the_dashboard(cw):
    body = json.dumps({"widgets": [], "end": "2026-01-05T00:00:00Z"})
    out = cw.put_dashboard(DashboardName="w", DashboardBody=body)
    assert out["DashboardValidationMessages"] == [
        {"DataPath": "/end", "Message": "end is ignored unless start is also specified"}]
    assert_output_shape(cw, "PutDashboard", out)
    assert cw.get_dashboard(DashboardName="w")["DashboardBody"] == body


def test_put_invalid_body(cw):
    body = json.dumps({"widgets": [{"type": "metric", "x": 24,
                                    "properties": {"region": "us-east-1"}}]})
    with pytest.raises(cw.exceptions.DashboardInvalidInputError) as info:
        cw.put_dashboard(DashboardName="bad", DashboardBody=body)
    r = info.value.response
    assert r["Error"]["Code"] == "InvalidParameterInput"
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert r["Error"]["Message"].startswith(
        "The dashboard body is invalid, there are 4 validation errors:\n[\n  {\n"
        '    "dataPath": "/widgets/0/x",\n    "message": "Should be <= 23"\n  },')
    assert r["dashboardValidationMessages"][0] == {"DataPath": "/widgets/0/x",
                                                   "Message": "Should be <= 23"}
    assert len(r["dashboardValidationMessages"]) == 4
    assert error_of(cw.get_dashboard, DashboardName="bad")[0] == "ResourceNotFound"


def test_put_invalid_json(cw):
    code, message, status = error_of(cw.put_dashboard, DashboardName="bad",
                                     DashboardBody="{'widgets': []}")
    assert (code, status) == ("InvalidParameterInput", 400)
    assert "Invalid JSON: Expecting property name enclosed in double quotes" in message


@pytest.mark.parametrize("name, message", [
    ("Pet Shop", "The value Pet Shop for field DashboardName contains invalid characters. "
                 "It can only contain alphanumerics, dash (-) and underscore (_)."),
    ("", "The value  for field DashboardName contains invalid characters. "
         "It can only contain alphanumerics, dash (-) and underscore (_)."),
    ("d" * 256, "The value for field DashboardName must be at most 255 characters long."),
])
def test_put_invalid_name(cw, name, message):
    assert error_of(cw.put_dashboard, DashboardName=name, DashboardBody=BODY) == (
        "InvalidParameterValue", message, 400)


def test_get_missing(cw):
    assert error_of(cw.get_dashboard, DashboardName="nope") == (
        "ResourceNotFound", "Dashboard nope does not exist", 404)


def test_list_entries_prefix_and_size(lab, cw):
    cw.put_dashboard(DashboardName="prod-web", DashboardBody=BODY)
    first_put = lab.now
    lab.advance(hours=1)
    cw.put_dashboard(DashboardName="prod-db", DashboardBody='{"widgets": []}')
    cw.put_dashboard(DashboardName="test-web", DashboardBody='{"widgets": []}')
    out = cw.list_dashboards(DashboardNamePrefix="prod")
    assert_output_shape(cw, "ListDashboards", out)
    assert "NextToken" not in out
    assert out["DashboardEntries"] == [
        {"DashboardName": "prod-db", "DashboardArn":
         f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/prod-db",
         "LastModified": lab.now, "Size": 15},
        {"DashboardName": "prod-web", "DashboardArn":
         f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/prod-web",
         "LastModified": first_put, "Size": len(BODY.encode("utf-8"))}]
    assert len(BODY.encode("utf-8")) == len(BODY) + 1          # "é" is two bytes
    assert [e["DashboardName"] for e in cw.list_dashboards()["DashboardEntries"]] == [
        "prod-db", "prod-web", "test-web"]
    assert cw.list_dashboards(DashboardNamePrefix="x")["DashboardEntries"] == []


def test_list_paginates_with_next_token(cw, monkeypatch):
    monkeypatch.setattr(ops, "PAGE_SIZE", 2)
    for name in "edcba":
        cw.put_dashboard(DashboardName=name, DashboardBody='{"widgets": []}')
    first = cw.list_dashboards()
    assert [e["DashboardName"] for e in first["DashboardEntries"]] == ["a", "b"]
    second = cw.list_dashboards(NextToken=first["NextToken"])
    assert [e["DashboardName"] for e in second["DashboardEntries"]] == ["c", "d"]
    assert_output_shape(cw, "ListDashboards", second)
    pages = cw.get_paginator("list_dashboards").paginate()
    assert [e["DashboardName"] for p in pages for e in p["DashboardEntries"]] == list("abcde")


def test_list_rejects_bad_token_and_prefix(cw):
    assert error_of(cw.list_dashboards, NextToken="not-a-token") == (
        "InvalidParameterValue", "The service cannot find the NextToken or it is invalid.",
        400)
    code, message, status = error_of(cw.list_dashboards, DashboardNamePrefix="a b")
    assert (code, status) == ("InvalidParameterValue", 400)
    assert message.startswith("The value a b for field DashboardNamePrefix contains invalid")


def test_delete_is_all_or_nothing(cw):
    for name in ("a", "b"):
        cw.put_dashboard(DashboardName=name, DashboardBody='{"widgets": []}')
    assert error_of(cw.delete_dashboards, DashboardNames=["a", "missing", "b"]) == (
        "ResourceNotFound", "Dashboard missing does not exist", 404)
    assert len(cw.list_dashboards()["DashboardEntries"]) == 2
    out = cw.delete_dashboards(DashboardNames=["a", "b"])
    assert_output_shape(cw, "DeleteDashboards", out)
    assert cw.list_dashboards()["DashboardEntries"] == []


def test_not_found_is_catchable_by_its_botocore_class(cw):
    # Two shapes in the model share the code ResourceNotFound; botocore picks this one.
    with pytest.raises(cw.exceptions.ResourceNotFound):
        cw.get_dashboard(DashboardName="nope")


def test_calls_are_audited(lab, cw):
    cw.put_dashboard(DashboardName="PetShop", DashboardBody=BODY)
    error_of(cw.get_dashboard, DashboardName="nope")
    last = lab.audit_log[-2:]
    assert [c.operation for c in last] == ["PutDashboard", "GetDashboard"]
