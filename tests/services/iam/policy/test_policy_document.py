"""Parsing and validating policy documents: kinds, elements, AWS's messages, size limits."""
import json

import pytest

from awslab.errors import AwslabError
from awslab.services.iam.policy import (LimitExceeded, MalformedPolicyDocument, check_size,
                                        parse_policy, policy_size)
from awslab.services.iam.policy import errors as messages
from policy_helpers import A, V, allow, deny


def doc(*statements, version=V, **top):
    out = {"Version": version} if version else {}
    out.update(top)
    out["Statement"] = list(statements)
    return out


P_USER = {"AWS": f"arn:aws:iam::{A}:user/alice"}
TRUST = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
         "Action": "sts:AssumeRole"}

MALFORMED = [
    # (what, kind, document (dict or text), AWS's message)
    ("text that is not JSON", "identity", "{not json", messages.INVALID_JSON),
    ("NaN is not JSON", "identity", '{"Statement": NaN}', messages.INVALID_JSON),
    ("a JSON array", "identity", "[]", messages.SYNTAX),
    ("no Statement", "identity", {"Version": V}, messages.SYNTAX),
    ("an unknown top-level element", "identity", doc(allow(), Foo=1), messages.SYNTAX),
    ("an empty Statement list", "identity", doc(), messages.SYNTAX),
    ("a statement that is a string", "identity", doc("Allow"), messages.SYNTAX),
    ("an unknown Version", "identity", doc(allow(), version="2020-01-01"), messages.LEGACY),
    ("a non-string Id", "identity", doc(allow(), Id=5), messages.SYNTAX),
    ("an unknown statement element", "identity", doc(allow(Foo="x")), messages.SYNTAX),
    ("a missing Effect", "identity", doc({"Action": "*", "Resource": "*"}),
     "Missing required field Effect"),
    ("Effect in the wrong case", "identity", doc(allow() | {"Effect": "allow"}),
     messages.LEGACY),
    ("Effect that is a list", "identity", doc(allow() | {"Effect": ["Allow"]}),
     messages.SYNTAX),
    ("no Action", "identity", doc(allow(None)), messages.MUST_CONTAIN_ACTIONS),
    ("an empty Action list", "identity", doc(allow([])), messages.MUST_CONTAIN_ACTIONS),
    ("Action and NotAction", "identity", doc(allow(NotAction="s3:*")), messages.SYNTAX),
    ("an action without a vendor", "identity", doc(allow("GetObject")),
     messages.VENDOR_PREFIX),
    ("an action with two colons", "identity", doc(allow("s3:Get:Object")),
     messages.ONE_COLON),
    ("a vendor with a wildcard", "identity", doc(allow("*:Untag*")), messages.VENDOR_WILDCARD),
    ("an action that is a number", "identity", doc(allow(5)), messages.SYNTAX),
    ("no Resource in an identity policy", "identity", doc(allow(resource=None)),
     messages.MUST_CONTAIN_RESOURCES),
    ("Resource and NotResource", "identity", doc(allow(NotResource="*")), messages.SYNTAX),
    ("a resource that is not an ARN", "identity", doc(allow(resource="my-bucket")),
     'Resource my-bucket must be in ARN format or "*".'),
    ("an empty resource", "identity", doc(allow(resource="")),
     'Resource  must be in ARN format or "*".'),
    ("an ARN with too few segments", "identity", doc(allow(resource="arn:aws:iam:1:user/x")),
     messages.LEGACY),
    ("an unknown partition", "identity", doc(allow(resource="arn:aws-xx:s3:::b")),
     'Partition "aws-xx" is not valid for resource "arn:aws-xx:s3:::b".'),
    ("an IAM ARN with a region", "identity",
     doc(allow(resource=f"arn:aws:iam:us-east-1:{A}:user/x")),
     f"IAM resource arn:aws:iam:us-east-1:{A}:user/x cannot contain region information."),
    ("a Sid with a dash", "identity", doc(allow(Sid="my-sid")), messages.SID_ALNUM),
    ("a Sid with a space", "boundary", doc(allow(Sid="my sid")), messages.SID_ALNUM),
    ("duplicate Sids", "identity", doc(allow(Sid="A"), deny(Sid="A")), messages.SID_UNIQUE),
    ("a non-string Sid", "identity", doc(allow(Sid=1)), messages.SYNTAX),
    ("Principal in an identity policy", "identity", doc(allow(Principal="*")),
     messages.SHOULD_NOT_SPECIFY_PRINCIPAL),
    ("NotPrincipal in a permissions boundary", "boundary", doc(deny(NotPrincipal=P_USER)),
     messages.SHOULD_NOT_SPECIFY_PRINCIPAL),
    ("Principal in a session policy", "session", doc(allow(Principal=P_USER)),
     messages.SHOULD_NOT_SPECIFY_PRINCIPAL),
    ("no Principal in a resource policy", "resource", doc(allow()),
     "Missing required field Principal"),
    ("no Resource in a resource policy", "resource", doc(allow(resource=None, Principal="*")),
     "Missing required field Resource"),
    ("NotPrincipal with Allow", "resource", doc(allow(NotPrincipal=P_USER)), messages.SYNTAX),
    ("Principal and NotPrincipal", "resource", doc(deny(Principal="*", NotPrincipal=P_USER)),
     messages.SYNTAX),
    ("no Principal in a trust policy", "trust", doc({"Effect": "Allow",
                                                     "Action": "sts:AssumeRole"}),
     "Missing required field Principal"),
    ("Resource in a trust policy", "trust", doc(TRUST | {"Resource": "*"}),
     "Has prohibited field Resource"),
    ("NotPrincipal in a trust policy", "trust",
     doc({"Effect": "Deny", "NotPrincipal": P_USER, "Action": "sts:AssumeRole"}),
     "Has prohibited field NotPrincipal"),
    ("a partial wildcard in an AWS principal", "resource",
     doc(allow(Principal={"AWS": f"arn:aws:iam::{A}:user/*"})),
     f'Invalid principal in policy: "AWS":"arn:aws:iam::{A}:user/*"'),
    ("an AWS principal that is not an IAM ARN", "resource",
     doc(allow(Principal={"AWS": "alice"})), 'Invalid principal in policy: "AWS":"alice"'),
    ("a wildcard in a service principal", "trust",
     doc(TRUST | {"Principal": {"Service": "*.amazonaws.com"}}),
     'Invalid principal in policy: "Service":"*.amazonaws.com"'),
    ("an unknown principal type", "resource", doc(allow(Principal={"User": "x"})),
     messages.SYNTAX),
    ("an empty principal list", "resource", doc(allow(Principal={"AWS": []})),
     messages.SYNTAX),
    ("a Condition that is a list", "identity", doc(allow(Condition=[])), messages.SYNTAX),
    ("an unknown condition operator", "identity",
     doc(allow(Condition={"StringEqual": {"aws:x": "a"}})), messages.SYNTAX),
    ("an unknown set prefix", "identity",
     doc(allow(Condition={"ForSomeValues:StringEquals": {"aws:x": "a"}})), messages.SYNTAX),
    ("NullIfExists", "identity", doc(allow(Condition={"NullIfExists": {"aws:x": "true"}})),
     messages.SYNTAX),
    ("a condition key without a vendor", "identity",
     doc(allow(Condition={"StringEquals": {"SourceIp": "a"}})), messages.VENDOR_PREFIX),
    ("a condition value that is an object", "identity",
     doc(allow(Condition={"StringEquals": {"aws:x": {"a": 1}}})), messages.SYNTAX),
    ("an operator whose value is not an object", "identity",
     doc(allow(Condition={"StringEquals": "aws:x"})), messages.SYNTAX),
    ("Principal in an SCP", "scp", doc(allow(Principal="*")), messages.ORG_POLICY_TYPE),
    ("an SCP without Resource", "scp", doc(allow(resource=None)), messages.ORG_POLICY_TYPE),
    ("an RCP without Principal", "rcp", doc(deny("s3:*")), messages.ORG_POLICY_TYPE),
    ("an RCP naming a principal", "rcp", doc(deny("s3:*", Principal=P_USER)),
     messages.ORG_POLICY_TYPE),
    ("an RCP with NotAction", "rcp", doc(deny(None, NotAction="s3:*", Principal="*")),
     messages.ORG_POLICY_TYPE),
    ("an RCP Allow other than RCPFullAWSAccess", "rcp",
     doc(allow("s3:*", Principal="*")), messages.ORG_POLICY_TYPE),
    ("an RCP without Version 2012-10-17", "rcp", doc(deny("s3:*", Principal="*"),
                                                     version=None), messages.ORG_POLICY_TYPE),
]


@pytest.mark.parametrize("kind, document, message", [c[1:] for c in MALFORMED],
                         ids=[c[0] for c in MALFORMED])
def test_malformed(kind, document, message):
    with pytest.raises(MalformedPolicyDocument) as info:
        parse_policy(document, kind)
    assert info.value.message == message
    assert (info.value.code, info.value.status) == ("MalformedPolicyDocument", 400)


VALID = [
    ("a single statement object", "identity", {"Statement": allow()}),
    ("Version 2008-10-17", "identity", doc(allow(), version="2008-10-17")),
    ("no Version", "identity", doc(allow(), version=None)),
    ("an Id", "identity", doc(allow(), Id="my-policy")),
    ("lists of actions and resources", "identity",
     doc(allow(["s3:Get*", "s3:List*"], ["arn:aws:s3:::a", "arn:aws:s3:::a/*"]))),
    ("an action wildcard in the name", "identity", doc(allow("iam:*AccessKey*"))),
    ("a resource with wildcards in every segment", "identity",
     doc(allow(resource="arn:*:ec2:*:*:instance/i-*"))),
    ("a short ARN pattern ending in a wildcard", "identity", doc(allow(resource="arn:aws:*"))),
    ("a policy variable in a resource", "identity",
     doc(allow(resource="arn:aws:s3:::b/${aws:username}/*"))),
    ("a tag key with a colon in a condition key", "identity",
     doc(allow(Condition={"StringEquals": {"aws:ResourceTag/aws:cloudformation:stack": "x"}}))),
    ("JSON true and numbers as condition values", "identity",
     doc(allow(Condition={"Bool": {"aws:SecureTransport": True},
                          "NumericLessThan": {"s3:max-keys": 10}}))),
    ("an empty condition value list", "identity",
     doc(allow(Condition={"StringEquals": {"aws:x": []}}))),
    ("a resource policy with Principal *", "resource", doc(allow(Principal="*"))),
    ("a resource Sid with spaces", "resource", doc(allow(Sid="Allow CloudTrail",
                                                         Principal="*"))),
    ("duplicate Sids in a resource policy", "resource",
     doc(allow(Sid="A", Principal="*"), deny(Sid="A", Principal="*"))),
    ("NotPrincipal with Deny in a resource policy", "resource",
     doc(deny(NotPrincipal=P_USER))),
    ("a trust policy for a service", "trust", doc(TRUST)),
    ("a trust policy with Principal *", "trust", doc(TRUST | {"Principal": "*"})),
    ("a trust policy for a federated provider", "trust",
     doc(TRUST | {"Principal": {"Federated": "cognito-identity.amazonaws.com"},
                  "Action": "sts:AssumeRoleWithWebIdentity"})),
    ("an SCP with NotAction, Condition and NotResource", "scp",
     doc(deny(None, None, NotAction="iam:*", NotResource="arn:aws:s3:::x",
              Condition={"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}))),
    ("RCPFullAWSAccess", "rcp", doc(allow(Principal="*"))),
    ("an RCP deny with a condition", "rcp",
     doc(deny("s3:*", Principal="*", Condition={
         "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}}))),
    ("a session policy", "session", doc(allow("s3:GetObject", "arn:aws:s3:::b/*"))),
]


@pytest.mark.parametrize("kind, document", [c[1:] for c in VALID], ids=[c[0] for c in VALID])
def test_valid(kind, document):
    policy = parse_policy(document, kind)
    assert policy.kind == kind and policy.statements
    assert parse_policy(json.dumps(document), kind).statements[0].effect in ("Allow", "Deny")


def test_principals_are_normalised():
    p = parse_policy(doc(allow(Principal={"AWS": [A, f"arn:aws:iam::{A}:role/R"],
                                          "Service": "ec2.amazonaws.com"})), "resource")
    principal = p.statements[0].principal
    assert principal.aws == {f"arn:aws:iam::{A}:root", f"arn:aws:iam::{A}:role/R"}
    assert principal.service == {"ec2.amazonaws.com"} and not principal.everyone
    assert parse_policy(doc(allow(Principal={"AWS": "*"})), "resource") \
        .statements[0].principal.everyone


def test_statement_fields_and_positions():
    text = ('{\n  "Version": "2012-10-17",\n  "Statement": [\n'
            '    {"Sid": "One", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},\n'
            '    {"Effect": "Deny", "NotAction": ["iam:*"], "NotResource": "arn:aws:s3:::x"}'
            '\n  ]\n}')
    p = parse_policy(text, "identity", name="P", source="user inline")
    one, two = p.statements
    assert (one.sid, one.effect, one.actions, one.resources) == ("One", "Allow", ("s3:*",),
                                                                 ("*",))
    assert (two.not_actions, two.not_resources) == (("iam:*",), ("arn:aws:s3:::x",))
    assert (one.start, one.end, two.start) == ((4, 5), (4, 73), (5, 5))
    assert (p.name, p.source, p.text, p.document["Version"]) == ("P", "user inline", text, V)
    renamed = p.named("Other", "group G inline")
    assert (renamed.name, renamed.source, renamed.statements) == ("Other", "group G inline",
                                                                  p.statements)
    assert parse_policy(json.loads(text)).statements[0].start is None


def test_bytes_and_bad_encodings():
    assert parse_policy(json.dumps(doc(allow())).encode()).statements
    with pytest.raises(MalformedPolicyDocument, match="invalid Json"):
        parse_policy(b"\xff\xfe")
    with pytest.raises(MalformedPolicyDocument, match="invalid Json"):
        parse_policy(42)


def test_unknown_kind_is_a_library_error():
    with pytest.raises(AwslabError):
        parse_policy(doc(allow()), "bucket")


SIZES = [
    # (fact, texts, limit kind, name, AWS's message or None)
    ("9.6 a managed policy of 6,144 characters fits", "x" * 6144, "managed", "", None),
    ("9.6 a managed policy over 6,144", "x" * 6145, "managed", "",
     "Cannot exceed quota for PolicySize: 6144"),
    ("9.6 white space outside strings is free", "x" * 6144 + " \n\t" * 100, "managed", "",
     None),
    ("9.6 user inline policies add up to 2,048", ["x" * 1024, "x" * 1025], "user", "alice",
     "Maximum policy size of 2048 bytes exceeded for user alice"),
    ("9.6 group inline policies: 5,120", "x" * 5121, "group", "Admins",
     "Maximum policy size of 5120 bytes exceeded for group Admins"),
    ("9.6 role inline policies: 10,240", "x" * 10241, "role", "App",
     "Maximum policy size of 10240 bytes exceeded for role App"),
    ("9.6 a role inline policy of 10,240 fits", "x" * 10240, "role", "App", None),
    ("9.6 a trust policy over 2,048", "x" * 2049, "trust", "",
     "Cannot exceed quota for ACLSizePerRole: 2048"),
    ("10.3 an SCP over 5,120 characters", "x" * 5121, "scp", "",
     "The SCP is 5121 characters; the maximum size is 5120 characters."),
    ("10.3 every character of an SCP counts, white space too", "x" * 5000 + " " * 121,
     "scp", "", "The SCP is 5121 characters; the maximum size is 5120 characters."),
]


@pytest.mark.parametrize("texts, kind, name, message", [c[1:] for c in SIZES],
                         ids=[c[0] for c in SIZES])
def test_size_limits(texts, kind, name, message):
    if message is None:
        assert check_size(texts, kind, name) > 0
        return
    with pytest.raises(LimitExceeded) as info:
        check_size(texts, kind, name)
    assert info.value.message == message
    assert info.value.code == "LimitExceeded"


def test_size_counting():
    assert policy_size('{ "a b" :\n [ 1 ] }') == 11
    assert policy_size('{"a\\" b": 1}') == 11
    assert check_size("x" * 4000, "trust", limit=4096) == 4000
    with pytest.raises(LimitExceeded) as info:
        check_size("x" * 5121, "rcp")
    assert info.value.extra == {"reason": "POLICY_CONTENT_LIMIT_EXCEEDED"}
    with pytest.raises(AwslabError):
        check_size("x", "bucket")
