"""EventBridge pattern matching: 10,000 events against 100 rules, awslab beside moto.

Both matchers get the same 100 seeded rules (exact values, prefix, suffix,
equals-ignore-case, anything-but, numeric ranges, exists, cidr, wildcard, ``$or``) and
the same 10,000 seeded events (EC2, CodeBuild, alarm and custom order events), and
:func:`check_agreement` asserts they reach the same verdict on every one of the million
(rule, event) pairs before anything is timed. awslab compiles each pattern once and
flattens each event once for all rules, as its bus does; moto's ``EventPattern`` is
called as its bus calls it (``matches_event`` per rule and event).

Not a test: it prints measurements. ``python bench/events.py`` runs it alone.
"""
from __future__ import annotations

import json
import random
import time

RULES, EVENTS, SEED = 100, 10_000, 2026
STATES = ("pending", "running", "stopping", "stopped", "shutting-down", "terminated")
SOURCES = ("aws.ec2", "aws.codebuild", "aws.cloudwatch", "petshop.orders",
           "petshop.inventory")


def make_event(rng: random.Random, n: int) -> dict:
    source = rng.choice(SOURCES)
    detail = {"state": rng.choice(STATES), "amount": rng.randrange(0, 1000),
              "region": rng.choice(["us-east-1", "eu-west-1", "ap-south-1"]),
              "ip": f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(256)}",
              "file": f"dir{rng.randrange(5)}/img{rng.randrange(50)}."
                      f"{rng.choice(['png', 'PNG', 'jpg'])}",
              "customer": {"tier": rng.choice(["gold", "silver", "bronze"]),
                           "country": rng.choice(["FR", "US", "IN", "BR"])}}
    if rng.random() < 0.3:
        detail.pop("ip")
    return {"version": "0", "id": f"ev-{n}", "detail-type": rng.choice(
        ["EC2 Instance State-change Notification", "CodeBuild Build State Change",
         "CloudWatch Alarm State Change", "Order Placed"]), "source": source,
        "account": "123456789012", "time": "2026-01-05T00:00:00Z", "region": "us-east-1",
        "resources": [], "detail": detail}


def make_rule(rng: random.Random) -> dict:
    pattern: dict = {"source": rng.sample(SOURCES, rng.randrange(1, 3))}
    detail: dict = {}
    for _ in range(rng.randrange(1, 4)):
        kind = rng.randrange(10)
        if kind == 0:
            detail["state"] = rng.sample(STATES, 2)
        elif kind == 1:
            detail["region"] = [{"prefix": rng.choice(["us-", "eu-"])}]
        elif kind == 2:
            detail["file"] = [{"suffix": rng.choice([".png", ".jpg"])}]
        elif kind == 3:
            detail["customer"] = {"tier": [{"equals-ignore-case": rng.choice(["GOLD",
                                                                               "Silver"])}]}
        elif kind == 4:
            detail["state"] = [{"anything-but": rng.sample(STATES, 3)}]
        elif kind == 5:
            low = rng.randrange(0, 800)
            detail["amount"] = [{"numeric": [">=", low, "<", low + rng.randrange(50, 400)]}]
        elif kind == 6:
            detail["ip"] = [{"exists": rng.random() < 0.5}]
        elif kind == 7:
            detail["ip"] = [{"cidr": f"10.{rng.randrange(4)}.0.0/16"}]
        elif kind == 8:
            detail["file"] = [{"wildcard": f"dir{rng.randrange(5)}/*.png"}]
        else:
            detail["$or"] = [{"customer": {"country": ["FR", "US"]}},
                             {"amount": [{"numeric": [">", 900]}]}]
    pattern["detail"] = detail
    return pattern


def workload():
    rng = random.Random(SEED)
    rules = [json.dumps(make_rule(rng)) for _ in range(RULES)]
    events = [make_event(rng, n) for n in range(EVENTS)]
    return rules, events


def awslab_matcher(rules):
    from awslab.services.events.patterns import compile_pattern, flatten
    compiled = [compile_pattern(r) for r in rules]

    def run(events):
        out = []
        for event in events:
            flat = flatten(event)
            out.append([p.matches(flat) for p in compiled])
        return out
    return run


def moto_matcher(rules):
    from moto.events.models import EventPattern
    compiled = [EventPattern.load(r) for r in rules]

    def run(events):
        return [[p.matches_event(event) for p in compiled] for event in events]
    return run


def check_agreement(rules, events) -> int:
    """Both matchers agree on every pair; returns how many pairs match."""
    ours, theirs = awslab_matcher(rules)(events), moto_matcher(rules)(events)
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            j = next(k for k in range(len(a)) if a[k] != b[k])
            raise AssertionError(f"disagreement on event {i}, rule {j}: awslab {a[j]}, "
                                 f"moto {b[j]}\n{rules[j]}\n{json.dumps(events[i])}")
    return sum(map(sum, ours))


def best_of(fn, events, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(events)
        best = min(best, time.perf_counter() - start)
    return best


def measure():
    rules, events = workload()
    matches = check_agreement(rules, events)
    ours = best_of(awslab_matcher(rules), events)
    theirs = best_of(moto_matcher(rules), events, repeat=1)
    return matches, ours, theirs


def rows() -> list:
    """Rows for ``bench/run.py``'s table ``(name, awslab, baseline, unit)``: seconds to
    match every event against every rule (target: at least 5x moto's throughput)."""
    matches, ours, theirs = measure()
    return [(f"EventBridge patterns, {EVENTS:,} events x {RULES} rules ({matches:,} "
             f"matches): {theirs / ours:.1f}x moto's throughput, target >= 5x",
             ours * 1e6, theirs * 1e6, "us")]


def main() -> None:
    matches, ours, theirs = measure()
    pairs = RULES * EVENTS
    print(f"{EVENTS:,} events x {RULES} rules = {pairs:,} pairs, {matches:,} matches "
          "(both matchers agree on every pair)")
    print(f"awslab {ours:8.3f} s  {pairs / ours:>12,.0f} pairs/s")
    print(f"moto   {theirs:8.3f} s  {pairs / theirs:>12,.0f} pairs/s")
    print(f"awslab / moto throughput: {theirs / ours:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
