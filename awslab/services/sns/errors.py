"""SNS error codes (Query protocol), with SNS's wording.

Messages quoted from real SNS answers: ``NotFound`` "Topic does not exist",
``InvalidParameter`` "Invalid parameter: Subject", "Invalid parameter: Message too long",
"Invalid parameter: Empty message", "Invalid parameter: TopicArn Reason: An ARN must have
at least 6 elements, not 1", "Invalid parameter: Message Structure - No default entry in
JSON message body". Others follow the same "Invalid parameter: <Name>" form.
"""
from __future__ import annotations

from awslab.errors import error_class

NotFound = error_class("NotFound", 404)
InvalidParameter = error_class("InvalidParameter", 400)
ParameterValueInvalid = error_class("ParameterValueInvalid", 400)
AuthorizationError = error_class("AuthorizationError", 403)
TopicLimitExceeded = error_class("TopicLimitExceeded", 403, "Topic limit exceeded")
SubscriptionLimitExceeded = error_class("SubscriptionLimitExceeded", 403,
                                        "Subscription limit exceeded")


def topic_not_found() -> NotFound:
    return NotFound("Topic does not exist")


def subscription_not_found() -> NotFound:
    return NotFound("Subscription does not exist")


def invalid(name: str, reason: str | None = None) -> InvalidParameter:
    """``Invalid parameter: <name>[ Reason: <reason>]``."""
    return InvalidParameter(f"Invalid parameter: {name}" + (f" Reason: {reason}" if reason
                                                            else ""))
