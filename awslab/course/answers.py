"""Reading a learner's answer kindly: describe what arrived, coerce what is meant.

Each helper returns ``(value, problem)``: ``problem`` is None when the answer is usable,
else one friendly sentence about what arrived and what to give instead.
"""
from __future__ import annotations

import math
import numbers
from datetime import datetime, timedelta


def is_response(value) -> bool:
    """Whether ``value`` looks like a whole boto3 response dict."""
    return isinstance(value, dict) and "ResponseMetadata" in value


def describe(value) -> str:
    """A short, stable description of what the learner passed (never its repr)."""
    if value is None:
        return "None (did your code return or assign anything?)"
    if isinstance(value, bool):
        return f"the bool {value}"
    if is_response(value):
        keys = [k for k in value if k != "ResponseMetadata"]
        return f"a whole boto3 response (a dict with keys {', '.join(keys) or 'none'})"
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        return f"{article} {kind} of {len(value)} item{'s' * (len(value) != 1)}"
    if kind == "Series":
        return "a pandas Series"
    if kind == "DataFrame":
        return "a pandas DataFrame"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {short!r}"
    return f"{article} {kind}"


def as_number(value, want: str = "a number") -> tuple[float | None, str | None]:
    """``value`` as a float, or a problem sentence (bools, NaN, text, dicts refused)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None, f"you gave {number}; give {want}"
        return number, None
    if type(value).__name__ == "Decimal":
        return float(value), None
    if is_response(value) and "Datapoints" in value:
        return None, ("you gave the whole get_metric_statistics response; take the "
                      "numbers from response['Datapoints'] and return "
                      f"{want}")
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            pass
        else:
            return None, (f"you gave {describe(value)}; return the number itself "
                          f"(float(...)), not text")
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, dict) for v in value):
        return None, (f"you gave a list of {len(value)} datapoints; "
                      f"return {want} computed from them")
    return None, f"you gave {describe(value)}; give {want}"


def as_int(value, want: str = "a whole number") -> tuple[int | None, str | None]:
    """``value`` as an int (a float like 3.0 is fine), or a problem sentence."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value), None
    if is_response(value):
        return None, (f"you gave {describe(value)}; count the items in it and "
                      f"return {want}")
    if isinstance(value, (list, tuple, set)):
        return None, (f"you gave {describe(value)}; return how many there are "
                      f"(len(...)), {want}")
    number, problem = as_number(value, want)
    if problem:
        return None, problem
    if number != int(number):
        return None, f"you gave {number}; give {want}"
    return int(number), None


def as_text_set(value, want: str = "a set of names") -> tuple[set | None, str | None]:
    """``value`` as a set of strings (set, list, tuple), or a problem sentence."""
    if isinstance(value, str):
        return None, (f"you gave {describe(value)}; give {want}, "
                      "e.g. {'NameOne', 'NameTwo'}")
    if isinstance(value, dict):
        return None, f"you gave {describe(value)}; give {want}"
    if not isinstance(value, (set, frozenset, list, tuple)):
        return None, f"you gave {describe(value)}; give {want}"
    bad = [v for v in value if not isinstance(v, str)]
    if bad:
        return None, (f"every item must be a name (text), but one is "
                      f"{describe(bad[0])}")
    return set(value), None


def as_datetime(value, want: str = "a datetime") -> tuple[datetime | None, str | None]:
    """``value`` as an aware datetime, or a problem sentence."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return None, ("you gave a naive datetime (no time zone); lab times are "
                          "timezone-aware UTC, like lab.now")
        return value, None
    return None, f"you gave {describe(value)}; give {want}"


def as_timedelta(value, want: str = "a timedelta") -> tuple[timedelta | None, str | None]:
    """``value`` as a timedelta (pandas Timedelta too), or a problem sentence."""
    if isinstance(value, timedelta):
        return timedelta(seconds=value.total_seconds()), None
    if isinstance(value, datetime):
        return None, ("you gave a point in time; give the difference between two "
                      f"times, {want}")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return None, (f"you gave the number {value}; give {want}, "
                      "e.g. timedelta(hours=-2)")
    return None, f"you gave {describe(value)}; give {want}"
