"""Properties of the engine, checked on generated policies and requests (hypothesis)."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslab.services.iam.policy import (KINDS, LimitExceeded, MalformedPolicyDocument,
                                        PolicySet, check_size, evaluate, parse_policy)
from policy_helpers import A, B, FED, OBJ, ROOT_A, SESSION, USER, USER_B, V, req

SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------- arbitrary documents

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | \
    st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) |
                           st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=20)
WORDS = ["Version", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action",
         "NotAction", "Resource", "NotResource", "Condition", "Id", "AWS", "Service",
         "Allow", "Deny", "*", "s3:*", "s3:Get*", "arn:aws:s3:::b/*", V, "2008-10-17",
         "StringEquals", "ForAllValues:StringLike", "NullIfExists", "aws:SourceIp",
         "IpAddress", "${aws:username}", A, f"arn:aws:iam::{A}:user/u", "NumericLessThan",
         "DateGreaterThan", "BinaryEquals", "ArnLike", "Bool", "true", "10.0.0.0/8"]
words = st.sampled_from(WORDS)
grammar_values = st.recursive(
    words | json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=4),
    max_leaves=25)
documents = st.dictionaries(words, grammar_values, max_size=4) | json_values


@SETTINGS
@given(document=documents, kind=st.sampled_from(KINDS))
def test_parser_only_raises_malformed_policy_document(document, kind):
    for value in (document, json.dumps(document)):
        try:
            parse_policy(value, kind)
        except MalformedPolicyDocument:
            pass


@SETTINGS
@given(text=st.text(max_size=200), kind=st.sampled_from(KINDS))
def test_parser_on_arbitrary_text(text, kind):
    try:
        parse_policy(text, kind)
    except MalformedPolicyDocument:
        pass
    try:
        check_size(text, "managed")
    except LimitExceeded:
        pass


# ------------------------------------------------------------- generated policy sets

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "ec2:*", "*", "iam:*", "s3:PutObject"]
RESOURCES = ["*", OBJ, "arn:aws:s3:::data/*", "arn:aws:s3:::other/*", "arn:aws:s3:::data"]
CONDITIONS = [None, {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
              {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
              {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}},
              {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}]
PRINCIPALS = ["*", {"AWS": USER}, {"AWS": A}, {"AWS": SESSION}, {"AWS": B},
              {"AWS": f"arn:aws:iam::{A}:role/Dev"}, {"AWS": FED}]


@st.composite
def statements(draw, principal=False, allow_only=False):
    out = {"Effect": "Allow" if allow_only else draw(st.sampled_from(["Allow", "Deny"]))}
    key = draw(st.sampled_from(["Action", "Action", "NotAction"]))
    out[key] = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2))
    out["Resource"] = draw(st.sampled_from(RESOURCES))
    cond = draw(st.sampled_from(CONDITIONS))
    if cond:
        out["Condition"] = cond
    if principal:
        out["Principal"] = draw(st.sampled_from(PRINCIPALS))
    return out


def policy(kind, stmts, name):
    return parse_policy({"Version": V, "Statement": stmts}, kind, name=name)


@st.composite
def policy_sets(draw):
    def maybe(kind, principal=False):
        stmts = draw(st.lists(statements(principal), min_size=1, max_size=3))
        return policy(kind, stmts, kind)

    identity = [maybe("identity") for _ in range(draw(st.integers(0, 2)))]
    boundary = maybe("boundary") if draw(st.booleans()) else None
    session = [maybe("session")] if draw(st.booleans()) else None
    resource = maybe("resource", principal=True) if draw(st.booleans()) else None
    scps = None
    if draw(st.booleans()):
        scps = [[maybe("scp")] for _ in range(draw(st.integers(1, 2)))]
    return PolicySet(identity=identity, boundary=boundary, session=session,
                     resource=resource, scps=scps,
                     management_account=draw(st.booleans()))


@st.composite
def requests(draw):
    principal = draw(st.sampled_from([USER, SESSION, FED, ROOT_A, USER_B]))
    context = {}
    if draw(st.booleans()):
        context["aws:SourceIp"] = draw(st.sampled_from(["10.1.2.3", "192.0.2.1"]))
    if draw(st.booleans()):
        context["aws:MultiFactorAuthPresent"] = draw(st.booleans())
    if draw(st.booleans()):
        context["aws:RequestedRegion"] = draw(st.sampled_from(["eu-west-1", "us-east-1"]))
    if draw(st.booleans()):
        context["aws:TagKeys"] = draw(st.lists(st.sampled_from(["env", "team"]), max_size=2))
    kw = {"role_arn": USER} if principal == FED else {}
    return req(principal, draw(st.sampled_from(["s3:GetObject", "ec2:RunInstances",
                                                "iam:CreateUser", "s3:PutObject"])),
               draw(st.sampled_from([OBJ, "arn:aws:s3:::other/x", "*"])), context=context,
               **kw)


@SETTINGS
@given(ps=policy_sets(), request=requests())
def test_trace_on_and_off_agree_and_evaluation_is_deterministic(ps, request):
    first = evaluate(request, ps)
    again = evaluate(request, ps)
    fast = evaluate(request, ps, trace=False)
    assert first == again == fast
    assert first.explain() == again.explain()
    assert first.missing_context_values == again.missing_context_values
    assert first.allowed is (first.eval_decision == "allowed")


def _with_deny(ps: PolicySet, action: str) -> PolicySet:
    deny = {"Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*"}
    if ps.resource is None:
        resource = policy("resource", [deny], "deny")
    else:
        resource = policy("resource", list(ps.resource.document["Statement"]) + [deny],
                          "resource+deny")
    return PolicySet(identity=ps.identity, boundary=ps.boundary, session=ps.session,
                     resource=resource, scps=ps.scps,
                     management_account=ps.management_account)


@SETTINGS
@given(ps=policy_sets(), request=requests(), extra=statements())
def test_an_explicit_deny_never_turns_a_deny_into_an_allow(ps, request, extra):
    before = evaluate(request, ps, trace=False)
    denied = evaluate(request, _with_deny(ps, request.action), trace=False)
    assert denied.eval_decision == "explicitDeny"
    extra = dict(extra, Effect="Deny")
    more = PolicySet(identity=list(ps.identity) + [policy("identity", [extra], "more")],
                     boundary=ps.boundary, session=ps.session, resource=ps.resource,
                     scps=ps.scps, management_account=ps.management_account)
    after = evaluate(request, more, trace=False)
    if not before.allowed:
        assert not after.allowed
    if before.eval_decision == "explicitDeny":
        assert after.eval_decision == "explicitDeny"
