"""Actions, ARNs, principals (aws-facts 9.3) and policy variables (9.5)."""
import pytest

from awslab.services.iam.policy import MalformedPolicyDocument, action_matches, arn_matches
from awslab.services.iam.policy.matching import (ACCOUNT, ANYONE, PARENT, SELF, Caller,
                                                 principal_match)
from awslab.services.iam.policy.document import parse_principals
from awslab.services.iam.policy.variables import parse_template, resolve
from awslab.services.iam.policy.context import Context
from policy_helpers import (A, B, FED, OBJ, ROLE, ROOT_A, SESSION, USER, V, allow, decide,
                            pol, req)

ACTIONS = [
    ("9.3 actions are case-insensitive", "iam:ListAccessKeys", "IAM:listaccesskeys", True),
    ("9.3 * inside the name", "iam:*AccessKey*", "iam:ListAccessKeys", True),
    ("9.3 prefix wildcard", "iam:Get*", "iam:GetUser", True),
    ("9.3 suffix wildcard", "iam:*Report", "iam:GenerateCredentialReport", True),
    ("9.3 ? is one character", "s3:Get?bject", "s3:GetObject", True),
    ("9.3 ? is not two", "s3:Get?", "s3:GetOb", False),
    ("* matches every action", "*", "ec2:RunInstances", True),
    ("service:* covers only that service", "s3:*", "s3express:CreateSession", False),
    ("the vendor must match", "iam:Get*", "s3:GetObject", False),
]


@pytest.mark.parametrize("pattern, action, expected", [c[1:] for c in ACTIONS],
                         ids=[c[0] for c in ACTIONS])
def test_actions(pattern, action, expected):
    assert action_matches(pattern, action) is expected


ARNS = [
    ("* matches any resource", "*", OBJ, True),
    ("* runs across / in the resource part", "arn:aws:s3:::data/*", "arn:aws:s3:::data/a/b/c",
     True),
    ("a bucket pattern does not match its objects", "arn:aws:s3:::data", OBJ, False),
    ("an object pattern does not match the bucket", "arn:aws:s3:::data/*", "arn:aws:s3:::data",
     False),
    ("bucket* matches the bucket and its objects", "arn:aws:s3:::data*", OBJ, True),
    ("resources are case-sensitive", "arn:aws:s3:::Data/*", OBJ, False),
    ("* in a segment matches an empty region and account", "arn:aws:s3:*:*:data/*", OBJ, True),
    ("an empty region in the pattern only matches an empty region",
     f"arn:aws:ec2::{A}:instance/*", f"arn:aws:ec2:us-east-1:{A}:instance/i-1", False),
    ("* does not cross a segment", f"arn:aws:sqs:*:{A}:q",
     f"arn:aws:sqs:us-east-1:{B}:{A}:q", False),
    ("wildcards in every segment but the service", "arn:*:ec2:*:*:instance/*",
     f"arn:aws:ec2:eu-west-1:{B}:instance/i-1", True),
    ("the resource type must match", f"arn:aws:ec2:*:{A}:instance/*",
     f"arn:aws:ec2:us-east-1:{A}:volume/vol-1", False),
    ("? in the account segment", "arn:aws:sqs:us-east-1:11112222333?:q",
     f"arn:aws:sqs:us-east-1:{A}:q", True),
    ("the resource part may hold colons", f"arn:aws:logs:*:{A}:log-group:/app/*",
     f"arn:aws:logs:us-east-1:{A}:log-group:/app/api:log-stream:x", True),
    ("a request for * only matches the pattern *", "arn:aws:s3:::*", "*", False),
    ("a short pattern ending in * matches as a whole", "arn:aws:*", OBJ, True),
]


@pytest.mark.parametrize("pattern, arn, expected", [c[1:] for c in ARNS],
                         ids=[c[0] for c in ARNS])
def test_arns(pattern, arn, expected):
    assert arn_matches(pattern, arn) is expected


USER_C = Caller(USER, A, "IAMUser", None)
SESSION_C = Caller(SESSION, A, "AssumedRole", ROLE)
FED_C = Caller(FED, A, "FederatedUser", USER)
ROOT_C = Caller(ROOT_A, A, "Root", None)
PRINCIPALS = [
    ("the user ARN names the user", {"AWS": USER}, USER_C, SELF),
    ("the account ID names the account", {"AWS": A}, USER_C, ACCOUNT),
    ("the account root ARN names the account", {"AWS": ROOT_A}, USER_C, ACCOUNT),
    ("another account does not name it", {"AWS": B}, USER_C, None),
    ("the session ARN names the session", {"AWS": SESSION}, SESSION_C, SELF),
    ("the role ARN names the session's role", {"AWS": ROLE}, SESSION_C, PARENT),
    ("another session of the role is not this one",
     {"AWS": f"arn:aws:sts::{A}:assumed-role/Dev/other"}, SESSION_C, None),
    ("the federated user ARN", {"AWS": FED}, FED_C, SELF),
    ("the IAM user behind a federated session", {"AWS": USER}, FED_C, PARENT),
    ("the account root ARN names the root user", {"AWS": ROOT_A}, ROOT_C, SELF),
    ("* names everyone", "*", USER_C, ANYONE),
    ('{"AWS": "*"} names everyone', {"AWS": "*"}, SESSION_C, ANYONE),
    ("a service principal", {"Service": "ec2.amazonaws.com"},
     Caller("ec2.amazonaws.com", None, "Service", None), SELF),
    ("an AWS principal does not name a service", {"AWS": ROOT_A},
     Caller("ec2.amazonaws.com", None, "Service", None), None),
    ("a federated identity provider", {"Federated": "cognito-identity.amazonaws.com"},
     Caller("cognito-identity.amazonaws.com", None, "WebIdentity", None), SELF),
]


@pytest.mark.parametrize("element, caller, expected", [c[1:] for c in PRINCIPALS],
                         ids=[c[0] for c in PRINCIPALS])
def test_principals(element, caller, expected):
    assert principal_match(parse_principals(element), caller) == expected


def resolved(text, context):
    pieces = resolve(parse_template(text), Context(context).get)
    return None if pieces is None else "".join(t for t, _ in pieces)


VARIABLES = [
    ("aws:username", "home/${aws:username}/*", {"aws:username": "alice"}, "home/alice/*"),
    ("keys are case-insensitive", "${AWS:UserName}", {"aws:username": "alice"}, "alice"),
    ("a principal tag", "${aws:PrincipalTag/team}", {"aws:PrincipalTag/team": "blue"}, "blue"),
    ("a service key", "${s3:prefix}", {"s3:prefix": "docs/"}, "docs/"),
    ("a Cognito key", "${cognito-identity.amazonaws.com:sub}",
     {"cognito-identity.amazonaws.com:sub": "us-east-1:123"}, "us-east-1:123"),
    ("a default value when absent", "${aws:PrincipalTag/team, 'company-wide'}", {},
     "company-wide"),
    ("the default is not used when present", "${aws:PrincipalTag/team, 'company-wide'}",
     {"aws:PrincipalTag/team": "blue"}, "blue"),
    ("special characters", "a${*}b${?}c${$}", {}, "a*b?c$"),
    ("an absent key without a default", "${aws:username}", {}, None),
    ("a multivalued key cannot be a variable", "${aws:TagKeys}", {"aws:TagKeys": ["a", "b"]},
     None),
]


@pytest.mark.parametrize("text, context, expected", [c[1:] for c in VARIABLES],
                         ids=[c[0] for c in VARIABLES])
def test_variables(text, context, expected):
    assert resolved(text, context) == expected


HOME = "arn:aws:s3:::home/${aws:username}/*"
IN_POLICY = [
    ("9.5 a variable in Resource", V, HOME, USER, "arn:aws:s3:::home/alice/x", True),
    ("9.5 another user's folder", V, HOME, USER, "arn:aws:s3:::home/bob/x", False),
    ("9.5 variables need Version 2012-10-17 (2008: literal text)", "2008-10-17", HOME, USER,
     "arn:aws:s3:::home/alice/x", False),
    ("9.5 2008-10-17 matches the literal text", "2008-10-17", HOME, USER,
     "arn:aws:s3:::home/${aws:username}/x", True),
    ("9.5 role sessions have no aws:username: the statement does not apply", V, HOME,
     SESSION, "arn:aws:s3:::home/s1/x", False),
    ("9.5 substituted text is literal: * in a name is no wildcard", V,
     "arn:aws:s3:::home/${aws:PrincipalTag/dir}/x", USER, "arn:aws:s3:::home/abc/x", False),
]


@pytest.mark.parametrize("version, resource, principal, target, expected",
                         [c[1:] for c in IN_POLICY], ids=[c[0] for c in IN_POLICY])
def test_variables_in_policies(version, resource, principal, target, expected):
    policy = pol("identity", allow("s3:GetObject", resource), version=version)
    request = req(principal, resource=target, principal_tags={"dir": "a*"})
    assert decide(request, identity=[policy]).allowed is expected


def test_variables_in_conditions():
    cond = {"StringLike": {"s3:prefix": ["${aws:username}/*", "shared/*"]}}
    policy = pol("identity", allow("s3:ListBucket", "arn:aws:s3:::home", Condition=cond))
    target = "arn:aws:s3:::home"
    assert decide(req(action="s3:ListBucket", resource=target,
                      context={"s3:prefix": "alice/docs"}), identity=[policy]).allowed
    assert not decide(req(action="s3:ListBucket", resource=target,
                          context={"s3:prefix": "bob/docs"}), identity=[policy]).allowed
    # a role session has no aws:username: the condition cannot be resolved, so the
    # statement does not apply, even for the value that needs no variable
    d = decide(req(SESSION, action="s3:ListBucket", resource=target,
                   context={"s3:prefix": "shared/x"}), identity=[policy])
    assert not d.allowed and "aws:username" in d.missing_context_values
    null = pol("identity", allow(Condition={"Null": {"aws:x": "${aws:username}"}}))
    assert not decide(req(), identity=[null]).allowed    # no variables inside Null


def test_actions_take_no_variables():
    with pytest.raises(MalformedPolicyDocument, match="only one colon"):
        pol("identity", allow("s3:${aws:username}"))
    policy = pol("identity", allow("s3:Get${x}"))
    assert not decide(req(action="s3:Getalice", context={"x": "alice"}),
                      identity=[policy]).allowed
    assert decide(req(action="s3:Get${x}"), identity=[policy]).allowed


def test_userid_and_tags_from_the_request():
    cond = {"StringEquals": {"aws:userid": "AIDAEXAMPLE", "aws:PrincipalTag/team": "blue"}}
    policy = pol("identity", allow(Condition=cond))
    assert decide(req(user_id="AIDAEXAMPLE", principal_tags={"team": "blue"}),
                  identity=[policy]).allowed
