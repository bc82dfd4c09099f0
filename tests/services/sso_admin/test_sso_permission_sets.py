"""Permission sets: creation, duration limits, managed and inline policies, deletion."""
import json

import pytest
from botocore.exceptions import ClientError

from sso_helpers import READONLY, assign, error_of


def test_describe_and_list(env):
    sa = env["sa"]
    ps = sa.describe_permission_set(InstanceArn=env["arn"],
                                    PermissionSetArn=env["ps"])["PermissionSet"]
    assert ps["Name"] == "ReadOnly" and ps["SessionDuration"] == "PT4H"
    assert ps["PermissionSetArn"].startswith("arn:aws:sso:::permissionSet/ssoins-")
    assert sa.list_permission_sets(InstanceArn=env["arn"])["PermissionSets"] == [env["ps"]]


@pytest.mark.parametrize("duration", ["PT30M", "PT13H", "P1D"])
def test_session_duration_is_one_to_twelve_hours(env, duration):
    with pytest.raises(ClientError) as exc:
        env["sa"].create_permission_set(InstanceArn=env["arn"], Name="X",
                                        SessionDuration=duration)
    assert error_of(exc)[0] == "ValidationException"


def test_duplicate_name_conflicts(env):
    with pytest.raises(ClientError) as exc:
        env["sa"].create_permission_set(InstanceArn=env["arn"], Name="ReadOnly")
    assert error_of(exc) == ("ConflictException",
                             "PermissionSet with name ReadOnly already exists.")


def test_managed_policies_attach_once_and_must_exist(env):
    sa, common = env["sa"], {"InstanceArn": env["arn"], "PermissionSetArn": env["ps"]}
    with pytest.raises(ClientError) as exc:
        sa.attach_managed_policy_to_permission_set(ManagedPolicyArn=READONLY, **common)
    assert error_of(exc)[0] == "ConflictException"
    with pytest.raises(ClientError) as exc:
        sa.attach_managed_policy_to_permission_set(
            ManagedPolicyArn="arn:aws:iam::aws:policy/NoSuchPolicy", **common)
    assert error_of(exc)[0] == "ResourceNotFoundException"
    listed = sa.list_managed_policies_in_permission_set(**common)["AttachedManagedPolicies"]
    assert listed == [{"Name": "ReadOnlyAccess", "Arn": READONLY}]


def test_inline_policy_round_trip_size_and_grammar(env):
    sa, common = env["sa"], {"InstanceArn": env["arn"], "PermissionSetArn": env["ps"]}
    text = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]})
    sa.put_inline_policy_to_permission_set(InlinePolicy=text, **common)
    assert sa.get_inline_policy_for_permission_set(**common)["InlinePolicy"] == text
    for bad in ('{"Statement": "nope"}', json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Sid": "x" * 10300}]})):
        with pytest.raises(ClientError) as exc:
            sa.put_inline_policy_to_permission_set(InlinePolicy=bad, **common)
        assert error_of(exc)[0] == "ValidationException"


def test_assigned_permission_set_cannot_be_deleted(lab, env):
    assign(lab, env)
    with pytest.raises(ClientError) as exc:
        env["sa"].delete_permission_set(InstanceArn=env["arn"], PermissionSetArn=env["ps"])
    assert error_of(exc)[0] == "ConflictException"


def test_unknown_instance(env):
    with pytest.raises(ClientError) as exc:
        env["sa"].list_permission_sets(InstanceArn="arn:aws:sso:::instance/ssoins-"
                                                   "0000000000000000")
    assert error_of(exc)[0] == "ResourceNotFoundException"
