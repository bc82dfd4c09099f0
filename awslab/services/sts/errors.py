"""STS error codes (HTTP status as in the STS service model) with AWS's wording."""
from __future__ import annotations

from awslab.errors import error_class

ValidationError = error_class("ValidationError", 400)
AccessDenied = error_class("AccessDenied", 403)
MalformedPolicyDocument = error_class("MalformedPolicyDocument", 400)
PackedPolicyTooLarge = error_class("PackedPolicyTooLarge", 400)
IDPRejectedClaim = error_class("IDPRejectedClaim", 403)
InvalidIdentityToken = error_class("InvalidIdentityToken", 400)
ExpiredTokenException = error_class("ExpiredTokenException", 400)
InvalidAuthorizationMessageException = error_class("InvalidAuthorizationMessageException", 400)

MAX_DURATION = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
CHAINED_DURATION = ("The requested DurationSeconds exceeds the 1 hour session limit for "
                    "roles assumed by role chaining.")


def not_authorized(action: str) -> AccessDenied:
    """``Not authorized to perform sts:AssumeRoleWithSAML`` (federated callers)."""
    return AccessDenied(f"Not authorized to perform {action}")
