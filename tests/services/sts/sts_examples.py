"""One representative successful call per STS operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py`` (``EXAMPLES["sts"]``).
"""
import json

from awslab.services.iam import mfa_code
from awslab.services.sts import saml_assertion, saml_metadata, web_identity_token

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ExRole"
SAML = f"arn:aws:iam::{ACCOUNT}:saml-provider/ExIdP"
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com"


def _trust(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _role(lab, statement):
    iam = lab.client("iam")
    iam.create_role(RoleName="ExRole", AssumeRolePolicyDocument=_trust(statement))
    return iam


def _assume_role(lab):
    _role(lab, {"Effect": "Allow", "Principal": {"AWS": ACCOUNT},
                "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]})
    return lab.client("sts").assume_role(
        RoleArn=ROLE, RoleSessionName="ex", DurationSeconds=900, ExternalId="ext-1",
        Tags=[{"Key": "team", "Value": "a"}], TransitiveTagKeys=["team"],
        SourceIdentity="alice", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "cloudwatch:*", "Resource": "*"}]}))


def _saml(lab):
    iam = _role(lab, {"Effect": "Allow", "Principal": {"Federated": SAML},
                      "Action": "sts:AssumeRoleWithSAML",
                      "Condition": {"StringEquals": {
                          "SAML:aud": "https://signin.aws.amazon.com/saml"}}})
    iam.create_saml_provider(Name="ExIdP", SAMLMetadataDocument=saml_metadata())
    return lab.client("sts").assume_role_with_saml(
        RoleArn=ROLE, PrincipalArn=SAML, SAMLAssertion=saml_assertion(lab, ROLE, SAML))


def _web(lab):
    iam = _role(lab, {"Effect": "Allow", "Principal": {"Federated": OIDC},
                      "Action": "sts:AssumeRoleWithWebIdentity",
                      "Condition": {"StringEquals": {"token.example.com:aud": "app"}}})
    iam.create_open_id_connect_provider(Url="https://token.example.com", ClientIDList=["app"])
    token = web_identity_token(lab, "https://token.example.com", "app", "user-1")
    return lab.client("sts").assume_role_with_web_identity(
        RoleArn=ROLE, RoleSessionName="web", WebIdentityToken=token)


def _session_token(lab):
    iam = lab.client("iam")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="admin")[
        "VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="admin", SerialNumber=serial,
                          AuthenticationCode1=mfa_code(lab, serial),
                          AuthenticationCode2=mfa_code(lab, serial, offset=1))
    return lab.client("sts").get_session_token(DurationSeconds=3600, SerialNumber=serial,
                                               TokenCode=mfa_code(lab, serial))


def _decode(lab):
    from awslab.authz import encode_failure
    return lab.client("sts").decode_authorization_message(
        EncodedMessage=encode_failure({"allowed": False}))


EXAMPLES = {"sts": {
    "GetCallerIdentity": lambda lab: lab.client("sts").get_caller_identity(),
    "AssumeRole": _assume_role,
    "AssumeRoleWithSAML": _saml,
    "AssumeRoleWithWebIdentity": _web,
    "GetSessionToken": _session_token,
    "GetFederationToken": lambda lab: lab.client("sts").get_federation_token(
        Name="bob", DurationSeconds=900, Tags=[{"Key": "k", "Value": "v"}],
        PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]),
    "DecodeAuthorizationMessage": _decode,
    "GetAccessKeyInfo": lambda lab: lab.client("sts").get_access_key_info(
        AccessKeyId=lab.default_credentials.access_key_id),
}}
