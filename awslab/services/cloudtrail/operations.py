"""The registry of CloudTrail operations (filled by trails, selectors and lookup)."""
from __future__ import annotations

from awslab.bridge.registry import Operations


class _Operations(Operations):
    """CloudTrail answers a MaxResults out of range with InvalidMaxResultsException."""

    def validation_error(self, violations):
        err = super().validation_error(violations)
        if any(v.path and v.path[0] == "MaxResults" for v in violations):
            from awslab.services.cloudtrail.errors import InvalidMaxResultsException
            return InvalidMaxResultsException(err.message)
        return err


OPERATIONS = _Operations("cloudtrail", validation_code="InvalidParameterException")
