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

from awslab.services.config import engine
from awslab.services.config.resources import GLOBAL_TYPES, SCANNERS, scan
from awslab.services.config.state import ConfigItem

READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Head", "Search", "Filter", "Test",
                 "Simulate", "Decode", "BatchGet", "Select", "Scan", "Query", "Validate")
SETTLE = timedelta(minutes=1)
SG, VOLUME, INSTANCE = "AWS::EC2::SecurityGroup", "AWS::EC2::Volume", "AWS::EC2::Instance"
#: Calls that change only some resource types, named in the request or the answer
#: (the recorder then snapshots just those resources instead of the service's estate).
TARGETED = {("ec2", op): (SG,) for op in (
    "CreateSecurityGroup", "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress",
    "RevokeSecurityGroupIngress")}
TARGETED.update({("ec2", op): (VOLUME,) for op in ("CreateVolume", "DeleteVolume",
                                                    "ModifyVolume")})
TARGETED.update({("ec2", op): (VOLUME, INSTANCE) for op in ("AttachVolume", "DetachVolume")})
ID_MEMBERS = ("GroupId", "VolumeId", "InstanceId", "Bucket")
CHANGE_TYPES = {"ResourceDiscovered": "CREATE", "ResourceDeleted": "DELETE"}   # else UPDATE
#: botocore service -> the resource types its calls can change
TYPES_BY_SERVICE: dict[str, tuple[str, ...]] = {}
for _type, (_service, _fn) in SCANNERS.items():
    TYPES_BY_SERVICE[_service] = TYPES_BY_SERVICE.get(_service, ()) + (_type,)


def install(lab, state) -> None:
    """Make the lab's audit log tell Config about each call (one observer per lab, which
    knows the Config states that record)."""
    log = lab.audit_log
    observer = next((o for o in log.observers if getattr(o, "awslab_config", False)), None)
    if observer is None:
        states: list = []

        def observer(call, lab=lab, states=states):
            on_call(lab, call, states)
        observer.awslab_config = True
        observer.states = states
        log.observers.append(observer)
    if state not in observer.states:
        observer.states.append(state)


def recorded_types(recorder) -> frozenset[str]:
    """The resource types a recorder records (all supported, or its list)."""
    if recorder.all_supported:
        return frozenset(t for t in SCANNERS
                         if recorder.include_global or t not in GLOBAL_TYPES)
    return frozenset(t for t in recorder.resource_types if t in SCANNERS)


def changed(call) -> tuple[tuple[str, ...], set | None]:
    """The resource types a call can change, and their IDs when the call names them
    (``None``: look at every resource of those types)."""
    targeted = TARGETED.get((call.service, call.operation))
    if targeted is None and call.service != "s3":
        return TYPES_BY_SERVICE.get(call.service, ()), None
    types = targeted or TYPES_BY_SERVICE["s3"]
    for source in (call.request, call.response or {}):     # a create names it in the answer
        found = {v for v in map(source.get, ID_MEMBERS) if isinstance(v, str)}
        if found:
            return types, found
    return types, None


def on_call(lab, call, states) -> None:
    """Record what a successful write call changed (``states``: the Config states
    whose recorder has ever started in this lab)."""
    if call.error_code or call.caller is None or call.service not in TYPES_BY_SERVICE or \
            call.operation.startswith(READ_PREFIXES):
        return
    regional = call.service not in ("iam", "s3")
    types, ids = None, None
    for state in states:
        if state.account_id != call.caller.account_id or not state.recording or (
                regional and state.region != call.region) or \
                state.recorder.frequency != "CONTINUOUS":
            continue
        if types is None:
            types, ids = changed(call)
        wanted = [t for t in types if t in state.recorder.types]
        if wanted:
            record(lab, state, wanted, (call,), ids=ids)
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


def record(lab, state, types, calls=(), frequency: str = "CONTINUOUS",
           ids: set | None = None) -> list[ConfigItem]:
    """Snapshot ``types`` (only the resources in ``ids``, when given) and keep a
    configuration item for every change; returns the new items."""
    snaps = scan(lab, state.account_id, state.region, types, ids)
    wanted = set(types)
    new_items = []
    for key, snap in snaps.items():
        prev = state.latest.get(key)
        if snap.same_as(prev):
            continue
        status = "ResourceDiscovered" if prev is None else "OK"
        new_items.append(_keep(lab, state, snap, status, calls, frequency))
    known = [(t, i) for t in wanted for i in ids] if ids is not None else state.latest
    for key in [k for k in known if k in state.latest and k[0] in wanted
                and k not in snaps]:
        new_items.append(_keep(lab, state, state.latest[key], "ResourceDeleted", calls,
                               frequency))
    for item in new_items:
        history = state.items[item.key]
        engine.on_item(lab, state, item, history[-2] if len(history) > 1 else None)
    return new_items


def _keep(lab, state, snap, status, calls, frequency) -> ConfigItem:
    key = (snap.resource_type, snap.resource_id)
    history = state.items.setdefault(key, [])
    now = lab.now
    item = ConfigItem(snap, status, now, str(int(now.timestamp() * 1000) + len(history)),
                      state.account_id, tuple(calls), CHANGE_TYPES.get(status, "UPDATE"),
                      frequency)
    history.append(item)
    if status == "ResourceDeleted":
        state.latest.pop(key, None)
    else:
        state.latest[key] = snap
    state.counts[frequency] += 1
    return item


def start(lab, state) -> None:
    """Start recording: discover what exists, and with DAILY recording, look once a day."""
    install(lab, state)
    recorder = state.recorder
    record(lab, state, sorted(recorder.types), (), recorder.frequency)
    if recorder.frequency == "DAILY" and recorder.daily_job is None:
        def daily(_t, lab=lab, state=state):
            if state.recording:
                record(lab, state, sorted(state.recorder.types), (), "DAILY")
        recorder.daily_job = lab.clock.every(timedelta(days=1), daily,
                                             name=f"config daily {state.account_id}")
