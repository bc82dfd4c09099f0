"""The error codes CloudWatch's alarm operations answer with, beyond those in
:mod:`awslab.services.cloudwatch.errors` (each code is in botocore's model).

Wordings checked against AWS answers quoted in public issues are marked [ISSUE] where
they are raised; the others follow CloudWatch's usual phrasing and are unconfirmed.
"""
from awslab.errors import error_class
from awslab.services.cloudwatch.errors import (  # noqa: F401  (re-exported for the alarm modules)
    InvalidNextToken, InvalidParameterCombination, InvalidParameterValue, MissingParameter,
    ValidationError)

ResourceNotFound = error_class("ResourceNotFound", 404)
ResourceNotFoundException = error_class("ResourceNotFoundException", 404)
LimitExceeded = error_class("LimitExceeded", 400)
InvalidFormat = error_class("InvalidFormat", 400)


def not_simulated(what: str) -> ValidationError:
    """A clear refusal for an AWS feature the lab does not model."""
    return ValidationError(f"awslab does not simulate {what}. This lab models metric "
                           "alarms (static thresholds, metric math) and composite alarms.")
