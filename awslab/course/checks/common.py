"""Small helpers shared by the check modules: time text and answers, CloudWatch reads,
errors."""
from __future__ import annotations

import re
from datetime import datetime, timedelta


def hhmm(when: datetime) -> str:
    """``01:05`` (UTC)."""
    return when.strftime("%H:%M")


def parse_when(value) -> datetime | None:
    """A datetime, or an ISO-8601 string of one (``Z`` allowed), else None."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def stamp(when: datetime) -> str:
    """``2026-01-05 01:05 UTC``."""
    return when.strftime("%Y-%m-%d %H:%M UTC")


def span(delta: timedelta) -> str:
    """A signed duration in words: ``+3 h``, ``-15 days``, ``+2 h 30 min``."""
    seconds = int(round(delta.total_seconds()))
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days} day{'s' * (days != 1)}" if days else "",
             f"{hours} h" if hours else "", f"{minutes} min" if minutes else "",
             f"{secs} s" if secs else ""]
    return sign + (" ".join(p for p in parts if p) or "0 s")


def client_error(exc) -> tuple[str, str] | None:
    """``(code, message)`` of a botocore ClientError, else None."""
    response = getattr(exc, "response", None)
    if not isinstance(response, dict) or "Error" not in response:
        return None
    error = response["Error"]
    return str(error.get("Code", "")), str(error.get("Message", ""))


def list_all_metrics(cw, **filters) -> list[dict]:
    """Every metric ``cw.list_metrics(**filters)`` returns, across pages."""
    metrics, token = [], None
    while True:
        page = cw.list_metrics(**filters, **({"NextToken": token} if token else {}))
        metrics.extend(page.get("Metrics", []))
        token = page.get("NextToken")
        if not token:
            return metrics


def dims_key(dimensions) -> tuple:
    """A metric's dimensions as a sorted tuple of (name, value) pairs."""
    return tuple(sorted((d["Name"], d["Value"]) for d in dimensions or []))


def dims_text(dimensions) -> str:
    """``InstanceId=i-1, Environment=prod`` or ``no dimensions``."""
    key = dims_key(dimensions)
    return ", ".join(f"{n}={v}" for n, v in key) if key else "no dimensions"


def number(value: float) -> str:
    """A stable short number: ``87.5``, ``12``, ``0.25``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_DURATION = re.compile(
    r"^-P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def relative_seconds(text) -> int | None:
    """Seconds back of a relative dashboard range such as ``-PT3H``; None if not one."""
    if not isinstance(text, str):
        return None
    match = _DURATION.match(text.strip().upper())
    if not match or not any(match.groups()) or text.strip().upper().endswith("T"):
        return None
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
