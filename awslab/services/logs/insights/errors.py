"""The error a bad Logs Insights query gets: ``MalformedQueryException``.

StartQuery answers a query it cannot compile with HTTP 400, a message and a
``queryCompileError`` member (``location`` with ``startCharOffset``/``endCharOffset`` and
``message``). The "unexpected symbol found <symbol> at line <n> and position <p>" wording
is AWS's (seen in real StartQuery errors); messages for unknown functions, wrong argument
counts and misplaced commands follow the same form (awslab's wording).
"""
from __future__ import annotations

from awslab.errors import AwsError


class MalformedQueryException(AwsError):
    """The query string does not compile."""

    code, status = "MalformedQueryException", 400

    def __init__(self, message: str, start: int | None = None, end: int | None = None):
        extra = {}
        if start is not None:
            extra["queryCompileError"] = {
                "location": {"startCharOffset": start,
                             "endCharOffset": end if end is not None else start},
                "message": message}
        super().__init__(message, **extra)


def where(text: str, offset: int) -> str:
    """``at line L and position P`` for a character offset (both 1-based)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"at line {line} and position {column}"


def unexpected(text: str, symbol: str, offset: int) -> MalformedQueryException:
    """AWS's compile error for a token the grammar does not allow here."""
    shown = symbol if symbol else "<EOF>"
    return MalformedQueryException(f"unexpected symbol found {shown} {where(text, offset)}",
                                   offset, offset + max(len(symbol), 1) - 1)


def malformed(text: str, message: str, offset: int, length: int = 1
              ) -> MalformedQueryException:
    """A compile error with awslab's wording at ``offset``."""
    return MalformedQueryException(f"{message} {where(text, offset)}", offset,
                                   offset + max(length, 1) - 1)
