"""The request context: condition keys and their values, normalised once per request.

Keys are matched without regard to case (``aws:SourceIp`` == ``AWS:sourceip``). Every
value becomes a tuple of strings, which is how condition operators read it: a bool is
``"true"``/``"false"``, a number its decimal text, a ``datetime`` ISO-8601 in UTC with
``Z``, a list (or set, sorted) a multivalued key. ``None`` means the key is absent.

Keys that follow from the caller (see :mod:`.request`) are added by a function that runs
the first time a key is missing or the whole context is read, so a decision whose
conditions read only the keys the request carries never builds them.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Mapping, Optional


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
    cls = value.__class__
    if cls is str:
        return (value,)
    if cls is bool:
        return ("true",) if value else ("false",)
    if value is None:
        return None
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value_text(v) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(value_text(v) for v in value)
    return (value_text(value),)


class Context:
    """Condition keys of one request (case-insensitive, values as tuples of strings).

    Parameters
    ----------
    entries
        The keys the request carries; read (keys lower-cased, values normalised) on first
        use, the last spelling of a key winning.
    defaults, arguments
        ``defaults(context, *arguments)`` is called once, before the first lookup of a
        key that ``entries`` lacks (and before any change or full read): it adds the keys
        that follow from the caller with :meth:`setdefault`.
    """

    __slots__ = ("_entries", "_values", "_names", "_defaults", "_arguments")

    def __init__(self, entries: Optional[Mapping[str, Any]] = None,
                 defaults: Optional[Callable[..., None]] = None, arguments: tuple = ()):
        self._entries, self._defaults, self._arguments = entries, defaults, arguments
        self._values: Optional[dict[str, tuple]] = None
        self._names: Optional[dict[str, str]] = None

    def _read(self) -> dict:
        """The values of the entries (what a lookup needs; the names wait)."""
        self._values = values = {}
        for key, value in (self._entries or {}).items():
            norm = normalise(value)
            if norm is None:                 # a key given as None is absent
                values.pop(key.lower(), None)
            else:
                values[key.lower()] = norm
        return values

    def _load(self, items: Iterable[tuple]) -> None:
        values, names = self._values, self._names
        for key, value in items:
            low = key.lower()
            norm = normalise(value)
            if norm is None:
                values.pop(low, None)
                names.pop(low, None)
            else:
                values[low] = norm
                names[low] = key

    def _complete(self) -> None:
        """Read the entries with their names, and add the defaults, if not done yet."""
        values = self._values
        if values is None:
            values = self._read()
        if self._names is None:
            self._names = {low: key for key in self._entries or ()
                           for low in (key.lower(),) if low in values}
        if self._defaults is not None:
            defaults, self._defaults = self._defaults, None
            defaults(self, *self._arguments)

    def set(self, key: str, value: Any) -> None:
        """Add or replace a key (``None`` removes it)."""
        self._complete()
        self._load(((key, value),))

    def setdefault(self, key: str, value: Any) -> None:
        """Add a key unless the caller gave it already."""
        self._complete()
        if key.lower() not in self._values and value is not None:
            self.set(key, value)

    def get(self, key_lower: str) -> Optional[tuple]:
        """The values of a lower-cased key, or ``None``."""
        values = self._values
        if values is None:
            values = self._read()
        found = values.get(key_lower)
        if found is None and self._defaults is not None:
            self._complete()
            found = values.get(key_lower)
        return found

    def name(self, key_lower: str) -> str:
        """The key as it was spelled when given."""
        self._complete()
        return self._names.get(key_lower, key_lower)

    def keys(self) -> Iterable[str]:
        self._complete()
        return self._names.values()

    def as_dict(self) -> dict[str, tuple]:
        """Key (as given) -> values, sorted by key (for traces and tests)."""
        self._complete()
        return {self._names[k]: self._values[k] for k in sorted(self._values)}
