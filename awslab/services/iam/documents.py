"""Policy documents: the first, minimal parse and action check (superseded).

IAM's operations now validate every document with the policy engine
(:func:`awslab.services.iam.policy.parse_policy`) and enforcement evaluates with its full
logic (:mod:`awslab.services.iam.enforce`); nothing in the lab calls this module any more.
It is kept, with its signatures, for code written against the first version.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from awslab.services.iam.errors import MalformedPolicyDocument

VERSIONS = ("2012-10-17", "2008-10-17")


def parse_policy_document(text: str, trust: bool = False) -> dict:
    """Parse a policy (``trust=True``: a role trust policy) as IAM validates it.

    Raises
    ------
    MalformedPolicyDocument
        "This policy contains invalid Json" for text that is not JSON, "Syntax errors in
        policy." for JSON that is not a policy.
    """
    try:
        doc = json.loads(text)
    except ValueError:
        raise MalformedPolicyDocument("This policy contains invalid Json") from None
    if not isinstance(doc, dict) or "Statement" not in doc:
        raise MalformedPolicyDocument("Syntax errors in policy.")
    if "Version" in doc and doc["Version"] not in VERSIONS:
        raise MalformedPolicyDocument("The policy failed legacy parsing")
    statements = doc["Statement"]
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list) or not statements:
        raise MalformedPolicyDocument("Syntax errors in policy.")
    for stmt in statements:
        if not isinstance(stmt, dict) or stmt.get("Effect") not in ("Allow", "Deny"):
            raise MalformedPolicyDocument("Syntax errors in policy.")
        if "Action" not in stmt and "NotAction" not in stmt:
            raise MalformedPolicyDocument("Policy statement must contain actions.")
        if trust and "Principal" not in stmt and "NotPrincipal" not in stmt:
            raise MalformedPolicyDocument("Missing required field Principal")
        if trust and ("Resource" in stmt or "NotResource" in stmt):
            raise MalformedPolicyDocument("Has prohibited field Resource")
    return doc


@lru_cache(maxsize=1024)
def _action_pattern(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                              for c in pattern), re.IGNORECASE)


def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _covers(stmt: dict, action: str) -> bool:
    if "Action" in stmt:
        return any(_action_pattern(a).fullmatch(action) for a in _listed(stmt["Action"]))
    return not any(_action_pattern(a).fullmatch(action) for a in _listed(stmt["NotAction"]))


def statements_allow(documents: list[dict], action: str) -> bool:
    """Whether identity policies allow ``action``: an explicit Deny wins, else any Allow.

    Resources and conditions are not evaluated yet (the policy engine will).
    """
    allowed = False
    for doc in documents:
        statements = doc.get("Statement", [])
        for stmt in [statements] if isinstance(statements, dict) else statements:
            if _covers(stmt, action):
                if stmt.get("Effect") == "Deny":
                    return False
                allowed = True
    return allowed
