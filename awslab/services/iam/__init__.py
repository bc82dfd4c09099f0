"""AWS IAM (global): users, groups, roles, managed and inline policies, permissions
boundaries, identity providers, MFA devices, the policy simulator, and the enforcement of
every call through the lab.

Beside the boto3 operations (``OPERATIONS``), notebooks use:

* :func:`explain` -- the decision (with its trace) the lab would make for a principal,
  action and resource: ``print(explain(lab, arn, "s3:GetObject", obj_arn).explain())``;
* :func:`mfa_code` -- the current code of a virtual MFA device (the lab's authenticator);
* :func:`authorize` -- the lab's hook that authorises every call (not for notebooks).

The policy language and evaluation logic live in the pure sub-package
:mod:`awslab.services.iam.policy`.
"""
from awslab.services.iam.directory import bootstrap_user, mfa_code
from awslab.services.iam.enforce import authorize, explain
from awslab.services.iam.handoff import receive
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.resources import CONDITION_KEYS, RESOURCES
from awslab.services.iam.state import State

GLOBAL = True

__all__ = ["CONDITION_KEYS", "GLOBAL", "OPERATIONS", "RESOURCES", "State", "authorize",
           "bootstrap_user", "explain", "mfa_code", "receive"]
