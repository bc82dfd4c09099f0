"""RunInstances, DescribeInstances, Start/Stop/TerminateInstances and the state machine."""
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services.ec2 import image_id
from ec2_helpers import AL2023, WINDOWS, describe, error_of, run


def test_run_instances_answers_pending_instances(lab, ec2):
    resp = ec2.run_instances(ImageId=AL2023, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                             TagSpecifications=[{"ResourceType": "instance", "Tags": [
                                 {"Key": "Name", "Value": "web"}]}])
    assert resp["ReservationId"].startswith("r-0") and resp["OwnerId"] == "123456789012"
    first, second = resp["Instances"]
    assert first["State"] == {"Code": 0, "Name": "pending"}
    assert first["InstanceId"].startswith("i-0") and len(first["InstanceId"]) == 19
    assert (first["AmiLaunchIndex"], second["AmiLaunchIndex"]) == (0, 1)
    assert first["LaunchTime"] == lab.now
    assert first["Tags"] == [{"Key": "Name", "Value": "web"}]
    assert first["Monitoring"] == {"State": "disabled"}
    assert first["PrivateIpAddress"].startswith("172.31.")
    assert first["PrivateDnsName"].endswith(".ec2.internal")
    assert first["Placement"]["AvailabilityZone"] == "us-east-1a"


def test_ids_and_addresses_are_seeded():
    def launch(seed):
        lab = Lab(seed=seed)
        r = lab.client("ec2").run_instances(ImageId=AL2023, InstanceType="t3.micro",
                                            MinCount=1, MaxCount=1)["Instances"][0]
        return r["InstanceId"], r["PrivateIpAddress"]
    assert launch(1) == launch(1)
    assert launch(1) != launch(2)


def test_pending_becomes_running_on_the_clock(lab, ec2):
    [iid] = run(ec2)
    lab.advance(seconds=29)
    assert describe(ec2, iid)["State"]["Name"] == "pending"
    lab.advance(seconds=1)
    inst = describe(ec2, iid)
    assert inst["State"] == {"Code": 16, "Name": "running"}
    assert inst["PublicIpAddress"] and inst["PublicDnsName"].endswith(".compute-1.amazonaws.com")
    assert "StateReason" not in inst


def test_stop_and_start(lab, ec2):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    resp = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"][0]
    assert resp["PreviousState"]["Name"] == "running"
    assert resp["CurrentState"] == {"Code": 64, "Name": "stopping"}
    lab.advance(minutes=1)
    inst = describe(ec2, iid)
    assert inst["State"] == {"Code": 80, "Name": "stopped"}
    assert inst["StateReason"]["Code"] == "Client.UserInitiatedShutdown"
    assert inst["StateTransitionReason"] == "User initiated (2026-01-05 00:01:00 GMT)"
    assert "PublicIpAddress" not in inst
    start = ec2.start_instances(InstanceIds=[iid])["StartingInstances"][0]
    assert (start["PreviousState"]["Name"], start["CurrentState"]["Name"]) == (
        "stopped", "pending")
    lab.advance(minutes=1)
    assert describe(ec2, iid)["State"]["Name"] == "running"


def test_repeated_requests_are_harmless(lab, ec2):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    again = ec2.start_instances(InstanceIds=[iid])["StartingInstances"][0]
    assert again["PreviousState"] == again["CurrentState"] == {"Code": 16, "Name": "running"}
    ec2.stop_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    again = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"][0]
    assert again["CurrentState"]["Name"] == "stopped"


def test_terminate_then_the_instance_disappears_after_an_hour(lab, ec2):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    resp = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"][0]
    assert resp["CurrentState"] == {"Code": 32, "Name": "shutting-down"}
    lab.advance(minutes=1)
    assert describe(ec2, iid)["State"] == {"Code": 48, "Name": "terminated"}
    lab.advance(minutes=59)
    assert describe(ec2, iid)["State"]["Name"] == "terminated"
    lab.advance(minutes=1)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"
    assert ec2.describe_instances()["Reservations"] == []


def test_terminate_during_pending_is_not_undone_by_the_boot(lab, ec2):
    [iid] = run(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    lab.advance(minutes=2)
    assert describe(ec2, iid)["State"]["Name"] == "terminated"


@pytest.mark.parametrize("op,verb,state", [
    ("start_instances", "started", "terminated"),
    ("stop_instances", "stopped", "terminated"),
    ("stop_instances", "stopped", "pending"),
    ("start_instances", "started", "stopping"),
])
def test_incorrect_instance_state(lab, ec2, op, verb, state):
    [iid] = run(ec2)
    if state != "pending":
        lab.advance(minutes=1)
        ec2.terminate_instances(InstanceIds=[iid]) if state == "terminated" else \
            ec2.stop_instances(InstanceIds=[iid])
        lab.advance(minutes=1 if state == "terminated" else 0)
    with pytest.raises(ClientError) as e:
        getattr(ec2, op)(InstanceIds=[iid])
    assert error_of(e) == ("IncorrectInstanceState",
                           f"The instance '{iid}' is not in a state from which it can be "
                           f"{verb}.", 400)


def test_state_changes_are_all_or_nothing(lab, ec2):
    a, b = run(ec2, 2)
    lab.advance(minutes=1)
    ec2.terminate_instances(InstanceIds=[b])
    with pytest.raises(ClientError):
        ec2.stop_instances(InstanceIds=[a, b])
    assert describe(ec2, a)["State"]["Name"] == "running"


@pytest.mark.parametrize("ids,message", [
    (["i-0123456789abcdef0"], "The instance ID 'i-0123456789abcdef0' does not exist"),
    (["i-0123456789abcdef0", "i-0123456789abcdef1"],
     "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist"),
])
def test_unknown_instance_ids(ec2, ids, message):
    for op in ("describe_instances", "stop_instances", "terminate_instances"):
        with pytest.raises(ClientError) as e:
            getattr(ec2, op)(InstanceIds=ids)
        assert error_of(e) == ("InvalidInstanceID.NotFound", message, 400)


@pytest.mark.parametrize("bad", ["i-123", "web-server", "i-0123456789ABCDEF0"])
def test_malformed_instance_ids(ec2, bad):
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[bad])
    assert error_of(e) == ("InvalidInstanceID.Malformed", f'Invalid id: "{bad}"', 400)


def test_ami_errors(ec2):
    with pytest.raises(ClientError) as e:
        run(ec2, image="ubuntu")
    assert error_of(e) == ("InvalidAMIID.Malformed", 'Invalid id: "ubuntu" (expecting "ami-...")',
                           400)
    with pytest.raises(ClientError) as e:
        run(ec2, image="ami-0123456789abcdef0")
    assert error_of(e) == ("InvalidAMIID.NotFound",
                           "The image id '[ami-0123456789abcdef0]' does not exist", 400)


def test_amis_are_regional(lab):
    west = lab.client("ec2", region_name="us-west-2")
    with pytest.raises(ClientError) as e:
        run(west, image=AL2023)
    assert error_of(e)[0] == "InvalidAMIID.NotFound"
    assert run(west, image=image_id("al2023", "us-west-2"))


def test_unknown_instance_type(ec2):
    with pytest.raises(ClientError) as e:
        run(ec2, itype="t3.mirco")
    assert error_of(e) == ("InvalidParameterValue", "Invalid value 't3.mirco' for InstanceType.",
                           400)


def test_architecture_must_match_the_ami(ec2):
    with pytest.raises(ClientError) as e:
        run(ec2, itype="t4g.micro")
    code, message, _ = error_of(e)
    assert code == "InvalidParameterValue"
    assert "architecture 'arm64' of the specified instance type does not match the " \
           "architecture 'x86_64'" in message
    assert run(ec2, itype="t4g.micro", image=image_id("al2023-arm64"))


def test_counts_and_the_vcpu_limit(ec2):
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=AL2023, InstanceType="t3.micro", MinCount=3, MaxCount=2)
    assert error_of(e)[0] == "InvalidParameterValue"
    # 64 vCPUs: m5.4xlarge has 16, so at most 4 fit
    resp = ec2.run_instances(ImageId=AL2023, InstanceType="m5.4xlarge", MinCount=1,
                             MaxCount=10)
    assert len(resp["Instances"]) == 4
    with pytest.raises(ClientError) as e:
        run(ec2, itype="m5.large")
    code, message, status = error_of(e)
    assert code == "VcpuLimitExceeded" and "current vCPU limit of 64" in message


def test_subnets_and_tags(ec2):
    subnet = ec2.run_instances(ImageId=AL2023, InstanceType="t3.micro", MinCount=1,
                               MaxCount=1)["Instances"][0]["SubnetId"]
    [iid] = run(ec2, SubnetId=subnet)
    assert describe(ec2, iid)["SubnetId"] == subnet
    with pytest.raises(ClientError) as e:
        run(ec2, SubnetId="subnet-0123456789abcdef0")
    assert error_of(e) == ("InvalidSubnetID.NotFound",
                           "The subnet ID 'subnet-0123456789abcdef0' does not exist", 400)
    with pytest.raises(ClientError) as e:
        run(ec2, TagSpecifications=[{"ResourceType": "instance", "Tags": [
            {"Key": "aws:owner", "Value": "me"}]}])
    assert error_of(e)[0] == "InvalidParameterValue"


def test_windows_instances_say_so(ec2):
    [iid] = run(ec2, image=WINDOWS)
    inst = describe(ec2, iid)
    assert inst["Platform"] == "windows" and inst["PlatformDetails"] == "Windows"


def test_dry_run(ec2):
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=AL2023, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                          DryRun=True)
    assert error_of(e) == ("DryRunOperation",
                           "Request would have succeeded, but DryRun flag is set.", 412)
    assert ec2.describe_instances()["Reservations"] == []


# -- DescribeInstances filters and pages -------------------------------------------
def _ids(resp):
    return [i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"]]


def test_filters(lab, ec2):
    web = run(ec2, 2, TagSpecifications=[{"ResourceType": "instance", "Tags": [
        {"Key": "Role", "Value": "web"}]}])
    [db] = run(ec2, itype="r5.large", Monitoring={"Enabled": True})
    lab.advance(minutes=2)
    ec2.stop_instances(InstanceIds=[web[1]])
    lab.advance(minutes=1)
    f = lambda name, *v: _ids(ec2.describe_instances(Filters=[{"Name": name, "Values": list(v)}]))
    assert f("instance-state-name", "running") == [web[0], db]
    assert f("instance-state-name", "stopped", "pending") == [web[1]]
    assert f("instance-type", "r5.*") == [db]
    assert f("tag:Role", "web") == web
    assert f("tag:Role", "db") == []
    assert f("tag-key", "Role") == web
    assert f("monitoring-state", "enabled") == [db]
    assert _ids(ec2.describe_instances(Filters=[
        {"Name": "instance-state-name", "Values": ["running"]},
        {"Name": "tag:Role", "Values": ["w?b"]}])) == [web[0]]
    with pytest.raises(ClientError) as e:
        f("colour", "blue")
    assert error_of(e) == ("InvalidParameterValue", "The filter 'colour' is invalid", 400)


def test_reservations_group_instances_of_one_launch(ec2):
    a = run(ec2, 2)
    b = run(ec2)
    reservations = ec2.describe_instances()["Reservations"]
    assert [[i["InstanceId"] for i in r["Instances"]] for r in reservations] == [a, b]


def test_pages(ec2):
    ids = run(ec2, 7)
    first = ec2.describe_instances(MaxResults=5)
    assert _ids(first) == ids[:5] and first["NextToken"]
    second = ec2.describe_instances(MaxResults=5, NextToken=first["NextToken"])
    assert _ids(second) == ids[5:] and "NextToken" not in second
    paged = [i for page in ec2.get_paginator("describe_instances").paginate(
        PaginationConfig={"PageSize": 5}) for r in page["Reservations"]
        for i in r["Instances"]]
    assert [i["InstanceId"] for i in paged] == ids


@pytest.mark.parametrize("kwargs,code", [
    ({"MaxResults": 3}, "InvalidParameterValue"),
    ({"MaxResults": 5, "InstanceIds": ["i-0123456789abcdef0"]}, "InvalidParameterCombination"),
    ({"NextToken": "bogus"}, "InvalidNextToken"),
])
def test_page_errors(ec2, kwargs, code):
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(**kwargs)
    assert error_of(e)[0] == code


def test_a_lab_keeps_its_instances_to_itself():
    one, two = Lab(seed=1), Lab(seed=1)
    run(one.client("ec2"))
    assert two.client("ec2").describe_instances()["Reservations"] == []


def test_launch_time_is_the_simulated_time(lab, ec2):
    lab.advance(hours=5)
    [iid] = run(ec2)
    assert describe(ec2, iid)["LaunchTime"] == lab.now
    assert lab.now - timedelta(hours=5) == Lab(seed=7).now
