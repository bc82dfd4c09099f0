"""Event history: LookupEvents over the last 90 days of management events (aws-facts 6.2).

Per account and region, newest first, at most 50 a page. One lookup attribute at most;
``StartTime``/``EndTime`` bound the window (before 90 days ago nothing is kept). Events
come from two sources merged by time: the calls made through the lab (indexed by
:mod:`hub`) and the seeded background activity (:mod:`activity`), filtered with numpy so
a 1,000,000-event account answers in milliseconds. ``EventCategory="insight"`` returns
Insights events instead (when a trail in the region has Insights on).
"""
from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone

import numpy as np

from awslab.services.cloudtrail import errors, records
from awslab.services.cloudtrail.activity import OPS
from awslab.services.cloudtrail.hub import attach, sync
from awslab.services.cloudtrail.operations import OPERATIONS

RETENTION = timedelta(days=90)
PAGE = 50
KEYS = ("EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName",
        "EventSource", "AccessKeyId")
_FIELD = {"EventName": 0, "Username": 1, "EventSource": 2, "ReadOnly": 3, "AccessKeyId": 4}
UTC = timezone.utc


def _ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def _matches(keys: tuple, attr: tuple | None) -> bool:
    if attr is None:
        return True
    name, value = attr
    if name in _FIELD:
        return keys[_FIELD[name]] == value
    if name == "ResourceType":
        return any(t == value for t, _ in keys[5])
    if name == "ResourceName":
        return any(n == value for _, n in keys[5])
    return False


def _background_mask(act, rows: slice, attr: tuple | None) -> np.ndarray:
    """Indices (ascending) of background rows in ``rows`` matching ``attr``."""
    ops = act.op[rows]
    if attr is None:
        return np.arange(rows.start, rows.stop)
    name, value = attr
    if name in ("ResourceType", "ResourceName"):
        good = np.zeros(len(OPS), bool)
        res_ok = np.zeros((len(OPS), 8), bool)
        for k, op in enumerate(OPS):
            kind = records.RESOURCE_MEMBERS.get(op.member or "")
            if kind is None:
                continue
            if name == "ResourceType":
                good[k] = kind == value
                res_ok[k, :len(op.names)] = kind == value
            else:
                for j, n in enumerate(op.names):
                    if n == value:
                        good[k], res_ok[k, j] = True, True
        mask = good[ops] & res_ok[ops, np.clip(act.res[rows], 0, 7)] & (act.res[rows] >= 0)
    else:
        good = np.array([_op_matches(act, k, name, value) for k in range(len(OPS))])
        mask = good[ops]
    return rows.start + np.flatnonzero(mask)


def _op_matches(act, k: int, name: str, value: str) -> bool:
    from awslab.services.cloudtrail.activity import lookup_keys_of
    return lookup_keys_of(act, k, 0 if OPS[k].names else -1)[_FIELD[name]] == value


def _event(api_call, record: dict, keys: tuple) -> dict:
    out = {"EventId": record["eventID"], "EventName": api_call.operation,
           "ReadOnly": keys[3], "AccessKeyId": keys[4], "EventTime": api_call.time.replace(
               microsecond=0), "EventSource": keys[2], "Username": keys[1],
           "Resources": [{"ResourceType": t, "ResourceName": n} for t, n in keys[5]],
           "CloudTrailEvent": json.dumps(record, separators=(",", ":"))}
    return {k: v for k, v in out.items() if v is not None}


def _token(end_ms: int, offset: int, cutoff: int, salt: str) -> str:
    raw = json.dumps({"e": end_ms, "o": offset, "c": cutoff, "s": salt},
                     separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _read_token(token: str, salt: str) -> tuple[int, int, int]:
    """``(end, offset, cutoff)``: later pages see the window of the first page, and of
    the lab's own calls only those recorded before it (``cutoff``)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["s"] != salt:
            raise ValueError
        return int(data["e"]), int(data["o"]), int(data["c"])
    except (ValueError, KeyError, TypeError):
        raise errors.InvalidNextTokenException("Invalid NextToken.") from None


def check_attributes(attributes: list | None) -> tuple | None:
    """The one ``(AttributeKey, AttributeValue)`` of a request, or AWS's error."""
    if not attributes:
        return None
    if len(attributes) > 1:
        raise errors.InvalidLookupAttributesException(
            "You can specify only one lookup attribute.")
    attr = attributes[0]
    if attr["AttributeKey"] == "ReadOnly" and attr["AttributeValue"] not in ("true", "false"):
        raise errors.InvalidLookupAttributesException(
            "The value of the ReadOnly lookup attribute must be true or false.")
    return attr["AttributeKey"], attr["AttributeValue"]


def lookup(lab, account_id: str, region: str, *, attribute: tuple | None = None,
           start: datetime | None = None, end: datetime | None = None,
           max_results: int = PAGE, token: str | None = None) -> tuple[list, str | None]:
    """One page of management events, newest first: ``(events, next_token)``.

    ``events`` are LookupEvents' ``Event`` dicts (with ``CloudTrailEvent`` JSON).
    """
    attach(lab)
    now = lab.now
    if start is not None and end is not None and start > end:
        raise errors.InvalidTimeRangeException(
            "Start time must be earlier than end time.")
    salt = hashlib.md5(repr((account_id, region, attribute, start and _ms(start),
                             end and _ms(end), max_results)).encode()).hexdigest()[:12]
    h = sync(lab)
    place = (account_id, region)
    filed = h.management.get(place)
    end_ms, offset, cutoff = _read_token(token, salt) if token else (
        _ms(min(end or now, now)), 0, len(filed.calls) if filed else 0)
    start_ms = max(_ms(start) if start else 0, _ms(now - RETENTION))
    own = []
    if filed is not None:
        own = [i for i in filed.window(start_ms / 1000, end_ms / 1000)
               if i < cutoff and _matches(filed.keys[i], attribute)]
    act = h.activity.get(place)
    if attribute is not None and attribute[0] == "EventId":
        return _by_id(lab, filed, act, attribute[1], start_ms, end_ms), None
    bg = _background_mask(act, act.window(start_ms, end_ms), attribute) if act else \
        np.zeros(0, np.int64)
    page = _merge_newest(filed, own, act, bg, offset, max_results)
    events = []
    for source, i in page:
        if source == "own":
            api_call, keys = filed.calls[i], filed.keys[i]
        else:
            api_call, keys = act.call(i), act.lookup_keys(i)
        events.append(_event(api_call, records.record(lab, api_call), keys))
    more = offset + max_results < len(own) + len(bg)
    return events, (_token(end_ms, offset + max_results, cutoff, salt) if more else None)


def _merge_newest(filed, own: list, act, bg: np.ndarray, offset: int, n: int) -> list:
    """Items ``offset .. offset+n`` of both sources merged newest first."""
    i, j, out, skipped = len(own) - 1, len(bg) - 1, [], 0
    while (i >= 0 or j >= 0) and len(out) < n:
        take_own = j < 0 or (i >= 0 and filed.times[own[i]] * 1000 >= act.t[bg[j]])
        item = ("own", own[i]) if take_own else ("bg", int(bg[j]))
        if take_own:
            i -= 1
        else:
            j -= 1
        if skipped < offset:
            skipped += 1
            continue
        out.append(item)
    return out


def _by_id(lab, filed, act, event_id: str, start_ms: int, end_ms: int) -> list:
    if filed is not None:
        for api_call, keys in zip(filed.calls, filed.keys):
            if records.event_id(api_call.request_id) == event_id and \
                    start_ms <= api_call.time.timestamp() * 1000 <= end_ms:
                return [_event(api_call, records.record(lab, api_call), keys)]
    if act is not None:
        from awslab.services.cloudtrail.activity import time_of_event_id
        t = time_of_event_id(event_id)
        if t is None or not start_ms <= t <= end_ms:
            return []
        rows = act.window(t, t)
        for i in range(rows.start, rows.stop):
            api_call = act.call(i)
            if records.event_id(api_call.request_id) == event_id:
                return [_event(api_call, records.record(lab, api_call), act.lookup_keys(i))]
    return []


@OPERATIONS("LookupEvents")
def lookup_events(call, p):
    category = p.get("EventCategory")
    attribute = check_attributes(p.get("LookupAttributes"))
    size = p.get("MaxResults") or PAGE
    if category == "insight":
        from awslab.services.cloudtrail.anomalies import lookup_insights
        events, token = lookup_insights(call.lab, call.account_id, call.region,
                                        attribute=attribute, start=p.get("StartTime"),
                                        end=p.get("EndTime"), max_results=size,
                                        token=p.get("NextToken"))
    else:
        events, token = lookup(call.lab, call.account_id, call.region, attribute=attribute,
                               start=p.get("StartTime"), end=p.get("EndTime"),
                               max_results=size, token=p.get("NextToken"))
    return {"Events": events, "NextToken": token}


def lookup_window(lab, account_id: str, region: str, start: datetime, end: datetime,
                  event_name: str | None = None) -> list[dict]:
    """Every management event record (oldest first) of one API in a window, all pages."""
    start_ms, end_ms = _ms(start), _ms(end) - 1
    attr = ("EventName", event_name) if event_name else None
    h = sync(lab)
    out = []
    filed = h.management.get((account_id, region))
    if filed is not None:
        out += [(filed.times[i], records.record(lab, filed.calls[i]))
                for i in filed.window(start_ms / 1000, end_ms / 1000)
                if _matches(filed.keys[i], attr)]
    act = h.activity.get((account_id, region))
    if act is not None:
        out += [(act.t[i] / 1000, records.record(lab, act.call(int(i))))
                for i in _background_mask(act, act.window(start_ms, end_ms), attr)]
    return [r for _, r in sorted(out, key=lambda x: x[0])]
