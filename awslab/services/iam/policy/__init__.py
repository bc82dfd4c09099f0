"""The IAM policy engine: the policy language and the full evaluation logic.

A pure package (no lab state, no boto3): parse a policy once, evaluate requests many
times, and get a decision that says which layer, policy and statement decided, with a
trace of every layer for learners.

>>> from awslab.services.iam.policy import parse_policy, Request, PolicySet, evaluate
>>> admin = parse_policy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",'
...                      ' "Action": "*", "Resource": "*"}]}', "identity", name="Admin")
>>> req = Request("arn:aws:iam::111122223333:user/alice", "s3:GetObject",
...               "arn:aws:s3:::bucket/key")
>>> evaluate(req, PolicySet(identity=[admin])).eval_decision
'allowed'

Modules: :mod:`.document` (parse and validate) with :mod:`.elements` (element checks)
and :mod:`.index` (a policy's statements by action),
:mod:`.conditions` (the Condition element) with :mod:`.operators` (operator families),
:mod:`.variables` (``${...}``), :mod:`.matching` (actions, ARNs, principals),
:mod:`.context` (request condition keys), :mod:`.caller` (what a principal ARN says),
:mod:`.request` (Request, PolicySet), :mod:`.statements` (one statement against a
request), :mod:`.plan` (a policy set's layers, per caller type and action),
:mod:`.scan` (the statements that applied to a request), :mod:`.evaluate` (the flow),
:mod:`.decision` (the answer and its trace), :mod:`.limits` (size quotas),
:mod:`.errors` (AWS error classes and wordings).
"""
from awslab.services.iam.policy.context import Context
from awslab.services.iam.policy.decision import (ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY,
                                                 Decision, MatchedStatement, PolicyTrace,
                                                 TraceStep)
from awslab.services.iam.policy.document import KINDS, Policy, Statement, parse_policy
from awslab.services.iam.policy.errors import LimitExceeded, MalformedPolicyDocument
from awslab.services.iam.policy.evaluate import evaluate
from awslab.services.iam.policy.limits import LIMITS, check_size, policy_size
from awslab.services.iam.policy.matching import action_matches, arn_matches
from awslab.services.iam.policy.request import OrgLevel, PolicySet, Request

__all__ = ["ALLOWED", "EXPLICIT_DENY", "IMPLICIT_DENY", "KINDS", "LIMITS", "Context",
           "Decision", "LimitExceeded", "MalformedPolicyDocument", "MatchedStatement",
           "OrgLevel", "Policy", "PolicySet", "PolicyTrace", "Request", "Statement",
           "TraceStep", "action_matches", "arn_matches", "check_size", "evaluate",
           "parse_policy", "policy_size"]
