"""The simulated CloudWatch agent: install checks, credentials, and what it publishes."""
import json
from datetime import timedelta

import botocore.session
import numpy as np
import pytest
from botocore.validate import validate_parameters

from awslab import Lab
from awslab.services.ec2 import agent_preset, install_cloudwatch_agent, true_series
from awslab.services.ec2.agent import CloudWatchAgentError
from awslab.services.ec2.agent_config import AgentConfigError
from ec2_helpers import WINDOWS, run

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
POLICY = "arn:aws:iam::aws:policy/"
PUT = botocore.session.get_session().get_service_model("cloudwatch").operation_model(
    "PutMetricData").input_shape


def _profile(iam, policies=("CloudWatchAgentServerPolicy",), name="Agent"):
    iam.create_role(RoleName=f"{name}Role", AssumeRolePolicyDocument=TRUST)
    for p in policies:
        iam.attach_role_policy(RoleName=f"{name}Role", PolicyArn=POLICY + p)
    iam.create_instance_profile(InstanceProfileName=f"{name}Profile")
    iam.add_role_to_instance_profile(InstanceProfileName=f"{name}Profile",
                                     RoleName=f"{name}Role")
    return f"{name}Profile"


@pytest.fixture
def ready(lab, ec2, iam):
    """A running instance whose role may publish metrics."""
    [iid] = run(ec2, IamInstanceProfile={"Name": _profile(iam)})
    lab.advance(minutes=1)
    return iid


def _dims(d):
    return {x["Name"]: x["Value"] for x in d["Dimensions"]}


def test_basic_preset_publishes_memory_and_disk(lab, ec2, sent, ready):
    agent = install_cloudwatch_agent(lab, ready, "basic")
    assert agent.healthy and agent.status == "running"
    lab.advance(minutes=10)
    mem = sent.named("mem_used_percent", namespace="CWAgent")
    assert len(mem) == 10 and {d["Unit"] for d in mem} == {"Percent"}
    inst = ec2.describe_instances(InstanceIds=[ready])["Reservations"][0]["Instances"][0]
    assert _dims(mem[0]) == {"InstanceId": ready, "ImageId": inst["ImageId"],
                             "InstanceType": "t3.micro"}
    truth = true_series(lab, ready, mem[0]["Timestamp"] - timedelta(minutes=1),
                        mem[-1]["Timestamp"], "mem_used_percent")
    assert np.allclose([d["Value"] for d in mem], truth.to_numpy())
    [disk] = sent.named("disk_used_percent", namespace="CWAgent")[:1]
    assert {k: v for k, v in _dims(disk).items() if k in ("path", "device", "fstype")} == {
        "path": "/", "device": "nvme0n1p1", "fstype": "xfs"}
    assert sent.named("CPUUtilization", namespace="CWAgent") == []
    assert agent.datums_sent == 20


def test_install_needs_a_running_instance(lab, ec2):
    with pytest.raises(CloudWatchAgentError, match="no instance"):
        install_cloudwatch_agent(lab, "i-0123456789abcdef0")
    [iid] = run(ec2)
    with pytest.raises(CloudWatchAgentError, match="pending.*lab.advance"):
        install_cloudwatch_agent(lab, iid)
    lab.advance(minutes=1)
    ec2.stop_instances(InstanceIds=[iid])
    with pytest.raises(CloudWatchAgentError, match="is stopping"):
        install_cloudwatch_agent(lab, iid)


def test_without_an_instance_profile_nothing_is_published(lab, ec2, sent):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    agent = install_cloudwatch_agent(lab, iid)
    lab.advance(minutes=5)
    assert not agent.healthy and agent.problem.startswith("NoCredentialProviders")
    assert sent.datums("CWAgent") == []
    assert "FAILING: NoCredentialProviders" in repr(agent)
    errors = [line for line in agent.log if " E! " in line]
    assert len(errors) == 6     # at install, then at every flush


@pytest.mark.parametrize("policies,allowed", [
    ((), False), (("ReadOnlyAccess",), False), (("AmazonSSMManagedInstanceCore",), False),
    (("CloudWatchAgentServerPolicy",), True), (("CloudWatchAgentAdminPolicy",), True),
    (("AdministratorAccess",), True), (("CloudWatchFullAccess",), True),
])
def test_the_role_must_allow_put_metric_data(lab, ec2, iam, sent, policies, allowed):
    [iid] = run(ec2, IamInstanceProfile={"Name": _profile(iam, policies)})
    lab.advance(minutes=1)
    agent = install_cloudwatch_agent(lab, iid)
    lab.advance(minutes=3)
    assert agent.healthy is allowed
    assert bool(sent.datums("CWAgent")) is allowed
    if not allowed:
        assert agent.problem.startswith(
            f"AccessDenied: User: arn:aws:sts::123456789012:assumed-role/AgentRole/{iid} is "
            "not authorized to perform: cloudwatch:PutMetricData because no identity-based "
            "policy allows the cloudwatch:PutMetricData action")


def test_fixing_the_role_lets_the_agent_recover(lab, ec2, iam, sent):
    [iid] = run(ec2, IamInstanceProfile={"Name": _profile(iam, ())})
    lab.advance(minutes=1)
    agent = install_cloudwatch_agent(lab, iid)
    lab.advance(minutes=2)
    assert not agent.healthy
    iam.attach_role_policy(RoleName="AgentRole", PolicyArn=POLICY + "CloudWatchAgentServerPolicy")
    lab.advance(minutes=2)
    assert agent.healthy and sent.datums("CWAgent")
    assert any("succeeded after earlier failures" in line for line in agent.log)
    iam.detach_role_policy(RoleName="AgentRole",
                           PolicyArn=POLICY + "CloudWatchAgentServerPolicy")
    lab.advance(minutes=1)
    assert not agent.healthy


def test_associating_a_profile_later_also_works(lab, ec2, iam, sent):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    agent = install_cloudwatch_agent(lab, iid)
    ec2.associate_iam_instance_profile(InstanceId=iid,
                                       IamInstanceProfile={"Name": _profile(iam)})
    lab.advance(minutes=2)
    assert agent.healthy and sent.datums("CWAgent")


def test_high_resolution_collection(lab, sent, ready):
    install_cloudwatch_agent(lab, ready, agent_preset("basic", interval=10))
    lab.advance(minutes=2)
    mem = sent.named("mem_used_percent", namespace="CWAgent")
    assert len(mem) == 12 and {d["StorageResolution"] for d in mem} == {1}
    stamps = [d["Timestamp"] for d in mem]
    assert {(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])} == {10.0}
    assert len([p for p in sent if p["Namespace"] == "CWAgent"]) == 2   # a flush a minute


def test_hostname_dimension_and_aggregation(lab, sent, ready):
    config = {"metrics": {"metrics_collected": {"mem": {"measurement": ["used_percent"]}}}}
    install_cloudwatch_agent(lab, ready, config)
    lab.advance(minutes=1)
    [mem] = sent.named("mem_used_percent", namespace="CWAgent")
    assert list(_dims(mem)) == ["host"] and _dims(mem)["host"].startswith("ip-172-31-")
    config["agent"] = {"omit_hostname": True}
    config["metrics"]["append_dimensions"] = {"InstanceId": "${aws:InstanceId}"}
    config["metrics"]["aggregation_dimensions"] = [["InstanceId"], []]
    config["metrics"]["namespace"] = "PetShop/Hosts"
    sent.clear()
    install_cloudwatch_agent(lab, ready, config)
    lab.advance(minutes=1)
    dims = [_dims(d) for d in sent.named("mem_used_percent", namespace="PetShop/Hosts")]
    assert dims == [{"InstanceId": ready}, {"InstanceId": ready}, {}]


def test_advanced_preset_datums_fit_put_metric_data(lab, sent, ready):
    install_cloudwatch_agent(lab, ready, "advanced")
    lab.advance(minutes=3)
    names = {d["MetricName"] for d in sent.datums("CWAgent")}
    assert names == {"cpu_usage_idle", "cpu_usage_iowait", "cpu_usage_user",
                     "cpu_usage_system", "disk_used_percent", "disk_inodes_free",
                     "diskio_io_time", "diskio_write_bytes", "diskio_read_bytes",
                     "diskio_writes", "diskio_reads", "mem_used_percent", "swap_used_percent",
                     "netstat_tcp_established", "netstat_tcp_time_wait"}
    cpus = {_dims(d)["cpu"] for d in sent.named("cpu_usage_user", namespace="CWAgent")}
    assert cpus == {"cpu0", "cpu1"}
    for payload in sent:
        validate_parameters(payload, PUT)
    idle = sent.named("cpu_usage_idle", namespace="CWAgent")[0]["Value"]
    assert 0 <= idle <= 100


def test_the_agent_follows_the_instance(lab, ec2, sent, ready):
    agent = install_cloudwatch_agent(lab, ready)
    lab.advance(minutes=2)
    ec2.stop_instances(InstanceIds=[ready])
    assert agent.status == "waiting"
    count = len(sent.datums("CWAgent"))
    lab.advance(minutes=10)
    assert len(sent.datums("CWAgent")) == count
    ec2.start_instances(InstanceIds=[ready])
    lab.advance(minutes=3)
    assert agent.status == "running" and len(sent.datums("CWAgent")) > count
    agent.stop()
    count = len(sent.datums("CWAgent"))
    lab.advance(minutes=3)
    assert agent.status == "stopped" and len(sent.datums("CWAgent")) == count


def test_reinstalling_replaces_the_configuration(lab, sent, ready):
    first = install_cloudwatch_agent(lab, ready, "basic")
    second = install_cloudwatch_agent(lab, ready, "standard")
    lab.advance(minutes=1)
    assert first.status == "stopped" and second.status == "running"
    assert len(sent.named("mem_used_percent", namespace="CWAgent")) == 1


def test_invalid_configuration_is_refused(lab, ready):
    with pytest.raises(AgentConfigError, match="measurment"):
        install_cloudwatch_agent(lab, ready, {"metrics": {"metrics_collected": {
            "mem": {"measurment": ["used_percent"]}}}})


def test_windows_instances(lab, ec2, iam, sent):
    [iid] = run(ec2, image=WINDOWS, IamInstanceProfile={"Name": _profile(iam)})
    lab.advance(minutes=1)
    with pytest.raises(AgentConfigError, match="Linux section"):
        install_cloudwatch_agent(lab, iid, "basic")
    install_cloudwatch_agent(lab, iid, "windows-basic")
    lab.advance(minutes=1)
    [mem] = sent.named("Memory % Committed Bytes In Use", namespace="CWAgent")
    assert _dims(mem)["objectname"] == "Memory"
    [disk] = sent.named("LogicalDisk % Free Space", namespace="CWAgent")
    assert _dims(disk)["instance"] == "C:" and 0 < disk["Value"] < 100


def test_end_to_end_through_cloudwatch():
    pytest.importorskip("awslab.services.cloudwatch.state")
    lab = Lab(seed=4)
    ec2, iam = lab.client("ec2"), lab.client("iam")
    [iid] = run(ec2, IamInstanceProfile={"Name": _profile(iam)})
    lab.advance(minutes=1)
    install_cloudwatch_agent(lab, iid, "basic")
    lab.advance(minutes=30)
    cw = lab.client("cloudwatch")
    metrics = cw.list_metrics(Namespace="CWAgent", MetricName="mem_used_percent")["Metrics"]
    [metric] = metrics
    resp = cw.get_metric_statistics(
        Namespace="CWAgent", MetricName="mem_used_percent", Dimensions=metric["Dimensions"],
        StartTime=lab.now - timedelta(minutes=20), EndTime=lab.now, Period=1200,
        Statistics=["Maximum"])
    truth = true_series(lab, iid, lab.now - timedelta(minutes=21), lab.now - timedelta(
        minutes=1), "mem_used_percent")
    assert resp["Datapoints"][0]["Maximum"] == pytest.approx(truth.max())


def test_unknown_preset_names(lab, ready):
    with pytest.raises(AgentConfigError, match="unknown preset 'standrad'"):
        install_cloudwatch_agent(lab, ready, "standrad")
    agent = install_cloudwatch_agent(lab, ready, json.dumps(agent_preset("basic")))
    assert agent.status == "running"
