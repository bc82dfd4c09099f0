"""MonitorInstances / UnmonitorInstances and DescribeInstanceStatus."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.ec2 import clear_status_check, fail_status_check
from awslab.errors import AwslabError
from ec2_helpers import describe, error_of, run


def test_monitoring_goes_pending_then_enabled(lab, ec2):
    [iid] = run(ec2)
    resp = ec2.monitor_instances(InstanceIds=[iid])
    assert resp["InstanceMonitorings"] == [{"InstanceId": iid, "Monitoring": {"State": "pending"}}]
    lab.advance(seconds=59)
    assert describe(ec2, iid)["Monitoring"]["State"] == "pending"
    lab.advance(seconds=1)
    assert describe(ec2, iid)["Monitoring"]["State"] == "enabled"
    resp = ec2.unmonitor_instances(InstanceIds=[iid])
    assert resp["InstanceMonitorings"][0]["Monitoring"]["State"] == "disabling"
    lab.advance(minutes=1)
    assert describe(ec2, iid)["Monitoring"]["State"] == "disabled"


def test_run_instances_with_detailed_monitoring(lab, ec2):
    [iid] = run(ec2, Monitoring={"Enabled": True})
    assert describe(ec2, iid)["Monitoring"]["State"] == "pending"
    lab.advance(minutes=1)
    assert describe(ec2, iid)["Monitoring"]["State"] == "enabled"


def test_monitoring_a_stopped_instance_is_allowed(lab, ec2):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    ec2.monitor_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    assert describe(ec2, iid)["Monitoring"]["State"] == "enabled"


def test_monitoring_errors(lab, ec2):
    with pytest.raises(ClientError) as e:
        ec2.monitor_instances(InstanceIds=["i-0123456789abcdef0"])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"
    [iid] = run(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    with pytest.raises(ClientError) as e:
        ec2.monitor_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "IncorrectInstanceState"


def _status(ec2, **kw):
    return ec2.describe_instance_status(**kw)["InstanceStatuses"]


def test_status_checks_initialize_then_pass(lab, ec2):
    [iid] = run(ec2)
    assert _status(ec2) == []                     # pending instances are not listed
    lab.advance(minutes=1)
    [s] = _status(ec2)
    assert s["InstanceState"]["Name"] == "running"
    assert s["InstanceStatus"] == {"Status": "initializing", "Details": [
        {"Name": "reachability", "Status": "initializing"}]}
    lab.advance(minutes=3)
    [s] = _status(ec2)
    assert s["SystemStatus"]["Status"] == s["InstanceStatus"]["Status"] == "ok"
    assert s["InstanceStatus"]["Details"] == [{"Name": "reachability", "Status": "passed"}]
    assert s["AvailabilityZone"] == "us-east-1a" and s["Events"] == []


def test_include_all_instances(lab, ec2):
    a, b = run(ec2, 2)
    lab.advance(minutes=5)
    ec2.stop_instances(InstanceIds=[b])
    lab.advance(minutes=1)
    assert [s["InstanceId"] for s in _status(ec2)] == [a]
    assert _status(ec2, InstanceIds=[b]) == []
    every = _status(ec2, IncludeAllInstances=True)
    assert [s["InstanceId"] for s in every] == [a, b]
    assert every[1]["InstanceStatus"] == {"Status": "not-applicable"}


def test_failed_status_check(lab, ec2):
    [iid] = run(ec2)
    lab.advance(minutes=5)
    fail_status_check(lab, iid, "system")
    at = lab.now
    lab.advance(minutes=1)
    [s] = _status(ec2)
    assert s["SystemStatus"] == {"Status": "impaired", "Details": [
        {"Name": "reachability", "Status": "failed", "ImpairedSince": at}]}
    assert s["InstanceStatus"]["Status"] == "ok"
    impaired = _status(ec2, Filters=[{"Name": "system-status.status", "Values": ["impaired"]}])
    assert [x["InstanceId"] for x in impaired] == [iid]
    clear_status_check(lab, iid, "system")
    assert _status(ec2)[0]["SystemStatus"]["Status"] == "ok"
    with pytest.raises(AwslabError):
        fail_status_check(lab, iid, "network")


def test_status_pages_and_errors(lab, ec2):
    ids = run(ec2, 6)
    lab.advance(minutes=1)
    page = ec2.describe_instance_status(MaxResults=5)
    assert len(page["InstanceStatuses"]) == 5
    rest = ec2.describe_instance_status(MaxResults=5, NextToken=page["NextToken"])
    assert [s["InstanceId"] for s in page["InstanceStatuses"] + rest["InstanceStatuses"]] == ids
    with pytest.raises(ClientError) as e:
        ec2.describe_instance_status(Filters=[{"Name": "health", "Values": ["ok"]}])
    assert error_of(e)[0] == "InvalidParameterValue"
