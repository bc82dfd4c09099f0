"""Federation calls per second, beside moto answering the same boto3 calls.

Row 1: a Cognito identity pool app round trip -- ``GetId`` then
``GetCredentialsForIdentity`` for a Google user. awslab checks the login token, evaluates the role's trust policy
(aud, amr) and issues a session that carries ``cognito-identity.amazonaws.com:sub``;
moto returns fixed credentials without a trust check.
Row 2: ``AssumeRoleWithSAML`` with an AD FS assertion (issuer checked against the IAM
SAML provider, trust policy evaluated); moto parses the assertion without a provider
check. Not a test: ``python bench/identity.py``.
"""
from __future__ import annotations

import json
import os

from run import per_call

GOOGLE_APP = "bench.apps.googleusercontent.com"


def _app_round_trip(ci, pool_id, logins):
    def call():
        identity = ci.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
        ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)
    return call


def _trust(pool_id):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id}}}]})


def _saml_trust(provider):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider},
        "Action": "sts:AssumeRoleWithSAML"}]})


def _setup(iam, ci, metadata):
    pool_id = ci.create_identity_pool(
        IdentityPoolName="Bench", AllowUnauthenticatedIdentities=False,
        SupportedLoginProviders={"accounts.google.com": GOOGLE_APP})["IdentityPoolId"]
    role = iam.create_role(RoleName="BenchAuth", AssumeRolePolicyDocument=_trust(
        pool_id))["Role"]["Arn"]
    try:
        ci.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": role})
    except NotImplementedError:       # moto 5 has no SetIdentityPoolRoles
        pass
    provider = iam.create_saml_provider(Name="ADFS", SAMLMetadataDocument=metadata)[
        "SAMLProviderArn"]
    saml_role = iam.create_role(RoleName="BenchSAML", AssumeRolePolicyDocument=_saml_trust(
        provider))["Role"]["Arn"]
    return pool_id, provider, saml_role


def _proofs(lab, iam, ci):
    """``(pool, provider, role, Google logins, SAML assertion)`` for the timed calls."""
    from awslab.services.idp import ADFS, CorporateDirectory
    from awslab.services.sts import web_identity_token
    corp = CorporateDirectory("corp.example.com")
    corp.add_user("alice", "pw", groups=["AWS-Bench"])
    adfs = ADFS(lab, corp)
    pool_id, provider, saml_role = _setup(iam, ci, adfs.metadata())
    adfs.map_group("AWS-Bench", saml_role, provider)
    logins = {"accounts.google.com": web_identity_token(
        lab, "https://accounts.google.com", GOOGLE_APP, "alice", valid_for=86400)}
    return pool_id, provider, saml_role, logins, adfs.sign_in("alice", "pw",
                                                              valid_for=86400)


def awslab_calls():
    from awslab import Lab
    lab = Lab(seed=1)
    iam, ci, sts = lab.client("iam"), lab.client("cognito-identity"), lab.client("sts")
    pool_id, provider, saml_role, logins, assertion = _proofs(lab, iam, ci)
    return (per_call(_app_round_trip(ci, pool_id, logins)),
            per_call(lambda: sts.assume_role_with_saml(
                RoleArn=saml_role, PrincipalArn=provider, SAMLAssertion=assertion)))


def moto_calls():
    import boto3
    from moto import mock_aws

    from awslab import Lab
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(key, "testing")
    lab = Lab(seed=1)            # only to mint the same token and assertion
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        ci = boto3.client("cognito-identity", region_name="us-east-1")
        sts = boto3.client("sts", region_name="us-east-1")
        pool_id, provider, saml_role, logins, assertion = _proofs(lab, iam, ci)
        return (per_call(_app_round_trip(ci, pool_id, logins)),
                per_call(lambda: sts.assume_role_with_saml(
                    RoleArn=saml_role, PrincipalArn=provider, SAMLAssertion=assertion)))


def rows() -> list:
    """Rows for ``bench/run.py``: ``(name, awslab, baseline, unit)`` in microseconds."""
    ours_app, ours_saml = awslab_calls()
    theirs_app, theirs_saml = moto_calls()
    return [
        (f"Cognito GetId+GetCredentialsForIdentity (token and trust policy "
         f"evaluated; moto: none): {theirs_app / ours_app:.1f}x moto", ours_app * 1e6,
         theirs_app * 1e6, "us"),
        (f"AssumeRoleWithSAML with an AD FS assertion (provider and trust checked): "
         f"{theirs_saml / ours_saml:.1f}x moto", ours_saml * 1e6, theirs_saml * 1e6, "us")]


if __name__ == "__main__":
    for name, ours, theirs, unit in rows():
        print(f"{name}\n  awslab {ours:9.1f} {unit}   moto {theirs:9.1f} {unit}")
