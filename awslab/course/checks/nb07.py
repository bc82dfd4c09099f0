"""NB07 (EventBridge): checks run the learner's own patterns, bus policy and replay.

E1 runs the learner's event pattern over 200 seeded EC2 events and compares its matches
with the intended ones (stopped or terminated, the learner's instances only); E2 puts
events on the central bus from every member account of the organization, from the
management account and from an outsider, and expects exactly the outsider refused; E3
reads the Lambda stand-in behind a rule after the learner fixed it and replayed the
2-hour window in which it had failed (:func:`prepare_e3` sets that story up).
Introduced in ``07_eventbridge.ipynb``.
"""
from __future__ import annotations

import json
import weakref
from collections import Counter
from datetime import timedelta

from awslab.course.answers import describe
from awslab.course.checks.common import client_error, hhmm
from awslab.course.exercises import Exercise, fail, ok

TITLE = "EventBridge"
MANAGEMENT = "123456789012"

# -- E1: a pattern for your instances stopping or terminating ------------------------------

E1_EVENTS = 200
STATES = ("pending", "running", "stopping", "stopped", "shutting-down", "terminated")
WANTED = ("stopped", "terminated")
EC2_CHANGE = "EC2 Instance State-change Notification"


def _instance(rng) -> str:
    return f"i-0{rng.getrandbits(64):016x}"


def _facts_e1(ctx) -> dict:
    rng = ctx.rng("instances")
    mine = sorted(_instance(rng) for _ in range(3))
    return {"instance_ids": mine, "instances_text": ", ".join(mine),
            "events_count": E1_EVENTS, "states_text": " or ".join(WANTED)}


def e1_events(ctx) -> list[dict]:
    """The 200 seeded events the check runs the pattern over (same for a learner)."""
    rng = ctx.rng("events")
    mine = _facts_e1(ctx)["instance_ids"]
    others = [_instance(rng) for _ in range(4)]
    out = []
    for n in range(E1_EVENTS):
        instance = rng.choice(mine + others)
        kind = rng.random()
        source, detail_type = ("aws.ec2", EC2_CHANGE)
        if kind < 0.08:
            source = "petshop.inventory"          # look-alike custom events
        elif kind < 0.14:
            detail_type = "EC2 Spot Instance Interruption Warning"
        region = "us-east-1"
        out.append({"version": "0", "id": f"e1-{n:03d}", "detail-type": detail_type,
                    "source": source, "account": MANAGEMENT,
                    "time": f"2026-01-05T{n // 60:02d}:{n % 60:02d}:00Z", "region": region,
                    "resources": [f"arn:aws:ec2:{region}:{MANAGEMENT}:instance/{instance}"],
                    "detail": {"instance-id": instance, "state": rng.choice(STATES)}})
    return out


def intended(event: dict, mine: list[str]) -> bool:
    return (event["source"] == "aws.ec2" and event["detail-type"] == EC2_CHANGE
            and event["detail"]["state"] in WANTED and event["detail"]["instance-id"] in mine)


def _short(event: dict) -> str:
    return (f"{event['source']} / {event['detail-type']} / "
            f"{event['detail']['instance-id']} {event['detail']['state']}")


def _check_e1(ctx, answer):
    from awslab.errors import AwsError
    from awslab.services.events import compile_pattern
    if not isinstance(answer, (dict, str)):
        return fail(f"you gave {describe(answer)}; give the event pattern as a dict or "
                    "JSON text")
    try:
        pattern = compile_pattern(answer)
    except AwsError as err:
        return fail(f"EventBridge refuses that pattern: {err.message}")
    mine = ctx.facts["instance_ids"]
    wrong_in, wrong_out = [], []
    for event in e1_events(ctx):
        got, want = pattern.matches(event), intended(event, mine)
        if got and not want:
            wrong_in.append(event)
        elif want and not got:
            wrong_out.append(event)
    if wrong_in:
        return fail(f"{len(wrong_in)} of {E1_EVENTS} events match but should not, e.g. "
                    f"{_short(wrong_in[0])}")
    if wrong_out:
        return fail(f"{len(wrong_out)} of {E1_EVENTS} events should match but do not, "
                    f"e.g. {_short(wrong_out[0])}")
    hits = sum(intended(e, mine) for e in e1_events(ctx))
    return ok(f"your pattern matches exactly the {hits} intended events of {E1_EVENTS}")


E1 = Exercise(
    id="E1",
    title="Stopped or terminated: your instances only",
    task=("Write an event pattern that matches EC2 instance state-change events "
          "(source aws.ec2) in which one of your instances ({instances_text}; "
          "ex.e1.instance_ids) is {states_text}, and nothing else. The check runs it "
          "over {events_count} generated events, look-alikes included."),
    check=_check_e1,
    hints=("Name the source and the detail-type; the state and the instance ID are "
           "inside detail.",
           "A field's array is an OR of values; fields are ANDed. detail needs two "
           "fields: state and instance-id.",
           "{{'source': ['aws.ec2'], 'detail-type': ['" + EC2_CHANGE + "'], 'detail': "
           "{{'state': ['stopped', 'terminated'], 'instance-id': ex.e1.instance_ids}}}}"),
    solution=("pattern = {{\n"
              "    \"source\": [\"aws.ec2\"],\n"
              "    \"detail-type\": [\"" + EC2_CHANGE + "\"],\n"
              "    \"detail\": {{\"state\": [\"stopped\", \"terminated\"],\n"
              "               \"instance-id\": ex.e1.instance_ids}},\n"
              "}}\n"
              "ex.e1.check(pattern)"),
    usage="ex.e1.check(pattern)",
    facts=_facts_e1,
)

# -- E2: a central bus for the whole organization -----------------------------------------

E2_BUS = "central"
OUTSIDER = "444455556666"


def _facts_e2(ctx) -> dict:
    return {"bus": E2_BUS, "outsider": OUTSIDER, "management": MANAGEMENT}


def _try_put(client, bus_arn: str) -> str | None:
    """None when PutEvents was accepted, else the error code."""
    try:
        out = client.put_events(Entries=[{"Source": "course.nb07", "DetailType": "E2 probe",
                                          "Detail": "{}", "EventBusName": bus_arn}])
    except Exception as exc:                   # a ClientError: AWS refused the call
        found = client_error(exc)
        if found is None:
            raise
        return found[0]
    return out["Entries"][0].get("ErrorCode")


def _check_e2(ctx, answer=None):
    from awslab.services.organizations import organization_of
    from awslab.services.organizations.setup import client_as
    org = organization_of(ctx.lab, MANAGEMENT)
    if org is None:
        return fail("there is no organization yet: run the cell that builds it")
    events = ctx.client("events")
    try:
        bus = events.describe_event_bus(Name=E2_BUS)
    except Exception as exc:
        found = client_error(exc)
        if found is None:
            raise
        return fail(f"there is no event bus {E2_BUS} in {MANAGEMENT} yet "
                    "(events.create_event_bus)")
    if "Policy" not in bus:
        return fail(f"{E2_BUS} has no resource-based policy yet (events.put_permission)")
    members = [a for a in org["accounts"] if a != MANAGEMENT]
    refused = {a: _try_put(client_as(ctx.lab, a, "events"), bus["Arn"]) for a in members}
    blocked = {a: code for a, code in refused.items() if code}
    if blocked:
        account, code = next(iter(blocked.items()))
        return fail(f"member account {account} was refused ({code}): the policy must "
                    f"admit the whole organization {org['Id']}")
    own = _try_put(events, bus["Arn"])
    if own:
        return fail(f"the management account itself was refused ({own})")
    if OUTSIDER not in ctx.lab.accounts:
        ctx.lab.add_account(OUTSIDER, "outsider")
    outsider = ctx.lab.client("events", **ctx.lab.admin_credentials(
        OUTSIDER).as_client_kwargs())
    if _try_put(outsider, bus["Arn"]) is None:
        return fail(f"the outsider {OUTSIDER} could put events on {E2_BUS}: limit the "
                    "policy to your organization (aws:PrincipalOrgID)")
    return ok(f"all {len(members)} member accounts and the management account may put "
              f"events on {E2_BUS}; the outsider {OUTSIDER} is refused")


E2 = Exercise(
    id="E2",
    title="A central bus for the organization",
    task=("In the management account {management}, create the event bus {bus} and give "
          "it a resource-based policy that lets every account of your organization call "
          "PutEvents on it, and nobody else. The check puts an event from each member, "
          "from the management account and from an outsider ({outsider})."),
    check=_check_e2,
    hints=("A bus policy is edited with events.put_permission (or its Policy "
           "parameter).",
           "Principal '*' alone would admit every AWS account; a Condition narrows it.",
           "events.put_permission(EventBusName='{bus}', Action='events:PutEvents', "
           "Principal='*', StatementId='whole-org', Condition={{'Type': 'StringEquals', "
           "'Key': 'aws:PrincipalOrgID', 'Value': org_id}})"),
    solution=("events.create_event_bus(Name=\"{bus}\")\n"
              "events.put_permission(\n"
              "    EventBusName=\"{bus}\", Action=\"events:PutEvents\", Principal=\"*\",\n"
              "    StatementId=\"whole-org\",\n"
              "    Condition={{\"Type\": \"StringEquals\", \"Key\": \"aws:PrincipalOrgID\",\n"
              "               \"Value\": org_id}})\n"
              "ex.e2.check()"),
    usage="ex.e2.check()",
    facts=_facts_e2,
    needs_answer=False,
)

# -- E3: fix the target, then replay the window it failed in ---------------------------------

E3_BUS, E3_ARCHIVE, E3_RULE, E3_FUNCTION = "orders", "orders-archive", "fulfil", "fulfil-order"
E3_BEFORE = timedelta(minutes=30)     # the good version runs first
E3_WINDOW = timedelta(hours=2)        # then the buggy version, for two hours
_E3: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def fulfil(event, context):
    """The working handler: it reads the customer of an order."""
    return {"order": event["detail"]["order_id"], "customer": event["detail"]["customer"]}


def buggy_fulfil(event, context):
    """The release that broke: it reads a field the events do not have."""
    return {"order": event["detail"]["order_id"],
            "customer": event["detail"]["customer_id"]}


def prepare_e3(lab) -> dict:
    """Set up E3's story once per lab: the ``orders`` bus with an archive, a rule to the
    Lambda stand-in ``fulfil-order``, 30 minutes of orders handled well, then two hours
    of orders failing in a buggy release, which is still deployed when the story ends
    (the clock advances about two and a half hours)."""
    kept = _E3.get(lab)
    if kept is not None:
        return kept
    import random
    from awslab.services import lambda_
    events = lab.client("events")
    events.create_event_bus(Name=E3_BUS)
    bus_arn = events.describe_event_bus(Name=E3_BUS)["Arn"]
    events.create_archive(ArchiveName=E3_ARCHIVE, EventSourceArn=bus_arn)
    arn = lambda_.register(lab, E3_FUNCTION, fulfil)
    lab.client("lambda").add_permission(
        FunctionName=E3_FUNCTION, StatementId="eventbridge", Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com")
    events.put_rule(Name=E3_RULE, EventBusName=E3_BUS,
                    EventPattern=json.dumps({"detail-type": ["Order Placed"]}))
    events.put_targets(Rule=E3_RULE, EventBusName=E3_BUS,
                       Targets=[{"Id": "fulfil", "Arn": arn}])
    rng = random.Random(f"awslab.course:{lab.seed}:07:E3:orders")
    start = lab.now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    bug, fixed = start + E3_BEFORE, start + E3_BEFORE + E3_WINDOW
    lab.advance(seconds=(start - lab.now).total_seconds())
    order, released = 1000, False
    while lab.now < fixed:
        if lab.now >= bug and not released:
            lambda_.register(lab, E3_FUNCTION, buggy_fulfil)
            released = True
        order += 1
        events.put_events(Entries=[{"Source": "petshop.orders", "DetailType": "Order Placed",
                                    "EventBusName": E3_BUS, "Detail": json.dumps({
                                        "order_id": order,
                                        "customer": f"c-{rng.randrange(100, 999)}"})}])
        lab.advance(minutes=rng.randrange(4, 11))
    kept = _E3[lab] = {"start": bug, "end": fixed, "arn": arn}
    return kept


def _facts_e3(ctx) -> dict:
    kept = _E3.get(ctx.lab)
    if kept is None:
        return {"window": "(run nb07.prepare_e3(lab) first)", "start": None, "end": None,
                "function": E3_FUNCTION, "archive": E3_ARCHIVE, "rule": E3_RULE}
    return {"window": f"{hhmm(kept['start'])}-{hhmm(kept['end'])} UTC",
            "start": kept["start"], "end": kept["end"], "function": E3_FUNCTION,
            "archive": E3_ARCHIVE, "rule": E3_RULE, "bus": E3_BUS}


def _check_e3(ctx, answer=None):
    from awslab.clock import to_utc
    from awslab.services import lambda_
    kept = _E3.get(ctx.lab)
    if kept is None:
        return fail("the story is not set up: run nb07.prepare_e3(lab) first")
    state = ctx.lab.state("events")
    archive = state.archives[E3_ARCHIVE]
    window = [e["id"] for t, e in archive.events if kept["start"] <= t < kept["end"]]
    calls = lambda_.invocations(ctx.lab, kept["arn"])
    replayed = [c for c in calls if isinstance(c.event, dict) and "replay-name" in c.event]
    if not replayed:
        return fail(f"no replayed event has reached {E3_FUNCTION} yet: start a replay of "
                    f"{E3_ARCHIVE} and advance the clock")
    broken = [c for c in replayed if c.error]
    if broken:
        return fail(f"{len(broken)} replayed events failed again ({broken[0].error}): fix "
                    f"{E3_FUNCTION} before you replay")
    got = Counter(c.event["id"] for c in replayed)
    twice = [i for i, n in got.items() if n > 1]
    if twice:
        return fail(f"{len(twice)} events were replayed more than once: one replay of the "
                    "window is enough")
    outside = [c.event for c in replayed if c.event["id"] not in set(window)]
    if outside:
        when = hhmm(to_utc(outside[0]["time"]))
        return fail(f"{len(outside)} replayed events lie outside the failed window (e.g. "
                    f"{when}): they had been processed already")
    missing = set(window) - set(got)
    if missing:
        return fail(f"{len(missing)} of the {len(window)} events of the window were not "
                    "replayed: replay the whole window (and let the replay complete)")
    return ok(f"{E3_FUNCTION} processed the {len(window)} events of {hhmm(kept['start'])}-"
              f"{hhmm(kept['end'])} once each, after your fix")


E3 = Exercise(
    id="E3",
    title="Fix the target, replay the window",
    task=("nb07.prepare_e3(lab) deployed a buggy release of the Lambda function "
          "{function} behind the rule {rule}: every order between {window} failed "
          "(ex.e3.start, ex.e3.end). Fix the function (register a working handler), "
          "then replay exactly that window from the archive {archive} to the rule, let "
          "the replay complete, and check."),
    check=_check_e3,
    hints=("The invocations of the stand-in (lambda_.invocations) show the error; "
           "nb07.fulfil is a working handler.",
           "events.start_replay takes the archive ARN, EventStartTime, EventEndTime and "
           "a Destination with the bus ARN and FilterArns (the rule).",
           "After lambda_.register(lab, '{function}', nb07.fulfil), replay with "
           "EventStartTime=ex.e3.start, EventEndTime=ex.e3.end and advance a few minutes."),
    solution=("lambda_.register(lab, \"{function}\", nb07.fulfil)\n"
              "archive = events.describe_archive(ArchiveName=\"{archive}\")\n"
              "rule = events.describe_rule(Name=\"{rule}\", EventBusName=\"{bus}\")\n"
              "events.start_replay(\n"
              "    ReplayName=\"fix-fulfil\", EventSourceArn=archive[\"ArchiveArn\"],\n"
              "    EventStartTime=ex.e3.start, EventEndTime=ex.e3.end,\n"
              "    Destination={{\"Arn\": archive[\"EventSourceArn\"],\n"
              "                 \"FilterArns\": [rule[\"Arn\"]]}})\n"
              "lab.advance(minutes=5)\n"
              "ex.e3.check()"),
    usage="ex.e3.check()",
    facts=_facts_e3,
    needs_answer=False,
)

EXERCISES = [E1, E2, E3]
