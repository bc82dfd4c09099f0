"""PutMetricData through boto3: AWS's limits, codes and messages (aws-facts 1.2-1.3)."""
from datetime import timedelta

import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=11)


@pytest.fixture
def cw(lab):
    return lab.client("cloudwatch")


def put(cw, *data, namespace="PetShop"):
    return cw.put_metric_data(Namespace=namespace, MetricData=list(data))


def error(cw, *data, namespace="PetShop"):
    with pytest.raises(cw.exceptions.ClientError) as info:
        put(cw, *data, namespace=namespace)
    r = info.value.response
    return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]


def datum(**kw):
    return {"MetricName": "MemoryUtilization", "Value": 50.0, **kw}


def test_accepts_the_three_value_forms(cw):
    put(cw, datum(), {"MetricName": "Latency", "Values": [1, 2, 3], "Counts": [1, 5, 1]},
        {"MetricName": "Requests", "StatisticValues": {
            "SampleCount": 10, "Sum": 55, "Minimum": 1, "Maximum": 10}})
    names = {m["MetricName"] for m in cw.list_metrics(Namespace="PetShop")["Metrics"]}
    assert names == {"MemoryUtilization", "Latency", "Requests"}


@pytest.mark.parametrize("a,b", [("Value", "StatisticValues"), ("Value", "Values"),
                                 ("StatisticValues", "Values")])
def test_value_forms_are_mutually_exclusive(cw, a, b):
    forms = {"Value": 1.0, "Values": [1.0],
             "StatisticValues": {"SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}}
    d = {"MetricName": "m", a: forms[a], b: forms[b]}
    assert error(cw, d) == ("InvalidParameterCombination",
                            f"The parameters MetricData.member.1.{a} and "
                            f"MetricData.member.1.{b} are mutually exclusive and you "
                            "have specified both.", 400)


def test_up_to_1000_datums(cw):
    put(cw, *[datum(Value=float(i)) for i in range(1000)])
    assert error(cw, *[datum()] * 1001) == (
        "InvalidParameterValue",
        "The collection MetricData must not have a size greater than 1000.", 400)


def test_up_to_150_values(cw):
    put(cw, {"MetricName": "m", "Values": [float(i) for i in range(150)]})
    code, msg, _ = error(cw, {"MetricName": "m", "Values": [1.0] * 151})
    assert msg == ("The collection MetricData.member.1.Values must not have a size "
                   "greater than 150.")


def test_counts_must_match_values(cw):
    code, msg, _ = error(cw, {"MetricName": "m", "Values": [1.0, 2.0], "Counts": [1.0]})
    assert code == "InvalidParameterValue" and "same size" in msg


def test_up_to_30_dimensions_and_no_duplicates(cw):
    dims = [{"Name": f"D{i}", "Value": "v"} for i in range(30)]
    put(cw, datum(Dimensions=dims))
    assert error(cw, datum(Dimensions=dims + [{"Name": "D30", "Value": "v"}]))[1] == (
        "The collection MetricData.member.1.Dimensions must not have a size greater "
        "than 30.")
    assert error(cw, datum(Dimensions=[{"Name": "A", "Value": "1"},
                                       {"Name": "A", "Value": "2"}]))[1] == (
        "No metric may specify the same dimension name twice.")


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", 2.0 ** 361])
def test_value_range(cw, bad):
    code, msg, status = error(cw, datum(Value=float(bad)))
    assert (code, status) == ("InvalidParameterValue", 400)
    assert "MetricData.member.1.Value" in msg


def test_storage_resolution_only_1_or_60(cw):
    put(cw, datum(StorageResolution=1), datum(StorageResolution=60))
    assert error(cw, datum(StorageResolution=30))[1] == (
        "The value 30 for parameter MetricData.member.1.StorageResolution is invalid.")


def test_unit_must_be_in_the_enum(cw):
    assert error(cw, datum(Unit="Percentage"))[:2] == (
        "InvalidParameterValue",
        "The value Percentage for parameter MetricData.member.1.Unit is invalid.")


def test_timestamp_window_two_weeks_back_two_hours_ahead(lab, cw):
    now = lab.now
    put(cw, datum(Timestamp=now - timedelta(weeks=2)), datum(Timestamp=now + timedelta(hours=2)))
    code, msg, _ = error(cw, datum(), datum(Timestamp=now - timedelta(days=15)),
                         datum(Timestamp=now + timedelta(hours=3)))
    assert code == "InvalidParameterValue"
    assert msg.split("\n") == [
        "The parameter MetricData.member.2.Timestamp must specify a time within the past "
        "two weeks.",
        "The parameter MetricData.member.3.Timestamp must specify a time no more than two "
        "hours in the future."]


def test_a_bad_datum_rejects_the_whole_request(cw):
    error(cw, datum(MetricName="Good"), datum(Unit="Nope"))
    assert cw.list_metrics(Namespace="PetShop")["Metrics"] == []


def test_aws_namespaces_are_reserved(cw):
    code, msg, _ = error(cw, datum(), namespace="AWS/EC2")
    assert code == "InvalidParameterValue" and "AWS/EC2" in msg


@pytest.mark.parametrize("name,value", [("Env", "prød"), (" ", "x"), (":x", "y")])
def test_dimension_text_rules(cw, name, value):
    assert error(cw, datum(Dimensions=[{"Name": name, "Value": value}]))[0] == \
        "InvalidParameterValue"


def test_namespace_pattern_from_the_model(cw):
    code, msg, _ = error(cw, datum(), namespace=":Bad")
    assert code == "InvalidParameterValue"
    assert msg == "The value :Bad for parameter Namespace is invalid."
