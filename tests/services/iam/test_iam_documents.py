"""Policy documents: parsing and the first action check (before the policy engine)."""
import pytest

from awslab.services.iam.documents import parse_policy_document, statements_allow
from awslab.services.iam.errors import MalformedPolicyDocument
from awslab.services.iam.managed import MANAGED_POLICIES

POLICY = "arn:aws:iam::aws:policy/"


def _doc(name):
    return MANAGED_POLICIES[POLICY + name].document


@pytest.mark.parametrize("policy,action,allowed", [
    ("AdministratorAccess", "cloudwatch:PutMetricData", True),
    ("CloudWatchAgentServerPolicy", "cloudwatch:PutMetricData", True),
    ("CloudWatchAgentServerPolicy", "CloudWatch:putmetricdata", True),
    ("CloudWatchAgentServerPolicy", "ssm:PutParameter", False),
    ("CloudWatchAgentAdminPolicy", "ssm:PutParameter", True),
    ("ReadOnlyAccess", "cloudwatch:GetMetricStatistics", True),
    ("ReadOnlyAccess", "cloudwatch:PutMetricData", False),
    ("AmazonSSMManagedInstanceCore", "cloudwatch:PutMetricData", False),
    ("CloudWatchFullAccess", "cloudwatch:PutMetricData", True),
])
def test_managed_policies(policy, action, allowed):
    assert statements_allow([_doc(policy)], action) is allowed


def test_deny_wins_and_not_action():
    deny = {"Statement": [{"Effect": "Deny", "Action": "cloudwatch:Put*", "Resource": "*"}]}
    assert not statements_allow([_doc("AdministratorAccess"), deny], "cloudwatch:PutMetricData")
    not_action = {"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}
    assert statements_allow([not_action], "cloudwatch:PutMetricData")
    assert not statements_allow([not_action], "iam:CreateRole")
    assert not statements_allow([], "cloudwatch:PutMetricData")


def test_parse():
    doc = parse_policy_document('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", '
                                '"Action": "s3:*", "Resource": "*"}}')
    assert doc["Statement"]["Action"] == "s3:*"
    with pytest.raises(MalformedPolicyDocument, match="legacy parsing"):
        parse_policy_document('{"Version": "2020-01-01", "Statement": []}')
    with pytest.raises(MalformedPolicyDocument, match="prohibited field Resource"):
        parse_policy_document('{"Statement": [{"Effect": "Allow", "Principal": "*", '
                              '"Action": "sts:AssumeRole", "Resource": "*"}]}', trust=True)


def test_managed_policy_ids_are_stable():
    ids = {p.policy_id for p in MANAGED_POLICIES.values()}
    assert len(ids) == len(MANAGED_POLICIES)
    assert all(i.startswith("ANPA") and len(i) == 21 for i in ids)
