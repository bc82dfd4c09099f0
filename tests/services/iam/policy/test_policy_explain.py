"""The decision trace and ``Decision.explain()``, and the benchmark case's decisions."""
import pytest

from awslab.services.iam.policy import PolicySet, Request, evaluate, parse_policy
from policy_bench_case import build
from policy_helpers import A

DEVELOPERS = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadOwnFolder", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::petshop-data/${aws:username}/*"},
    {"Sid": "OfficeOnly", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}
  ]
}"""
ALL = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'
BOUNDARY = ('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", '
            '"Action": ["s3:*", "logs:*"], "Resource": "*"}}')


def worked_example(source_ip):
    dev = parse_policy(DEVELOPERS, "identity", name="Developers",
                       source="group Developers managed")
    boundary = parse_policy(BOUNDARY, "boundary", name="DevBoundary")
    full = parse_policy(ALL, "scp", name="FullAWSAccess")
    request = Request(f"arn:aws:iam::{A}:user/alice", "s3:GetObject",
                      "arn:aws:s3:::petshop-data/alice/report.csv", resource_account=A,
                      context={"aws:SourceIp": source_ip})
    policies = PolicySet(identity=[dev], boundary=boundary,
                         scps=[("root", [full]), ("OU Workloads", [full])])
    return evaluate(request, policies)


BY = (f"s3:GetObject on arn:aws:s3:::petshop-data/alice/report.csv by "
      f"arn:aws:iam::{A}:user/alice")
EXPECTED = "\n".join([
    f"DENY (explicitDeny): {BY}",
    "Why: an explicit Deny in an identity-based policy wins over any Allow",
    "Decided by: identity-based policy Developers (group Developers managed),"
    " statement #2 \"OfficeOnly\"",
    "1. Explicit deny in any policy: deny - identity-based policy Developers (group"
    " Developers managed), statement #2 \"OfficeOnly\"",
    "2. Resource control policies (RCPs): not applicable - no RCPs (no"
    " organization, or RCPs not enabled)",
    "3. Service control policies (SCPs): neutral - 2 Allow statement(s) apply, but"
    " this layer did not decide",
    "   FullAWSAccess at root",
    "     #1 Allow: applies",
    "   FullAWSAccess at OU Workloads",
    "     #1 Allow: applies",
    "4. Resource-based policy: not applicable - no resource-based policy",
    "5. Identity-based policies: deny",
    "   Developers (group Developers managed)",
    "     #1 \"ReadOwnFolder\" Allow: applies",
    "     #2 \"OfficeOnly\" Deny: applies (aws:SourceIp 203.0.113.9 is not in"
    " 198.51.100.0/24)",
    "6. Permissions boundary: neutral - 1 Allow statement(s) apply, but this layer"
    " did not decide",
    "   DevBoundary",
    "     #1 Allow: applies",
    "7. Session policies: not applicable - not a session",
])


def test_worked_example_explained():
    decision = worked_example("203.0.113.9")
    assert decision.explain() == EXPECTED
    assert (decision.eval_decision, decision.layer, decision.policy) == (
        "explicitDeny", "identity", "Developers")
    assert (decision.statement.sid, decision.statement.start) == ("OfficeOnly", (6, 5))
    assert (decision.organizations_decision, decision.boundary_decision) == (True, True)


def test_worked_example_from_the_office():
    decision = worked_example("198.51.100.20")
    assert decision.allowed and decision.statement.sid == "ReadOwnFolder"
    lines = decision.explain().splitlines()
    assert lines[1] == "Why: an identity-based policy allows s3:GetObject"
    assert ('     #2 "OfficeOnly" Deny: does not apply: NotIpAddress: aws:SourceIp '
            '198.51.100.20 is in 198.51.100.0/24') in lines


def test_trace_has_one_step_per_layer():
    decision = worked_example("198.51.100.20")
    assert [s.layer for s in decision.trace] == ["deny", "rcp", "scp", "resource",
                                                 "identity", "boundary", "session"]
    identity = decision.step("identity")
    (policy,) = identity.policies
    first = policy.statements[0]
    assert first.action.matched and first.resource.matched and first.principal is None
    assert "matches Resource arn:aws:s3:::petshop-data/${aws:username}/*" in first.resource.why
    assert decision.step("scp").outcome == "allow"
    fast = evaluate(Request(f"arn:aws:iam::{A}:user/alice", "s3:GetObject", "*"),
                    PolicySet(), trace=False)
    assert fast.trace == () and fast.explain().startswith("DENY (implicitDeny)")


def test_explanations_are_deterministic():
    assert worked_example("203.0.113.9").explain() == worked_example("203.0.113.9").explain()


POLICIES, CASES = build()


@pytest.mark.parametrize("request_, expected", CASES, ids=[c[0].action for c in CASES])
def test_benchmark_case_decisions(request_, expected):
    traced = evaluate(request_, POLICIES)
    assert traced.eval_decision == expected
    assert evaluate(request_, POLICIES, trace=False) == traced
