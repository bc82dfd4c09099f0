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


@dataclass
class Flat:
    values: dict            # path -> [leaf values]
    members: dict | None    # path -> [((array id, index), ...)] aligned with values, or None


def flatten(event: dict) -> Flat:
    values: dict = {}
    members: dict = {}
    arrays = [0]
    nested = [False]

    def walk(node, path: str, member: tuple) -> None:
        if type(node) is dict:
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key, member)
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
