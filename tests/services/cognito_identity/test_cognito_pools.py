"""Identity pools: creation, description, listing, roles, deletion, errors."""
import pytest
from botocore.exceptions import ClientError

from cognito_helpers import error_of


def test_create_describe_and_list(ci):
    made = ci.create_identity_pool(IdentityPoolName="App", AllowUnauthenticatedIdentities=True,
                                   SupportedLoginProviders={"www.amazon.com": "amzn1.app"})
    pool_id = made["IdentityPoolId"]
    assert pool_id.startswith("us-east-1:")
    described = ci.describe_identity_pool(IdentityPoolId=pool_id)
    assert described["SupportedLoginProviders"] == {"www.amazon.com": "amzn1.app"}
    assert described["AllowUnauthenticatedIdentities"] is True
    listed = ci.list_identity_pools(MaxResults=5)["IdentityPools"]
    assert listed == [{"IdentityPoolId": pool_id, "IdentityPoolName": "App"}]


def test_list_pages(ci):
    for n in range(3):
        ci.create_identity_pool(IdentityPoolName=f"p{n}", AllowUnauthenticatedIdentities=False)
    first = ci.list_identity_pools(MaxResults=2)
    second = ci.list_identity_pools(MaxResults=2, NextToken=first["NextToken"])
    names = [p["IdentityPoolName"] for p in first["IdentityPools"] + second["IdentityPools"]]
    assert names == ["p0", "p1", "p2"] and "NextToken" not in second


def test_pools_are_regional(lab, ci, pool):
    other = lab.client("cognito-identity", region_name="eu-west-1")
    assert other.list_identity_pools(MaxResults=10)["IdentityPools"] == []


def test_roles_round_trip_and_bad_key(ci, pool):
    roles = ci.get_identity_pool_roles(IdentityPoolId=pool["id"])["Roles"]
    assert roles == {"authenticated": pool["auth"], "unauthenticated": pool["guest"]}
    with pytest.raises(ClientError) as exc:
        ci.set_identity_pool_roles(IdentityPoolId=pool["id"], Roles={"admins": pool["auth"]})
    assert error_of(exc)[0] == "InvalidParameterException"


def test_role_mappings_are_refused_clearly(ci, pool):
    with pytest.raises(ClientError) as exc:
        ci.set_identity_pool_roles(IdentityPoolId=pool["id"], Roles={}, RoleMappings={
            "accounts.google.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}})
    assert "does not simulate RoleMappings" in error_of(exc)[1]


def test_delete_then_not_found(ci, pool):
    ci.delete_identity_pool(IdentityPoolId=pool["id"])
    with pytest.raises(ClientError) as exc:
        ci.describe_identity_pool(IdentityPoolId=pool["id"])
    assert error_of(exc) == ("ResourceNotFoundException",
                             f"IdentityPool '{pool['id']}' not found.")


def test_bad_pool_id_fails_model_validation(ci):
    with pytest.raises(ClientError) as exc:
        ci.describe_identity_pool(IdentityPoolId="not a pool")
    assert error_of(exc)[0] == "InvalidParameterException"


def test_management_calls_need_permission(lab, ci, pool):
    iam = lab.client("iam")
    iam.create_user(UserName="dev")
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    dev = lab.client("cognito-identity", aws_access_key_id=key["AccessKeyId"],
                     aws_secret_access_key=key["SecretAccessKey"])
    with pytest.raises(ClientError) as exc:
        dev.delete_identity_pool(IdentityPoolId=pool["id"])
    code, message = error_of(exc)
    assert code == "AccessDeniedException"
    assert "cognito-identity:DeleteIdentityPool" in message and "identitypool/" in message
    # the app's calls are unsigned in AWS: no IAM permission needed
    assert dev.get_id(IdentityPoolId=pool["id"])["IdentityId"]
