"""IAM error codes (HTTP status as in the IAM service model) with AWS's default wording."""
from __future__ import annotations

from awslab.errors import error_class

NoSuchEntity = error_class("NoSuchEntity", 404)
EntityAlreadyExists = error_class("EntityAlreadyExists", 409)
DeleteConflict = error_class("DeleteConflict", 409)
LimitExceeded = error_class("LimitExceeded", 409)
MalformedPolicyDocument = error_class("MalformedPolicyDocument", 400)
InvalidInput = error_class("InvalidInput", 400)
InvalidAuthenticationCode = error_class("InvalidAuthenticationCode", 403)
PolicyEvaluation = error_class("PolicyEvaluation", 500)


def no_such_role(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The role with name {name} cannot be found.")


def no_such_profile(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"Instance Profile {name} cannot be found.")


def no_such_user(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The user with name {name} cannot be found.")


def no_such_group(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The group with name {name} cannot be found.")


def no_such_policy(arn: str) -> NoSuchEntity:
    """For attach, boundary and version operations on a policy that is not there."""
    return NoSuchEntity(f"Policy {arn} does not exist or is not attachable.")


def policy_not_found(arn: str) -> NoSuchEntity:
    """For GetPolicy/DeletePolicy and for detaching a policy that is not attached."""
    return NoSuchEntity(f"Policy {arn} was not found.")


def no_such_inline(kind: str, policy: str) -> NoSuchEntity:
    """``The user policy with name X cannot be found.`` (user, group or role)."""
    return NoSuchEntity(f"The {kind} policy with name {policy} cannot be found.")


def quota(name: str, limit: int) -> LimitExceeded:
    """``Cannot exceed quota for PoliciesPerUser: 10`` and its siblings."""
    return LimitExceeded(f"Cannot exceed quota for {name}: {limit}")


def invalid_arn(arn: str) -> InvalidInput:
    return InvalidInput(f"ARN {arn} is not valid.")
