"""The lab-wide side of CloudTrail: the event history index, network origins of callers,
and the hook that sees every call as it is recorded (for EventBridge and trails).

Event history is built lazily: :func:`sync` files the calls recorded since the last look
(``lab.audit_log``) under their account and region, with the few fields LookupEvents
filters on. :func:`attach` puts a listener on the audit log so that each new call is seen
once, as it happens (EventBridge's "AWS API Call via CloudTrail" events); it is
installed by CloudTrail's operations and helpers, and by
:func:`awslab.services.cloudtrail.enable`.
"""
from __future__ import annotations

import bisect
import os
import weakref
from dataclasses import dataclass, field

from awslab.services.cloudtrail import records

DEFAULT_ORIGIN = ("198.51.100.10", "Boto3 (awslab)")
_HUBS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


@dataclass
class Filed:
    """Calls of one account and region, oldest first, with what LookupEvents reads."""

    calls: list = field(default_factory=list)
    times: list = field(default_factory=list)       # epoch seconds, for bisect
    keys: list = field(default_factory=list)        # (name, user, source, ro, key, res)

    def window(self, start: float, end: float) -> range:
        return range(bisect.bisect_left(self.times, start),
                     bisect.bisect_right(self.times, end))


class Hub:
    """CloudTrail's view of one lab."""

    def __init__(self, lab):
        self.cursor = 0
        self.management: dict[tuple, Filed] = {}
        self.data: dict[tuple, Filed] = {}
        self.activity: dict[tuple, object] = {}      # seeded background (activity.Activity)
        self.origins: dict[str, tuple] = {}          # access key -> (source IP, user agent)
        self.insights_sent: set = set()              # Insights events sent to EventBridge
        self.stories: dict = {}                      # staged incidents (culprit.py)
        self.people: dict = {}                       # (account, name) -> (creds, ip)
        self.ids = lab.id_stream("cloudtrail/files")


def hub(lab) -> Hub:
    """The CloudTrail hub of ``lab`` (made on first use)."""
    found = _HUBS.get(lab)
    if found is None:
        found = _HUBS[lab] = Hub(lab)
    return found


def origin(lab, api_call) -> tuple[str, str]:
    """``(sourceIPAddress, userAgent)`` of a call: the lab's default network, or the
    origin given to the caller's keys with :func:`set_origin`."""
    if (api_call.source_ip, api_call.user_agent) != DEFAULT_ORIGIN:
        return api_call.source_ip, api_call.user_agent
    found = _HUBS.get(lab)
    if found is not None and api_call.access_key_id in found.origins:
        return found.origins[api_call.access_key_id]
    return api_call.source_ip, api_call.user_agent


def set_origin(lab, access_key_id: str, source_ip: str, user_agent: str) -> None:
    """Record calls made with ``access_key_id`` as coming from ``source_ip`` and
    ``user_agent`` (the seeded "someone else" works from their own machine)."""
    hub(lab).origins[access_key_id] = (source_ip, user_agent)


def where(api_call) -> tuple[str, str] | None:
    """``(account, region)`` whose CloudTrail records the call (None: no caller)."""
    caller = api_call.caller
    if caller is None:
        return None
    return caller.account_id, records.event_region(api_call.service, api_call.region)


def lookup_keys(api_call) -> tuple:
    """The fields LookupEvents filters on, for one call."""
    return (api_call.operation, records.username(api_call.caller),
            records.event_source(api_call.service),
            "true" if records.is_read_only(api_call.service, api_call.operation) else "false",
            api_call.access_key_id,
            tuple(records.resources_of(api_call.service, api_call.request)))


def sync(lab) -> Hub:
    """File the calls recorded since the last look; return the hub."""
    h = hub(lab)
    log = lab.audit_log
    for api_call in log[h.cursor:]:
        place = where(api_call)
        if place is None:
            continue
        data = records.is_data_event(api_call.service, api_call.operation)
        filed = (h.data if data else h.management).setdefault(place, Filed())
        filed.calls.append(api_call)
        filed.times.append(api_call.time.timestamp())
        if not data:
            filed.keys.append(lookup_keys(api_call))
    h.cursor = len(log)
    return h


def attach(lab) -> Hub:
    """Watch every call as it is recorded (idempotent); return the hub."""
    h = hub(lab)
    if not attached(lab):
        log = lab.audit_log
        ref = weakref.ref(lab)

        from awslab.services.cloudtrail.eventbridge import on_call

        def observe(api_call):
            found = ref()
            if found is None:
                return
            try:
                on_call(found, api_call)
            except Exception:      # the call itself was answered; never fail it here
                if os.environ.get("AWSLAB_DEBUG"):
                    raise

        observe.awslab_cloudtrail = True
        log.observers.append(observe)
    return h


def attached(lab) -> bool:
    """Whether CloudTrail sees calls as they happen in ``lab``."""
    return any(getattr(o, "awslab_cloudtrail", False)
               for o in lab.audit_log.observers)
