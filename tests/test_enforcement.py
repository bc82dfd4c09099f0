"""Enforcement: every call through the lab is authorised by the IAM engine, with AWS's
action names, resource ARNs, condition keys and denial messages."""
import json
import time
from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError

from awslab import Lab, authz
from awslab.services.iam import explain

ACCOUNT = "123456789012"
POLICY = "arn:aws:iam::aws:policy/"
DATUM = {"Namespace": "App", "MetricData": [{"MetricName": "m", "Value": 1.0}]}


@pytest.fixture
def lab():
    return Lab(seed=21)


@pytest.fixture
def iam(lab):
    return lab.client("iam")


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def user(lab, iam, name="alice", *statements, tags=None):
    iam.create_user(UserName=name, Tags=[{"Key": k, "Value": v}
                                         for k, v in (tags or {}).items()])
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=doc(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    keys = {"aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"]}
    return lambda service, **kw: lab.client(service, **keys, **kw)


def error(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], \
        err["ResponseMetadata"]["HTTPStatusCode"]


ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


def test_no_policy_then_managed_policy_then_explicit_deny(lab, iam):
    cw = user(lab, iam)("cloudwatch")
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(**DATUM)
    assert error(e) == ("AccessDenied", f"User: {ALICE} is not authorized to perform: "
                        "cloudwatch:PutMetricData because no identity-based policy allows "
                        "the cloudwatch:PutMetricData action", 403)
    iam.attach_user_policy(UserName="alice", PolicyArn=POLICY + "CloudWatchFullAccess")
    cw.put_metric_data(**DATUM)
    iam.create_policy(PolicyName="NoPut", PolicyDocument=doc(deny("cloudwatch:Put*")))
    iam.attach_user_policy(UserName="alice", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/NoPut")
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(**DATUM)
    assert error(e)[1] == (f"User: {ALICE} is not authorized to perform: cloudwatch:"
                           "PutMetricData with an explicit deny in an identity-based policy: "
                           f"arn:aws:iam::{ACCOUNT}:policy/NoPut")
    iam.put_user_policy(UserName="alice", PolicyName="inline",
                        PolicyDocument=doc(deny("cloudwatch:List*")))
    with pytest.raises(ClientError) as e:
        cw.list_metrics()
    assert error(e)[1].endswith("with an explicit deny in an identity-based policy")


def test_permissions_boundary_caps(lab, iam):
    cw = user(lab, iam)("cloudwatch")
    iam.attach_user_policy(UserName="alice", PolicyArn=POLICY + "AdministratorAccess")
    iam.put_user_permissions_boundary(UserName="alice",
                                      PermissionsBoundary=POLICY + "CloudWatchReadOnlyAccess")
    cw.list_metrics()
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(**DATUM)
    assert error(e)[1].endswith("because no permissions boundary allows the "
                                "cloudwatch:PutMetricData action")
    iam.create_policy(PolicyName="Fence", PolicyDocument=doc(allow("*"),
                                                             deny("cloudwatch:List*")))
    iam.put_user_permissions_boundary(UserName="alice",
                                      PermissionsBoundary=f"arn:aws:iam::{ACCOUNT}:policy/Fence")
    cw.put_metric_data(**DATUM)
    with pytest.raises(ClientError) as e:
        cw.list_metrics()
    assert error(e)[1].endswith("with an explicit deny in a permissions boundary: "
                                f"arn:aws:iam::{ACCOUNT}:policy/Fence")
    iam.delete_user_permissions_boundary(UserName="alice")
    cw.list_metrics()


def test_ec2_denials_name_the_instance_and_carry_an_encoded_message(lab, iam):
    mine = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0aaaaaaaaaaaaaaaa"
    ec2 = user(lab, iam, "alice", allow("ec2:StopInstances", mine))("ec2")
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=["i-0bbbbbbbbbbbbbbbb"])
    code, message, status = error(e)
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert message.startswith(
        f"You are not authorized to perform this operation. User: {ALICE} is not "
        "authorized to perform: ec2:StopInstances on resource: arn:aws:ec2:us-east-1:"
        f"{ACCOUNT}:instance/i-0bbbbbbbbbbbbbbbb because no identity-based policy allows "
        "the ec2:StopInstances action. Encoded authorization failure message: ")
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=["i-0aaaaaaaaaaaaaaaa"])
    assert error(e)[0] != "UnauthorizedOperation"          # authorised; EC2 has no such one
    with pytest.raises(ClientError) as e:
        ec2.describe_instances()
    assert error(e)[1] == ("You are not authorized to perform this operation. User: "
                           f"{ALICE} is not authorized to perform: ec2:DescribeInstances "
                           "because no identity-based policy allows the "
                           "ec2:DescribeInstances action")


def test_dashboards_are_resources(lab, iam):
    public = f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/public-*"
    lab.client("cloudwatch").put_dashboard(DashboardName="public-ops",
                                           DashboardBody='{"widgets": []}')
    cw = user(lab, iam, "alice", allow("cloudwatch:GetDashboard", public))("cloudwatch")
    assert cw.get_dashboard(DashboardName="public-ops")["DashboardName"] == "public-ops"
    with pytest.raises(ClientError) as e:
        cw.get_dashboard(DashboardName="private")
    assert f"on resource: arn:aws:cloudwatch::{ACCOUNT}:dashboard/private" in error(e)[1]


@pytest.mark.parametrize("condition,allowed", [
    ({"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}, True),     # the lab's caller IP
    ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, False),
    ({"StringEquals": {"aws:RequestedRegion": "us-east-1"}}, True),
    ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}, False),
    ({"StringLike": {"cloudwatch:namespace": "App*"}}, True),
    ({"StringEquals": {"cloudwatch:namespace": "Other"}}, False),
    ({"Bool": {"aws:SecureTransport": "true"}}, True),
    ({"StringEquals": {"aws:PrincipalTag/team": "blue"}}, True),
    ({"StringEquals": {"aws:PrincipalTag/team": "red"}}, False),
    ({"StringEquals": {"aws:username": "alice"}}, True),
    ({"Null": {"aws:MultiFactorAuthPresent": "true"}}, True),         # long-term keys
    ({"DateLessThan": {"aws:CurrentTime": "2026-01-05T01:00:00Z"}}, True),
    ({"DateGreaterThan": {"aws:CurrentTime": "2026-01-05T01:00:00Z"}}, False),
])
def test_condition_keys_of_a_call(lab, iam, condition, allowed):
    cw = user(lab, iam, "alice", allow("cloudwatch:PutMetricData", Condition=condition),
              tags={"team": "blue"})("cloudwatch")
    if allowed:
        cw.put_metric_data(**DATUM)
    else:
        with pytest.raises(ClientError):
            cw.put_metric_data(**DATUM)


def test_time_conditions_follow_the_lab_clock(lab, iam):
    cw = user(lab, iam, "alice", allow("cloudwatch:ListMetrics", Condition={
        "DateLessThan": {"aws:CurrentTime": "2026-01-05T01:00:00Z"}}))("cloudwatch")
    cw.list_metrics()
    lab.advance(hours=1)
    with pytest.raises(ClientError):
        cw.list_metrics()


def test_policy_variables_scope_iam_to_the_caller(lab, iam):
    mine = f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"
    client = user(lab, iam, "alice", allow(["iam:ListAccessKeys", "iam:GetUser"], mine))
    user(lab, iam, "bob")
    me = client("iam")
    assert me.get_user()["User"]["UserName"] == "alice"
    assert len(me.list_access_keys()["AccessKeyMetadata"]) == 1
    with pytest.raises(ClientError) as e:
        me.list_access_keys(UserName="bob")
    assert error(e)[1] == (f"User: {ALICE} is not authorized to perform: "
                           "iam:ListAccessKeys on resource: user bob because no "
                           "identity-based policy allows the iam:ListAccessKeys action")


def test_pass_role_is_needed_to_give_an_instance_a_role(lab, iam):
    iam.create_role(RoleName="AgentRole", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
         "Action": "sts:AssumeRole"}))
    iam.create_instance_profile(InstanceProfileName="Agent")
    iam.add_role_to_instance_profile(InstanceProfileName="Agent", RoleName="AgentRole")
    client = user(lab, iam, "alice", allow("ec2:*"))
    ec2 = client("ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    run = dict(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro",
               IamInstanceProfile={"Name": "Agent"})
    with pytest.raises(ClientError) as e:
        ec2.run_instances(**run)
    assert error(e)[1].startswith(
        f"You are not authorized to perform this operation. User: {ALICE} is not authorized "
        f"to perform: iam:PassRole on resource: arn:aws:iam::{ACCOUNT}:role/AgentRole")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=doc(
        allow("ec2:*"), allow("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/AgentRole",
                              Condition={"StringEquals": {
                                  "iam:PassedToService": "ec2.amazonaws.com"}})))
    assert ec2.run_instances(**run)["Instances"]


def test_delegated_administrator_must_set_the_boundary(lab, iam):
    fence = f"arn:aws:iam::{ACCOUNT}:policy/Fence"
    iam.create_policy(PolicyName="Fence", PolicyDocument=doc(allow("cloudwatch:*")))
    trust = doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                 "Action": "sts:AssumeRole"})
    on_fence = {"StringEquals": {"iam:PermissionsBoundary": fence}}
    delegate = user(lab, iam, "alice",
                    allow(["iam:CreateRole", "iam:AttachRolePolicy"], Condition=on_fence))
    di = delegate("iam")
    with pytest.raises(ClientError) as e:
        di.create_role(RoleName="Free", AssumeRolePolicyDocument=trust)
    assert error(e)[1] == (f"User: {ALICE} is not authorized to perform: iam:CreateRole on "
                           f"resource: arn:aws:iam::{ACCOUNT}:role/Free because no "
                           "identity-based policy allows the iam:CreateRole action")
    di.create_role(RoleName="Fenced", AssumeRolePolicyDocument=trust,
                   PermissionsBoundary=fence)
    di.attach_role_policy(RoleName="Fenced", PolicyArn=POLICY + "AdministratorAccess")
    iam.create_role(RoleName="Other", AssumeRolePolicyDocument=trust)
    with pytest.raises(ClientError) as e:
        di.attach_role_policy(RoleName="Other", PolicyArn=POLICY + "AdministratorAccess")
    assert "on resource: role Other" in error(e)[1]


def test_root_may_do_anything(lab):
    root = lab.client("iam", **lab.root_credentials().as_client_kwargs())
    root.create_user(UserName="made-by-root")
    lab.client("cloudwatch", **lab.root_credentials().as_client_kwargs()).put_metric_data(
        **DATUM)


def test_changes_take_effect_at_once(lab, iam):
    cw = user(lab, iam, "alice", allow("cloudwatch:ListMetrics"))("cloudwatch")
    cw.list_metrics()
    iam.delete_user_policy(UserName="alice", PolicyName="inline")
    with pytest.raises(ClientError):
        cw.list_metrics()
    iam.create_group(GroupName="g")
    iam.attach_group_policy(GroupName="g", PolicyArn=POLICY + "CloudWatchReadOnlyAccess")
    iam.add_user_to_group(GroupName="g", UserName="alice")
    cw.list_metrics()


def test_agent_handoff_uses_the_engine(lab, iam):
    iam.create_role(RoleName="AgentRole", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
         "Action": "sts:AssumeRole"}), PermissionsBoundary=POLICY + "CloudWatchReadOnlyAccess")
    iam.attach_role_policy(RoleName="AgentRole",
                           PolicyArn=POLICY + "CloudWatchAgentServerPolicy")
    profile = iam.create_instance_profile(InstanceProfileName="P")["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName="P", RoleName="AgentRole")
    ask = lambda: lab.send("iam", "instance_profile_permits", ACCOUNT, "us-east-1", {  # noqa
        "InstanceProfileArn": profile["Arn"], "Action": "cloudwatch:PutMetricData"})
    answer = ask()
    assert not answer["Allowed"]                 # the boundary caps the agent's role
    assert answer["Message"].endswith("because no permissions boundary allows the "
                                      "cloudwatch:PutMetricData action")
    iam.delete_role_permissions_boundary(RoleName="AgentRole")
    assert ask()["Allowed"]


def test_explain_is_enforcement_with_the_trace_on(lab, iam):
    user(lab, iam, "alice", allow("cloudwatch:List*"))
    iam.put_user_permissions_boundary(UserName="alice",
                                      PermissionsBoundary=POLICY + "ReadOnlyAccess")
    allowed = explain(lab, ALICE, "cloudwatch:ListMetrics")
    assert allowed.allowed and allowed.trace
    denied = explain(lab, ALICE, "cloudwatch:PutMetricData")
    assert denied.eval_decision == "implicitDeny" and denied.layer == "identity"
    text = denied.explain()
    assert text.startswith("DENY (implicitDeny): cloudwatch:PutMetricData on * by "
                           f"{ALICE}")
    assert "Permissions boundary" in text
    outside = explain(lab, ALICE, "cloudwatch:ListMetrics",
                      context={"aws:SourceIp": "203.0.113.9"})
    assert outside.allowed
    admin = explain(lab, lab.default_credentials, "iam:CreateUser")
    assert admin.allowed and admin.layer == "identity"
    role = iam.create_role(RoleName="R", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}))
    assert not explain(lab, role["Role"]["Arn"], "s3:GetObject").allowed


def test_denials_use_each_protocols_code():
    def call(service):
        return SimpleNamespace(service=service, operation="X")
    assert (authz.denial(call("logs"), "m").code, authz.denial(call("logs"), "m").status) == (
        "AccessDeniedException", 400)
    assert authz.denial(call("ram"), "m").code == "AccessDeniedException"
    assert authz.denial(call("s3"), "m").code == "AccessDenied"
    assert authz.denial(call("sns"), "m").code == "AuthorizationError"
    assert authz.denial(call("cloudwatch"), "m").code == "AccessDenied"
    assert authz.action_name("cloudwatch", "PutMetricData") == "cloudwatch:PutMetricData"
    assert authz.action_name("stepfunctions", "StartExecution") == "states:StartExecution"
    assert authz.action_name("dynamodb", "GetItem") == "dynamodb:GetItem"


def _per_call(fn, n=300):
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def test_enforcement_overhead_stays_small(lab, monkeypatch):
    cw, sts = lab.client("cloudwatch"), lab.client("sts")
    put = lambda: cw.put_metric_data(**DATUM)          # noqa: E731
    enforced = _per_call(put)
    monkeypatch.setattr(lab, "authorize", lambda call: None)
    bare = _per_call(put)
    assert enforced - bare < 0.002                     # measured ~0.05 ms; generous for CI
    assert _per_call(sts.get_caller_identity) < 0.01
