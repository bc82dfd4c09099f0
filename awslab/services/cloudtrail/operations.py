"""The registry of CloudTrail operations (filled by trails, selectors and lookup)."""
from __future__ import annotations

from awslab.bridge.registry import Operations


#: Request members whose bad values CloudTrail answers with an error of their own.
_MEMBER_ERRORS = {"MaxResults": "InvalidMaxResultsException",
                  "EventCategory": "InvalidEventCategoryException",
                  "LookupAttributes": "InvalidLookupAttributesException"}


class _Operations(Operations):
    """LookupEvents' own errors for a bad MaxResults, EventCategory or lookup attribute
    (other broken constraints: InvalidParameterException)."""

    def validation_error(self, violations):
        err = super().validation_error(violations)
        for v in violations:
            code = _MEMBER_ERRORS.get(v.path[0] if v.path else "")
            if code:
                from awslab.services.cloudtrail import errors
                return getattr(errors, code)(err.message)
        return err


OPERATIONS = _Operations("cloudtrail", validation_code="InvalidParameterException")
