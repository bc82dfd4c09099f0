"""Amazon Data Firehose error codes (JSON protocol), with Firehose's wording."""
from __future__ import annotations

from awslab.errors import error_class

ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
ResourceInUseException = error_class("ResourceInUseException", 400)
InvalidArgumentException = error_class("InvalidArgumentException", 400)
LimitExceededException = error_class("LimitExceededException", 400)


def stream_not_found(name: str, account_id: str, region: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(
        f"Firehose {name} under account {account_id} not found.")


def stream_exists(name: str, account_id: str) -> ResourceInUseException:
    return ResourceInUseException(f"Firehose {name} under accountId {account_id} already "
                                  "exists")
