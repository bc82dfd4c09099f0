"""One pagination helper for every List/Describe operation, with opaque stable tokens."""
from __future__ import annotations

import base64
import json
from typing import Sequence, TypeVar

from awslab.errors import AwsError

T = TypeVar("T")


def _encode(offset: int, salt: str) -> str:
    raw = json.dumps({"o": offset, "s": salt}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def paginate(items: Sequence[T], token: str | None, page_size: int, salt: str,
             error: type[AwsError]) -> tuple[list[T], str | None]:
    """Return one page of ``items`` and the token of the next page (or None).

    ``salt`` ties a token to its operation and filters: a token from another request is
    rejected with ``error`` as AWS rejects it.
    """
    offset = 0
    if token:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            offset = int(data["o"])
            ok = data["s"] == salt and 0 <= offset <= len(items)
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise error("The service cannot find the NextToken or it is invalid." if
                        error.__name__ != "InvalidNextToken" else "Invalid NextToken")
    page = list(items[offset:offset + page_size])
    nxt = offset + page_size
    return page, (_encode(nxt, salt) if nxt < len(items) else None)
