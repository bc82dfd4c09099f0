"""Events as EventBridge matches them: every leaf value under its dotted path.

``{"detail": {"state": "running"}}`` and ``{"detail": {"state.status": ...}}`` both become
paths joined with ``.``; an array contributes each of its elements (arrays of arrays are
flattened too); an object or an empty array is not a leaf, so its path has no value.
Leaves inside an array of objects remember which element they came from: a clause must
take all its fields from the same element of such an array (``employees[0].first`` and
``employees[1].last`` never match together).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass
class Flat:
    values: dict            # path -> [leaf values]
    members: dict | None    # path -> [((array id, index), ...)] aligned with values, or None


def flatten(event: dict, paths=None) -> Flat:
    """The leaves of ``event``; only those on ``paths`` (and the arrays leading to
    them), when given: what a set of patterns can look at."""
    values: dict = {}
    members: dict = {}
    arrays = [0]
    nested = [False]
    wanted = None if paths is None else _prefixes(frozenset(paths))

    def walk(node, path: str, member: tuple) -> None:
        if type(node) is dict:
            for key, value in node.items():
                sub = f"{path}.{key}" if path else key
                if wanted is None or sub in wanted:
                    walk(value, sub, member)
        elif type(node) is list:
            arrays[0] += 1
            array_id = arrays[0]
            for index, item in enumerate(node):
                if type(item) is dict:
                    nested[0] = True
                    walk(item, path, member + ((array_id, index),))
                else:
                    walk(item, path, member)
        else:
            found = values.get(path)
            if found is None:
                values[path] = [node]
                members[path] = [member]
            else:
                found.append(node)
                members[path].append(member)

    walk(event, "", ())
    return Flat(values, members if nested[0] else None)


@lru_cache(maxsize=256)
def _prefixes(paths: frozenset) -> frozenset:
    """Every path and every dotted beginning of one (``a``, ``a.b`` for ``a.b.c``)."""
    out = set()
    for path in paths:
        parts = path.split(".")
        out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return frozenset(out)
