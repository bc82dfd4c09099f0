"""EC2's ``Filters=[{"Name": ..., "Values": [...]}]`` language.

A resource matches when it matches every filter; a filter matches when any of the
resource's values for that name matches any of the filter's values. Values may use the
``*`` and ``?`` wildcards (case-sensitive). ``tag:<key>`` filters on a tag's value and
``tag-key`` on tag keys. An unknown filter name is rejected as EC2 rejects it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

from awslab.services.ec2.errors import InvalidParameterValue

Getter = Callable[[object], Iterable[str]]


@lru_cache(maxsize=512)
def _pattern(value: str) -> re.Pattern:
    out = []
    for c in value:
        out.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
    return re.compile("".join(out), re.DOTALL)


def value_matches(candidates: Iterable[str], wanted: list[str]) -> bool:
    """Whether any candidate matches any wanted value (with wildcards)."""
    candidates = [str(c) for c in candidates if c is not None]
    return any(_pattern(w).fullmatch(c) for w in wanted for c in candidates)


def compile_filters(filters: list[dict] | None, getters: dict[str, Getter],
                    tags: Callable[[object], dict] | None = None):
    """A predicate for ``filters`` over resources described by ``getters``.

    Raises ``InvalidParameterValue`` ("The filter 'x' is invalid") for unknown names.
    """
    checks = []
    for f in filters or []:
        name, wanted = f["Name"], list(f.get("Values") or [])
        if name.startswith("tag:") and tags is not None:
            key = name[4:]
            checks.append(lambda r, k=key, w=wanted: k in tags(r) and value_matches(
                [tags(r)[k]], w))
        elif name == "tag-key" and tags is not None:
            checks.append(lambda r, w=wanted: value_matches(tags(r).keys(), w))
        elif name == "tag-value" and tags is not None:
            checks.append(lambda r, w=wanted: value_matches(tags(r).values(), w))
        elif name in getters:
            checks.append(lambda r, g=getters[name], w=wanted: value_matches(g(r), w))
        else:
            raise InvalidParameterValue(f"The filter '{name}' is invalid")
    return lambda resource: all(check(resource) for check in checks)
