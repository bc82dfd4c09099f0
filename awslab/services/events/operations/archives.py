"""Archives of a bus's events (all, or those matching a pattern; kept RetentionDays days,
0 = indefinitely) and replays of a time window from an archive back onto its bus."""
from __future__ import annotations

from datetime import timedelta

from awslab.services.events import routing
from awslab.services.events.errors import (
    IllegalStatusException, LimitExceededException, ResourceAlreadyExistsException,
    ResourceNotFoundException, ValidationException)
from awslab.services.events.operations.common import OPERATIONS, compact, owner_state, page
from awslab.services.events.patterns import compile_pattern
from awslab.services.events.state import Archive, Replay

MAX_CONCURRENT_REPLAYS = 10
ACTIVE_REPLAY = ("STARTING", "RUNNING", "CANCELLING")


def _archive(state, name: str) -> Archive:
    archive = state.archives.get(name)
    if archive is None:
        raise ResourceNotFoundException(f"Archive {name} does not exist.")
    return archive


def describe_archive_of(archive: Archive, full: bool = True) -> dict:
    out = {"ArchiveName": archive.name, "EventSourceArn": archive.source_arn,
           "State": archive.state, "StateReason": archive.state_reason,
           "RetentionDays": archive.retention_days, "SizeBytes": archive.size_bytes,
           "EventCount": len(archive.events), "CreationTime": archive.created}
    if full:
        out.update(ArchiveArn=archive.arn, Description=archive.description,
                   EventPattern=archive.event_pattern)
    return compact(out)


def _retention(state, lab) -> None:
    if not getattr(state, "retention_job", None):
        state.retention_job = lab.clock.every(
            timedelta(days=1), lambda t: routing.expire_archives(lab, state),
            name=f"events archive retention {state.account_id}/{state.region}")


@OPERATIONS("CreateArchive")
def create_archive(call, p):
    state = call.state()
    name = p["ArchiveName"]
    if name in state.archives:
        raise ResourceAlreadyExistsException(f"Archive {name} already exists.")
    source = p["EventSourceArn"]
    bus_name = source.rsplit("/", 1)[-1] if ":event-bus/" in source else None
    if bus_name is None or routing.buses(call.lab, state).get(bus_name) is None or \
            source != state.bus_arn(bus_name):
        raise ResourceNotFoundException(f"Event bus {bus_name or source} does not exist.")
    pattern = compile_pattern(p["EventPattern"]) if p.get("EventPattern") else None
    retention = p.get("RetentionDays") or 0
    if retention < 0:
        raise ValidationException("RetentionDays must be 0 (indefinitely) or more.")
    archive = Archive(name, state.arn(f"archive/{name}"), source, call.now,
                      p.get("Description"), p.get("EventPattern"), retention,
                      pattern=pattern)
    state.archives[name] = archive
    _retention(state, call.lab)
    return {"ArchiveArn": archive.arn, "State": archive.state,
            "CreationTime": archive.created}


@OPERATIONS("DescribeArchive")
def describe_archive(call, p):
    return describe_archive_of(_archive(call.state(), p["ArchiveName"]))


@OPERATIONS("ListArchives")
def list_archives(call, p):
    prefix = p.get("NamePrefix") or ""
    found = [describe_archive_of(a, full=False)
             for n, a in sorted(call.state().archives.items())
             if n.startswith(prefix) and p.get("EventSourceArn") in (None, a.source_arn)
             and p.get("State") in (None, a.state)]
    items, token = page(found, p, f"archives/{prefix}/{p.get('EventSourceArn')}")
    return {"Archives": items, "NextToken": token}


@OPERATIONS("UpdateArchive")
def update_archive(call, p):
    archive = _archive(call.state(), p["ArchiveName"])
    if p.get("EventPattern") is not None:
        archive.pattern = compile_pattern(p["EventPattern"])
        archive.event_pattern = p["EventPattern"]
    if p.get("Description") is not None:
        archive.description = p["Description"]
    if p.get("RetentionDays") is not None:
        archive.retention_days = p["RetentionDays"]
    return {"ArchiveArn": archive.arn, "State": archive.state,
            "StateReason": archive.state_reason, "CreationTime": archive.created}


@OPERATIONS("DeleteArchive")
def delete_archive(call, p):
    state = call.state()
    _archive(state, p["ArchiveName"])
    del state.archives[p["ArchiveName"]]
    return {}


# -- replays ------------------------------------------------------------------------------
def describe_replay_of(replay: Replay, full: bool = True) -> dict:
    out = {"ReplayName": replay.name, "EventSourceArn": replay.archive_arn,
           "State": replay.state, "StateReason": replay.state_reason,
           "EventStartTime": replay.start, "EventEndTime": replay.end,
           "EventLastReplayedTime": replay.last_replayed,
           "ReplayStartTime": replay.started, "ReplayEndTime": replay.finished}
    if full:
        out.update(ReplayArn=replay.arn, Description=replay.description,
                   Destination=replay.destination)
    return compact(out)


@OPERATIONS("StartReplay")
def start_replay(call, p):
    state = call.state()
    name = p["ReplayName"]
    if name in state.replays:
        raise ResourceAlreadyExistsException(f"Replay {name} already exists.")
    archive = next((a for a in state.archives.values() if a.arn == p["EventSourceArn"]),
                   None)
    if archive is None:
        raise ResourceNotFoundException(f"Archive {p['EventSourceArn'].rsplit('/', 1)[-1]}"
                                        " does not exist.")
    start, end = p["EventStartTime"], p["EventEndTime"]
    if start >= end:
        raise ValidationException("Parameter EventStartTime is not valid. Reason: "
                                  "EventStartTime must be before EventEndTime.")
    if end > call.now:
        raise ValidationException("Parameter EventEndTime is not valid. Reason: "
                                  "EventEndTime cannot be in the future.")
    destination = p["Destination"]
    if destination["Arn"] != archive.source_arn:
        raise ValidationException("Parameter Destination.Arn is not valid. Reason: Cross "
                                  "event bus replay is not permitted.")
    bus = owner_state(call, destination["Arn"]).buses.get(
        destination["Arn"].rsplit("/", 1)[-1])
    for rule_arn in destination.get("FilterArns") or ():
        if bus is None or not any(r.arn == rule_arn for r in bus.rules.values()):
            raise ResourceNotFoundException(f"Rule {rule_arn.rsplit('/', 1)[-1]} does not "
                                            f"exist on EventBus {archive.source_arn.rsplit('/', 1)[-1]}.")
    if sum(r.state in ACTIVE_REPLAY for r in state.replays.values()) >= \
            MAX_CONCURRENT_REPLAYS:
        raise LimitExceededException("The requested resource exceeds the maximum number "
                                     "allowed.")
    replay = Replay(name, state.arn(f"replay/{name}"), archive.arn, start, end,
                    dict(destination), call.now, p.get("Description"))
    state.replays[name] = replay
    routing.start_replay(call.lab, state, replay)
    return {"ReplayArn": replay.arn, "State": replay.state,
            "ReplayStartTime": replay.started}


def _replay(state, name: str) -> Replay:
    replay = state.replays.get(name)
    if replay is None:
        raise ResourceNotFoundException(f"Replay {name} does not exist.")
    return replay


@OPERATIONS("DescribeReplay")
def describe_replay(call, p):
    return describe_replay_of(_replay(call.state(), p["ReplayName"]))


@OPERATIONS("ListReplays")
def list_replays(call, p):
    prefix = p.get("NamePrefix") or ""
    found = [describe_replay_of(r, full=False)
             for n, r in sorted(call.state().replays.items())
             if n.startswith(prefix) and p.get("State") in (None, r.state)
             and p.get("EventSourceArn") in (None, r.archive_arn)]
    items, token = page(found, p, f"replays/{prefix}/{p.get('EventSourceArn')}")
    return {"Replays": items, "NextToken": token}


@OPERATIONS("CancelReplay")
def cancel_replay(call, p):
    replay = _replay(call.state(), p["ReplayName"])
    if replay.state not in ("STARTING", "RUNNING"):
        raise IllegalStatusException(f"Replay {replay.name} is not in a valid state for "
                                     "this operation.")
    replay.state = "CANCELLING"
    return {"ReplayArn": replay.arn, "State": replay.state}
