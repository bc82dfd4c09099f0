"""Cognito identity pool error codes (HTTP status as in the service model)."""
from __future__ import annotations

from awslab.errors import error_class

InvalidParameterException = error_class("InvalidParameterException", 400)
NotAuthorizedException = error_class("NotAuthorizedException", 400)
ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
ResourceConflictException = error_class("ResourceConflictException", 400)
LimitExceededException = error_class("LimitExceededException", 400)
InvalidIdentityPoolConfigurationException = error_class(
    "InvalidIdentityPoolConfigurationException", 400)

ROLES_MESSAGE = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
GUESTS_MESSAGE = "Unauthenticated access is not supported for this identity pool."
LOGINS_MESSAGE = ("Logins don't match. Please include at least one valid login for this "
                  "identity or identity pool.")
