"""Amazon EC2 Auto Scaling error codes (Query protocol), with Auto Scaling's wording.

Messages quoted from real answers: ``ValidationError`` "AutoScalingGroup name not found -
...", "New SetDesiredCapacity value 10 is above max value 5 for the AutoScalingGroup.",
``ScalingActivityInProgress`` "Scaling activity <id> is in progress and blocks this
action", ``ResourceInUse`` "You cannot delete an AutoScalingGroup while there are
instances or pending Spot instance request(s) still in the group.".
"""
from __future__ import annotations

from awslab.errors import error_class

ValidationError = error_class("ValidationError", 400)
AlreadyExists = error_class("AlreadyExists", 400)
LimitExceeded = error_class("LimitExceeded", 400)
ResourceInUse = error_class("ResourceInUse", 400)
ScalingActivityInProgress = error_class("ScalingActivityInProgress", 400)
InvalidNextToken = error_class("InvalidNextToken", 400, "The token is invalid")


def group_not_found(name: str) -> ValidationError:
    return ValidationError(f"AutoScalingGroup name not found - AutoScalingGroup '{name}' "
                           "not found")


def launch_configuration_not_found(name: str) -> ValidationError:
    return ValidationError(f"Launch configuration name not found - Launch configuration "
                           f"{name} not found")


def unsupported(what: str) -> ValidationError:
    """A feature the lab does not simulate (said plainly, never silently ignored)."""
    return ValidationError(f"awslab does not simulate {what}.")
