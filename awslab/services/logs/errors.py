"""CloudWatch Logs error codes (JSON protocol), with the Logs service's wording.

Messages as CloudWatch Logs words them (aws-facts 3.1; quoted in public issue threads):
"The specified log group already exists", "The specified log group does not exist.",
"Invalid filter pattern", "Invalid metric filter pattern", "Invalid character(s) in term
'...'", "The specified filter pattern does not support dimensions".
"""
from __future__ import annotations

from awslab.errors import error_class

InvalidParameterException = error_class("InvalidParameterException", 400)
ResourceAlreadyExistsException = error_class("ResourceAlreadyExistsException", 400)
ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
LimitExceededException = error_class("LimitExceededException", 400)
OperationAbortedException = error_class("OperationAbortedException", 400)
InvalidOperationException = error_class("InvalidOperationException", 400)
TooManyTagsException = error_class("TooManyTagsException", 400)


def group_not_found() -> ResourceNotFoundException:
    return ResourceNotFoundException("The specified log group does not exist.")


def stream_not_found() -> ResourceNotFoundException:
    return ResourceNotFoundException("The specified log stream does not exist.")


def group_exists() -> ResourceAlreadyExistsException:
    return ResourceAlreadyExistsException("The specified log group already exists")


def stream_exists() -> ResourceAlreadyExistsException:
    return ResourceAlreadyExistsException("The specified log stream already exists")


class PatternError(InvalidParameterException):
    """A filter pattern the Logs parser rejects.

    ``message`` is AWS's (``Invalid filter pattern`` or ``Invalid character(s) in term
    '...'``); ``detail`` says, for learners, what exactly is wrong and where.
    """

    def __init__(self, message: str = "Invalid filter pattern", detail: str = ""):
        super().__init__(message)
        self.detail = detail or message

    def reworded(self, message: str) -> "PatternError":
        """The same problem under another operation's wording (metric filters say
        ``Invalid metric filter pattern``); character errors keep theirs."""
        if self.message.startswith("Invalid character"):
            return self
        return PatternError(message, self.detail)
