"""Helpers for the STS tests: policy documents, users with keys, credentials as client
keyword arguments."""
import json

ACCOUNT = "123456789012"
OTHER = "210987654321"


def policy(*statements, version="2012-10-17"):
    return json.dumps({"Version": version, "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def trust(principal, action="sts:AssumeRole", **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def make_role(iam, name, *statements, max_session=3600, path="/"):
    return iam.create_role(RoleName=name, Path=path, MaxSessionDuration=max_session,
                           AssumeRolePolicyDocument=policy(*statements))["Role"]


def make_user(lab, iam, name, *inline):
    """A user with access keys and the given inline policy statements; its sts client."""
    iam.create_user(UserName=name)
    if inline:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy(*inline))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"]}


def keys_of(credentials):
    """``lab.client`` keyword arguments for an STS ``Credentials`` answer."""
    return {"aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"]}


def error_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], \
        err["ResponseMetadata"]["HTTPStatusCode"]
