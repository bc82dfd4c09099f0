"""The boto3 bridge: botocore's hook sequence, errors, identity and the audit record."""
import socket
from datetime import timedelta

import botocore.exceptions
import pytest

from awslab import Lab
from awslab.errors import AwslabError
from awslab.identity import Credentials, Principal


def test_botocore_validates_before_the_lab_answers():
    lab = Lab()
    cw = lab.client("cloudwatch")
    with pytest.raises(botocore.exceptions.ParamValidationError):
        cw.put_metric_data(MetricData=[])                       # Namespace missing
    with pytest.raises(botocore.exceptions.ParamValidationError):
        cw.put_metric_data(Namespace="X", MetricData=[{"MetricName": "m", "Value": "1"}])
    assert lab.audit_log == []                                  # never reached the lab


def test_hook_sequence_keeps_callers_arguments_and_answers_at_before_call():
    lab = Lab()
    cw = lab.client("cloudwatch")
    seen = []
    cw.meta.events.register("before-call.*.*", lambda **kw: seen.append("after-awslab?"))
    cw.meta.events.register("after-call.*.*", lambda **kw: seen.append("after-call"))
    cw.put_metric_data(Namespace="X", MetricData=[{"MetricName": "m", "Value": 1.5}])
    # our before-call handler answered first, so botocore stopped there and sent nothing
    assert seen == ["after-call"]
    record = lab.audit_log[-1]
    assert record.request["MetricData"][0]["Value"] == 1.5      # the caller's own kwargs


def test_unsimulated_operation_is_a_clear_client_error():
    cw = Lab().client("cloudwatch")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        cw.describe_anomaly_detectors()
    err = info.value.response
    assert err["Error"]["Code"] == "UnsupportedOperation"
    assert "cloudwatch:DescribeAnomalyDetectors" in err["Error"]["Message"]
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_unsimulated_service_is_refused_per_call_not_on_import():
    dynamodb = Lab().client("dynamodb")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        dynamodb.list_tables()
    assert "dynamodb:ListTables" in info.value.response["Error"]["Message"]


def test_unknown_region_and_service_are_awslab_errors():
    lab = Lab()
    with pytest.raises(AwslabError, match="unknown region"):
        lab.client("cloudwatch", region_name="moon-east-1")
    with pytest.raises(AwslabError, match="not an AWS service"):
        lab.client("cloudwatchh")


def test_unknown_keys_are_invalid_client_token():
    cw = Lab().client("sts", aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        cw.get_caller_identity()
    assert info.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_expired_session_gets_expired_token():
    lab = Lab()
    who = Principal("AssumedRole", "123456789012",
                    "arn:aws:sts::123456789012:assumed-role/R/s", "AROAX:s", "s")
    creds = lab.credentials.add(Credentials("ASIATEST", "secret", who, "token",
                                            lab.now + timedelta(hours=1)))
    sts = lab.client("sts", **creds.as_client_kwargs())
    assert sts.get_caller_identity()["Arn"].endswith("assumed-role/R/s")
    lab.advance(hours=1)
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_caller_identity()
    assert info.value.response["Error"]["Code"] == "ExpiredToken"


def test_every_call_is_recorded_with_caller_and_outcome():
    lab = Lab()
    cw = lab.client("cloudwatch", region_name="eu-west-1")
    cw.list_metrics()
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        cw.put_metric_data(Namespace="AWS/EC2", MetricData=[{"MetricName": "m", "Value": 1}])
    ok, bad = lab.audit_log
    assert (ok.service, ok.operation, ok.region, ok.error_code) == (
        "cloudwatch", "ListMetrics", "eu-west-1", None)
    assert ok.caller.arn == "arn:aws:iam::123456789012:user/admin"
    assert bad.error_code == "InvalidParameterValue" and bad.response is None


def test_modeled_errors_arrive_as_their_botocore_class():
    cw = Lab().client("cloudwatch")
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException):
        cw.put_metric_data(Namespace="X", MetricData=[
            {"MetricName": "m", "Value": 1, "StatisticValues": {
                "SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}}])


def test_internal_errors_become_internal_failure_for_learners(monkeypatch):
    monkeypatch.delenv("AWSLAB_DEBUG", raising=False)
    lab = Lab()
    sts = lab.client("sts")
    monkeypatch.setattr(lab, "authorize", lambda call: {}["boom"])
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_caller_identity()
    err = info.value.response
    assert err["Error"]["Code"] == "InternalFailure"
    assert "KeyError" in err["Error"]["Message"]
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_no_socket_is_ever_opened(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("awslab tried to open a network connection")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    lab = Lab()
    lab.client("cloudwatch").put_metric_data(
        Namespace="X", MetricData=[{"MetricName": "m", "Value": 1}])
    assert lab.client("sts").get_caller_identity()["Account"] == "123456789012"


def test_same_seed_same_request_ids():
    ids = [Lab(seed=3).client("sts").get_caller_identity()["ResponseMetadata"]["RequestId"]
           for _ in range(2)]
    assert ids[0] == ids[1]
