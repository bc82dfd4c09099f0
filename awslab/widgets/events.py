"""NB07 wiring: EventBridge charts from the lab, and the pattern, schedule and replay
explorers.

Each ``*_explorer`` returns ``(render, controls)`` for :func:`awslab.widgets.explore`.
The pattern playground runs the pure matcher (:func:`~awslab.services.events.
compile_pattern`) over a seeded stream of events; the schedule builder asks
:func:`~awslab.services.events.next_fire_times`; the replay window reads an archive
without replaying anything. Drawing is :mod:`awslab.viz.events`.
Introduced in ``07_eventbridge.ipynb``.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from datetime import datetime, timedelta

from awslab.errors import AwsError
from awslab.viz import events as viz
from awslab.widgets.explorer import make_controls

START_PATTERN = {"source": ["aws.ec2"], "detail": {"state": ["stopped", "terminated"]}}
START_SCHEDULE = "cron(0 9 ? * MON-FRI *)"


# -- a stream of events to play with -----------------------------------------------------------
def sample_events(seed: int = 0, count: int = 12, account: str = "123456789012") -> list[dict]:
    """A seeded stream of realistic events: EC2 state changes, a CodeBuild failure, an
    alarm change, S3 object uploads, a Trusted Advisor check and custom orders."""
    rng = random.Random(f"awslab.widgets.events:{seed}")
    t0 = datetime(2026, 1, 5, 9, 0)
    kinds = [
        ("aws.ec2", "EC2 Instance State-change Notification",
         lambda: {"instance-id": f"i-0{rng.getrandbits(64):016x}",
                  "state": rng.choice(["pending", "running", "stopping", "stopped",
                                       "terminated"])}),
        ("aws.codebuild", "CodeBuild Build State Change",
         lambda: {"build-status": rng.choice(["FAILED", "SUCCEEDED", "IN_PROGRESS"]),
                  "project-name": "petshop-build"}),
        ("aws.cloudwatch", "CloudWatch Alarm State Change",
         lambda: {"alarmName": "cpu-high", "state": {"value": rng.choice(["ALARM", "OK"])}}),
        ("aws.s3", "Object Created",
         lambda: {"bucket": {"name": "petshop-uploads"}, "object": {
             "key": f"photos/{rng.choice(['cat', 'dog', 'fish'])}{rng.randrange(9)}."
                    f"{rng.choice(['png', 'jpg', 'PNG'])}",
             "size": rng.randrange(10_000, 5_000_000)}}),
        ("aws.trustedadvisor", "Trusted Advisor Check Item Refresh Notification",
         lambda: {"check-name": "Security Groups - Specific Ports Unrestricted",
                  "status": rng.choice(["WARN", "ERROR", "OK"])}),
        ("petshop.orders", "Order Placed",
         lambda: {"order_id": rng.randrange(1000, 9999), "amount": rng.randrange(5, 500),
                  "customer": {"tier": rng.choice(["gold", "silver"]),
                               "ip": f"203.0.113.{rng.randrange(256)}"}}),
    ]
    out = []
    for n in range(count):
        source, detail_type, detail = kinds[n % len(kinds)] if n < len(kinds) else \
            rng.choice(kinds)
        out.append({"version": "0", "id": f"sample-{n:02d}", "detail-type": detail_type,
                    "source": source, "account": account,
                    "time": (t0 + timedelta(minutes=7 * n)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "region": "us-east-1", "resources": [], "detail": detail()})
    return out


def describe_event(event: dict) -> str:
    """``aws.ec2 | state=stopped instance-id=i-0...`` (the leaves of detail, shortened)."""
    from awslab.services.events.patterns import flatten
    leaves = flatten(event.get("detail", {})).values
    shown = " ".join(f"{k}={v[0]}" for k, v in list(leaves.items())[:3])
    return f"{event['source']} | {shown}"


def verdict_rows(pattern, events: list[dict]) -> list[dict]:
    """For each event: matched or not and which field and operator decided (raises the
    pattern's InvalidEventPatternException)."""
    from awslab.services.events import compile_pattern
    compiled = compile_pattern(pattern)
    rows = []
    for event in events:
        verdict = compiled.explain(event)
        if verdict.matched:
            clause = next(c for c in verdict.clauses if all(f.matched for f in c))
            decided = clause[-1]
            why = f"{decided.path}: {decided.operator.kind} {decided.operator.text}"
        else:
            failed = verdict.failed[0]
            got = json.dumps(failed.values[0]) if failed.values else "absent"
            why = f"{failed.path} = {got} fails"
        rows.append({"event": describe_event(event), "matched": verdict.matched, "why": why})
    return rows


def pattern_explorer(events: list[dict] | None = None, pattern=None):
    """Edit a pattern (JSON), see which events of the stream match and what decided."""
    stream = events if events is not None else sample_events()
    text = json.dumps(pattern or START_PATTERN, indent=1)

    def render(pattern_text: str):
        try:
            rows = verdict_rows(pattern_text, stream)
        except AwsError as err:
            return viz.message_figure(err.message, "EventBridge refuses this pattern")
        hits = sum(r["matched"] for r in rows)
        return viz.verdict_table(rows, f"{hits} of {len(rows)} events match")

    controls = make_controls(pattern_text=("Textarea", {
        "value": text, "description": "Event pattern", "continuous_update": False,
        "layout": {"width": "95%", "height": "120px"}}))
    return render, controls


# -- schedules ---------------------------------------------------------------------------------
def schedule_figure(expression: str, after: datetime, count: int = 50):
    """Calendar of the next firings, or the error PutRule would give."""
    from awslab.services.events import next_fire_times
    try:
        times = next_fire_times(expression, after, count)
    except AwsError as err:
        return viz.message_figure(f"{err.code}: {err.message}", expression)
    return viz.calendar_figure(times, expression)


def schedule_explorer(after: datetime, expression: str = START_SCHEDULE):
    """Type a rate(...) or cron(...) expression; see its next firings on a calendar."""
    def render(expression: str, count: int):
        return schedule_figure(expression, after, count)

    controls = make_controls(
        expression=("Text", {"value": expression, "description": "ScheduleExpression",
                             "continuous_update": False, "layout": {"width": "420px"}}),
        count=("IntSlider", {"value": 50, "min": 5, "max": 400, "step": 5,
                             "description": "firings computed"}))
    return render, controls


# -- archive and replay ---------------------------------------------------------------------------
def archived_times(lab, archive: str, account: str = "123456789012",
                   region: str = "us-east-1") -> list[datetime]:
    """Event times of an archive's events, oldest first."""
    found = lab.state("events", account, region).archives.get(archive)
    return sorted(t for t, _ in found.events) if found else []


def replayed_times(lab, replay: str, account: str = "123456789012",
                   region: str = "us-east-1") -> list[datetime]:
    """When the deliveries of a replay happened."""
    from awslab.services.events import deliveries
    return [d["time"] for d in deliveries(lab, account, region) if d["replay_name"] == replay]


def replay_explorer(lab, archive: str, account: str = "123456789012",
                    region: str = "us-east-1"):
    """Slide a window over the archive: which events a replay of it would send."""
    times = archived_times(lab, archive, account, region)
    first = times[0].replace(minute=0, second=0, microsecond=0)
    steps = int((times[-1] - first).total_seconds() // 600) + 2
    options = [(f"{first + timedelta(minutes=10 * i):%H:%M}", i) for i in range(steps)]

    def render(window: tuple):
        start, end = (first + timedelta(minutes=10 * i) for i in window)
        picked = sum(start <= t < end for t in times)
        return viz.replay_timeline(times, (start, end), title=(
            f"A replay of {start:%H:%M}-{end:%H:%M} would send {picked} of {len(times)} "
            "archived events"))

    controls = make_controls(window=("SelectionRangeSlider", {
        "options": options, "index": (0, min(12, steps - 1)), "description": "window (UTC)",
        "layout": {"width": "600px"}}))
    return render, controls


# -- flows, schemas, policies ---------------------------------------------------------------------
def flow(lab, account: str = "123456789012", region: str = "us-east-1",
         buses: tuple | None = None, title: str = ""):
    """Chart: events from each source to each bus, rules matched, targets delivered."""
    state = lab.state("events", account, region)
    chosen = [b for n, b in state.buses.items() if buses is None or n in buses]
    sources, into_bus = Counter(), Counter()
    for bus in chosen:
        for event in bus.events:
            sources[event["source"]] += 1
            into_bus[(event["source"], f"bus: {bus.name}")] += 1
    names = {f"bus: {b.name}" for b in chosen}
    rule_hits, to_target, rule_edges = Counter(), Counter(), Counter()
    seen, on_bus = set(), {e["id"] for b in chosen for e in b.events}
    for d in state.deliveries:
        if f"bus: {d['bus']}" not in names:
            continue
        key = (d["rule"], d["event_id"], d["replay_name"])
        if key not in seen:
            seen.add(key)
            rule_hits[f"rule: {d['rule']}"] += 1
            if d["event_id"] in on_bus:           # scheduled events skip the bus
                rule_edges[(f"bus: {d['bus']}", f"rule: {d['rule']}")] += 1
        if d["status"] == "delivered":
            target = d["target_arn"].split(":")
            to_target[(f"rule: {d['rule']}", f"{target[2]}: {target[-1]}")] += 1
    targets = Counter()
    for (_, t), n in to_target.items():
        targets[t] += n
    columns = [("Sources", sorted(sources.items())),
               ("Event buses", [(f"bus: {b.name}", len(b.events)) for b in chosen]),
               ("Rules (matched)", sorted(rule_hits.items())),
               ("Targets (delivered)", sorted(targets.items()))]
    edges = [(a, b, n) for (a, b), n in [*into_bus.items(), *rule_edges.items(),
                                         *to_target.items()]]
    return viz.flow_figure(columns, edges, title)


def schema_versions(lab, name: str, account: str = "123456789012",
                    region: str = "us-east-1"):
    """Chart: the fields of each version of a discovered schema, side by side."""
    from awslab.services.schemas import versions
    found = versions(lab, name, account, region)
    if not found:
        return viz.message_figure(f"no schema {name} discovered yet", "Schema versions")
    return viz.schema_versions_table(found, f"{name}: fields of detail per version")


def policy_matrix(lab, buses: list[tuple[str, str, str]], accounts: list[str]):
    """Chart: whether each account may PutEvents on each bus ``(account, region, name)``,
    as the IAM engine decides from the bus policy (the owner always may)."""
    from awslab.services.events.delivery import bus_admits
    allowed, labels = {}, []
    for owner, region, name in buses:
        bus = lab.state("events", owner, region).buses[name]
        label = f"{name}\n({owner})"
        labels.append(label)
        for account in accounts:
            allowed[(account, label)] = account == owner or bus_admits(
                lab, bus, account, "events:PutEvents")
    return viz.policy_heatmap(accounts, labels, allowed)
