"""ListMetrics, GetMetricStatistics and GetMetricData through boto3."""
from datetime import timedelta

import pytest

from awslab import Lab
from awslab.services.cloudwatch import series

DIMS = [{"Name": "InstanceId", "Value": "i-1"}]


@pytest.fixture
def lab():
    lab = Lab(seed=5)
    cw = lab.client("cloudwatch")
    for minute in range(60):                       # one value a minute: 0..59
        cw.put_metric_data(Namespace="App", MetricData=[
            {"MetricName": "Load", "Dimensions": DIMS, "Value": float(minute),
             "Unit": "Count"}])
        lab.advance(minutes=1)
    return lab


@pytest.fixture
def cw(lab):
    return lab.client("cloudwatch")


def stats(cw, lab, **kw):
    args = dict(Namespace="App", MetricName="Load", Dimensions=DIMS,
                StartTime=lab.now - timedelta(hours=1), EndTime=lab.now, Period=600,
                Statistics=["Average", "Maximum", "SampleCount"])
    args.update(kw)
    return cw.get_metric_statistics(**args)


def test_statistics_per_period(cw, lab):
    points = sorted(stats(cw, lab)["Datapoints"], key=lambda d: d["Timestamp"])
    assert [p["SampleCount"] for p in points] == [10.0] * 6
    assert [p["Maximum"] for p in points] == [9, 19, 29, 39, 49, 59]
    assert points[0]["Average"] == 4.5 and points[0]["Unit"] == "Count"
    assert points[0]["Timestamp"] == lab.now - timedelta(hours=1)


def test_datapoints_come_back_unordered_but_stable(cw, lab):
    first = [p["Timestamp"] for p in stats(cw, lab)["Datapoints"]]
    assert first != sorted(first)
    assert first == [p["Timestamp"] for p in stats(cw, lab)["Datapoints"]]


def test_extended_statistics(cw, lab):
    r = cw.get_metric_statistics(Namespace="App", MetricName="Load", Dimensions=DIMS,
                                 StartTime=lab.now - timedelta(hours=1), EndTime=lab.now,
                                 Period=3600, ExtendedStatistics=["p90", "IQM"])
    (p,) = r["Datapoints"]
    assert p["ExtendedStatistics"] == {"p90": 53.0, "IQM": 29.5}


def test_exact_dimensions_are_needed(cw, lab):
    assert stats(cw, lab, Dimensions=[])["Datapoints"] == []
    assert stats(cw, lab, Dimensions=DIMS + [{"Name": "Env", "Value": "prod"}]
                 )["Datapoints"] == []


def test_unit_filter(cw, lab):
    assert stats(cw, lab, Unit="Percent")["Datapoints"] == []
    assert len(stats(cw, lab, Unit="Count")["Datapoints"]) == 6


def test_statistics_or_extended_but_not_both_nor_neither(cw, lab):
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException):
        stats(cw, lab, ExtendedStatistics=["p99"])
    base = dict(Namespace="App", MetricName="Load", StartTime=lab.now - timedelta(hours=1),
                EndTime=lab.now, Period=60)
    with pytest.raises(cw.exceptions.MissingRequiredParameterException):
        cw.get_metric_statistics(**base)


@pytest.mark.parametrize("period,ok", [(1, True), (5, True), (20, True), (45, False),
                                       (90, False), (120, True)])
def test_period_rule(cw, lab, period, ok):
    args = dict(StartTime=lab.now - timedelta(minutes=10), Period=period)
    if ok:
        stats(cw, lab, **args)
    else:
        with pytest.raises(cw.exceptions.InvalidParameterValueException) as info:
            stats(cw, lab, **args)
        assert "Period" in info.value.response["Error"]["Message"]


def test_1440_datapoint_limit(cw, lab):
    stats(cw, lab, StartTime=lab.now - timedelta(minutes=1440), Period=60)
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException) as info:
        stats(cw, lab, StartTime=lab.now - timedelta(minutes=1441), Period=60)
    assert info.value.response["Error"]["Message"].startswith(
        "You have requested up to 1,441 datapoints, which exceeds the limit of 1,440.")


def test_start_must_precede_end(cw, lab):
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        stats(cw, lab, StartTime=lab.now, EndTime=lab.now)


def test_high_resolution_data_rolls_up_after_three_hours(lab):
    cw = lab.client("cloudwatch")
    t0 = lab.now
    cw.put_metric_data(Namespace="Hi", MetricData=[
        {"MetricName": "q", "Value": float(s), "StorageResolution": 1,
         "Timestamp": t0 + timedelta(seconds=s)} for s in range(0, 60, 10)])
    lab.advance(minutes=2)
    query = dict(Namespace="Hi", MetricName="q", StartTime=t0, EndTime=t0 + timedelta(minutes=1),
                 Statistics=["Average"])
    assert len(cw.get_metric_statistics(Period=10, **query)["Datapoints"]) == 6
    lab.advance(hours=3)
    assert cw.get_metric_statistics(Period=10, **query)["Datapoints"] == []
    (p,) = cw.get_metric_statistics(Period=60, **query)["Datapoints"]
    assert p["Average"] == 25.0


def test_standard_resolution_is_one_minute_granularity(lab):
    cw = lab.client("cloudwatch")
    t0 = lab.now
    cw.put_metric_data(Namespace="Std", MetricData=[
        {"MetricName": "q", "Value": float(s), "Timestamp": t0 + timedelta(seconds=s)}
        for s in range(0, 60, 10)])
    r = cw.get_metric_statistics(Namespace="Std", MetricName="q", StartTime=t0,
                                 EndTime=t0 + timedelta(minutes=1), Period=10,
                                 Statistics=["SampleCount"])
    assert [p["SampleCount"] for p in r["Datapoints"]] == [6.0]


def test_list_metrics_filters_and_two_week_activity(lab):
    cw = lab.client("cloudwatch")
    for env in ("prod", "dev"):
        cw.put_metric_data(Namespace="Shop", MetricData=[
            {"MetricName": "Orders", "Value": 1,
             "Dimensions": [{"Name": "Environment", "Value": env}]}])
    assert len(cw.list_metrics(Namespace="Shop")["Metrics"]) == 2
    only = cw.list_metrics(Namespace="Shop", Dimensions=[{"Name": "Environment",
                                                         "Value": "dev"}])["Metrics"]
    assert only == [{"Namespace": "Shop", "MetricName": "Orders",
                     "Dimensions": [{"Name": "Environment", "Value": "dev"}]}]
    assert len(cw.list_metrics(Dimensions=[{"Name": "Environment"}])["Metrics"]) == 2
    lab.advance(hours=4)
    assert cw.list_metrics(Namespace="Shop", RecentlyActive="PT3H")["Metrics"] == []
    lab.advance(days=14)
    assert cw.list_metrics(Namespace="Shop")["Metrics"] == []


def test_list_metrics_paginates_at_500(lab):
    cw = lab.client("cloudwatch")
    cw.put_metric_data(Namespace="Many", MetricData=[
        {"MetricName": f"m{i:04d}", "Value": 1} for i in range(700)])
    first = cw.list_metrics(Namespace="Many")
    assert len(first["Metrics"]) == 500 and "NextToken" in first
    second = cw.list_metrics(Namespace="Many", NextToken=first["NextToken"])
    assert len(second["Metrics"]) == 200 and "NextToken" not in second
    pages = cw.get_paginator("list_metrics").paginate(Namespace="Many")
    assert sum(len(p["Metrics"]) for p in pages) == 700
    with pytest.raises(cw.exceptions.InvalidNextToken):
        cw.list_metrics(Namespace="Other", NextToken=first["NextToken"])


def test_get_metric_data_with_math(cw, lab):
    metric = {"Namespace": "App", "MetricName": "Load", "Dimensions": DIMS}
    r = cw.get_metric_data(
        StartTime=lab.now - timedelta(hours=1), EndTime=lab.now,
        MetricDataQueries=[
            {"Id": "m1", "MetricStat": {"Metric": metric, "Period": 1800, "Stat": "Sum"},
             "ReturnData": False},
            {"Id": "m2", "MetricStat": {"Metric": metric, "Period": 1800, "Stat": "Maximum"}},
            {"Id": "total", "Expression": "SUM([m1, m2])", "Label": "sum+max"},
            {"Id": "ratio", "Expression": "(m1 - m2) / 2"},
            {"Id": "peak", "Expression": "MAX(m2)"}])
    by_id = {x["Id"]: x for x in r["MetricDataResults"]}
    assert set(by_id) == {"m2", "total", "ratio", "peak"}
    assert by_id["m2"]["Values"] == [59.0, 29.0]                 # newest first by default
    assert by_id["total"]["Values"] == [1335.0 + 59, 435.0 + 29]
    assert by_id["total"]["Label"] == "sum+max"
    assert by_id["ratio"]["Values"] == [(1335 - 59) / 2, (435 - 29) / 2]
    assert by_id["peak"]["Values"] == [59.0, 59.0]
    assert by_id["m2"]["Timestamps"][0] > by_id["m2"]["Timestamps"][1]


@pytest.mark.parametrize("expression", ["m1 +", "FOO(m1)", "m9", "(m1", "[m1, m1]", "SEARCH('x')"])
def test_bad_expressions_are_validation_errors(cw, lab, expression):
    metric = {"Namespace": "App", "MetricName": "Load", "Dimensions": DIMS}
    with pytest.raises(cw.exceptions.ClientError) as info:
        cw.get_metric_data(
            StartTime=lab.now - timedelta(hours=1), EndTime=lab.now,
            MetricDataQueries=[
                {"Id": "m1", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"}},
                {"Id": "e1", "Expression": expression}])
    err = info.value.response["Error"]
    assert err["Code"] == "ValidationError" and "e1" in err["Message"]


def test_get_metric_data_query_ids(cw, lab):
    metric = {"Metric": {"Namespace": "App", "MetricName": "Load"}, "Period": 60,
              "Stat": "Sum"}
    for queries in ([{"Id": "M1", "MetricStat": metric}],
                    [{"Id": "a", "MetricStat": metric}, {"Id": "a", "MetricStat": metric}],
                    [{"Id": "a", "MetricStat": metric, "Expression": "1"}]):
        with pytest.raises(cw.exceptions.ClientError) as info:
            cw.get_metric_data(StartTime=lab.now - timedelta(hours=1), EndTime=lab.now,
                               MetricDataQueries=queries)
        assert info.value.response["Error"]["Code"] == "ValidationError"


def test_get_metric_data_paginates_by_max_datapoints(cw, lab):
    metric = {"Metric": {"Namespace": "App", "MetricName": "Load", "Dimensions": DIMS},
              "Period": 60, "Stat": "Average"}
    args = dict(StartTime=lab.now - timedelta(hours=1), EndTime=lab.now,
                MetricDataQueries=[{"Id": "m", "MetricStat": metric}], MaxDatapoints=50)
    first = cw.get_metric_data(**args)
    assert len(first["MetricDataResults"][0]["Values"]) == 50
    rest = cw.get_metric_data(NextToken=first["NextToken"], **args)
    assert len(rest["MetricDataResults"][0]["Values"]) == 10


def test_series_helper_matches_get_metric_statistics(cw, lab):
    s = series(lab, "App", "Load", {"InstanceId": "i-1"}, stat="Maximum", period=600,
               start=lab.now - timedelta(hours=1))
    assert list(s.values) == [9, 19, 29, 39, 49, 59]
    assert str(s.index.tz) == "UTC"
