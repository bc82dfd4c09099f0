"""The benchmark case of issue 7, shared by the tests and by ``make bench``.

A 10-statement identity policy with wildcards, a NotAction and a condition, a permissions
boundary, two SCP levels and a bucket policy, with eight requests whose decisions are
known. :func:`measure` gives decisions per second with the trace off and on.
"""
from __future__ import annotations

import time

from awslab.services.iam.policy import PolicySet, Request, evaluate, parse_policy

A = "111122223333"
V = "2012-10-17"


def _p(kind, statements, name):
    return parse_policy({"Version": V, "Statement": statements}, kind, name=name)


def build() -> tuple:
    """``(policy_set, [(request, expected EvalDecision), ...])``."""
    identity = _p("identity", [
        {"Sid": "S1", "Effect": "Allow", "Action": ["ec2:Describe*", "ec2:Get*"],
         "Resource": "*"},
        {"Sid": "S2", "Effect": "Allow", "Action": "s3:List*",
         "Resource": "arn:aws:s3:::petshop-*"},
        {"Sid": "S3", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": "arn:aws:s3:::petshop-data/*"},
        {"Sid": "S4", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"],
         "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}}},
        {"Sid": "S5", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        {"Sid": "S6", "Effect": "Allow", "Action": "logs:*",
         "Resource": f"arn:aws:logs:*:{A}:log-group:/petshop/*"},
        {"Sid": "S7", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"},
        {"Sid": "S8", "Effect": "Allow", "Action": "dynamodb:*Item",
         "Resource": f"arn:aws:dynamodb:us-east-1:{A}:table/Pets"},
        {"Sid": "S9", "Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*"},
        {"Sid": "S10", "Effect": "Allow", "Action": "sqs:Send*",
         "Resource": f"arn:aws:sqs:us-east-1:{A}:orders-?"},
    ], "Developer")
    boundary = _p("boundary", [{"Effect": "Allow", "Action": [
        "s3:*", "ec2:*", "logs:*", "cloudwatch:*", "dynamodb:*", "sqs:*"], "Resource": "*"}],
        "DeveloperBoundary")
    full = _p("scp", [{"Effect": "Allow", "Action": "*", "Resource": "*"}], "FullAWSAccess")
    guard = _p("scp", [
        {"Sid": "NoLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization",
         "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"}], "Guardrails")
    bucket = _p("resource", [
        {"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::petshop-data", "arn:aws:s3:::petshop-data/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "Reader", "Effect": "Allow",
         "Principal": {"AWS": f"arn:aws:iam::{A}:role/Reader"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::petshop-data/*"}], "petshop-data")
    policies = PolicySet(identity=[identity], boundary=boundary, resource=bucket,
                         scps=[("root", [full]), ("OU Workloads", [guard])])
    ctx = {"aws:SourceIp": "198.51.100.7", "aws:SecureTransport": True}
    cases = [("s3:GetObject", "arn:aws:s3:::petshop-data/a.csv", "allowed"),
             ("ec2:DescribeInstances", "*", "allowed"),
             ("s3:DeleteBucket", "arn:aws:s3:::petshop-data", "explicitDeny"),
             ("iam:CreateUser", f"arn:aws:iam::{A}:user/bob", "implicitDeny"),
             ("sqs:SendMessage", f"arn:aws:sqs:us-east-1:{A}:orders-1", "allowed"),
             ("dynamodb:GetItem", f"arn:aws:dynamodb:us-east-1:{A}:table/Pets", "allowed"),
             ("kms:Decrypt", f"arn:aws:kms:us-east-1:{A}:key/1", "implicitDeny"),
             ("logs:PutLogEvents", f"arn:aws:logs:us-east-1:{A}:log-group:/petshop/api",
              "allowed")]
    requests = [(Request(f"arn:aws:iam::{A}:user/alice", action, resource,
                         resource_account=A, context=ctx), expected)
                for action, resource, expected in cases]
    return policies, requests


def measure(trace: bool, seconds: float = 1.0) -> float:
    """Decisions per second on :func:`build`'s case (a fresh Request each time, as
    enforcement builds one per call)."""
    policies, cases = build()
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for request, _ in cases:
            fresh = Request(request.principal, request.action, request.resource,
                            resource_account=A, context=request.context)
            evaluate(fresh, policies, trace=trace)
        done += len(cases)
    return done / (time.perf_counter() - start)


if __name__ == "__main__":
    print(f"trace off: {measure(False, 3):,.0f} decisions/s")
    print(f"trace on:  {measure(True, 3):,.0f} decisions/s")
