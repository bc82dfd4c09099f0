"""Security groups: default group, ingress rules, duplicates, deletion rules."""
import pytest
from botocore.exceptions import ClientError

SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


@pytest.fixture
def group(ec2):
    return ec2.create_security_group(GroupName="web", Description="web tier")["GroupId"]


def _code(exc):
    return exc.value.response["Error"]["Code"]


def test_default_group_exists_and_cannot_be_deleted(ec2):
    groups = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"]
    assert groups[0]["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"] == \
        groups[0]["GroupId"]
    with pytest.raises(ClientError) as exc:
        ec2.delete_security_group(GroupId=groups[0]["GroupId"])
    assert _code(exc) == "CannotDelete"


def test_new_group_allows_all_outbound_and_no_inbound(ec2, group):
    found = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]
    assert found["IpPermissions"] == []
    assert found["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    with pytest.raises(ClientError) as exc:
        ec2.create_security_group(GroupName="web", Description="again")
    assert _code(exc) == "InvalidGroup.Duplicate"


def test_authorize_revoke_and_duplicate_rules(ec2, group):
    out = ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=SSH)
    assert out["SecurityGroupRules"][0]["CidrIpv4"] == "0.0.0.0/0"
    with pytest.raises(ClientError) as exc:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=SSH)
    assert _code(exc) == "InvalidPermission.Duplicate"
    filtered = ec2.describe_security_groups(Filters=[
        {"Name": "ip-permission.from-port", "Values": ["22"]}])["SecurityGroups"]
    assert [g["GroupId"] for g in filtered] == [group]
    assert ec2.revoke_security_group_ingress(GroupId=group, IpPermissions=SSH)["Return"]
    again = ec2.revoke_security_group_ingress(GroupId=group, IpPermissions=SSH)
    assert again["Return"] is False and again["UnknownIpPermissions"]


def test_bad_ports_and_unknown_groups(ec2, group):
    with pytest.raises(ClientError) as exc:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 22,
             "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    assert _code(exc) == "InvalidParameterValue"
    with pytest.raises(ClientError) as exc:
        ec2.describe_security_groups(GroupIds=["sg-0123456789abcdef0"])
    assert _code(exc) == "InvalidGroup.NotFound"


def test_group_used_by_a_load_balancer_cannot_be_deleted(lab, ec2, group):
    elb = lab.client("elbv2")
    elb.create_load_balancer(Name="shop", Subnets=list(lab.state("ec2").subnets)[:2],
                             SecurityGroups=[group])
    with pytest.raises(ClientError) as exc:
        ec2.delete_security_group(GroupId=group)
    assert _code(exc) == "DependencyViolation"
