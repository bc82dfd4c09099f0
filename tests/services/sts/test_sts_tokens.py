"""GetSessionToken, GetFederationToken and GetCallerIdentity for every kind of principal,
with the restrictions of aws-facts 8.2; DecodeAuthorizationMessage and GetAccessKeyInfo."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services.iam import mfa_code
from sts_helpers import ACCOUNT, OTHER, allow, error_of, keys_of, make_user, policy

CW_FULL = "arn:aws:iam::aws:policy/CloudWatchFullAccess"


def _mfa(lab, iam, user):
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"][
        "SerialNumber"]
    iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                          AuthenticationCode1=mfa_code(lab, serial),
                          AuthenticationCode2=mfa_code(lab, serial, offset=1))
    return serial


def test_session_token_durations(lab, sts):
    default = sts.get_session_token()["Credentials"]
    assert default["AccessKeyId"].startswith("ASIA")
    assert (default["Expiration"] - lab.now).total_seconds() == 43200
    longest = sts.get_session_token(DurationSeconds=129600)["Credentials"]
    assert (longest["Expiration"] - lab.now).total_seconds() == 129600
    root = lab.client("sts", **lab.root_credentials().as_client_kwargs())
    cut = root.get_session_token(DurationSeconds=7200)["Credentials"]
    assert (cut["Expiration"] - lab.now).total_seconds() == 3600     # silently cut for root
    with pytest.raises(ClientError) as e:
        sts.get_session_token(DurationSeconds=129601)
    assert error_of(e)[0] == "ValidationError"


def test_session_token_acts_as_the_user_with_its_restrictions(lab, iam, sts):
    session = lab.client("sts", **keys_of(sts.get_session_token()["Credentials"]))
    assert session.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/admin"
    cw = lab.client("cloudwatch", **keys_of(sts.get_session_token()["Credentials"]))
    cw.list_metrics()
    no_mfa = lab.client("iam", **keys_of(sts.get_session_token()["Credentials"]))
    with pytest.raises(ClientError) as e:
        no_mfa.list_users()
    assert error_of(e) == ("InvalidClientTokenId", "The security token included in the "
                                                   "request is invalid", 403)
    with pytest.raises(ClientError) as e:
        session.get_federation_token(Name="bob")
    assert error_of(e) == ("AccessDenied", "Cannot call GetFederationToken with session "
                                           "credentials", 403)
    serial = _mfa(lab, iam, "admin")
    with_mfa = sts.get_session_token(SerialNumber=serial, TokenCode=mfa_code(lab, serial))
    assert lab.client("iam", **keys_of(with_mfa["Credentials"])).list_users()["Users"]


def test_session_token_mfa_codes_are_checked(lab, iam, sts):
    serial = _mfa(lab, iam, "admin")
    wrong = "123456" if mfa_code(lab, serial) != "123456" else "654321"
    with pytest.raises(ClientError) as e:
        sts.get_session_token(SerialNumber=serial, TokenCode=wrong)
    assert error_of(e) == ("AccessDenied", "MultiFactorAuthentication failed with invalid "
                                           "MFA one time pass code. ", 403)


def test_mfa_condition_keys(lab, iam, sts):
    """BoolIfExists "false" denies both non-MFA sessions and long-term keys (aws-facts
    9.4); Bool "false" does not deny long-term keys."""
    deny = {"Effect": "Deny", "Action": "cloudwatch:ListMetrics", "Resource": "*"}
    alice = make_user(lab, iam, "alice", allow("cloudwatch:*"), {
        **deny, "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}})
    serial = _mfa(lab, iam, "alice")
    long_term = lab.client("cloudwatch", **alice)
    with pytest.raises(ClientError) as e:
        long_term.list_metrics()
    assert "explicit deny" in error_of(e)[1]
    alice_sts = lab.client("sts", **alice)
    plain = alice_sts.get_session_token()["Credentials"]
    with pytest.raises(ClientError):
        lab.client("cloudwatch", **keys_of(plain)).list_metrics()
    mfa = alice_sts.get_session_token(SerialNumber=serial,
                                      TokenCode=mfa_code(lab, serial))["Credentials"]
    lab.client("cloudwatch", **keys_of(mfa)).list_metrics()
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=policy(
        allow("cloudwatch:*"), {**deny, "Condition": {
            "Bool": {"aws:MultiFactorAuthPresent": "false"}}}))
    long_term.list_metrics()                                  # key absent: Bool is false
    with pytest.raises(ClientError):
        lab.client("cloudwatch", **keys_of(plain)).list_metrics()


def test_federation_token(lab, iam, sts):
    answer = sts.get_federation_token(Name="bob", Policy=policy(allow("cloudwatch:List*")))
    fed = answer["FederatedUser"]
    assert fed == {"FederatedUserId": f"{ACCOUNT}:bob",
                   "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob"}
    assert (answer["Credentials"]["Expiration"] - lab.now).total_seconds() == 43200
    creds = keys_of(answer["Credentials"])
    me = lab.client("sts", **creds).get_caller_identity()
    assert (me["Arn"], me["UserId"]) == (fed["Arn"], fed["FederatedUserId"])
    cw = lab.client("cloudwatch", **creds)
    cw.list_metrics()
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(Namespace="x", MetricData=[{"MetricName": "m", "Value": 1}])
    assert error_of(e)[1].endswith("because no session policy allows the "
                                   "cloudwatch:PutMetricData action")
    with pytest.raises(ClientError) as e:
        lab.client("iam", **creds).list_users()
    assert error_of(e)[0] == "InvalidClientTokenId"
    with pytest.raises(ClientError) as e:
        lab.client("sts", **creds).assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/x", RoleSessionName="s1")
    assert error_of(e)[0] == "AccessDenied"


def test_federation_token_without_policy_has_no_permissions(lab, sts):
    creds = keys_of(sts.get_federation_token(Name="nobody")["Credentials"])
    with pytest.raises(ClientError) as e:
        lab.client("cloudwatch", **creds).list_metrics()
    assert error_of(e)[1].endswith("because no session policy allows the "
                                   "cloudwatch:ListMetrics action")


def test_federation_token_needs_permission(lab, iam):
    alice = make_user(lab, iam, "alice", allow("cloudwatch:*"))
    sts = lab.client("sts", **alice)
    with pytest.raises(ClientError) as e:
        sts.get_federation_token(Name="bob")
    assert error_of(e)[1] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
        f"sts:GetFederationToken on resource: arn:aws:sts::{ACCOUNT}:federated-user/bob "
        "because no identity-based policy allows the sts:GetFederationToken action")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=policy(
        allow("cloudwatch:List*"), allow("sts:GetFederationToken")))
    creds = sts.get_federation_token(Name="bob", Policy=policy(allow("cloudwatch:*")))
    cw = lab.client("cloudwatch", **keys_of(creds["Credentials"]))
    cw.list_metrics()                                # both alice and the session allow
    with pytest.raises(ClientError) as e:            # the session allows, alice does not
        cw.put_metric_data(Namespace="x", MetricData=[{"MetricName": "m", "Value": 1}])
    assert "because no identity-based policy allows" in error_of(e)[1]


def test_caller_identity_for_every_principal(lab):
    lab.add_account(OTHER, "analytics")
    root = lab.client("sts", **lab.root_credentials(OTHER).as_client_kwargs())
    assert root.get_caller_identity()["UserId"] == OTHER
    admin = lab.client("sts", **lab.admin_credentials(OTHER).as_client_kwargs())
    assert admin.get_caller_identity()["Arn"] == f"arn:aws:iam::{OTHER}:user/admin"
    assert lab.admin_credentials(OTHER) is lab.admin_credentials(OTHER)


def test_get_caller_identity_needs_no_permission(lab, iam):
    nobody = make_user(lab, iam, "nobody", {"Effect": "Deny", "Action": "*", "Resource": "*"})
    assert lab.client("sts", **nobody).get_caller_identity()["Arn"].endswith("user/nobody")


def test_decode_authorization_message(lab, iam):
    nobody = make_user(lab, iam, "nobody")
    ec2 = lab.client("ec2", **nobody)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=["i-0123456789abcdef0"])
    code, message, status = error_of(e)
    assert (code, status) == ("UnauthorizedOperation", 403)
    encoded = message.split("Encoded authorization failure message: ")[1]
    decoded = json.loads(lab.client("sts").decode_authorization_message(
        EncodedMessage=encoded)["DecodedMessage"])
    assert decoded["allowed"] is False
    assert decoded["context"]["action"] == "ec2:StopInstances"
    assert decoded["context"]["resource"].endswith(":instance/i-0123456789abcdef0")
    with pytest.raises(ClientError) as e:
        lab.client("sts").decode_authorization_message(EncodedMessage="not-a-message")
    assert error_of(e)[0] == "InvalidAuthorizationMessageException"


def test_get_access_key_info(lab, sts):
    lab.add_account(OTHER, "analytics")
    key = lab.admin_credentials(OTHER).access_key_id
    assert sts.get_access_key_info(AccessKeyId=key)["Account"] == OTHER


def test_root_sessions(lab):
    root = lab.client("sts", **lab.root_credentials().as_client_kwargs())
    session = keys_of(root.get_session_token()["Credentials"])
    assert lab.client("sts", **session).get_caller_identity()["UserId"] == ACCOUNT
    with pytest.raises(ClientError) as e:
        lab.client("sts", **session).assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/any", RoleSessionName="s1")
    assert error_of(e)[1] == "Roles may not be assumed by root accounts."
    fed = root.get_federation_token(Name="ops", DurationSeconds=7200,
                                    Policy=policy(allow("cloudwatch:List*")))
    assert (fed["Credentials"]["Expiration"] - lab.now).total_seconds() == 3600
    cw = lab.client("cloudwatch", **keys_of(fed["Credentials"]))
    cw.list_metrics()                           # root's rights, within the session policy
    with pytest.raises(ClientError):
        cw.put_metric_data(Namespace="x", MetricData=[{"MetricName": "m", "Value": 1}])


def test_unknown_accounts_are_a_clear_error(lab):
    from awslab.errors import AwslabError
    with pytest.raises(AwslabError, match="lab.add_account"):
        lab.root_credentials("999999999999")
