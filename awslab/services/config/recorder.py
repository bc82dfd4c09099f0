"""The configuration recorder: configuration items from the changes made through the lab.

Config watches the lab's audit log (the record every call through the bridge leaves, which
CloudTrail reads too): after a successful write call to a service whose resources it
records, it snapshots that service's resource types in the caller's account and keeps a
configuration item for each resource that changed, appeared (``ResourceDiscovered``) or
went away (``ResourceDeleted``), with the call's CloudTrail event ID in ``relatedEvents``.
A minute later it looks once more, because EC2 finishes some changes on its own clock
(``pending`` -> ``running``). Read calls cost nothing but a prefix test, which keeps the
recording overhead per boto3 call small (``bench/config.py``).

``RecordingFrequency`` ``DAILY`` records once a day instead (aws-facts 7.1).
"""
from __future__ import annotations

from datetime import timedelta

from awslab.services.config.resources import GLOBAL_TYPES, SCANNERS, scan
from awslab.services.config.state import ConfigItem

READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Head", "Search", "Filter", "Test",
                 "Simulate", "Decode", "BatchGet", "Select", "Scan", "Query", "Validate")
SETTLE = timedelta(minutes=1)
#: botocore service -> the resource types its calls can change
TYPES_BY_SERVICE: dict[str, tuple[str, ...]] = {}
for _type, (_service, _fn) in SCANNERS.items():
    TYPES_BY_SERVICE[_service] = TYPES_BY_SERVICE.get(_service, ()) + (_type,)


class ObservedLog(list):
    """The lab's audit log with observers called for every appended call (additive: the
    log is still the same list of ``ApiCall`` records for every other reader)."""

    def __init__(self, items=()):
        super().__init__(items)
        self.observers: list = []

    def append(self, call) -> None:
        super().append(call)
        for observer in self.observers:
            observer(call)


def install(lab) -> None:
    """Make the lab's audit log tell Config about each call (once per lab)."""
    log = lab.audit_log
    if not hasattr(log, "observers"):
        log = ObservedLog(log)
        lab.audit_log = log
    if not any(getattr(o, "awslab_config", False) for o in log.observers):
        def observe(call, lab=lab):
            on_call(lab, call)
        observe.awslab_config = True
        log.observers.append(observe)


def recorded_types(recorder) -> tuple[str, ...]:
    """The resource types a recorder records (all supported, or its list)."""
    if recorder.all_supported:
        return tuple(t for t in SCANNERS if recorder.include_global or t not in GLOBAL_TYPES)
    return tuple(t for t in recorder.resource_types if t in SCANNERS)


def on_call(lab, call) -> None:
    """Record what a successful write call changed."""
    if call.error_code or call.operation.startswith(READ_PREFIXES):
        return
    types = TYPES_BY_SERVICE.get(call.service)
    if not types or call.caller is None:
        return
    regional = call.service not in ("iam", "s3")
    for (account, region), state in lab.states("config"):
        if account != call.caller.account_id or not state.recording or (
                regional and region != call.region):
            continue
        if state.recorder.frequency != "CONTINUOUS":
            continue
        wanted = [t for t in types if t in recorded_types(state.recorder)]
        if wanted:
            record(lab, state, wanted, (call,))
            _settle_later(lab, state, wanted)


def _settle_later(lab, state, types) -> None:
    pending = getattr(state, "settle_types", None)
    if pending is not None:
        pending.update(types)
        return
    state.settle_types = set(types)

    def settle(_t, lab=lab, state=state):
        kinds, state.settle_types = state.settle_types, None
        if state.recording:
            record(lab, state, sorted(kinds), ())
    lab.clock.at(lab.now + SETTLE, settle, name=f"config settle {state.account_id}")


def record(lab, state, types, calls=(), frequency: str = "CONTINUOUS") -> list[ConfigItem]:
    """Snapshot ``types`` and keep a configuration item for every change; returns them."""
    from awslab.services.config import engine
    snaps = scan(lab, state.account_id, state.region, types)
    wanted = set(types)
    new_items = []
    for key, snap in snaps.items():
        prev = state.latest.get(key)
        if snap.same_as(prev):
            continue
        status = "ResourceDiscovered" if prev is None else "OK"
        new_items.append(_keep(lab, state, snap, status, calls, frequency))
    for key in [k for k in state.latest if k[0] in wanted and k not in snaps]:
        new_items.append(_keep(lab, state, state.latest[key], "ResourceDeleted", calls,
                               frequency))
    for item in new_items:
        engine.on_item(lab, state, item)
    return new_items


def _keep(lab, state, snap, status, calls, frequency) -> ConfigItem:
    key = (snap.resource_type, snap.resource_id)
    history = state.items.setdefault(key, [])
    now = lab.now
    item = ConfigItem(snap, status, now, str(int(now.timestamp() * 1000) + len(history)),
                      state.account_id, tuple(_event_id(lab, c) for c in calls),
                      tuple(calls), {"ResourceDiscovered": "CREATE",
                                     "ResourceDeleted": "DELETE"}.get(status, "UPDATE"),
                      frequency)
    history.append(item)
    if status == "ResourceDeleted":
        state.latest.pop(key, None)
    else:
        state.latest[key] = snap
    state.counts[frequency] += 1
    return item


def _event_id(lab, call) -> str:
    """The CloudTrail event ID of a call (its request ID until CloudTrail is in the lab)."""
    trail = lab.service("cloudtrail")
    record_fn = getattr(trail, "record", None) if trail is not None else None
    if record_fn is None:
        return call.request_id
    return record_fn(lab, call).get("eventID", call.request_id)


def start(lab, state) -> None:
    """Start recording: discover what exists, and with DAILY recording, look once a day."""
    install(lab)
    recorder = state.recorder
    record(lab, state, recorded_types(recorder), (), recorder.frequency)
    if recorder.frequency == "DAILY" and recorder.daily_job is None:
        def daily(_t, lab=lab, state=state):
            if state.recording:
                record(lab, state, recorded_types(state.recorder), (), "DAILY")
        recorder.daily_job = lab.clock.every(timedelta(days=1), daily,
                                             name=f"config daily {state.account_id}")
