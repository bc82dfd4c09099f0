"""GetId, GetCredentialsForIdentity and GetOpenIdToken: guests, logins, roles, trust."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services.iam import explain
from cognito_helpers import BUCKET, error_of, google_login, keys, make_pool


def _creds(ci, pool, user=None, lab=None):
    login = google_login(lab, user) if user else {}
    identity = ci.get_id(IdentityPoolId=pool["id"], Logins=login)["IdentityId"]
    answer = ci.get_credentials_for_identity(IdentityId=identity, Logins=login)
    return identity, answer["Credentials"]


def test_same_login_same_identity_other_user_other_identity(lab, ci, pool):
    alice = ci.get_id(IdentityPoolId=pool["id"], Logins=google_login(lab, "alice"))
    again = ci.get_id(IdentityPoolId=pool["id"], Logins=google_login(lab, "alice"))
    bob = ci.get_id(IdentityPoolId=pool["id"], Logins=google_login(lab, "bob"))
    assert alice["IdentityId"] == again["IdentityId"] != bob["IdentityId"]


def test_authenticated_session_is_the_auth_role_for_one_hour(lab, ci, pool):
    _, creds = _creds(ci, pool, "alice", lab)
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["Expiration"] == lab.now.replace(microsecond=0).replace(hour=1)
    arn = lab.client("sts", **keys(creds)).get_caller_identity()["Arn"]
    assert arn == ("arn:aws:sts::123456789012:assumed-role/PhotosAuth/"
                   "CognitoIdentityCredentials")


def test_guest_gets_the_unauthenticated_role(lab, ci, pool):
    _, creds = _creds(ci, pool)
    arn = lab.client("sts", **keys(creds)).get_caller_identity()["Arn"]
    assert "/PhotosGuest/" in arn


def test_guests_refused_when_the_pool_disallows_them(lab, ci):
    pool = make_pool(lab, guests=False)
    with pytest.raises(ClientError) as exc:
        ci.get_id(IdentityPoolId=pool["id"])
    assert error_of(exc) == ("NotAuthorizedException",
                             "Unauthenticated access is not supported for this identity "
                             "pool.")


def test_per_user_prefix_with_the_sub_variable(lab, ci, pool):
    alice, creds = _creds(ci, pool, "alice", lab)
    bob, _ = _creds(ci, pool, "bob", lab)
    own = explain(lab, keys(creds), "s3:GetObject", f"arn:aws:s3:::{BUCKET}/{alice}/cat.jpg")
    other = explain(lab, keys(creds), "s3:GetObject", f"arn:aws:s3:::{BUCKET}/{bob}/cat.jpg")
    assert own.allowed and not other.allowed


def test_guest_reads_public_only(lab, ci, pool):
    _, creds = _creds(ci, pool)
    assert explain(lab, keys(creds), "s3:GetObject", f"arn:aws:s3:::{BUCKET}/public/a").allowed
    assert not explain(lab, keys(creds), "s3:PutObject",
                       f"arn:aws:s3:::{BUCKET}/public/a").allowed


def test_credentials_need_the_identity_login(lab, ci, pool):
    alice = ci.get_id(IdentityPoolId=pool["id"], Logins=google_login(lab, "alice"))
    for logins in ({}, google_login(lab, "mallory")):
        with pytest.raises(ClientError) as exc:
            ci.get_credentials_for_identity(IdentityId=alice["IdentityId"], Logins=logins)
        assert error_of(exc)[0] == "NotAuthorizedException"


def test_token_checks(lab, ci, pool):
    cases = [({"graph.facebook.com": google_login(lab, "a")["accounts.google.com"]},
              "Token is not from a supported provider of this identity pool."),
             (google_login(lab, "a", audience="other-app"),
              "Invalid login token. Incorrect token audience."),
             ({"accounts.google.com": "not-a-jwt"},
              "Invalid login token. Not a valid OpenId Connect identity token.")]
    for logins, message in cases:
        with pytest.raises(ClientError) as exc:
            ci.get_id(IdentityPoolId=pool["id"], Logins=logins)
        assert error_of(exc) == ("NotAuthorizedException", message)
    expired = google_login(lab, "a", valid_for=60)
    lab.advance(minutes=2)
    with pytest.raises(ClientError) as exc:
        ci.get_id(IdentityPoolId=pool["id"], Logins=expired)
    assert "Token expired" in error_of(exc)[1]


def test_role_that_does_not_trust_cognito(lab, ci, pool):
    iam = lab.client("iam")
    iam.update_assume_role_policy(RoleName="PhotosGuest", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    identity = ci.get_id(IdentityPoolId=pool["id"])["IdentityId"]
    with pytest.raises(ClientError) as exc:
        ci.get_credentials_for_identity(IdentityId=identity)
    assert error_of(exc) == ("InvalidIdentityPoolConfigurationException",
                             "Invalid identity pool configuration. Check assigned IAM "
                             "roles for this pool.")


def test_trust_amr_condition_keeps_guests_out_of_the_auth_role(lab, ci, pool):
    ci.set_identity_pool_roles(IdentityPoolId=pool["id"], Roles={
        "authenticated": pool["auth"], "unauthenticated": pool["auth"]})
    identity = ci.get_id(IdentityPoolId=pool["id"])["IdentityId"]
    with pytest.raises(ClientError) as exc:
        ci.get_credentials_for_identity(IdentityId=identity)
    assert error_of(exc)[0] == "InvalidIdentityPoolConfigurationException"


def test_unknown_identity(ci, pool):
    with pytest.raises(ClientError) as exc:
        ci.get_credentials_for_identity(IdentityId="us-east-1:00000000-0000-0000-0000-"
                                                   "000000000000")
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_basic_flow_open_id_token_then_sts(lab, ci, pool):
    login = google_login(lab, "alice")
    identity = ci.get_id(IdentityPoolId=pool["id"], Logins=login)["IdentityId"]
    token = ci.get_open_id_token(IdentityId=identity, Logins=login)["Token"]
    answer = lab.client("sts").assume_role_with_web_identity(
        RoleArn=pool["auth"], RoleSessionName="basic-flow", WebIdentityToken=token)
    assert answer["SubjectFromWebIdentityToken"] == identity
    assert answer["Audience"] == pool["id"]
    creds = keys(answer["Credentials"])
    assert explain(lab, creds, "s3:PutObject",
                   f"arn:aws:s3:::{BUCKET}/{identity}/x").allowed
    lab.advance(minutes=11)
    with pytest.raises(ClientError) as exc:
        lab.client("sts").assume_role_with_web_identity(
            RoleArn=pool["auth"], RoleSessionName="late", WebIdentityToken=token)
    assert error_of(exc)[0] == "ExpiredTokenException"


def test_s3_per_user_prefix_with_real_calls(lab, ci, pool):
    """User A reads and writes s3://bucket/A/ but not B/; a guest only reads public/."""
    lab.client("s3").create_bucket(Bucket=BUCKET)
    alice, creds_a = _creds(ci, pool, "alice", lab)
    bob, creds_b = _creds(ci, pool, "bob", lab)
    s3_a, s3_b = lab.client("s3", **keys(creds_a)), lab.client("s3", **keys(creds_b))
    s3_b.put_object(Bucket=BUCKET, Key=f"{bob}/dog.jpg", Body=b"woof")
    s3_a.put_object(Bucket=BUCKET, Key=f"{alice}/cat.jpg", Body=b"meow")
    assert s3_a.get_object(Bucket=BUCKET, Key=f"{alice}/cat.jpg")["Body"].read() == b"meow"
    for call, extra in ((s3_a.get_object, {}), (s3_a.put_object, {"Body": b"x"})):
        with pytest.raises(ClientError) as exc:
            call(Bucket=BUCKET, Key=f"{bob}/dog.jpg", **extra)
        assert error_of(exc)[0] == "AccessDenied"
    lab.client("s3").put_object(Bucket=BUCKET, Key="public/logo.png", Body=b"png")
    _, guest = _creds(ci, pool)
    s3_g = lab.client("s3", **keys(guest))
    assert s3_g.get_object(Bucket=BUCKET, Key="public/logo.png")["Body"].read() == b"png"
    with pytest.raises(ClientError) as exc:
        s3_g.put_object(Bucket=BUCKET, Key="public/x.png", Body=b"x")
    assert error_of(exc)[0] == "AccessDenied"
