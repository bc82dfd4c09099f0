"""NB03 checks: E1 verdicts as a pure function and end to end with the agent, E2 with the
agent's own parser, E3 against the learner's seeded policy."""
import json

import pytest

from awslab import Lab, course
from awslab.course.checks import nb03
from awslab.services.ec2 import install_cloudwatch_agent, launch_instances
from awslab.services.logs.retention import nearest_allowed
from awslab.services.logs.sources import seed_petshop

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
MINIMUM = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Resource": "*", "Action": list(nb03.NEEDED)}]}
CONFIG = {"logs": {"logs_collected": {"files": {"collect_list": [
    {"file_path": "/var/log/app.log", "log_group_name": nb03.E1_GROUP}]}}}}


@pytest.mark.parametrize("actions, events, passed, words", [
    (set(nb03.NEEDED), 5, True, "5 events arrived"),
    (set(nb03.NEEDED) | {"logs:*"}, 5, False, "more than the agent needs: logs:*"),
    ({"logs:PutLogEvents"}, 0, False, "does not allow logs:CreateLogGroup"),
    (set(nb03.NEEDED), 0, False, "advance the clock"),
    (set(nb03.NEEDED) | {"NotAction (allows nearly everything)"}, 3, False, "NotAction"),
])
def test_judge_e1(actions, events, passed, words):
    verdict, message = nb03.judge_e1(actions, events)
    assert verdict is passed and words in message


def _app_server(lab):
    iam = lab.client("iam")
    iam.create_role(RoleName=nb03.E1_ROLE, AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="nb03-app")
    iam.add_role_to_instance_profile(InstanceProfileName="nb03-app",
                                     RoleName=nb03.E1_ROLE)
    [iid] = launch_instances(lab)
    lab.advance(minutes=1)
    lab.client("ec2").associate_iam_instance_profile(
        InstanceId=iid, IamInstanceProfile={"Name": "nb03-app"})
    agent = install_cloudwatch_agent(lab, iid, CONFIG)
    lab.advance(minutes=3)
    return iid, agent


def test_e1_end_to_end():
    lab = Lab(student_id="bob")
    iid, agent = _app_server(lab)
    ex = course.exercises("03", lab, instance_id=iid)
    assert not ex.e1.check().passed
    assert "not authorized to perform: logs:CreateLogGroup" in agent.logs_problem
    iam = lab.client("iam")
    iam.attach_role_policy(RoleName=nb03.E1_ROLE,
                           PolicyArn="arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy")
    lab.advance(minutes=2)
    result = ex.e1.check()
    assert not result.passed and "xray" in result.message
    iam.detach_role_policy(RoleName=nb03.E1_ROLE,
                           PolicyArn="arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy")
    iam.put_role_policy(RoleName=nb03.E1_ROLE, PolicyName="ship",
                        PolicyDocument=json.dumps(MINIMUM))
    lab.advance(minutes=2)
    assert ex.e1.check().passed


GOOD = {"metrics": {"metrics_collected": {
    "mem": {"measurement": ["mem_used_percent"]},
    "disk": {"measurement": ["used_percent"], "resources": ["*"]}}}, **CONFIG}


@pytest.mark.parametrize("config, passed, words", [
    (GOOD, True, "CWAgent gets disk_used_percent, mem_used_percent"),
    (json.dumps(GOOD), True, "valid"),
    ({**GOOD, "logs": {"logs_collected": {"files": {"collect_list": [
        {"file_path": "/var/log/messages"}]}}}}, False, "add /var/log/app.log"),
    ({"metrics": {"metrics_collected": {"mem": {"measurement": ["mem_used_percent"]}}},
      **CONFIG}, False, "missing disk_used_percent"),
    ({"metrics": {"metrics_collected": {"mem": {"measurement": ["bogus"]}}}}, False,
     "refuses"),
    ({"metrics": {"namespace": "Mine", **GOOD["metrics"]}, **CONFIG}, False, "CWAgent"),
    (42, False, "as a dict"),
])
def test_e2(config, passed, words):
    ex = course.exercises("03", Lab(seed=1))
    result = ex.e2.check(config)
    assert result.passed is passed and words in result.message


def test_e3_end_to_end():
    lab = Lab(student_id="carol")
    logs = lab.client("logs")
    ex = course.exercises("03", lab)
    assert "does not exist" in ex.e3.check().message
    seed_petshop(lab, hours=1)
    assert "never expires" in ex.e3.check().message
    keep = ex.e3.keep
    for group, d in keep.items():
        logs.put_retention_policy(logGroupName=group, retentionInDays=3653)
    assert "cheapest allowed" in ex.e3.check().message
    for group, d in keep.items():
        logs.put_retention_policy(logGroupName=group, retentionInDays=nearest_allowed(d))
    assert ex.e3.check().passed


def test_e3_facts_are_seeded_per_student():
    keeps = [tuple(course.exercises("03", Lab(student_id=s)).e3.keep.values())
             for s in ("a", "b", "c", "d")]
    assert all(len(set(k)) == 3 and set(k) <= set(nb03.E3_DAYS) for k in keeps)
    assert len(set(keeps)) > 1
    assert keeps[0] == tuple(course.exercises("03", Lab(student_id="a")).e3.keep.values())
