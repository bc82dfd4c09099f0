"""ISO-8601 session durations of permission sets (``PT1H``..``PT12H``)."""
from __future__ import annotations

import re

_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")
MIN_SECONDS, MAX_SECONDS = 3600, 43200


def parse(text: str) -> int | None:
    """Seconds of ``PT<h>H<m>M<s>S``, or None if the text is not such a duration."""
    match = _DURATION.match(text or "")
    if not match or not any(match.groups()):
        return None
    hours, minutes, secs = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def valid(text: str) -> bool:
    """Whether a permission set may have this session duration (1 to 12 hours)."""
    value = parse(text)
    return value is not None and MIN_SECONDS <= value <= MAX_SECONDS
