"""IAM error codes (HTTP status as in the IAM service model) with AWS's default wording."""
from __future__ import annotations

from awslab.errors import error_class

NoSuchEntity = error_class("NoSuchEntity", 404)
EntityAlreadyExists = error_class("EntityAlreadyExists", 409)
DeleteConflict = error_class("DeleteConflict", 409)
LimitExceeded = error_class("LimitExceeded", 409)
MalformedPolicyDocument = error_class("MalformedPolicyDocument", 400)
InvalidInput = error_class("InvalidInput", 400)


def no_such_role(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The role with name {name} cannot be found.")


def no_such_profile(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"Instance Profile {name} cannot be found.")
