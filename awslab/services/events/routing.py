"""How an event travels: onto a bus, into its archives and schema discovery, through the
rules whose patterns match, to their targets. Scheduled rules and replays run here too,
on the lab's clock.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from awslab.clock import to_utc
from awslab.ids import IdFactory
from awslab.services.events import delivery
from awslab.services.events.patterns import flatten
from awslab.services.events.schedule import Rate, next_fire_times, parse_schedule
from awslab.services.events.state import DEFAULT_BUS, Bus

ENVELOPE = ("version", "id", "detail-type", "source", "account", "time", "region",
            "resources", "detail")
REPLAY_TICK = timedelta(minutes=1)
REPLAY_SPAN = timedelta(hours=1)            # event time replayed per tick


def buses(lab, state) -> dict:
    """The buses of ``state``; the default bus exists from the lab's start."""
    if DEFAULT_BUS not in state.buses:
        state.buses[DEFAULT_BUS] = Bus(DEFAULT_BUS, state.bus_arn(DEFAULT_BUS), lab.start)
    return state.buses


def event_ids(lab, state) -> IdFactory:
    return lab.id_stream(f"events/{state.account_id}/{state.region}")


@lru_cache(maxsize=256)
def _time_text(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp(lab, state, payload: dict, account: str | None = None, when=None) -> dict:
    """The full envelope of an event (aws-facts 5.1), in AWS's field order."""
    return {"version": "0", "id": event_ids(lab, state).uuid(),
            "detail-type": payload["detail-type"], "source": payload["source"],
            "account": account or state.account_id,
            "time": _time_text(when or lab.now), "region": state.region,
            "resources": list(payload.get("resources", ())),
            "detail": payload.get("detail", {})}


def receive(lab, state, kind: str, payload: dict) -> dict:
    """``lab.send("events", "event", account, region, {...})``: another service's event
    for a bus of this account (``bus``: name or ARN, default ``default``).

    ``detail`` may be a function making it: it is called only when something on the bus
    (a rule whose pattern could match, an archive, schema discovery) needs the event,
    or when the bus's history is read; the event's ID and time are drawn now either way.
    """
    if kind != "event":
        raise ValueError(f"EventBridge cannot receive {kind!r}")
    name = str(payload.get("bus") or DEFAULT_BUS).rsplit("/", 1)[-1]
    bus = buses(lab, state).get(name)
    if bus is None:
        raise ValueError(f"event bus {name!r} does not exist in {state.account_id}/"
                         f"{state.region}")
    event = stamp(lab, state, payload)
    build = event["detail"]
    if callable(build):
        if not listening(lab, state, bus, event):
            del event["detail"]
            bus.received.append(event)
            bus.unbuilt.append((event, build))
            return event
        event["detail"] = build()
    route(lab, state, bus, event)
    return event


def listening(lab, state, bus: Bus, event: dict) -> bool:
    """Whether anything on ``bus`` could see ``event`` (judged on its envelope): an
    archive, schema discovery, or an enabled rule whose pattern might match."""
    if state.archives and any(a.source_arn == bus.arn for a in state.archives.values()):
        return True
    schemas = lab.service("schemas")
    if schemas is not None and schemas.discovering(lab, state.account_id, state.region,
                                                   bus.arn):
        return True
    if not bus.rules:
        return False
    known = {k: event[k] for k in ("source", "detail-type", "account", "region")}
    return any(r.enabled and r.pattern is not None and r.pattern.might_match(known)
               for r in bus.rules.values())


def route(lab, state, bus: Bus, event: dict, *, replay: str | None = None,
          hops: int = 0, rules=None) -> int:
    """Put ``event`` on ``bus``: archive it, show it to schema discovery, run the rules.
    Returns how many rules matched. Replayed events are never archived again."""
    bus.received.append(event)
    chosen = [r for r in bus.rules.values() if (rules is None or r.arn in rules)
              and r.enabled and r.pattern is not None]
    looking = [a.pattern for a in state.archives.values() if a.pattern is not None] \
        if replay is None else []
    # flattened once, only along the paths some pattern looks at
    flat = flatten(event, frozenset().union(*(p.paths for p in looking),
                                            *(r.pattern.paths for r in chosen))) \
        if chosen or looking else None
    if replay is None:
        if state.archives:
            _archive(lab, state, bus, event, flat)
        _discover(lab, state, bus, event)
    matched = 0
    for rule in chosen:
        if not rule.pattern.matches(flat):
            continue
        matched += 1
        for target in list(rule.targets.values()):
            delivery.deliver(lab, state, rule, target, event, replay=replay, hops=hops)
    return matched


def _archive(lab, state, bus: Bus, event: dict, flat) -> None:
    for archive in state.archives.values():
        if archive.source_arn != bus.arn or archive.state != "ENABLED":
            continue
        if archive.pattern is None or archive.pattern.matches(flat):
            archive.events.append((to_utc(event["time"]), event))


def _discover(lab, state, bus: Bus, event: dict) -> None:
    schemas = lab.service("schemas")
    if schemas is not None:
        schemas.observe(lab, state.account_id, state.region, bus.arn, event)


# -- scheduled rules ----------------------------------------------------------------------
def schedule_rule(lab, state, rule) -> None:
    """Put the rule's next firing on the clock (cancelling the one there was)."""
    if rule.job is not None:
        rule.job.cancel()
        rule.job = None
    if rule.schedule is None:
        return
    schedule = parse_schedule(rule.schedule)
    anchor = rule.created if isinstance(schedule, Rate) else None
    nxt = next_fire_times(rule.schedule, lab.now, 1, anchor=anchor)
    if nxt:
        rule.job = lab.clock.at(nxt[0], lambda t: _fire(lab, state, rule, t),
                                name=f"events schedule {rule.arn}")


def _fire(lab, state, rule, when) -> None:
    bus = state.buses.get(rule.bus_name)
    if bus is None or bus.rules.get(rule.name) is not rule:
        return                                          # deleted meanwhile
    if rule.enabled:
        event = stamp(lab, state, {"source": "aws.events", "detail-type": "Scheduled Event",
                                   "resources": [rule.arn], "detail": {}}, when=when)
        for target in list(rule.targets.values()):
            delivery.deliver(lab, state, rule, target, event)
    rule.job = None
    schedule_rule(lab, state, rule)


# -- archives and replays -----------------------------------------------------------------
def expire_archives(lab, state) -> None:
    """Drop archived events older than their archive's retention (0 keeps them)."""
    for archive in state.archives.values():
        if archive.retention_days:
            cutoff = lab.now - timedelta(days=archive.retention_days)
            archive.events = [(t, e) for t, e in archive.events if t >= cutoff]


def start_replay(lab, state, replay) -> None:
    replay.job = lab.clock.every(REPLAY_TICK, lambda t: _replay_tick(lab, state, replay),
                                 name=f"events replay {replay.arn}")


def _replay_tick(lab, state, replay) -> None:
    if replay.state == "CANCELLING":
        _finish(lab, replay, "CANCELLED")
        return
    archive = next((a for a in state.archives.values() if a.arn == replay.archive_arn), None)
    if archive is None:
        _finish(lab, replay, "FAILED", "The archive was deleted during the replay.")
        return
    if replay.state == "STARTING":
        replay.state, replay.cursor = "RUNNING", replay.start
    stop = min(replay.cursor + REPLAY_SPAN, replay.end)
    name = replay.destination["Arn"].rsplit("/", 1)[-1]
    bus = state.buses.get(name)
    if bus is None:
        _finish(lab, replay, "FAILED", "The destination event bus does not exist.")
        return
    rules = set(replay.destination.get("FilterArns") or ()) or None
    batch = sorted(((t, e) for t, e in archive.events if replay.cursor <= t < stop),
                   key=lambda te: te[0])
    for when, event in batch:
        route(lab, state, bus, {**event, "replay-name": replay.name}, replay=replay.name,
              rules=rules)
        replay.last_replayed = when
        replay.replayed += 1
    replay.cursor = stop
    if stop >= replay.end:
        _finish(lab, replay, "COMPLETED")


def _finish(lab, replay, final: str, reason: str | None = None) -> None:
    replay.state, replay.finished = final, lab.now
    if reason:
        replay.state_reason = reason
    if replay.job is not None:
        replay.job.cancel()
        replay.job = None
