"""NB05 (export, subscriptions, cross-account aggregation): the checks.

E1 hands the learner a captured Lambda subscription event (``{"awslogs": {"data":
base64(gzip(json))}}``, seeded) and compares the log-event count they decode; E2 creates
three seeded source accounts (each with ``/petshop/app`` in two Regions) and a stranger
account when first read, then checks, by writing a probe event into every source group
and advancing the clock a few seconds, that each probe reaches the central account's
stream through its destinations, and that the stranger is refused; E3 grades a design
choice (which architectures deliver to a SIEM within 60 seconds).
Introduced in ``05_logs_export_and_subscriptions.ipynb``.
"""
from __future__ import annotations

import base64
import hashlib
import random
import weakref

from awslab.course.answers import describe
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Getting logs out: S3 export, subscriptions and cross-account aggregation"
GROUP = "/petshop/app"
REGIONS = ("us-east-1", "eu-west-1")
CENTRAL = "999999999999"


def _rng(seed: int, key: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}/nb05/{key}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# -- E1: decode a captured record -----------------------------------------------------------
class _Event:
    def __init__(self, seq: int, timestamp: int, message: str):
        self.seq, self.timestamp, self.message = seq, timestamp, message
        self.event_id = f"{timestamp:015d}{seq:021d}"


def captured_event(seed: int) -> dict:
    """A Lambda subscription event as the function receives it (seeded)."""
    from awslab.services.logs.subscriptions import payload
    rng = _rng(seed, "captured")
    count = rng.randrange(3, 40)
    t0 = 1_767_571_200_000 + rng.randrange(86_400_000)
    events = [_Event(i, t0 + i * 137, f"ERROR checkout failed order=o-{rng.randrange(10**5)}")
              for i in range(count)]
    data = payload("123456789012", "/aws/lambda/petshop-checkout",
                   "2026/01/05/[$LATEST]0f3b", ["to-siem"], events)
    return {"awslogs": {"data": base64.b64encode(data).decode()}}


def _check_e1(ctx, answer):
    from awslab.services.logs.subscriptions import decode
    truth = len(decode(ctx.facts["event"]["awslogs"]["data"])["logEvents"])
    if isinstance(answer, bool) or not isinstance(answer, int):
        return fail(f"you gave {describe(answer)}; give the number of log events (an int)")
    if answer != truth:
        return fail(f"{answer} is not the number of entries in logEvents; decode base64, "
                    "then gunzip, then parse the JSON")
    return ok(f"{truth} log events in one DATA_MESSAGE: base64, gzip, JSON")


E1 = Exercise(
    id="E1",
    title="Decode a subscription record",
    task=("ex.e1.event is an event a Lambda function received from a subscription filter. "
          "How many log events does it carry? Decode it with the standard library "
          "(base64, gzip, json) and pass the count to the check."),
    check=_check_e1,
    hints=("The payload is in event['awslogs']['data'].",
           "base64.b64decode gives gzip bytes; gzip.decompress gives JSON text.",
           "len(json.loads(gzip.decompress(base64.b64decode(ex.e1.event['awslogs']"
           "['data'])))['logEvents'])"),
    solution=("data = ex.e1.event[\"awslogs\"][\"data\"]\n"
              "message = json.loads(gzip.decompress(base64.b64decode(data)))\n"
              "ex.e1.check(len(message[\"logEvents\"]))"),
    usage="ex.e1.check(count)",
    facts=lambda ctx: {"event": captured_event(ctx.lab.seed)},
)


# -- E2: central logging ----------------------------------------------------------------------
_E2_ACCOUNTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def accounts(ctx) -> dict:
    """This learner's accounts, created (with their source groups) at the first read."""
    lab = ctx.lab
    kept = _E2_ACCOUNTS.get(lab)
    if kept is not None:
        return kept
    rng = _rng(lab.seed, "accounts")
    ids = []
    while len(ids) < 4:
        candidate = f"{rng.randrange(10**11, 10**12):012d}"
        if candidate not in ids and candidate != CENTRAL and candidate not in lab.accounts:
            ids.append(candidate)
    sources, stranger = ids[:3], ids[3]
    lab.add_account(CENTRAL, "log-archive")
    for i, account in enumerate(ids):
        lab.add_account(account, f"app-{i + 1}" if account in sources else "stranger")
        for region in REGIONS:
            lab.send("logs", "put", account, region, {
                "logGroupName": GROUP, "logStreamName": "app-1", "events": [{
                    "timestamp": int(lab.now.timestamp() * 1000),
                    "message": f"app started in {account} {region}"}]})
    kept = {"sources": sources, "stranger": stranger}
    _E2_ACCOUNTS[lab] = kept
    return kept


def _facts_e2(ctx) -> dict:
    found = accounts(ctx)
    return {"sources": found["sources"], "stranger": found["stranger"],
            "central": CENTRAL, "regions": list(REGIONS), "group": GROUP,
            "sources_text": ", ".join(found["sources"]), "regions_text": " and ".join(REGIONS)}


def _central_targets(lab) -> dict[str, str]:
    """``{region: target ARN}`` of the central account's destinations."""
    from awslab.services.logs.operations.destinations import destinations_of
    out = {}
    for region in REGIONS:
        for dest in destinations_of(lab.state("logs", CENTRAL, region)).values():
            out.setdefault(region, dest.target_arn)
    return out


def _delivered(lab, targets) -> list[str]:
    """Every log message in the central Kinesis streams' records."""
    from awslab.services import kinesis
    from awslab.services.logs.subscriptions import decode
    return [e["message"] for arn in set(targets.values())
            for r in kinesis.records(lab, arn) for e in decode(r.data)["logEvents"]]


def _check_e2(ctx, answer):
    from botocore.exceptions import ClientError
    lab, facts = ctx.lab, ctx.facts
    targets = _central_targets(lab)
    missing = [r for r in REGIONS if r not in targets]
    if missing:
        return fail(f"the central account {CENTRAL} has no destination in "
                    f"{', '.join(missing)} (a log group subscribes to a destination of its "
                    "own Region)")
    if any(":kinesis:" not in t for t in targets.values()):
        return fail("for this check, let the destinations forward to a Kinesis data "
                    "stream of the central account")
    probes = {}
    for account in facts["sources"]:
        for region in REGIONS:
            token = f"probe {_rng(lab.seed, account + region).getrandbits(48):012x}"
            probes[token] = (account, region)
            lab.send("logs", "put", account, region, {
                "logGroupName": GROUP, "logStreamName": "app-1", "events": [{
                    "timestamp": int(lab.now.timestamp() * 1000), "message": token}]})
    lab.advance(seconds=3)
    arrived = set(_delivered(lab, targets))
    lost = [f"{a} {r}" for token, (a, r) in probes.items() if token not in arrived]
    if lost:
        return fail(f"events from {len(lost)} of 6 source groups did not reach the central "
                    f"stream: {', '.join(lost)} (a subscription filter on {GROUP} in each "
                    "account and Region, to the destination of that Region)")
    stranger = lab.client("logs", region_name=REGIONS[0],
                          **lab.admin_credentials(facts["stranger"]).as_client_kwargs())
    dest_arn = f"arn:aws:logs:{REGIONS[0]}:{CENTRAL}:destination:"
    names = [d["destinationName"] for d in lab.client(
        "logs", region_name=REGIONS[0],
        **lab.admin_credentials(CENTRAL).as_client_kwargs()).describe_destinations()[
        "destinations"]]
    try:
        stranger.put_subscription_filter(logGroupName=GROUP, filterName="sneaky",
                                         filterPattern="", destinationArn=dest_arn + names[0])
    except ClientError as err:
        code = err.response["Error"]["Code"]
    else:
        stranger.delete_subscription_filter(logGroupName=GROUP, filterName="sneaky")
        return fail(f"account {facts['stranger']} is not one of the sources, yet it could "
                    "subscribe: list only the source accounts in the destination policy")
    if code != "AccessDeniedException":
        return fail(f"the stranger's attempt failed with {code}, not AccessDeniedException")
    return ok(f"all 6 source groups deliver to {CENTRAL}, and {facts['stranger']} is "
              "refused by the destination policy")


E2 = Exercise(
    id="E2",
    title="Central logging for three accounts in two Regions",
    task=("Accounts {sources_text} each have {group} in {regions_text}. Collect all six "
          "into one Kinesis data stream of the logging account {central}: destinations "
          "in both Regions whose policy admits exactly those three accounts, and a "
          "subscription filter on every source group. Account {stranger} must be refused. "
          "Clients: lab.client(service, region_name=..., "
          "**lab.admin_credentials(account).as_client_kwargs())."),
    check=_check_e2,
    hints=("In {central}: a Kinesis stream, a role that logs.amazonaws.com may assume with "
           "kinesis:PutRecord on it, then put_destination and put_destination_policy in "
           "each Region.",
           "The destination policy: Principal {{'AWS': [the three accounts]}}, Action "
           "logs:PutSubscriptionFilter, Resource the destination ARN.",
           "In each source account and Region: put_subscription_filter(logGroupName="
           "'{group}', filterName='central', filterPattern='', destinationArn=<the "
           "destination ARN of that Region>) (no roleArn: the destination has one)."),
    solution="(see the solution cell of the notebook)",
    usage="ex.e2.check()",
    facts=_facts_e2,
    needs_answer=False,
)


# -- E3: the SIEM design -------------------------------------------------------------------------
DESIGNS = {
    "a": ("An export task every hour to S3; the SIEM reads the bucket", False,
          "export data can take up to 12 hours to become exportable, and one task at a time"),
    "b": ("A subscription filter to Kinesis Data Streams; the SIEM's consumer reads the "
          "stream", True, "subscriptions deliver in near real time"),
    "c": ("A daily export task, then S3 event notifications to the SIEM", False,
          "a daily batch is a day late, and exports lag up to 12 hours"),
    "d": ("A subscription filter to a Lambda function that posts to the SIEM's API", True,
          "subscriptions deliver in near real time"),
    "e": ("A metric filter per message type, and an alarm that notifies the SIEM", False,
          "metric filters produce numbers, not the log events the SIEM needs"),
}


def _check_e3(ctx, answer):
    if not isinstance(answer, str) or answer.strip().lower() not in DESIGNS:
        return fail(f"you gave {describe(answer)}; give one letter: "
                    f"{', '.join(DESIGNS)}")
    text, good, why = DESIGNS[answer.strip().lower()]
    if not good:
        return fail(f"{answer}: {why}")
    return ok(f"{answer}: {why}; the logs reach the SIEM within seconds")


E3 = Exercise(
    id="E3",
    title="The SIEM must see logs within 60 seconds",
    task=("Security's SIEM must see PetShop's application logs within 60 seconds of "
          "them being written. Which design works? Print ex.e3.designs and pass one "
          "letter."),
    check=_check_e3,
    hints=("What is real time among export tasks, metric filters and subscriptions?",
           "Export tasks are batches, hours behind; metric filters give numbers.",
           "A subscription filter: to Kinesis Data Streams or to a Lambda function."),
    solution="ex.e3.check(\"b\")",
    usage="ex.e3.check(letter)",
    facts=lambda ctx: {"designs": {k: v[0] for k, v in DESIGNS.items()}},
)

EXERCISES = [E1, E2, E3]
