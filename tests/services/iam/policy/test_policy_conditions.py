"""Condition operators, one row per behaviour (aws-facts 9.3 and 9.4)."""
from datetime import datetime, timezone

import pytest

from awslab.services.iam.policy.conditions import check, explain, parse_condition_block
from awslab.services.iam.policy.context import Context
from policy_helpers import allow, decide, pol, req


def outcome(operator, key, values, context, variables=True):
    """Whether ``{operator: {key: values}}`` holds; the fast and explained checks agree."""
    (cond,) = parse_condition_block({operator: {key: values}}, variables)
    ctx = Context(context)
    fast, slow = check(cond, ctx), explain(cond, ctx)
    assert fast == slow.matched, slow.reason
    return fast


IP = "aws:SourceIp"
T = "aws:CurrentTime"
CASES = [
    # String
    ("StringEquals matches exactly", "StringEquals", "aws:username", "alice",
     {"aws:username": "alice"}, True),
    ("StringEquals is case-sensitive", "StringEquals", "aws:username", "alice",
     {"aws:username": "Alice"}, False),
    ("condition keys are case-insensitive", "StringEquals", "AWS:USERNAME", "alice",
     {"aws:username": "alice"}, True),
    ("several values for one key are an OR", "StringEquals", "aws:username", ["bob", "alice"],
     {"aws:username": "alice"}, True),
    ("StringNotEquals over several values is a NOR (no match)", "StringNotEquals",
     "aws:RequestedRegion", ["eu-west-1", "eu-central-1"],
     {"aws:RequestedRegion": "us-east-1"}, True),
    ("StringNotEquals over several values is a NOR (one matches)", "StringNotEquals",
     "aws:RequestedRegion", ["eu-west-1", "eu-central-1"],
     {"aws:RequestedRegion": "eu-central-1"}, False),
    ("StringEqualsIgnoreCase", "StringEqualsIgnoreCase", "aws:username", "ALICE",
     {"aws:username": "alice"}, True),
    ("StringNotEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "aws:username", "ALICE",
     {"aws:username": "alice"}, False),
    ("StringLike with *", "StringLike", "s3:prefix", "home/alice/*",
     {"s3:prefix": "home/alice/docs/a.txt"}, True),
    ("StringLike with ?", "StringLike", "s3:prefix", "file-?.txt", {"s3:prefix": "file-1.txt"},
     True),
    ("StringLike ? is exactly one character", "StringLike", "s3:prefix", "file-?.txt",
     {"s3:prefix": "file-12.txt"}, False),
    ("StringLike is case-sensitive", "StringLike", "s3:prefix", "home/*",
     {"s3:prefix": "HOME/x"}, False),
    ("StringNotLike", "StringNotLike", "s3:prefix", "private/*", {"s3:prefix": "public/x"},
     True),
    ("a JSON number compares as its text", "StringEquals", "s3:max-keys", 10,
     {"s3:max-keys": "10"}, True),
    # Numeric
    ("NumericEquals", "NumericEquals", "s3:max-keys", "10", {"s3:max-keys": 10}, True),
    ("NumericEquals compares numbers, not text", "NumericEquals", "s3:max-keys", "10",
     {"s3:max-keys": "10.0"}, True),
    ("NumericNotEquals", "NumericNotEquals", "s3:max-keys", "10", {"s3:max-keys": 11}, True),
    ("NumericLessThan", "NumericLessThan", "s3:max-keys", "10", {"s3:max-keys": 9}, True),
    ("NumericLessThan is strict", "NumericLessThan", "s3:max-keys", "10", {"s3:max-keys": 10},
     False),
    ("NumericLessThanEquals", "NumericLessThanEquals", "s3:max-keys", "10",
     {"s3:max-keys": 10}, True),
    ("NumericGreaterThan", "NumericGreaterThan", "aws:MultiFactorAuthAge", "3600",
     {"aws:MultiFactorAuthAge": 7200}, True),
    ("NumericGreaterThanEquals", "NumericGreaterThanEquals", "s3:max-keys", "10",
     {"s3:max-keys": 9}, False),
    ("a request value that is not a number never matches", "NumericEquals", "s3:max-keys",
     "10", {"s3:max-keys": "ten"}, False),
    ("a policy value that is not a number never matches", "NumericEquals", "s3:max-keys",
     "ten", {"s3:max-keys": "10"}, False),
    # Date
    ("DateLessThan with ISO-8601", "DateLessThan", T, "2026-06-30T00:00:00Z",
     {T: "2026-01-05T00:00:00Z"}, True),
    ("DateGreaterThan with a datetime in the context", "DateGreaterThan", T,
     "2026-01-01T00:00:00Z", {T: datetime(2026, 1, 5, tzinfo=timezone.utc)}, True),
    ("DateEquals with epoch seconds", "DateEquals", T, "1767225600",
     {T: "2026-01-01T00:00:00Z"}, True),
    ("DateNotEquals", "DateNotEquals", T, "2026-01-01", {T: "2026-01-01T00:00:01Z"}, True),
    ("DateLessThanEquals with an offset", "DateLessThanEquals", T, "2026-01-01T02:00:00+02:00",
     {T: "2026-01-01T00:00:00Z"}, True),
    ("DateGreaterThanEquals", "DateGreaterThanEquals", "aws:TokenIssueTime",
     "2026-01-05T00:00:00Z", {"aws:TokenIssueTime": "2026-01-04T23:59:59Z"}, False),
    # Bool and Binary
    ("Bool true", "Bool", "aws:SecureTransport", "true", {"aws:SecureTransport": True}, True),
    ("Bool is case-insensitive", "Bool", "aws:SecureTransport", "True",
     {"aws:SecureTransport": "true"}, True),
    ("Bool false vs true", "Bool", "aws:SecureTransport", "false",
     {"aws:SecureTransport": True}, False),
    ("BinaryEquals compares base-64 values", "BinaryEquals", "aws:x", "QmluYXJ5",
     {"aws:x": b"Binary"}, True),
    ("BinaryEquals with other bytes", "BinaryEquals", "aws:x", "QmluYXJ5",
     {"aws:x": b"binary"}, False),
    # IP addresses
    ("IpAddress in a CIDR", "IpAddress", IP, "198.51.100.0/24", {IP: "198.51.100.7"}, True),
    ("IpAddress outside the CIDR", "IpAddress", IP, "198.51.100.0/24", {IP: "203.0.113.9"},
     False),
    ("IpAddress with a bare address", "IpAddress", IP, "203.0.113.9", {IP: "203.0.113.9"},
     True),
    ("IpAddress with IPv6", "IpAddress", IP, "2001:db8::/32", {IP: "2001:db8::1"}, True),
    ("an IPv4 caller never matches an IPv6 range", "IpAddress", IP, "2001:db8::/32",
     {IP: "198.51.100.7"}, False),
    ("NotIpAddress", "NotIpAddress", IP, ["198.51.100.0/24", "203.0.113.0/24"],
     {IP: "192.0.2.1"}, True),
    ("NotIpAddress inside one range", "NotIpAddress", IP, ["198.51.100.0/24",
                                                           "203.0.113.0/24"],
     {IP: "203.0.113.1"}, False),
    # ARNs
    ("ArnLike per segment", "ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*",
     {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}, True),
    ("ArnEquals behaves like ArnLike", "ArnEquals", "aws:SourceArn", "arn:aws:sns:*:*:t*",
     {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}, True),
    ("ArnLike wildcards do not cross segments", "ArnLike", "aws:SourceArn",
     "arn:aws:sns:*:111122223333",
     {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}, False),
    ("ArnLike on a value that is not an ARN", "ArnLike", "aws:SourceArn", "*",
     {"aws:SourceArn": "topic"}, False),
    ("ArnNotEquals", "ArnNotEquals", "aws:PrincipalArn", "arn:aws:iam::*:role/Admin",
     {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Dev"}, True),
    ("ArnNotLike", "ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/*",
     {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Dev"}, False),
    # Null
    ("Null true: the key is absent", "Null", "aws:TokenIssueTime", "true", {}, True),
    ("Null true on a present key", "Null", "aws:TokenIssueTime", "true",
     {"aws:TokenIssueTime": "2026-01-01T00:00:00Z"}, False),
    ("Null false: the key is present", "Null", "aws:TokenIssueTime", "false",
     {"aws:TokenIssueTime": "2026-01-01T00:00:00Z"}, True),
    ("Null false on an absent key", "Null", "aws:TokenIssueTime", "false", {}, False),
    # absent keys and IfExists (9.3)
    ("an absent key: a positive operator is false", "StringEquals", "aws:username", "alice",
     {}, False),
    ("an absent key: a negated operator is true", "StringNotEquals", "aws:username", "alice",
     {}, True),
    ("an absent key: NotIpAddress is true", "NotIpAddress", IP, "10.0.0.0/8", {}, True),
    ("9.4 no aws:SourceIp through a VPC endpoint: an IpAddress allow fails", "IpAddress", IP,
     "198.51.100.0/24", {"aws:SourceVpce": "vpce-1"}, False),
    ("an absent key: ...IfExists is true", "StringEqualsIfExists", "ec2:InstanceType",
     "t3.micro", {}, True),
    ("a present key: ...IfExists compares", "StringEqualsIfExists", "ec2:InstanceType",
     "t3.micro", {"ec2:InstanceType": "m5.large"}, False),
    ("NumericLessThanIfExists on a present key", "NumericLessThanIfExists", "s3:max-keys",
     "10", {"s3:max-keys": 5}, True),
    # multivalued keys
    ("ForAnyValue: one request value matches", "ForAnyValue:StringEquals", "aws:TagKeys",
     ["env", "team"], {"aws:TagKeys": ["team", "cost"]}, True),
    ("ForAnyValue: none matches", "ForAnyValue:StringEquals", "aws:TagKeys", ["env"],
     {"aws:TagKeys": ["team", "cost"]}, False),
    ("ForAnyValue on an absent key is false", "ForAnyValue:StringEquals", "aws:TagKeys",
     ["env"], {}, False),
    ("ForAnyValue on an empty key is false", "ForAnyValue:StringEquals", "aws:TagKeys",
     ["env"], {"aws:TagKeys": []}, False),
    ("ForAllValues: every request value is allowed", "ForAllValues:StringEquals",
     "aws:TagKeys", ["env", "team"], {"aws:TagKeys": ["team", "env"]}, True),
    ("ForAllValues: one request value is not allowed", "ForAllValues:StringEquals",
     "aws:TagKeys", ["env", "team"], {"aws:TagKeys": ["team", "cost"]}, False),
    ("ForAllValues on an absent key is TRUE (the pitfall)", "ForAllValues:StringEquals",
     "aws:TagKeys", ["env"], {}, True),
    ("ForAllValues on an empty key is TRUE", "ForAllValues:StringEquals", "aws:TagKeys",
     ["env"], {"aws:TagKeys": []}, True),
    ("ForAllValues with a negated operator: no value may match", "ForAllValues:StringNotLike",
     "aws:TagKeys", ["aws:*"], {"aws:TagKeys": ["team", "aws:x"]}, False),
    ("ForAnyValue with a negated operator: some value does not match",
     "ForAnyValue:StringNotEquals", "aws:TagKeys", ["env"], {"aws:TagKeys": ["env", "team"]},
     True),
    ("ForAnyValue:StringLikeIfExists on an absent key", "ForAnyValue:StringLikeIfExists",
     "aws:TagKeys", ["env*"], {}, True),
    ("a multivalued key with a plain operator matches any value", "StringEquals",
     "aws:TagKeys", "team", {"aws:TagKeys": ["env", "team"]}, True),
    ("a multivalued key with a negated plain operator: none may match", "StringNotEquals",
     "aws:TagKeys", "team", {"aws:TagKeys": ["env", "team"]}, False),
]


@pytest.mark.parametrize("operator, key, values, context, expected",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_operator(operator, key, values, context, expected):
    assert outcome(operator, key, values, context) is expected


REASONS = [
    ("IpAddress", IP, "198.51.100.0/24", {IP: "203.0.113.9"},
     "aws:SourceIp 203.0.113.9 is not in 198.51.100.0/24"),
    ("Bool", "aws:MultiFactorAuthPresent", "true", {},
     "key aws:MultiFactorAuthPresent is missing; the condition is false"),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "false", {},
     "key aws:MultiFactorAuthPresent is missing; ...IfExists is true when the key is absent"),
    ("StringNotEquals", "aws:RequestedRegion", ["eu-west-1", "eu-central-1"],
     {"aws:RequestedRegion": "us-east-1"},
     "aws:RequestedRegion us-east-1 does not equal eu-west-1 or eu-central-1"),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["env"], {},
     "key aws:TagKeys is missing; ForAllValues is true when the request has no values"),
    ("NumericLessThan", "s3:max-keys", "10", {"s3:max-keys": 5},
     "s3:max-keys 5 is less than 10"),
    ("Null", "aws:TokenIssueTime", "true", {}, 'key aws:TokenIssueTime is absent; '
                                               'Null wants "true"'),
]


@pytest.mark.parametrize("operator, key, values, context, reason", REASONS)
def test_reasons(operator, key, values, context, reason):
    (cond,) = parse_condition_block({operator: {key: values}}, True)
    result = explain(cond, Context(context))
    assert result.reason == reason
    assert result.missing_keys == (() if context or operator == "Null" else (key,))


def test_several_keys_and_operators_are_an_and():
    cond = {"StringEquals": {"aws:username": "alice", "aws:PrincipalTag/team": "blue"},
            "IpAddress": {IP: "10.0.0.0/8"}}
    policy = pol("identity", allow(Condition=cond))
    ok = req(principal_tags={"team": "blue"}, context={IP: "10.1.1.1"})
    assert decide(ok, identity=[policy]).allowed
    for bad in (req(principal_tags={"team": "red"}, context={IP: "10.1.1.1"}),
                req(principal_tags={"team": "blue"}, context={IP: "11.1.1.1"})):
        assert not decide(bad, identity=[policy]).allowed


def test_explained_trace_shows_each_condition():
    cond = {"StringEquals": {"aws:username": "bob"}, "IpAddress": {IP: "10.0.0.0/8"}}
    d = decide(req(context={IP: "10.1.1.1"}), identity=[pol("identity", allow(Condition=cond))])
    (st,) = d.step("identity").policies[0].statements
    assert [(c.key, c.matched) for c in st.conditions] == [("aws:username", False),
                                                           (IP, True)]
    assert st.why_not() == "StringEquals: aws:username alice does not equal bob"
