"""Errors: :class:`AwsError` (what AWS would answer) and :class:`AwslabError` (library misuse)."""
from __future__ import annotations


class AwslabError(Exception):
    """Misuse of the awslab library itself (not an AWS answer)."""


class AwsError(Exception):
    """An error AWS would return. Subclasses are named exactly like the AWS error code.

    The bridge turns it into a ``botocore.exceptions.ClientError`` with ``code``,
    ``status`` and ``message``; ``extra`` adds modelled members of the error shape.
    """

    code: str = "InternalFailure"
    status: int = 400
    message: str = ""

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 status: int | None = None, **extra):
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.message = self.message if message is None else message
        self.extra = extra
        super().__init__(f"{self.code}: {self.message}")


def error_class(code: str, status: int = 400, message: str = "") -> type[AwsError]:
    """Make an :class:`AwsError` subclass named after ``code``."""
    return type(code, (AwsError,), {"code": code, "status": status, "message": message})


# Errors every service can return (the common errors of the AWS APIs).
AccessDenied = error_class("AccessDenied", 403)
AccessDeniedException = error_class("AccessDeniedException", 400)
ExpiredToken = error_class("ExpiredToken", 400, "The security token included in the request is expired")
InvalidClientTokenId = error_class(
    "InvalidClientTokenId", 403, "The security token included in the request is invalid.")
UnsupportedOperation = error_class("UnsupportedOperation", 501)
