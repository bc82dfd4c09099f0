"""The custom identity broker: GetFederationToken vs AssumeRole, and the federation
endpoint's sign-in token."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.errors import AwslabError
from awslab.services.iam import explain
from awslab.services.idp import IdentityBroker, get_signin_token, open_console

READ_BUCKET = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}


@pytest.fixture
def broker_keys(lab):
    iam = lab.client("iam")
    iam.create_user(UserName="broker")
    iam.put_user_policy(UserName="broker", PolicyName="broker", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["sts:GetFederationToken", "sts:AssumeRole",
                                           "s3:*"], "Resource": "*"}]}))
    key = iam.create_access_key(UserName="broker")["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"]}


def test_federation_token_broker_decides_the_policy(lab, corp, broker_keys):
    broker = IdentityBroker(lab, corp, broker_keys, policy_for=lambda groups: READ_BUCKET)
    login = broker.sign_in("alice", "Alice-Passw0rd!")
    assert login.arn == "arn:aws:sts::123456789012:federated-user/alice"
    assert explain(lab, login.keys, "s3:GetObject", "arn:aws:s3:::reports/q1.csv").allowed
    # the broker user may do s3:*, but the session policy narrows it
    assert not explain(lab, login.keys, "s3:PutObject", "arn:aws:s3:::reports/x").allowed
    session = open_console(lab, login.console_url)
    assert session.arn == login.arn and session.via == "federation"


def test_federation_token_without_policy_has_no_permissions(lab, corp, broker_keys):
    broker = IdentityBroker(lab, corp, broker_keys)
    login = broker.sign_in("alice", "Alice-Passw0rd!")
    assert not explain(lab, login.keys, "s3:GetObject", "arn:aws:s3:::reports/q1").allowed


def test_assume_role_broker(lab, corp, broker_keys):
    iam = lab.client("iam")
    role = iam.create_role(RoleName="BrokerReadOnly", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "AWS": "arn:aws:iam::123456789012:user/broker"}, "Action": "sts:AssumeRole"}]}))[
        "Role"]["Arn"]
    iam.attach_role_policy(RoleName="BrokerReadOnly",
                           PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    broker = IdentityBroker(lab, corp, broker_keys, method="AssumeRole",
                            role_for=lambda groups: role)
    login = broker.sign_in("alice", "Alice-Passw0rd!")
    assert login.arn == "arn:aws:sts::123456789012:assumed-role/BrokerReadOnly/alice"
    assert explain(lab, login.keys, "s3:GetObject", "arn:aws:s3:::any/x").allowed
    assert not explain(lab, login.keys, "s3:PutObject", "arn:aws:s3:::any/x").allowed


def test_broker_without_sts_permission_is_denied(lab, corp):
    iam = lab.client("iam")
    iam.create_user(UserName="weak")
    key = iam.create_access_key(UserName="weak")["AccessKey"]
    broker = IdentityBroker(lab, corp, {"aws_access_key_id": key["AccessKeyId"],
                                        "aws_secret_access_key": key["SecretAccessKey"]})
    with pytest.raises(ClientError) as exc:
        broker.sign_in("alice", "Alice-Passw0rd!")
    assert exc.value.response["Error"]["Code"] == "AccessDenied"


def test_signin_token_lasts_15_minutes(lab, corp, broker_keys):
    broker = IdentityBroker(lab, corp, broker_keys, policy_for=lambda g: READ_BUCKET)
    login = broker.sign_in("alice", "Alice-Passw0rd!")
    lab.advance(minutes=16)
    with pytest.raises(AwslabError, match="invalid or expired"):
        open_console(lab, login.console_url)


def test_session_duration_only_for_role_credentials(lab, corp, broker_keys):
    broker = IdentityBroker(lab, corp, broker_keys, policy_for=lambda g: READ_BUCKET)
    login = broker.sign_in("alice", "Alice-Passw0rd!")
    with pytest.raises(AwslabError, match="SessionDuration applies to role"):
        get_signin_token(lab, login.credentials, session_duration=3600)


def test_wrong_password(lab, corp, broker_keys):
    with pytest.raises(AwslabError, match="incorrect"):
        IdentityBroker(lab, corp, broker_keys).sign_in("alice", "nope")
