"""Helpers for the Cognito tests: a photo-sharing pool with an authenticated role that
may use its own S3 prefix and a read-only guest role."""
import json

from awslab.services.sts import web_identity_token

BUCKET = "pet-photos"
GOOGLE = "accounts.google.com"
APP = "petphotos-app"


def cognito_trust(pool_id, kind):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                      "ForAnyValue:StringLike": {
                          "cognito-identity.amazonaws.com:amr": kind}}}]})


def per_user_policy(bucket=BUCKET):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": f"arn:aws:s3:::{bucket}/${{cognito-identity.amazonaws.com:sub}}/*"}]})


def guest_policy(bucket=BUCKET):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/public/*"}]})


def make_pool(lab, guests=True):
    """``{"id", "auth", "guest"}``: a pool trusting Google, with both roles set."""
    iam, ci = lab.client("iam"), lab.client("cognito-identity")
    pool_id = ci.create_identity_pool(
        IdentityPoolName="PetPhotos", AllowUnauthenticatedIdentities=guests,
        SupportedLoginProviders={GOOGLE: APP})["IdentityPoolId"]
    arns = {}
    for kind, name, policy in (("authenticated", "PhotosAuth", per_user_policy()),
                               ("unauthenticated", "PhotosGuest", guest_policy())):
        arns[kind] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=cognito_trust(
            pool_id, kind))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="photos", PolicyDocument=policy)
    ci.set_identity_pool_roles(IdentityPoolId=pool_id, Roles=arns)
    return {"id": pool_id, "auth": arns["authenticated"], "guest": arns["unauthenticated"]}


def google_login(lab, user, valid_for=3600, audience=APP):
    return {GOOGLE: web_identity_token(lab, f"https://{GOOGLE}", audience, user,
                                       valid_for=valid_for)}


def keys(credentials):
    """``lab.client`` keyword arguments of GetCredentialsForIdentity's Credentials."""
    return {"aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials.get("SecretKey") or
            credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"]}


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]
