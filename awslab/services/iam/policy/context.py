"""The request context: condition keys and their values, normalised once per request.

Keys are matched without regard to case (``aws:SourceIp`` == ``AWS:sourceip``). Every
value becomes a tuple of strings, which is how condition operators read it: a bool is
``"true"``/``"false"``, a number its decimal text, a ``datetime`` ISO-8601 in UTC with
``Z``, a list (or set, sorted) a multivalued key. ``None`` means the key is absent.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional


def value_text(value: Any) -> str:
    """One context or policy value as the string IAM compares."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bytes):
        import base64
        return base64.b64encode(value).decode()
    return str(value)


def normalise(value: Any) -> Optional[tuple]:
    """A context value as a tuple of strings (``None`` stays ``None``: the key is absent)."""
    if value is None:
        return None
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value_text(v) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(value_text(v) for v in value)
    return (value_text(value),)


class Context:
    """Condition keys of one request (case-insensitive, values as tuples of strings)."""

    __slots__ = ("_values", "_names")

    def __init__(self, entries: Optional[Mapping[str, Any]] = None):
        self._values: dict[str, tuple] = {}
        self._names: dict[str, str] = {}
        for key, value in (entries or {}).items():
            self.set(key, value)

    def set(self, key: str, value: Any) -> None:
        """Add or replace a key (``None`` removes it)."""
        low = key.lower()
        norm = normalise(value)
        if norm is None:
            self._values.pop(low, None)
            self._names.pop(low, None)
        else:
            self._values[low] = norm
            self._names[low] = key

    def setdefault(self, key: str, value: Any) -> None:
        """Add a key unless the caller gave it already."""
        if key.lower() not in self._values and value is not None:
            self.set(key, value)

    def get(self, key_lower: str) -> Optional[tuple]:
        """The values of a lower-cased key, or ``None``."""
        return self._values.get(key_lower)

    def name(self, key_lower: str) -> str:
        """The key as it was spelled when given."""
        return self._names.get(key_lower, key_lower)

    def keys(self) -> Iterable[str]:
        return self._names.values()

    def as_dict(self) -> dict[str, tuple]:
        """Key (as given) -> values, sorted by key (for traces and tests)."""
        return {self._names[k]: self._values[k] for k in sorted(self._values)}
