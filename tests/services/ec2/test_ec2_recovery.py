"""Status-check failures, and the remedies CloudWatch alarm actions apply (NB06):
recover keeps the instance's identity and addresses and loses its memory; reboot fixes a
kernel panic but not a host fault; stop/terminate as the EC2 API does them."""
from datetime import timedelta

import pytest

from awslab.errors import AwslabError
from awslab.services.ec2 import (
    attribute_changes, inject_failure, instance_attributes, lifecycle)
from awslab.services.ec2.agent_values import Context
from awslab.services.ec2.errors import (
    IncorrectInstanceState, InvalidInstanceIDNotFound, UnsupportedOperation)
from awslab.workloads import minute_index
from ec2_helpers import describe, run

ACCOUNT, REGION = "123456789012", "us-east-1"


def action(lab, what, iid):
    """What the alarm engine sends for arn:aws:automate:REGION:ec2:<what>."""
    return lab.send("ec2", "alarm-action", ACCOUNT, REGION,
                    {"action": what, "instance_id": iid, "alarm_name": "status-check"})


def _running(lab, ec2, itype="t3.micro", **kw):
    [iid] = run(ec2, itype=itype, **kw)
    lab.advance(minutes=5)
    return iid


def _statuses(ec2, iid):
    [s] = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"]
    return s["SystemStatus"]["Status"], s["InstanceStatus"]["Status"], s[
        "AttachedEbsStatus"]["Status"]


def test_recover_keeps_identity_addresses_and_placement_and_loses_memory(lab, ec2):
    ec2.create_placement_group(GroupName="pg", Strategy="spread")
    iid = _running(lab, ec2, Placement={"GroupName": "pg"})
    eip = ec2.allocate_address()
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid)
    lab.advance(minutes=30)
    failure = inject_failure(lab, iid, "host")
    assert failure.check == "system" and "recover" in failure.remedy
    lab.advance(minutes=2)
    assert _statuses(ec2, iid) == ("impaired", "ok", "ok")
    before = instance_attributes(lab, iid)
    answer = action(lab, "recover", iid)
    assert answer["PreviousState"]["Name"] == "running"
    assert answer["CurrentState"]["Name"] == "pending"
    lab.advance(minutes=lifecycle.RECOVERY.total_seconds() / 60, seconds=30)
    after = instance_attributes(lab, iid)
    kept = {row["Attribute"] for row in attribute_changes(before, after) if row["Kept"]}
    assert {"InstanceId", "PrivateIpAddress", "PublicIpAddress", "ElasticIp",
            "PlacementGroup", "AvailabilityZone", "Metadata.instance-id",
            "Metadata.local-ipv4", "Metadata.public-ipv4", "Metadata.mac",
            "Metadata.placement/group-name"} <= kept
    assert after["PublicIpAddress"] == eip["PublicIp"] and after["PlacementGroup"] == "pg"
    assert after["Host"] != before["Host"]                 # new hardware
    assert after["UptimeSeconds"] < 60 < before["UptimeSeconds"]
    assert after["InMemoryDataMiB"] < before["InMemoryDataMiB"]
    assert after["StatusChecks"]["System"] == "ok"
    inst = describe(ec2, iid)
    assert inst["State"]["Name"] == "running" and inst["PublicIpAddress"] == eip["PublicIp"]
    assert inst["Placement"]["GroupName"] == "pg"


def test_recover_keeps_an_auto_assigned_public_ip(lab, ec2):
    iid = _running(lab, ec2)
    ip, private = describe(ec2, iid)["PublicIpAddress"], describe(ec2, iid)[
        "PrivateIpAddress"]
    inject_failure(lab, iid, "host")
    action(lab, "recover", iid)
    lab.advance(minutes=5)
    assert describe(ec2, iid)["PublicIpAddress"] == ip
    assert describe(ec2, iid)["PrivateIpAddress"] == private


def test_status_checks_during_and_after_recovery(lab, ec2, sent):
    iid = _running(lab, ec2)
    inject_failure(lab, iid, "host")
    lab.advance(minutes=3)
    action(lab, "recover", iid)
    assert ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"] == []
    lab.advance(minutes=2, seconds=30)
    [s] = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"]
    assert s["SystemStatus"]["Status"] == "initializing"
    lab.advance(minutes=4)
    assert _statuses(ec2, iid) == ("ok", "ok", "ok")
    system = [(d["Timestamp"], d["Value"]) for d in sent.named(
        "StatusCheckFailed_System", {"InstanceId": iid})]
    values = [v for _, v in system]
    assert 1.0 in values and values[-1] == 0.0
    gap = [b - a for (a, _), (b, _) in zip(system, system[1:])]
    assert max(gap) >= timedelta(minutes=2)              # no data while it was recovering


@pytest.mark.parametrize("itype,message", [
    ("m5d.large", "Recovery is not supported for instance '{iid}': it has instance store "
                  "volumes (m5d.large)."),
    ("t1.micro", "Recovery is not supported for the instance type 't1.micro'."),
])
def test_recover_is_refused(lab, ec2, itype, message):
    iid = _running(lab, ec2, itype=itype)
    inject_failure(lab, iid, "host")
    with pytest.raises(UnsupportedOperation) as e:
        action(lab, "recover", iid)
    assert e.value.message == message.format(iid=iid)
    assert describe(ec2, iid)["State"]["Name"] == "running"


def test_recovery_is_capped_at_three_a_day(lab, ec2):
    iid = _running(lab, ec2)
    for _ in range(3):
        action(lab, "recover", iid)
        lab.advance(hours=1)
    with pytest.raises(UnsupportedOperation, match="maximum daily allowance of 3 recovery "
                                                   "attempts"):
        action(lab, "recover", iid)
    lab.advance(hours=22)
    assert action(lab, "recover", iid)["CurrentState"]["Name"] == "pending"


def test_recover_needs_a_running_instance(lab, ec2):
    iid = _running(lab, ec2)
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    with pytest.raises(IncorrectInstanceState, match="not in a state from which it can be "
                                                     "recovered"):
        action(lab, "recover", iid)
    with pytest.raises(InvalidInstanceIDNotFound):
        action(lab, "recover", "i-0123456789abcdef0")


def test_reboot_fixes_a_kernel_panic_but_not_a_host_fault(lab, ec2):
    iid = _running(lab, ec2)
    inject_failure(lab, iid, "kernel")
    inject_failure(lab, iid, "host")
    lab.advance(minutes=1)
    assert _statuses(ec2, iid) == ("impaired", "impaired", "ok")
    before = instance_attributes(lab, iid)
    answer = action(lab, "reboot", iid)
    assert answer["CurrentState"]["Name"] == "running"   # a reboot keeps the instance running
    lab.advance(minutes=2)
    assert _statuses(ec2, iid) == ("impaired", "ok", "ok")
    after = instance_attributes(lab, iid)
    assert after["Host"] == before["Host"]                # same hardware: still broken
    assert after["UptimeSeconds"] < before["UptimeSeconds"]


def test_reboot_instances_api(lab, ec2):
    iid = _running(lab, ec2)
    inject_failure(lab, iid, "kernel")
    ec2.reboot_instances(InstanceIds=[iid])
    lab.advance(minutes=2)
    assert _statuses(ec2, iid) == ("ok", "ok", "ok")
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    with pytest.raises(ec2.exceptions.ClientError) as e:
        ec2.reboot_instances(InstanceIds=[iid])
    assert e.value.response["Error"]["Code"] == "IncorrectInstanceState"


def test_stop_and_terminate_actions(lab, ec2):
    a, b = run(ec2, count=2)
    lab.advance(minutes=2)
    assert action(lab, "stop", a)["CurrentState"]["Name"] == "stopping"
    lab.advance(minutes=1)
    assert action(lab, "stop", a)["CurrentState"]["Name"] == "stopped"   # already stopped
    assert action(lab, "terminate", b)["CurrentState"]["Name"] == "shutting-down"
    lab.advance(minutes=1)
    assert describe(ec2, b)["State"]["Name"] == "terminated"
    with pytest.raises(IncorrectInstanceState):
        action(lab, "reboot", a)


def test_stop_and_start_moves_to_new_hardware_and_clears_failures(lab, ec2):
    iid = _running(lab, ec2)
    host = instance_attributes(lab, iid)["Host"]
    inject_failure(lab, iid, "host")
    inject_failure(lab, iid, "ebs")
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    ec2.start_instances(InstanceIds=[iid])
    lab.advance(minutes=5)
    assert _statuses(ec2, iid) == ("ok", "ok", "ok")
    assert instance_attributes(lab, iid)["Host"] != host


def test_ebs_failure_survives_reboot_and_recovery_and_can_clear_by_itself(lab, ec2, sent):
    iid = _running(lab, ec2)
    failure = inject_failure(lab, iid, "ebs", minutes=20)
    assert failure.until == lab.now + timedelta(minutes=20)
    lab.advance(minutes=1)
    [s] = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"]
    assert s["AttachedEbsStatus"]["Status"] == "impaired"
    assert s["AttachedEbsStatus"]["Details"][0]["ImpairedSince"] == failure.since
    impaired = ec2.describe_instance_status(Filters=[
        {"Name": "attached-ebs-status.status", "Values": ["impaired"]}])["InstanceStatuses"]
    assert [x["InstanceId"] for x in impaired] == [iid]
    action(lab, "reboot", iid)
    lab.advance(minutes=2)
    action(lab, "recover", iid)
    lab.advance(minutes=6)
    assert _statuses(ec2, iid)[2] == "impaired"
    lab.advance(minutes=12)
    assert _statuses(ec2, iid)[2] == "ok"
    ebs = [d["Value"] for d in sent.named("StatusCheckFailed_AttachedEBS",
                                          {"InstanceId": iid})]
    assert 1.0 in ebs and ebs[-1] == 0.0


@pytest.mark.parametrize("kind,metric", [
    ("host", "StatusCheckFailed_System"), ("kernel", "StatusCheckFailed_Instance"),
    ("ebs", "StatusCheckFailed_AttachedEBS"),
])
def test_each_failure_reaches_its_metric(lab, ec2, sent, kind, metric):
    iid = _running(lab, ec2)
    inject_failure(lab, iid, kind)
    lab.advance(minutes=3)
    dims = {"InstanceId": iid}
    assert sent.named(metric, dims)[-1]["Value"] == 1.0
    assert sent.named("StatusCheckFailed", dims)[-1]["Value"] == 1.0
    others = {"StatusCheckFailed_System", "StatusCheckFailed_Instance",
              "StatusCheckFailed_AttachedEBS"} - {metric}
    for other in others:
        assert sent.named(other, dims)[-1]["Value"] == 0.0
        assert sent.named(other, dims)[-1]["Unit"] == "Count"


def test_xen_types_have_no_attached_ebs_check(lab, ec2, sent):
    iid = _running(lab, ec2, itype="t2.micro")
    assert sent.named("StatusCheckFailed_AttachedEBS", {"InstanceId": iid}) == []
    with pytest.raises(AwslabError, match="no attached-EBS status check"):
        inject_failure(lab, iid, "ebs")


def test_inject_failure_misuse(lab, ec2):
    [iid] = run(ec2)
    with pytest.raises(AwslabError, match="only a running instance"):
        inject_failure(lab, iid, "host")
    lab.advance(minutes=1)
    with pytest.raises(AwslabError, match="kind is one of host, kernel, ebs"):
        inject_failure(lab, iid, "disk")
    with pytest.raises(AwslabError, match="minutes must be positive"):
        inject_failure(lab, iid, "host", minutes=0)


def test_memory_refills_after_a_reboot(lab, ec2):
    iid = _running(lab, ec2)
    state = lab.state("ec2")
    inst = state.find(iid)
    row = [20.0] * 18
    row[13] = 60.0                                        # mem_used_percent

    def mem(at):
        return Context(lab, inst, row, minute_index(at), int(at.timestamp()), 60).mem_percent
    assert mem(lab.now) == pytest.approx(60.0)
    action(lab, "reboot", iid)
    lab.advance(minutes=1, seconds=1)
    assert mem(lab.now) < 15.0
    assert mem(lab.now + timedelta(minutes=15)) == pytest.approx(34.5, abs=1.0)
    assert mem(lab.now + timedelta(minutes=31)) == pytest.approx(60.0)
