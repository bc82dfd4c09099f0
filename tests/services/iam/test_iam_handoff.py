"""What IAM answers EC2 and the agent through lab.send."""
import pytest

from awslab.errors import AwslabError
from iam_helpers import POLICY, TRUST


@pytest.fixture
def profile(iam):
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=TRUST)
    return iam.create_instance_profile(InstanceProfileName="P")["InstanceProfile"]


def _ask(lab, kind, payload):
    return lab.send("iam", kind, "123456789012", "us-east-1", payload)


def test_instance_profile_lookup(lab, iam, profile):
    iam.add_role_to_instance_profile(InstanceProfileName="P", RoleName="R")
    by_name = _ask(lab, "instance_profile", {"Name": "p"})
    assert by_name == _ask(lab, "instance_profile", {"Arn": profile["Arn"]})
    assert by_name["InstanceProfileId"] == profile["InstanceProfileId"]
    assert [r["RoleName"] for r in by_name["Roles"]] == ["R"]
    assert _ask(lab, "instance_profile", {"Name": "Q"}) is None


def test_permits(lab, iam, profile):
    ask = lambda: _ask(lab, "instance_profile_permits", {  # noqa: E731
        "InstanceProfileArn": profile["Arn"], "Action": "cloudwatch:PutMetricData"})
    assert ask()["Allowed"] is False and ask()["RoleArn"] is None
    iam.add_role_to_instance_profile(InstanceProfileName="P", RoleName="R")
    answer = ask()
    assert not answer["Allowed"] and answer["RoleName"] == "R"
    assert "attached policies: none" in answer["Reason"]
    iam.attach_role_policy(RoleName="R", PolicyArn=POLICY + "CloudWatchAgentServerPolicy")
    assert ask()["Allowed"]


def test_unknown_requests(lab):
    with pytest.raises(AwslabError):
        _ask(lab, "users", {})
