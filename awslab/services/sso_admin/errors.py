"""IAM Identity Center (sso-admin) error codes."""
from __future__ import annotations

from awslab.errors import error_class

ValidationException = error_class("ValidationException", 400)
ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
ConflictException = error_class("ConflictException", 400)
ServiceQuotaExceededException = error_class("ServiceQuotaExceededException", 400)
AccessDeniedException = error_class("AccessDeniedException", 400)
