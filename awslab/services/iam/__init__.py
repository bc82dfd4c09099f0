"""AWS IAM (global): roles, AWS managed policies and instance profiles.

Enough for instance profiles and the CloudWatch agent; the policy language and the full
evaluation logic arrive with the IAM engine, which extends this package.
"""
from awslab.services.iam.handoff import receive
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.state import State

GLOBAL = True

__all__ = ["GLOBAL", "OPERATIONS", "State", "receive"]
