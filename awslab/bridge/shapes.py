"""The service model's rules, applied once for every operation.

botocore validates types, ``required`` and ``min`` before a call reaches us; AWS checks
``max``, ``pattern`` and ``enum`` on the server, so :func:`normalize_request` does, with
AWS's "validation error detected" wording. :func:`shape_response` walks the output shape
as botocore's parser would (timestamps become aware UTC datetimes, ``None`` is dropped).
"""
from __future__ import annotations

import re
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
_JAVA_CLASS = re.compile(r"\\([pP])\{(\w+)\}")


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


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def normalize_request(shape, value, path: str = "", errors: list | None = None):
    """Check ``max``/``pattern``/``enum`` and convert timestamps and blobs.

    Returns ``(value, errors)``: the request with timestamps as aware UTC datetimes, and
    one AWS-worded message per violated constraint.
    """
    errors = [] if errors is None else errors
    if shape is None or value is None:
        return value, errors
    meta, kind = shape.metadata, shape.type_name
    where = f"Value '{_show(value)}' at '{path}' failed to satisfy constraint: Member must"
    if kind == "structure":
        value = {k: normalize_request(shape.members[k], v,
                                      f"{path}.{_camel(k)}" if path else _camel(k), errors)[0]
                 if k in shape.members else v for k, v in value.items()}
    elif kind == "list":
        value = [normalize_request(shape.member, v, f"{path}.{i}.member", errors)[0]
                 for i, v in enumerate(value, 1)]
        if "max" in meta and len(value) > meta["max"]:
            errors.append(f"{where} have length less than or equal to {meta['max']}")
    elif kind == "map":
        value = {normalize_request(shape.key, k, f"{path}.key", errors)[0]:
                 normalize_request(shape.value, v, f"{path}.{k}", errors)[0]
                 for k, v in value.items()}
    elif kind == "timestamp":
        value = parse_to_aware_datetime(value).astimezone(UTC)
    elif kind == "blob":
        value = value.encode() if isinstance(value, str) else (
            value if isinstance(value, (bytes, bytearray)) else value.read())
    elif kind == "string":
        if "max" in meta and len(value) > meta["max"]:
            errors.append(f"{where} have length less than or equal to {meta['max']}")
        if shape.enum and value not in shape.enum:
            errors.append(f"{where} satisfy enum value set: [{', '.join(shape.enum)}]")
        if "pattern" in meta and not compiled(meta["pattern"]).fullmatch(value):
            errors.append(f"{where} satisfy regular expression pattern: {meta['pattern']}")
    elif kind in ("integer", "long", "double", "float"):
        if "max" in meta and value > meta["max"]:
            errors.append(f"{where} have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            errors.append(f"{where} have value greater than or equal to {meta['min']}")
    return value, errors


def validation_message(errors: list[str]) -> str:
    """AWS's summary line for a list of constraint violations."""
    n = len(errors)
    head = f"{n} validation error{'s' if n > 1 else ''} detected: "
    return head + "; ".join(errors)


def shape_response(shape, value):
    """Convert a handler's result as botocore's parser would have produced it."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        return {k: shape_response(shape.members.get(k), v)
                for k, v in value.items() if v is not None}
    if kind == "list":
        return [shape_response(shape.member, v) for v in value]
    if kind == "map":
        return {k: shape_response(shape.value, v) for k, v in value.items()}
    if kind == "timestamp" and not isinstance(value, datetime):
        return parse_to_aware_datetime(value)
    if kind == "timestamp":
        return value.astimezone(UTC)
    if kind == "blob" and isinstance(value, str):
        return value.encode()
    return value
