"""One representative successful call per simulated operation.

Each example is ``fn(lab) -> response`` using real boto3 clients. The model tests run
every example with AWSLAB_DEBUG=1, so the bridge checks each answer against botocore's
output shape; a registered operation without an example fails the suite.
"""
from datetime import timedelta

DIMS = [{"Name": "InstanceId", "Value": "i-1"}]


def _cw_with_data(lab):
    cw = lab.client("cloudwatch")
    cw.put_metric_data(Namespace="Ex", MetricData=[
        {"MetricName": "m", "Dimensions": DIMS, "Values": [1.0, 2.0, 3.0], "Unit": "Count"}])
    lab.advance(minutes=5)
    return cw


def _cw_with_dashboard(lab):
    cw = lab.client("cloudwatch")
    cw.put_dashboard(DashboardName="d", DashboardBody='{"widgets": []}')
    return cw


def _window(lab):
    return {"StartTime": lab.now - timedelta(hours=1), "EndTime": lab.now}


EXAMPLES = {
    "sts": {
        "GetCallerIdentity": lambda lab: lab.client("sts").get_caller_identity(),
    },
    "cloudwatch": {
        "PutMetricData": lambda lab: lab.client("cloudwatch").put_metric_data(
            Namespace="Ex", MetricData=[{"MetricName": "m", "Value": 1.0}]),
        "ListMetrics": lambda lab: _cw_with_data(lab).list_metrics(Namespace="Ex"),
        "GetMetricStatistics": lambda lab: _cw_with_data(lab).get_metric_statistics(
            Namespace="Ex", MetricName="m", Dimensions=DIMS, Period=60,
            Statistics=["Average", "SampleCount"], **_window(lab)),
        "GetMetricData": lambda lab: _cw_with_data(lab).get_metric_data(
            MetricDataQueries=[
                {"Id": "m1", "MetricStat": {"Metric": {
                    "Namespace": "Ex", "MetricName": "m", "Dimensions": DIMS},
                    "Period": 60, "Stat": "p90"}},
                {"Id": "e1", "Expression": "m1 * 2"}], **_window(lab)),
        "PutDashboard": lambda lab: lab.client("cloudwatch").put_dashboard(
            DashboardName="d", DashboardBody='{"widgets": []}'),
        "GetDashboard": lambda lab: _cw_with_dashboard(lab).get_dashboard(DashboardName="d"),
        "ListDashboards": lambda lab: _cw_with_dashboard(lab).list_dashboards(),
        "DeleteDashboards": lambda lab: _cw_with_dashboard(lab).delete_dashboards(
            DashboardNames=["d"]),
    },
}


def _service_examples():
    """Services keep their own examples beside their tests; gather them here."""
    import importlib
    import sys
    from pathlib import Path

    services = Path(__file__).resolve().parents[1] / "services"
    for name in ("ec2", "iam", "sts"):
        sys.path.insert(0, str(services / name))
        EXAMPLES.update(importlib.import_module(f"{name}_examples").EXAMPLES)


_service_examples()
