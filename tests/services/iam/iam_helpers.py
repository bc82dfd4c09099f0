"""Helpers for the IAM tests."""
import json

TRUST_DOC = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}
TRUST = json.dumps(TRUST_DOC)
POLICY = "arn:aws:iam::aws:policy/"


def error_of(excinfo):
    """``(code, message, http status)`` of a ClientError."""
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], \
        err["ResponseMetadata"]["HTTPStatusCode"]
