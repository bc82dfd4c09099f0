"""The policy simulator (SimulateCustomPolicy, SimulatePrincipalPolicy) and its agreement
with what enforcement decides for the same calls."""
import json

import pytest
from botocore.exceptions import ClientError

from iam_helpers import POLICY, error_of

ACCOUNT = "123456789012"
TEXT = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": "cloudwatch:Get*",
            "Resource": "*"
        },
        {
            "Effect": "Deny",
            "Action": "cloudwatch:GetDashboard",
            "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
        }
    ]
}"""


def _policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def _by_action(answer):
    return {r["EvalActionName"]: r for r in answer["EvaluationResults"]}


def test_custom_policy_decisions_positions_and_missing_keys(iam):
    results = _by_action(iam.simulate_custom_policy(
        PolicyInputList=[TEXT],
        ActionNames=["cloudwatch:GetMetricData", "cloudwatch:GetDashboard", "s3:GetObject"]))
    allowed = results["cloudwatch:GetMetricData"]
    assert allowed["EvalDecision"] == "allowed" and allowed["EvalResourceName"] == "*"
    assert allowed["MatchedStatements"] == [{
        "SourcePolicyId": "PolicyInputList.1", "SourcePolicyType": "none",
        "StartPosition": {"Line": 4, "Column": 9}, "EndPosition": {"Line": 9, "Column": 10}}]
    denied = results["cloudwatch:GetDashboard"]
    assert denied["EvalDecision"] == "explicitDeny"
    assert denied["MatchedStatements"][0]["StartPosition"] == {"Line": 10, "Column": 9}
    assert denied["MissingContextValues"] == ["aws:SourceIp"]
    assert results["s3:GetObject"]["EvalDecision"] == "implicitDeny"
    assert results["s3:GetObject"]["MatchedStatements"] == []
    assert "OrganizationsDecisionDetail" not in allowed
    assert "PermissionsBoundaryDecisionDetail" not in allowed


def test_context_entries(iam):
    entries = [{"ContextKeyName": "aws:SourceIp", "ContextKeyType": "ip",
                "ContextKeyValues": ["203.0.113.7"]}]
    [result] = iam.simulate_custom_policy(PolicyInputList=[TEXT], ContextEntries=entries,
                                          ActionNames=["cloudwatch:GetDashboard"])[
        "EvaluationResults"]
    assert result["EvalDecision"] == "allowed" and result["MissingContextValues"] == []


def test_boundary_and_organizations_details(iam):
    scp_root = _policy(_allow("*"))
    scp_account = _policy(_allow("cloudwatch:*"))
    results = _by_action(iam.simulate_custom_policy(
        PolicyInputList=[_policy(_allow(["cloudwatch:*", "ec2:*", "s3:*"]))],
        PermissionsBoundaryPolicyInputList=[_policy(_allow(["cloudwatch:*", "ec2:*"]))],
        OrderedOrganizationPolicyInputList=[
            {"ServiceControlPolicyInputList": [scp_root]},
            {"ServiceControlPolicyInputList": [scp_account]}],
        ActionNames=["cloudwatch:PutMetricData", "ec2:RunInstances", "s3:GetObject"]))
    cw, ec2, s3 = (results[a] for a in ("cloudwatch:PutMetricData", "ec2:RunInstances",
                                        "s3:GetObject"))
    assert cw["EvalDecision"] == "allowed"
    assert cw["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": True}
    assert cw["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    assert ec2["EvalDecision"] == "implicitDeny"             # the account-level SCP
    assert ec2["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}
    assert ec2["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    assert s3["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}


def test_resource_arns_and_resource_policies(iam):
    bucket = "arn:aws:s3:::reports"
    owner_policy = _policy({"Effect": "Allow", "Principal": {"AWS": "210987654321"},
                            "Action": "s3:GetObject", "Resource": f"{bucket}/*"})
    answer = iam.simulate_custom_policy(
        PolicyInputList=[_policy(_allow("s3:GetObject", f"{bucket}/public/*"))],
        ActionNames=["s3:GetObject"], ResourceArns=[f"{bucket}/public/a", f"{bucket}/x"])
    rows = answer["EvaluationResults"]
    assert [(r["EvalResourceName"], r["EvalDecision"]) for r in rows] == [
        (f"{bucket}/public/a", "allowed"), (f"{bucket}/x", "implicitDeny")]
    assert rows[0]["ResourceSpecificResults"][0]["EvalResourceDecision"] == "allowed"
    cross = iam.simulate_custom_policy(
        PolicyInputList=[_policy(_allow("s3:GetObject"))], ActionNames=["s3:GetObject"],
        ResourceArns=[f"{bucket}/x"], ResourcePolicy=owner_policy, ResourceOwner=ACCOUNT,
        CallerArn="arn:aws:iam::210987654321:user/partner")
    assert cross["EvaluationResults"][0]["EvalDecision"] == "allowed"
    types = {m["SourcePolicyType"] for m in cross["EvaluationResults"][0]["MatchedStatements"]}
    assert "resource" in types


def test_malformed_inputs_and_paging(iam):
    with pytest.raises(ClientError) as e:
        iam.simulate_custom_policy(PolicyInputList=["{nope"], ActionNames=["s3:GetObject"])
    assert error_of(e) == ("InvalidInput", "This policy contains invalid Json", 400)
    page = iam.simulate_custom_policy(PolicyInputList=[TEXT], MaxItems=2, ActionNames=[
        "cloudwatch:GetMetricData", "cloudwatch:GetDashboard", "s3:GetObject"])
    assert page["IsTruncated"] and len(page["EvaluationResults"]) == 2
    rest = iam.simulate_custom_policy(PolicyInputList=[TEXT], Marker=page["Marker"],
                                      MaxItems=2, ActionNames=[
        "cloudwatch:GetMetricData", "cloudwatch:GetDashboard", "s3:GetObject"])
    assert [r["EvalActionName"] for r in rest["EvaluationResults"]] == ["s3:GetObject"]


def test_principal_policy_names_its_sources(iam):
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="ops")
    iam.add_user_to_group(GroupName="ops", UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=POLICY + "CloudWatchReadOnlyAccess")
    iam.put_group_policy(GroupName="ops", PolicyName="metrics",
                         PolicyDocument=_policy(_allow("cloudwatch:PutMetricData")))
    iam.create_policy(PolicyName="NoDashboards", PolicyDocument=_policy(
        {"Effect": "Deny", "Action": "cloudwatch:*Dashboard*", "Resource": "*"}))
    iam.attach_user_policy(UserName="alice",
                           PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/NoDashboards")
    results = _by_action(iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice",
        ActionNames=["cloudwatch:ListMetrics", "cloudwatch:PutMetricData",
                     "cloudwatch:GetDashboard", "ec2:RunInstances"]))
    sources = lambda a: [(m["SourcePolicyId"], m["SourcePolicyType"])  # noqa: E731
                         for m in results[a]["MatchedStatements"]]
    assert sources("cloudwatch:ListMetrics") == [("CloudWatchReadOnlyAccess", "aws-managed")]
    assert sources("cloudwatch:PutMetricData") == [("metrics", "group")]
    assert results["cloudwatch:GetDashboard"]["EvalDecision"] == "explicitDeny"
    assert sources("cloudwatch:GetDashboard") == [("NoDashboards", "user-managed")]
    assert results["ec2:RunInstances"]["EvalDecision"] == "implicitDeny"
    with pytest.raises(ClientError) as e:
        iam.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/ghost",
                                      ActionNames=["s3:GetObject"])
    assert error_of(e)[0] == "NoSuchEntity"


def test_principal_policy_for_roles_with_boundaries(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=_policy(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
         "Action": "sts:AssumeRole"}), PermissionsBoundary=POLICY + "CloudWatchFullAccess")
    iam.attach_role_policy(RoleName="app", PolicyArn=POLICY + "AdministratorAccess")
    results = _by_action(iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:role/app",
        ActionNames=["cloudwatch:PutMetricData", "ec2:TerminateInstances"]))
    assert results["cloudwatch:PutMetricData"]["EvalDecision"] == "allowed"
    assert results["ec2:TerminateInstances"]["EvalDecision"] == "implicitDeny"
    assert results["ec2:TerminateInstances"]["PermissionsBoundaryDecisionDetail"] == {
        "AllowedByPermissionsBoundary": False}


CASES = [
    ("cloudwatch:ListMetrics", lambda c: c("cloudwatch").list_metrics()),
    ("cloudwatch:PutMetricData", lambda c: c("cloudwatch").put_metric_data(
        Namespace="App", MetricData=[{"MetricName": "m", "Value": 1.0}])),
    ("cloudwatch:GetDashboard", lambda c: c("cloudwatch").get_dashboard(DashboardName="d")),
    ("ec2:DescribeInstances", lambda c: c("ec2").describe_instances()),
    ("iam:ListUsers", lambda c: c("iam").list_users()),
    ("sts:GetFederationToken", lambda c: c("sts").get_federation_token(Name="fed")),
]
POLICIES = {
    "none": [],
    "read-only": [POLICY + "CloudWatchReadOnlyAccess"],
    "power-user": [POLICY + "PowerUserAccess"],
    "iam-read": [POLICY + "IAMReadOnlyAccess", POLICY + "AmazonEC2ReadOnlyAccess"],
}


@pytest.mark.parametrize("attached", sorted(POLICIES))
def test_simulation_agrees_with_enforcement(lab, iam, attached):
    iam.create_user(UserName="probe")
    for arn in POLICIES[attached]:
        iam.attach_user_policy(UserName="probe", PolicyArn=arn)
    iam.put_user_policy(UserName="probe", PolicyName="no-dashboards", PolicyDocument=_policy(
        {"Effect": "Deny", "Action": "cloudwatch:GetDashboard", "Resource": "*"}))
    key = iam.create_access_key(UserName="probe")["AccessKey"]
    client = lambda name: lab.client(  # noqa: E731
        name, aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"])
    simulated = _by_action(iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/probe",
        ActionNames=[a for a, _ in CASES]))
    for action, call in CASES:
        try:
            call(client)
            enforced = "allowed"
        except ClientError as err:
            code = err.response["Error"]["Code"]
            if code not in ("AccessDenied", "UnauthorizedOperation"):
                enforced = "allowed"               # authorised, then the call itself failed
            else:
                message = err.response["Error"]["Message"]
                enforced = "explicitDeny" if "explicit deny" in message else "implicitDeny"
        assert simulated[action]["EvalDecision"] == enforced, action


def test_resource_policy_with_a_role_source_needs_an_iam_user_caller():
    from awslab import Lab
    lab = Lab(seed=3)
    iam = lab.client("iam")
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
             '{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}')
    arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    bucket = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
              '{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}')
    for extra in ({}, {"CallerArn": arn}):
        try:
            iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["s3:GetObject"],
                                          ResourcePolicy=bucket, **extra)
        except iam.exceptions.InvalidInputException as err:
            assert "CallerArn" in err.response["Error"]["Message"]
        else:
            raise AssertionError("a role cannot stand in for the caller")
