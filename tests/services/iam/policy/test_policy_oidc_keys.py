"""Condition keys of OIDC providers with a path (e.g. EKS) are valid keys."""
import pytest

from awslab.services.iam.policy import MalformedPolicyDocument, parse_policy


def trust(key):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/x"},
        "Condition": {"StringEquals": {key: "system:serviceaccount:app:web"}}}]}


def test_key_with_a_path_before_its_colon_parses():
    parse_policy(trust("oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub"), "trust")


def test_key_without_a_vendor_colon_is_refused():
    with pytest.raises(MalformedPolicyDocument):
        parse_policy(trust("oidc.eks.us-east-1.amazonaws.com/id/ABC123"), "trust")
