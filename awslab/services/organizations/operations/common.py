"""Helpers shared by the Organizations operations: pages, IDs, tags."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.organizations.errors import InvalidInputException

DEFAULT_PAGE = 20


class _BadToken(InvalidInputException):
    def __init__(self, message: str):
        super().__init__("INVALID_NEXT_TOKEN", "You specified an invalid value for "
                                               "nextToken.")


def page(items: list, p: dict, key: str, salt: str) -> dict:
    """One page of ``items`` under ``key``, with NextToken when more remain."""
    chunk, token = paginate(items, p.get("NextToken"), p.get("MaxResults") or DEFAULT_PAGE,
                            salt, _BadToken)
    out = {key: chunk}
    if token:
        out["NextToken"] = token
    return out


def tags_of(p: dict) -> dict:
    return {t["Key"]: t["Value"] for t in p.get("Tags") or []}


def new_id(lab, prefix: str, n: int) -> str:
    return f"{prefix}{lab.ids.hex(n)}"
