"""AssumeRoleWithSAML and AssumeRoleWithWebIdentity with the lab's simulated IdP."""
import base64

import pytest
from botocore.exceptions import ClientError

from awslab.services.sts import saml_assertion, saml_metadata, web_identity_token
from sts_helpers import ACCOUNT, allow, error_of, keys_of, make_role, policy, trust

ROLE = f"arn:aws:iam::{ACCOUNT}:role/Federated"
SAML = f"arn:aws:iam::{ACCOUNT}:saml-provider/CorpIdP"
# An issuer URL with a path (EKS: oidc.eks.REGION.amazonaws.com/id/ID) gives condition keys
# like "HOST/PATH:sub", which the policy engine does not accept yet (reported); no path here.
ISSUER = "https://token.example.com"
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com"
AUD = "https://signin.aws.amazon.com/saml"


@pytest.fixture
def saml_role(iam):
    iam.create_saml_provider(Name="CorpIdP", SAMLMetadataDocument=saml_metadata())
    make_role(iam, "Federated", trust({"Federated": SAML}, "sts:AssumeRoleWithSAML",
                                      Condition={"StringEquals": {"SAML:aud": AUD}}),
              max_session=7200)
    iam.put_role_policy(RoleName="Federated", PolicyName="read",
                        PolicyDocument=policy(allow("cloudwatch:List*")))


def test_saml_happy_path(lab, sts, saml_role):
    answer = sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=SAML,
                                       SAMLAssertion=saml_assertion(lab, ROLE, SAML, "alice"))
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/" \
                                               "Federated/alice"
    assert (answer["Subject"], answer["SubjectType"], answer["Audience"]) == (
        "alice", "persistent", AUD)
    assert answer["Issuer"] == "https://idp.awslab.example/saml"
    assert base64.b64decode(answer["NameQualifier"])           # base64(SHA1(...))
    creds = keys_of(answer["Credentials"])
    assert (answer["Credentials"]["Expiration"] - lab.now).total_seconds() == 3600
    lab.client("cloudwatch", **creds).list_metrics()
    assert lab.audit_log[-2].caller.kind == "SAMLUser"        # CloudTrail's userIdentity
    with pytest.raises(ClientError):
        lab.client("cloudwatch", **creds).put_metric_data(
            Namespace="x", MetricData=[{"MetricName": "m", "Value": 1}])


def test_saml_session_duration_and_tags(lab, iam, sts, saml_role):
    assertion = saml_assertion(lab, ROLE, SAML, "alice", session_seconds=5400,
                               tags={"team": "blue"})
    with pytest.raises(ClientError) as e:                     # tags need sts:TagSession
        sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=SAML, SAMLAssertion=assertion)
    assert error_of(e) == ("AccessDenied", "Not authorized to perform "
                                           "sts:AssumeRoleWithSAML", 403)
    iam.update_assume_role_policy(RoleName="Federated", PolicyDocument=policy(
        trust({"Federated": SAML}, ["sts:AssumeRoleWithSAML", "sts:TagSession"])))
    answer = sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=SAML,
                                       SAMLAssertion=assertion)
    assert (answer["Credentials"]["Expiration"] - lab.now).total_seconds() == 5400
    iam.put_role_policy(RoleName="Federated", PolicyName="abac", PolicyDocument=policy(
        allow("cloudwatch:PutMetricData", Condition={
            "StringEquals": {"aws:PrincipalTag/team": "blue"}})))
    lab.client("cloudwatch", **keys_of(answer["Credentials"])).put_metric_data(
        Namespace="x", MetricData=[{"MetricName": "m", "Value": 1}])


@pytest.mark.parametrize("make,code,message", [
    (lambda lab: "bm90IHNhbWw=", "InvalidIdentityToken",
     "Invalid SAML response: the SAMLAssertion is not a base64-encoded SAML 2.0 response"),
    (lambda lab: saml_assertion(lab, ROLE, SAML, issuer="https://evil.example/saml"),
     "InvalidIdentityToken", "Issuer not present in specified provider's metadata"),
    (lambda lab: saml_assertion(lab, ROLE, SAML, audience="https://example.com/"),
     "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"),
    (lambda lab: saml_assertion(lab, f"arn:aws:iam::{ACCOUNT}:role/Other", SAML),
     "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"),
    (lambda lab: saml_assertion(lab, ROLE, SAML, session_name="a"),
     "InvalidIdentityToken", "RoleSessionName in AuthnResponse must match "
                             "[a-zA-Z_0-9+=,.@-]{2,64}"),
])
def test_saml_failures(lab, sts, saml_role, make, code, message):
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=SAML, SAMLAssertion=make(lab))
    assert error_of(e)[:2] == (code, message)


def test_saml_assertions_expire_and_providers_must_exist(lab, iam, sts, saml_role):
    assertion = saml_assertion(lab, ROLE, SAML, valid_for=300)
    lab.advance(minutes=6)
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=SAML, SAMLAssertion=assertion)
    assert error_of(e)[0] == "ExpiredTokenException"
    iam.delete_saml_provider(SAMLProviderArn=SAML)
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=SAML,
                                  SAMLAssertion=saml_assertion(lab, ROLE, SAML))
    assert error_of(e)[0] == "InvalidIdentityToken"


@pytest.fixture
def web_role(iam):
    iam.create_open_id_connect_provider(Url=ISSUER, ClientIDList=["my-app"])
    make_role(iam, "Federated", trust({"Federated": OIDC}, "sts:AssumeRoleWithWebIdentity",
                                      Condition={"StringEquals": {
                                          "token.example.com:aud": "my-app",
                                          "token.example.com:sub": "user-1"}}))
    iam.attach_role_policy(RoleName="Federated",
                           PolicyArn="arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess")


def test_web_identity_happy_path(lab, sts, web_role):
    token = web_identity_token(lab, ISSUER, "my-app", "user-1")
    answer = sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="app-1",
                                               WebIdentityToken=token)
    assert answer["SubjectFromWebIdentityToken"] == "user-1"
    assert (answer["Provider"], answer["Audience"]) == (ISSUER, "my-app")
    assert answer["AssumedRoleUser"]["Arn"].endswith("assumed-role/Federated/app-1")
    lab.client("cloudwatch", **keys_of(answer["Credentials"])).list_metrics()


@pytest.mark.parametrize("token_args,code,message", [
    (("https://other.example.com", "my-app", "user-1"), "InvalidIdentityToken",
     "No OpenIDConnect provider found in your account for https://other.example.com"),
    ((ISSUER, "someone-else", "user-1"), "InvalidIdentityToken", "Incorrect token audience"),
    ((ISSUER, "my-app", "user-2"), "AccessDenied",
     "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
])
def test_web_identity_failures(lab, sts, web_role, token_args, code, message):
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="app-1",
                                          WebIdentityToken=web_identity_token(lab, *token_args))
    assert error_of(e)[:2] == (code, message)


def test_web_identity_token_expiry(lab, sts, web_role):
    token = web_identity_token(lab, ISSUER, "my-app", "user-1", valid_for=600)
    lab.advance(minutes=10)
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="app-1",
                                          WebIdentityToken=token)
    assert error_of(e) == ("ExpiredTokenException", "Token expired: current date/time "
                           "2026-01-05T00:10:00Z must be before the expiration date/time "
                           "2026-01-05T00:10:00Z", 400)
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="app-1",
                                          WebIdentityToken="not.a-jwt")
    assert error_of(e)[0] == "InvalidIdentityToken"
