"""Fields Logs Insights discovers in log events (pure).

Every event has ``@timestamp``, ``@message``, ``@logStream``, ``@log`` and
``@ingestionTime``. Beside them Insights discovers the keys of JSON events (nested keys
joined with ``.``, array items as ``.0``, ``.1``, ...), the fields of Lambda's ``REPORT``
lines (``@type``, ``@requestId``, ``@duration``, ``@billedDuration``, ``@initDuration``,
``@memorySize`` and ``@maxMemoryUsed`` in bytes) and of VPC Flow Logs in the default
format (``srcAddr``, ``dstAddr``, ``action``, ...). Only the fields a query reads are
extracted. Known gaps: CloudTrail/Route 53 specific aliases, the 1,000-field cap.
"""
from __future__ import annotations

import json
import re

SYSTEM_FIELDS = ("@timestamp", "@message", "@logStream", "@log", "@ingestionTime")
_REPORT = re.compile(
    r"REPORT RequestId: (?P<rid>\S+)\s+Duration: (?P<d>[\d.]+) ms\s+Billed Duration: "
    r"(?P<b>\d+) ms\s+Memory Size: (?P<m>\d+) MB\s+Max Memory Used: (?P<u>\d+) MB"
    r"(?:\s+Init Duration: (?P<i>[\d.]+) ms)?")
_LAMBDA_TYPE = re.compile(r"(START|END|REPORT) RequestId: (\S+)")
VPC_FLOW_FIELDS = ("version", "accountId", "interfaceId", "srcAddr", "dstAddr", "srcPort",
                   "dstPort", "protocol", "packets", "bytes", "start", "end", "action",
                   "logStatus")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def flatten(value, prefix: str = "", out: dict | None = None) -> dict:
    """The leaves of a JSON value as ``{"a.b.0": leaf}``."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            flatten(item, f"{prefix}.{i}" if prefix else str(i), out)
    elif prefix:
        out[prefix] = ("true" if value else "false") if isinstance(value, bool) else value
    return out


def discover(message: str) -> dict:
    """Every field Insights discovers in one message (besides the system fields)."""
    if message.startswith("{"):
        try:
            doc = json.loads(message)
        except ValueError:
            return {}
        return flatten(doc) if isinstance(doc, dict) else {}
    if message.startswith(("REPORT ", "START ", "END ")):
        return _lambda(message)
    parts = message.split(" ")
    if len(parts) == 14 and parts[0] == "2" and len(parts[1]) == 12:
        return {k: (int(v) if v.isdigit() else v) for k, v in zip(VPC_FLOW_FIELDS, parts)}
    return {}


def _lambda(message: str) -> dict:
    m = _REPORT.match(message)
    if m:
        found = {"@type": "REPORT", "@requestId": m["rid"], "@duration": float(m["d"]),
                 "@billedDuration": int(m["b"]), "@memorySize": int(m["m"]) * 1_000_000,
                 "@maxMemoryUsed": int(m["u"]) * 1_000_000}
        if m["i"]:
            found["@initDuration"] = float(m["i"])
        return found
    m = _LAMBDA_TYPE.match(message)
    return {"@type": m[1], "@requestId": m[2]} if m else {}


def extract(messages, names) -> dict[str, list]:
    """Columns for ``names`` over ``messages`` (None where an event lacks the field)."""
    names = [n for n in names if n not in SYSTEM_FIELDS]
    columns: dict[str, list] = {n: [] for n in names}
    if not names:
        return columns
    for message in messages:
        found = discover(message) if isinstance(message, str) else {}
        for name in names:
            columns[name].append(found.get(name))
    return columns


def field_names(messages, limit: int = 1000) -> list[str]:
    """The discovered field names of ``messages`` in first-seen order (at most ``limit``)."""
    seen: dict[str, None] = {}
    for message in messages:
        for key in discover(message):
            if len(seen) >= limit:
                return list(seen)
            seen.setdefault(key)
    return list(seen)
