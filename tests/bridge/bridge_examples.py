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


# -- CloudWatch alarms ---------------------------------------------------------------------
ALARM = dict(AlarmName="cpu-high", Namespace="Ex", MetricName="m", Dimensions=DIMS,
             Statistic="Average", Period=60, EvaluationPeriods=3, DatapointsToAlarm=2,
             Threshold=80.0, ComparisonOperator="GreaterThanThreshold",
             AlarmActions=["arn:aws:sns:us-east-1:123456789012:ops"],
             Tags=[{"Key": "team", "Value": "web"}])
ALARM_ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high"


def _cw_with_alarm(lab, composite=False):
    cw = lab.client("cloudwatch")
    cw.put_metric_alarm(**ALARM)
    cw.put_metric_data(Namespace="Ex", MetricData=[
        {"MetricName": "m", "Dimensions": DIMS, "Value": 95.0}])
    lab.advance(minutes=3)
    if composite:
        cw.put_composite_alarm(AlarmName="any", AlarmRule='ALARM("cpu-high") OR FALSE')
        lab.advance(minutes=1)
    return cw


EXAMPLES["cloudwatch"].update({
    "PutMetricAlarm": lambda lab: lab.client("cloudwatch").put_metric_alarm(**ALARM),
    "PutCompositeAlarm": lambda lab: _cw_with_alarm(lab).put_composite_alarm(
        AlarmName="any", AlarmRule="ALARM(cpu-high) AND NOT OK(cpu-high)",
        ActionsSuppressor="cpu-high", ActionsSuppressorWaitPeriod=60,
        ActionsSuppressorExtensionPeriod=60),
    "DescribeAlarms": lambda lab: _cw_with_alarm(lab, composite=True).describe_alarms(
        AlarmTypes=["MetricAlarm", "CompositeAlarm"]),
    "DescribeAlarmsForMetric": lambda lab: _cw_with_alarm(lab).describe_alarms_for_metric(
        Namespace="Ex", MetricName="m", Dimensions=DIMS),
    "DescribeAlarmHistory": lambda lab: _cw_with_alarm(lab).describe_alarm_history(
        AlarmName="cpu-high"),
    "SetAlarmState": lambda lab: _cw_with_alarm(lab).set_alarm_state(
        AlarmName="cpu-high", StateValue="OK", StateReason="testing",
        StateReasonData='{"reason": "test"}'),
    "DeleteAlarms": lambda lab: _cw_with_alarm(lab).delete_alarms(AlarmNames=["cpu-high"]),
    "EnableAlarmActions": lambda lab: _cw_with_alarm(lab).enable_alarm_actions(
        AlarmNames=["cpu-high"]),
    "DisableAlarmActions": lambda lab: _cw_with_alarm(lab).disable_alarm_actions(
        AlarmNames=["cpu-high"]),
    "TagResource": lambda lab: _cw_with_alarm(lab).tag_resource(
        ResourceARN=ALARM_ARN, Tags=[{"Key": "tier", "Value": "1"}]),
    "UntagResource": lambda lab: _cw_with_alarm(lab).untag_resource(
        ResourceARN=ALARM_ARN, TagKeys=["team"]),
    "ListTagsForResource": lambda lab: _cw_with_alarm(lab).list_tags_for_resource(
        ResourceARN=ALARM_ARN),
})


def _service_examples():
    """Services keep their own examples beside their tests; gather them here."""
    import importlib
    import sys
    from pathlib import Path

    services = Path(__file__).resolve().parents[1] / "services"
    for path in sorted(services.glob("*/*_examples.py")):   # one file per service package
        sys.path.insert(0, str(path.parent))
        EXAMPLES.update(importlib.import_module(path.stem).EXAMPLES)


_service_examples()
