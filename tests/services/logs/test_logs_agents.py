"""Agents shipping files to CloudWatch Logs: the unified agent's logs section on EC2, the
IAM permissions it needs, the legacy awslogs agent, on-premises servers."""
import json

import pytest

from awslab import Lab
from awslab.services.ec2 import install_cloudwatch_agent
from awslab.services.ec2.agent_config import AgentConfigError
from awslab.services.ec2.agent_logs import (
    LogsAgentConfigError, install_legacy_logs_agent, install_on_premises_agent,
    on_premises_server, parse_logs_section)
from awslab.services.ec2.truth import image_id

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
LOGS_ONLY = {"logs": {"logs_collected": {"files": {"collect_list": [
    {"file_path": "/var/log/app.log", "log_group_name": "/petshop/app",
     "log_stream_name": "{instance_id}", "retention_in_days": 30}]}}}}
MINIMUM = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Resource": "*",
    "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
               "logs:PutRetentionPolicy"]}]}


@pytest.fixture
def lab():
    return Lab(seed=21)


def _instance(lab, policy=None):
    iam, ec2 = lab.client("iam"), lab.client("ec2")
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    if policy:
        iam.put_role_policy(RoleName="AppRole", PolicyName="logs",
                            PolicyDocument=json.dumps(policy))
    iam.create_instance_profile(InstanceProfileName="AppProfile")
    iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="AppRole")
    iid = ec2.run_instances(ImageId=image_id("al2023"), InstanceType="t3.micro",
                            MinCount=1, MaxCount=1,
                            IamInstanceProfile={"Name": "AppProfile"})["Instances"][0][
        "InstanceId"]
    lab.advance(minutes=1)
    return iid


def _events(lab, group="/petshop/app"):
    logs = lab.client("logs")
    try:
        return logs.filter_log_events(logGroupName=group)["events"]
    except logs.exceptions.ResourceNotFoundException:
        return []


def test_unified_agent_ships_the_file_with_permissions(lab):
    iid = _instance(lab, MINIMUM)
    agent = install_cloudwatch_agent(lab, iid, LOGS_ONLY)
    lab.advance(minutes=10)
    events = _events(lab)
    assert events and {e["logStreamName"] for e in events} == {iid}
    assert agent.healthy
    group = lab.client("logs").describe_log_groups()["logGroups"][0]
    assert group["retentionInDays"] == 30
    assert all(e["timestamp"] >= int(agent.shipper.since.timestamp() * 1000) - 600_000
               for e in events)


def test_without_permissions_nothing_arrives_and_the_log_says_why(lab):
    iid = _instance(lab)
    agent = install_cloudwatch_agent(lab, iid, LOGS_ONLY)
    lab.advance(minutes=5)
    assert _events(lab) == [] and not agent.healthy
    assert "logs:CreateLogGroup" in agent.logs_problem
    assert any("AccessDeniedException" in line for line in agent.log)
    lab.client("iam").put_role_policy(RoleName="AppRole", PolicyName="logs",
                                      PolicyDocument=json.dumps(MINIMUM))
    lab.advance(minutes=2)
    events = _events(lab)
    assert agent.healthy and events
    assert min(e["timestamp"] for e in events) < int(lab.now.timestamp() * 1000) - 5 * 60_000


def test_put_log_events_alone_is_not_enough_for_a_new_group(lab):
    iid = _instance(lab, {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]})
    agent = install_cloudwatch_agent(lab, iid, LOGS_ONLY)
    lab.advance(minutes=3)
    assert "logs:CreateLogGroup" in agent.logs_problem


def test_metrics_and_logs_together(lab):
    iid = _instance(lab, {"Version": "2012-10-17", "Statement": [
        *MINIMUM["Statement"], {"Effect": "Allow", "Action": "cloudwatch:PutMetricData",
                                "Resource": "*"}]})
    config = {"metrics": {"metrics_collected": {"mem": {"measurement": ["mem_used_percent"]}}},
              **LOGS_ONLY}
    agent = install_cloudwatch_agent(lab, iid, config)
    lab.advance(minutes=5)
    assert agent.healthy and _events(lab)
    names = {m["MetricName"] for m in lab.client("cloudwatch").list_metrics(
        Namespace="CWAgent")["Metrics"]}
    assert names == {"mem_used_percent"}


def test_bad_logs_sections_are_refused():
    with pytest.raises(LogsAgentConfigError, match="file_path is required"):
        parse_logs_section({"logs_collected": {"files": {"collect_list": [{}]}}})
    with pytest.raises(LogsAgentConfigError, match="retention_in_days"):
        parse_logs_section({"logs_collected": {"files": {"collect_list": [
            {"file_path": "/x", "retention_in_days": 2}]}}})
    files = parse_logs_section({"logs_collected": {"files": {"collect_list": [
        {"file_path": "/tmp/TestLogFile.log.2017-07-11-14"}]}}})
    assert files[0].group == "/tmp/TestLogFile.log" and files[0].stream == "{instance_id}"


def test_bad_logs_section_fails_the_whole_configuration(lab):
    iid = _instance(lab, MINIMUM)
    with pytest.raises(AgentConfigError, match="collect_list"):
        install_cloudwatch_agent(lab, iid, {"logs": {"logs_collected": {"files": {}}}})
    with pytest.raises(AgentConfigError, match="logs_collected is required"):
        install_cloudwatch_agent(lab, iid, {"logs": {}})


def test_filters_drop_lines(lab):
    iid = _instance(lab, MINIMUM)
    config = json.loads(json.dumps(LOGS_ONLY))
    config["logs"]["logs_collected"]["files"]["collect_list"][0]["filters"] = [
        {"type": "include", "expression": " (ERROR|WARN) "}]
    install_cloudwatch_agent(lab, iid, config)
    lab.advance(hours=2)
    assert all(" INFO " not in e["message"] for e in _events(lab))


LEGACY = """[general]
state_file = /var/lib/awslogs/agent-state

[/var/log/secure]
file = /var/log/secure
log_group_name = /onprem/secure
log_stream_name = {hostname}
"""


def test_legacy_agent_fails_on_imdsv2_instances(lab):
    iid = _instance(lab, MINIMUM)
    agent = install_legacy_logs_agent(lab, iid, LEGACY)
    lab.advance(minutes=5)
    assert not agent.healthy and "IMDSv2" in agent.problem
    assert _events(lab, "/onprem/secure") == []


def _user_keys(lab, policy):
    iam = lab.client("iam")
    iam.create_user(UserName="onprem-agent")
    if policy:
        iam.put_user_policy(UserName="onprem-agent", PolicyName="logs",
                            PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="onprem-agent")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def test_on_premises_unified_and_legacy_agents(lab):
    key, secret = _user_keys(lab, MINIMUM)
    server = on_premises_server(lab, "db01.corp.example", key, secret)
    install_on_premises_agent(lab, server, {"logs": {"logs_collected": {"files": {
        "collect_list": [{"file_path": "/var/log/messages", "log_group_name": "/onprem/sys"}]
    }}}})
    lab.advance(minutes=30)
    events = _events(lab, "/onprem/sys")
    assert events and {e["logStreamName"] for e in events} == {"db01.corp.example"}
    other = on_premises_server(lab, "web01.corp.example", key, secret)
    agent = install_legacy_logs_agent(lab, other, LEGACY)
    lab.advance(minutes=30)
    assert agent.healthy and _events(lab, "/onprem/secure")


def test_on_premises_without_permission(lab):
    key, secret = _user_keys(lab, None)
    server = on_premises_server(lab, "db01", key, secret)
    install_on_premises_agent(lab, server, {"logs": {"logs_collected": {"files": {
        "collect_list": [{"file_path": "/var/log/messages"}]}}}})
    lab.advance(minutes=5)
    assert "not authorized to perform: logs:CreateLogGroup" in server.shipper.problem
    assert "FAILING" in repr(server)
