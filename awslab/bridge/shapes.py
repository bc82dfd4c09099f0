"""The service model's rules, applied once for every operation.

botocore validates types, ``required`` and ``min`` before a call reaches us; AWS checks
``max``, ``pattern`` and ``enum`` on the server, so :func:`normalize_request` does, with
AWS's "validation error detected" wording. Handlers answer with parsed values, as
botocore's parser would produce them; :func:`parsed_type_errors` checks that in tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from botocore.utils import parse_to_aware_datetime

UTC = timezone.utc

# Java \p{...} classes in service models, which Python's re lacks (approximated in ASCII
# plus the rest of the BMP for letters).
_JAVA_CLASSES = {
    "L": r"a-zA-Z\u00aa-\uffff", "N": "0-9", "Z": r"\s", "M": r"\u0300-\u036f",
    "P": r"!-/:-@\[-`{-~", "S": r"$+<=>^`|~", "C": r"\x00-\x1f\x7f",
    "Alnum": "a-zA-Z0-9", "Alpha": "a-zA-Z", "Punct": r"!-/:-@\[-`{-~",
    "ASCII": r"\x00-\x7f", "Print": r"\x20-\x7e", "Graph": r"\x21-\x7e",
    "XDigit": "0-9a-fA-F", "Space": r"\s", "Cntrl": r"\x00-\x1f\x7f",
    "Lower": "a-z", "Upper": "A-Z", "Digit": "0-9", "IsAlphabetic": r"a-zA-Z\u00aa-\uffff",
}
@lru_cache(maxsize=4096)
def lower_first(name: str) -> str:
    """A member name as AWS writes it in JSON paths and records (``GroupId`` -> ``groupId``)."""
    return name[:1].lower() + name[1:]


_JAVA_CLASS = re.compile(r"\\([pP])\{(\w+)\}")
# A UTF-16 surrogate pair written as two escapes (``\uD800\uDC00`` is U+10000 in Java).
_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def translate_pattern(pattern: str) -> str:
    """A service-model (Java) regular expression as a Python one."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        m = _JAVA_CLASS.match(pattern, i)
        if m:
            body = _JAVA_CLASSES.get(m.group(2), r"\w")
            negate = m.group(1) == "P"
            out.append(body if in_class else ("[^" if negate else "[") + body + "]")
            i = m.end()
            continue
        pair = _SURROGATES.match(pattern, i)
        if pair:
            high, low = int(pair.group(1), 16), int(pair.group(2), 16)
            out.append(f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}")
            i = pair.end()
            continue
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        in_class = (c == "[") or (in_class and c != "]")
        out.append(c)
        i += 1
    return "".join(out).replace(r"\z", r"\Z")


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(translate_pattern(pattern), re.DOTALL)


@dataclass(frozen=True)
class Violation:
    """One broken model constraint: ``kind`` is length, pattern, enum or range."""

    kind: str
    path: tuple          # member names (str) and 1-based list positions (int)
    limit: object
    value: object

    def json_path(self) -> str:
        """``metricData.1.member.unit``: the path in AWS's validation-error wording."""
        out = []
        for part in self.path:
            out.append(f"{part}.member" if isinstance(part, int) else lower_first(part))
        return ".".join(out)

    def query_path(self) -> str:
        """``MetricData.member.1.Unit``: the path in the Query protocol's wording."""
        return ".".join(f"member.{p}" if isinstance(p, int) else p for p in self.path)

    def describe(self) -> str:
        """AWS's "Value ... at ... failed to satisfy constraint" sentence."""
        head = (f"Value '{_show(self.value)}' at '{self.json_path()}' failed to satisfy "
                "constraint: Member must")
        limit = self.limit
        if self.kind == "length":
            return f"{head} have length less than or equal to {limit}"
        if self.kind == "enum":
            return f"{head} satisfy enum value set: [{', '.join(limit)}]"
        if self.kind == "pattern":
            return f"{head} satisfy regular expression pattern: {limit}"
        relation = "less" if self.kind == "max" else "greater"
        return f"{head} have value {relation} than or equal to {limit}"


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def normalize_request(shape, value, path: tuple = (), errors: list | None = None):
    """Check ``max``/``pattern``/``enum`` and convert timestamps and blobs.

    Returns ``(value, violations)``: the request with timestamps as aware UTC datetimes,
    and a :class:`Violation` per broken constraint.
    """
    errors = [] if errors is None else errors
    if shape is None or value is None:
        return value, errors
    meta, kind = shape.metadata, shape.type_name
    if getattr(shape, "is_document_type", False):
        return value, errors            # a document: any JSON value, no constraints
    if kind == "structure":
        value = {k: normalize_request(shape.members[k], v, path + (k,), errors)[0]
                 if k in shape.members else v for k, v in value.items()}
    elif kind == "list":
        value = [normalize_request(shape.member, v, path + (i,), errors)[0]
                 for i, v in enumerate(value, 1)]
        if "max" in meta and len(value) > meta["max"]:
            errors.append(Violation("length", path, meta["max"], value))
    elif kind == "map":
        value = {normalize_request(shape.key, k, path, errors)[0]:
                 normalize_request(shape.value, v, path + (k,), errors)[0]
                 for k, v in value.items()}
    elif kind == "timestamp":
        value = parse_to_aware_datetime(value).astimezone(UTC)
    elif kind == "blob":
        value = value.encode() if isinstance(value, str) else (
            value if isinstance(value, (bytes, bytearray)) else value.read())
    elif kind == "string":
        if "max" in meta and len(value) > meta["max"]:
            errors.append(Violation("length", path, meta["max"], value))
        if shape.enum and value not in shape.enum:
            errors.append(Violation("enum", path, list(shape.enum), value))
        if "pattern" in meta and not compiled(meta["pattern"]).fullmatch(value):
            errors.append(Violation("pattern", path, meta["pattern"], value))
    elif kind in ("integer", "long", "double", "float"):
        if "max" in meta and value > meta["max"]:
            errors.append(Violation("max", path, meta["max"], value))
        if "min" in meta and value < meta["min"]:
            errors.append(Violation("min", path, meta["min"], value))
    return value, errors


def validation_message(violations: list[Violation]) -> str:
    """AWS's summary of constraint violations (JSON and most Query services)."""
    n = len(violations)
    head = f"{n} validation error{'s' if n > 1 else ''} detected: "
    return head + "; ".join(v.describe() for v in violations)


def parsed_type_errors(shape, value, path: str = "") -> list[str]:
    """Where a handler's answer differs from what botocore's parser would produce.

    Handlers return parsed values directly (aware datetimes, bytes, no ``None`` members);
    the debug check in the dispatcher uses this beside botocore's own validator.
    """
    if shape is None:
        return []
    kind = shape.type_name
    if value is None:
        return [f"{path or 'response'} is None (omit the member instead)"]
    if kind == "structure":
        return [e for k, v in value.items()
                for e in parsed_type_errors(shape.members.get(k), v, f"{path}.{k}")]
    if kind == "list":
        return [e for i, v in enumerate(value)
                for e in parsed_type_errors(shape.member, v, f"{path}[{i}]")]
    if kind == "map":
        return [e for k, v in value.items()
                for e in parsed_type_errors(shape.value, v, f"{path}[{k}]")]
    if kind == "timestamp" and not (isinstance(value, datetime) and value.tzinfo):
        return [f"{path} is not an aware datetime: {value!r}"]
    if kind == "blob" and type(value).__name__ == "StreamingBody":
        return []                       # a streamed payload (S3 GetObject, Lambda Invoke)
    if kind == "blob" and not isinstance(value, (bytes, bytearray)):
        return [f"{path} is not bytes: {value!r}"]
    return []
