"""The trace-off path (issue 7): the action index, the plan kept per policy set and the
short cuts of the scan give exactly the trace's decisions.

The generated requests run against the benchmark case's own policy objects, so what the
engine remembers between decisions (resolved actions, condition outcomes, matched
statements, plans) is shared by every example, as it is between calls in the lab.
"""
import dataclasses
import inspect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslab.services.iam.policy import (Decision, PolicySet, Request, evaluate,
                                        parse_policy)
from awslab.services.iam.policy.context import Context
from awslab.services.iam.policy.index import action_hit
from awslab.services.iam.policy.scan import Scan
from policy_bench_case import build
from policy_helpers import A, B, USER, V, allow, deny, pol

POLICIES, CASES = build()
SETTINGS = settings(max_examples=400, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------- the benchmark's policies

FULL = POLICIES.scp_levels[0].policies[0]
MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
VARIANTS = [
    POLICIES,
    dataclasses.replace(POLICIES, management_account=True),
    dataclasses.replace(POLICIES, resource_policy_required=True),
    dataclasses.replace(POLICIES, scps=None, resource_account=B),
    dataclasses.replace(POLICIES, boundary=None, session=[pol("session", allow("s3:*"))]),
    # an SCP level that allows only some services: its gap is known from the action
    dataclasses.replace(POLICIES, scps=[("root", [FULL]), ("OU", [pol("scp", allow(
        ["s3:*", "logs:*"]))])]),
    # Allow statements with conditions in the boundary, an SCP level and an RCP level
    dataclasses.replace(
        POLICIES, boundary=pol("boundary", allow("s3:*", "arn:aws:s3:::petshop-*"),
                               allow(["ec2:*", "logs:*"], Condition=MFA)),
        scps=[("root", [FULL]), ("OU", [pol("scp", allow("*", Condition=MFA),
                                             allow("s3:*", "arn:aws:s3:::petshop-data*"))])],
        rcps=[("root", [pol("rcp", allow("*", Principal="*"))]),
              ("account", [pol("rcp", deny("s3:*", Principal="*", Condition={
                  "BoolIfExists": {"aws:SecureTransport": "false"}}))])]),
]
PRINCIPALS = [f"arn:aws:iam::{A}:user/alice", f"arn:aws:sts::{A}:assumed-role/Reader/s1",
              f"arn:aws:sts::{A}:assumed-role/Dev/s2", f"arn:aws:sts::{A}:federated-user/fed",
              f"arn:aws:iam::{A}:root", f"arn:aws:iam::{B}:user/bob", "s3.amazonaws.com"]
ACTIONS = [request.action for request, _ in CASES] + [
    "S3:GETOBJECT", "s3:ListBucket", "s3:PutObject", "s3:DeleteObject", "ec2:GetConsoleOutput",
    "ec2:TerminateInstances", "EC2:terminateinstances", "organizations:LeaveOrganization",
    "iam:PassRole", "logs:CreateLogGroup", "sqs:SendMessageBatch", "dynamodb:PutItem",
    "dynamodb:Query", "cloudwatch:PutMetricData", "sts:AssumeRole", "ſ3:GetObject"]
RESOURCES = [request.resource for request, _ in CASES] + [
    "*", "arn:aws:s3:::petshop-data/alice/report.csv", "arn:aws:s3:::petshop-logs",
    "arn:aws:s3:::petshop-logs/x", "arn:aws:s3:::other", f"arn:aws:sqs:us-east-1:{A}:orders-12",
    f"arn:aws:logs:eu-west-1:{A}:log-group:/petshop/web", f"arn:aws:dynamodb:us-east-1:{B}:table/Pets"]
CONTEXT_KEYS = {
    "aws:SourceIp": st.sampled_from(["198.51.100.7", "203.0.113.200", "192.0.2.1",
                                     "2001:db8::1", "not-an-ip"]),
    "AWS:sourceip": st.sampled_from(["203.0.113.9", "10.0.0.1"]),
    "aws:SecureTransport": st.sampled_from([True, False, "false", "TRUE"]),
    "aws:MultiFactorAuthPresent": st.booleans(),
}


@st.composite
def requests(draw):
    context = {key: draw(values) for key, values in CONTEXT_KEYS.items()
               if draw(st.booleans())}
    principal = draw(st.sampled_from(PRINCIPALS))
    kw = {"role_arn": USER} if "federated-user" in principal else {}
    return Request(principal, draw(st.sampled_from(ACTIONS)), draw(st.sampled_from(RESOURCES)),
                   resource_account=draw(st.sampled_from([A, B, None])), context=context,
                   principal_tags=draw(st.sampled_from([{}, {"team": "pets"}])),
                   is_service_linked_role=draw(st.booleans()) and draw(st.booleans()), **kw)


def _fresh(request: Request) -> Request:
    return dataclasses.replace(request)


@pytest.mark.parametrize("request_, expected", CASES, ids=[c[0].action for c in CASES])
def test_benchmark_case_trace_off_equals_trace_on(request_, expected):
    for _ in range(3):                       # cold, then with everything remembered
        fast = evaluate(_fresh(request_), POLICIES, trace=False)
        traced = evaluate(_fresh(request_), POLICIES, trace=True)
        assert fast == traced and fast.eval_decision == expected
        assert fast.allowed is (expected == "allowed") and fast.trace == ()


@SETTINGS
@given(request=requests(), variant=st.sampled_from(range(len(VARIANTS))))
def test_generated_requests_trace_off_equals_trace_on(request, variant):
    policies = VARIANTS[variant]
    fast = evaluate(_fresh(request), policies, trace=False)
    traced = evaluate(_fresh(request), policies, trace=True)
    cold = evaluate(_fresh(request), dataclasses.replace(policies), trace=False)
    assert fast == traced == cold
    assert fast.explain().splitlines()[:2] == traced.explain().splitlines()[:2]


def test_trace_off_does_not_match_what_an_explicit_deny_decided_before():
    request = next(r for r, expected in CASES if expected == "explicitDeny")
    fast, traced = Scan(_fresh(request), POLICIES, False), Scan(_fresh(request), POLICIES, True)
    assert [n for n, _ in fast.denies] == [n for n, _ in traced.denies] == ["identity"]
    assert traced.allows["identity"] and not fast.allows["identity"]   # S4, not matched
    assert fast.allows["scp"] and fast.allows["boundary"]               # still reported


# ------------------------------------------------------------- the action index

INDEXED = pol("identity", allow("s3:Get*"), allow(["ec2:*", "S3:putobject"]),
              deny("s3:DeleteBucket"), allow(None, NotAction="iam:*"), allow("*"),
              deny("iam:Create?ser"))


@pytest.mark.parametrize("action, expected", [
    ("s3:GetObject", [0, 1, 2, 3, 4]), ("EC2:RunInstances", [1, 3, 4]),
    ("kms:Decrypt", [3, 4]), ("iam:CreateUser", [3, 4, 5]), ("ſ3:GetObject", [0, 1, 2, 3, 4, 5]),
])
def test_index_candidates_by_service(action, expected):
    assert [s.index for s in INDEXED.index.candidates(action)] == expected


@pytest.mark.parametrize("action", ACTIONS + ["iam:CreateUser", "IAM:createuser", "s3", "*",
                                              "s3:", ":GetObject", "s3:put\nobject"])
def test_index_lookup_is_action_hit_on_every_statement(action):
    allows, denies = INDEXED.index.lookup(action)
    hits = [s for s in INDEXED.statements if action_hit(s, action)]
    assert allows == tuple(s for s in hits if s.effect == "Allow")
    assert denies == tuple(s for s in hits if s.effect == "Deny")
    assert INDEXED.index.lookup(action) is INDEXED.index.lookup(action)


def test_named_copies_share_the_index_and_keep_their_own_matched_statements():
    copy = INDEXED.named("Other", "group G")
    assert copy.index is INDEXED.index and copy.cache is not INDEXED.cache
    rebuilt = dataclasses.replace(INDEXED, statements=INDEXED.statements[:2])
    assert [s.index for s in rebuilt.index.candidates("kms:Decrypt")] == []


@pytest.mark.parametrize("kind, statement, expected", [
    ("identity", allow("s3:*"), "applies"),
    ("identity", allow("s3:*", "arn:aws:s3:::b/*"), None),
    ("identity", allow("s3:*", ["arn:aws:s3:::b/*", "*"]), "applies"),
    ("identity", allow("s3:*", None, NotResource="arn:aws:s3:::b/*"), None),
    ("identity", allow("s3:*", Condition={"Bool": {"aws:SecureTransport": "true"}}), None),
    ("resource", allow("s3:*", Principal="*"), "anyone"),
    ("resource", allow("s3:*", Principal={"AWS": A}), None),
    ("resource", deny("s3:*", NotPrincipal={"AWS": A}), None),
    ("trust", allow("sts:AssumeRole", None, Principal="*"), "anyone"),
])
def test_unconditional_statements(kind, statement, expected):
    parsed = pol(kind, statement).statements[0]
    assert parsed.unconditional == expected
    assert parsed.deny is (statement["Effect"] == "Deny")


# ------------------------------------------------------------- requests and their context

def test_the_callers_keys_are_added_only_when_a_lookup_needs_one():
    calls = []

    def defaults(ctx, *arguments):
        calls.append(arguments)
        ctx.setdefault("aws:username", "alice")
        ctx.setdefault("aws:SourceIp", "10.0.0.1")          # given: the request's wins

    ctx = Context({"aws:SourceIp": "192.0.2.1", "AWS:sourceip": "198.51.100.7",
                   "aws:TagKeys": ["a"], "aws:X": "1", "AWS:x": None}, defaults, ("facts",))
    assert ctx.get("aws:sourceip") == ("198.51.100.7",) and calls == []
    assert ctx.get("aws:username") == ("alice",) and calls == [("facts",)]
    assert ctx.get("aws:x") is None and ctx.name("aws:x") == "aws:x"
    assert ctx.name("aws:sourceip") == "AWS:sourceip" and ctx.get("aws:tagkeys") == ("a",)
    assert ctx.as_dict() == {"AWS:sourceip": ("198.51.100.7",), "aws:TagKeys": ("a",),
                             "aws:username": ("alice",)}
    assert calls == [("facts",)]


def test_a_request_derives_its_keys_once_and_stays_immutable():
    request = Request(f"arn:aws:sts::{A}:assumed-role/Dev/s1", "s3:GetObject",
                      context={"aws:SourceIp": "192.0.2.1"}, principal_tags={"team": "x"})
    assert request.ctx is request.ctx and request.caller is request.caller
    assert request.ctx.get("aws:principalarn") == (f"arn:aws:iam::{A}:role/Dev",)
    assert request.ctx.get("aws:principaltag/team") == ("x",)
    assert (request.kind, request.account, request.parent_arn) == (
        "AssumedRole", A, f"arn:aws:iam::{A}:role/Dev")
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.action = "s3:PutObject"
    again = dataclasses.replace(request, action="s3:PutObject")
    assert again.action == "s3:PutObject" and again.context == request.context
    assert Request(USER, "s3:GetObject") == Request(USER, "s3:GetObject", "*", context={})


@pytest.mark.parametrize("cls", [Request, Decision])
def test_hand_written_constructors_take_the_dataclass_fields(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, f in zip(params, fields):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        assert (param.default is inspect.Parameter.empty) is required


def test_a_policy_set_plans_once_per_caller_type():
    policies = PolicySet(identity=[parse_policy({"Version": V, "Statement": [
        allow("s3:*")]}, "identity", name="S3")])
    evaluate(Request(USER, "s3:GetObject", resource_account=A), policies, trace=False)
    evaluate(Request(USER, "ec2:RunInstances", resource_account=A), policies, trace=False)
    evaluate(Request(f"arn:aws:iam::{A}:root", "s3:GetObject"), policies, trace=False)
    assert sorted(policies.plans) == [("IAMUser", False), ("Root", False)]
    assert sorted(policies.plans[("IAMUser", False)].memo) == ["ec2:RunInstances",
                                                               "s3:GetObject"]
