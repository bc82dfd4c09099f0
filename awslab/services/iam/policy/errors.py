"""Errors of the IAM policy engine, in AWS's own codes and wording.

``MalformedPolicyDocument`` and ``LimitExceeded`` are the very classes of
:mod:`awslab.services.iam.errors` (one class per AWS error code), re-exported here so that
the policy package is self-contained for its callers. The message constants below are
AWS's wire texts (see the module docstring of :mod:`.document` for where each comes from).
"""
from __future__ import annotations

from awslab.services.iam.errors import LimitExceeded, MalformedPolicyDocument

INVALID_JSON = "This policy contains invalid Json"
SYNTAX = "Syntax errors in policy."
LEGACY = "The policy failed legacy parsing"
SHOULD_NOT_SPECIFY_PRINCIPAL = "Policy document should not specify a principal."
MUST_CONTAIN_ACTIONS = "Policy statement must contain actions."
MUST_CONTAIN_RESOURCES = "Policy statement must contain resources."
SID_UNIQUE = "Statement IDs (SID) in a single policy must be unique."
SID_ALNUM = ("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies "
             "the regular expression [0-9A-Za-z]*")
VENDOR_PREFIX = "Actions/Conditions must be prefixed by a vendor, e.g., iam, sdb, ec2, etc."
ONE_COLON = "Actions/Condition can contain only one colon."
VENDOR_WILDCARD = "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards."
VERSION_2012 = "Policy document must be version 2012-10-17 or greater."
ORG_POLICY_TYPE = ("The provided policy document does not meet the requirements of the "
                   "specified policy type.")


def missing_field(name: str) -> MalformedPolicyDocument:
    """``Missing required field X`` (e.g. a trust policy statement with no Principal)."""
    return MalformedPolicyDocument(f"Missing required field {name}")


def prohibited_field(name: str) -> MalformedPolicyDocument:
    """``Has prohibited field X`` (e.g. a trust policy statement with a Resource)."""
    return MalformedPolicyDocument(f"Has prohibited field {name}")


def invalid_principal(kind: str, value: str) -> MalformedPolicyDocument:
    """``Invalid principal in policy: "AWS":"arn:..."`` as IAM words it."""
    return MalformedPolicyDocument(f'Invalid principal in policy: "{kind}":"{value}"')


def bad_resource(resource: str) -> MalformedPolicyDocument:
    """``Resource X must be in ARN format or "*".``"""
    return MalformedPolicyDocument(f'Resource {resource} must be in ARN format or "*".')


__all__ = ["LimitExceeded", "MalformedPolicyDocument", "missing_field", "prohibited_field",
           "invalid_principal", "bad_resource"]
