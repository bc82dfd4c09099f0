"""Kinesis Data Streams error codes (JSON protocol), with Kinesis's wording.

"Stream <name> under account <id> not found.", "Stream <name> under account <id> already
exists." and the expired-iterator text are Kinesis's messages.
"""
from __future__ import annotations

from awslab.errors import error_class

ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
ResourceInUseException = error_class("ResourceInUseException", 400)
InvalidArgumentException = error_class("InvalidArgumentException", 400)
LimitExceededException = error_class("LimitExceededException", 400)
ExpiredIteratorException = error_class("ExpiredIteratorException", 400)


def stream_not_found(name: str, account_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Stream {name} under account {account_id} not found.")


def stream_exists(name: str, account_id: str) -> ResourceInUseException:
    return ResourceInUseException(f"Stream {name} under account {account_id} already "
                                  "exists.")
