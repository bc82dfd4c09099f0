"""NB08 (CloudTrail): checks read the learner's trail and event history.

E1 asks who deleted a bucket (the seeded colleague of
:func:`awslab.services.cloudtrail.stage_deletion`: principal, time, source IP); E2
inspects a trail's event selectors and decides, with CloudTrail's own selector logic,
whether object writes and reads of one bucket would be delivered; E3 names the API of
the seeded call-rate burst that CloudTrail Insights reported. Introduced in
``08_cloudtrail.ipynb``.
"""
from __future__ import annotations

from awslab.course.answers import describe
from awslab.course.checks.common import client_error, hhmm, parse_when
from awslab.course.exercises import Exercise, fail, ok

TITLE = "CloudTrail and CloudTrail Insights"
ACCOUNT, REGION = "123456789012", "us-east-1"

# -- E1: who deleted the bucket? ----------------------------------------------------------


def _e1_answer(answer) -> tuple | None:
    """``(principal, time, ip)`` from a dict or a 3-tuple."""
    if isinstance(answer, dict):
        pick = lambda *names: next((answer[n] for n in names if n in answer), None)  # noqa
        return (pick("principal", "user", "username", "Username", "arn"),
                pick("time", "eventTime", "EventTime", "when"),
                pick("source_ip", "ip", "sourceIPAddress", "source"))
    if isinstance(answer, (tuple, list)) and len(answer) == 3:
        return tuple(answer)
    return None


def judge_e1(answer, truth) -> tuple[bool, str]:
    """Whether ``answer`` names the culprit, the time (within a minute) and the IP."""
    parts = _e1_answer(answer)
    if parts is None:
        return False, (f"you gave {describe(answer)}; give (principal, time, source IP), "
                       "e.g. (event['Username'], event['EventTime'], "
                       "record['sourceIPAddress'])")
    who, when, ip = parts
    when = parse_when(when)
    if not isinstance(who, str) or who.rsplit("/", 1)[-1] != truth.user:
        return False, (f"{who!r} did not delete it: look for the DeleteBucket event "
                       "(not the calls before it) and read its Username")
    if when is None or abs((when - truth.time).total_seconds()) > 60:
        return False, (f"{truth.user} is right, but the time {describe(parts[1])} is off: "
                       "give the DeleteBucket event's EventTime")
    if ip != truth.source_ip:
        return False, (f"{truth.user} at {hhmm(truth.time)} is right; the source IP "
                       f"{ip!r} is not: read sourceIPAddress from the event's "
                       "CloudTrailEvent JSON")
    return True, (f"{truth.user} deleted the bucket at {truth.time:%H:%M:%S} UTC from "
                  f"{truth.source_ip}; {' and '.join(truth.colleagues)} only touched it "
                  "before")


def _check_e1(ctx, answer):
    from awslab.services.cloudtrail import truth
    found = truth(ctx.lab, ctx.facts["bucket"])
    if found is None:
        return fail(f"nothing was staged for {ctx.facts['bucket']}: run the set-up cell "
                    "of section 1 (cloudtrail.stage_deletion)")
    if ctx.lab.now < found.time:
        return fail("the bucket still exists: advance the clock (lab.advance(hours=1)) "
                    "and look again")
    passed, message = judge_e1(answer, found)
    return ok(message) if passed else fail(message)


E1 = Exercise(
    id="E1",
    title="Who deleted the bucket?",
    task=("The bucket {bucket} is gone. Find out who deleted it, when, and from which IP "
          "address, and check (principal, time, source_ip)."),
    check=_check_e1,
    hints=("If a resource was deleted, look in CloudTrail first: event history keeps 90 "
           "days of management events, and deleting a bucket is one.",
           "ct.lookup_events(LookupAttributes=[{{'AttributeKey': 'EventName', "
           "'AttributeValue': 'DeleteBucket'}}]) finds it; Username and EventTime are on "
           "the event, sourceIPAddress inside json.loads(event['CloudTrailEvent']).",
           "Several people touched {bucket}: keep only the event whose EventName is "
           "DeleteBucket and whose Resources name {bucket}."),
    solution=("found = ct.lookup_events(LookupAttributes=[\n"
              "    {{\"AttributeKey\": \"ResourceName\", \"AttributeValue\": \"{bucket}\"}}"
              "])[\"Events\"]\n"
              "event = next(e for e in found if e[\"EventName\"] == \"DeleteBucket\")\n"
              "record = json.loads(event[\"CloudTrailEvent\"])\n"
              "ex.e1.check((event[\"Username\"], event[\"EventTime\"], "
              "record[\"sourceIPAddress\"]))"),
    usage="ex.e1.check((principal, time, source_ip))",
    facts=lambda ctx: {"bucket": ctx.given.get("bucket", "petshop-invoices")},
)

# -- E2: object-level writes of one bucket, no reads -----------------------------------------


def _probe(ctx, operation: str, bucket: str):
    from awslab.audit import ApiCall
    principal = ctx.lab.admin_credentials().principal
    return ApiCall(ctx.lab.now, "s3", operation, REGION, principal, None,
                   {"Bucket": bucket, "Key": "probe.txt"}, {}, None, None, "probe",
                   "198.51.100.10", "Boto3 (awslab)")


def judge_e2(selectors: list, bucket: str, probe) -> tuple[bool, str]:
    """Whether selectors log PutObject on ``bucket`` and nothing else of S3 objects."""
    from awslab.services.cloudtrail.selectors import selected
    put, get, other = (selected(selectors, probe("PutObject", bucket)),
                       selected(selectors, probe("GetObject", bucket)),
                       selected(selectors, probe("PutObject", "some-other-bucket")))
    if not put:
        return False, (f"a PutObject on {bucket} would not be delivered: add a data "
                       f"resource AWS::S3::Object with arn:aws:s3:::{bucket}/ to a "
                       "selector whose ReadWriteType is WriteOnly (or All)")
    if get:
        return False, (f"a GetObject on {bucket} would be delivered too: use "
                       "ReadWriteType WriteOnly for the data resource")
    if other:
        return False, ("object writes of other buckets would be delivered too: name "
                       f"only arn:aws:s3:::{bucket}/ (not arn:aws:s3)")
    return True, (f"PutObject on {bucket} is delivered; GetObject on it and writes to "
                  "other buckets are not")


def _check_e2(ctx, answer):
    if not isinstance(answer, str) or not answer:
        return fail(f"you gave {describe(answer)}; give the name of your trail")
    ct = ctx.client("cloudtrail")
    try:
        status = ct.get_trail_status(Name=answer)
        selectors = ct.get_event_selectors(TrailName=answer)["EventSelectors"]
    except Exception as exc:          # ClientError: the trail does not exist
        code = client_error(exc)
        return fail(f"{code[0]}: {code[1]}" if code else str(exc))
    if not status["IsLogging"]:
        return fail(f"{answer} is not logging: ct.start_logging(Name='{answer}')")
    bucket = ctx.facts["data_bucket"]
    passed, message = judge_e2(selectors, bucket, lambda op, b: _probe(ctx, op, b))
    return ok(f"{answer}: {message}") if passed else fail(message)


E2 = Exercise(
    id="E2",
    title="Log object writes of one bucket, not reads",
    task=("Make a trail (or change yours) log S3 object-level *writes* for the bucket "
          "{data_bucket} and no object reads; it must be logging. Check with the trail's "
          "name."),
    check=_check_e2,
    hints=("Object-level S3 calls (GetObject, PutObject, DeleteObject) are data events: "
           "off by default, turned on with event selectors.",
           "put_event_selectors(TrailName=..., EventSelectors=[{{'ReadWriteType': ..., "
           "'IncludeManagementEvents': True, 'DataResources': [{{'Type': "
           "'AWS::S3::Object', 'Values': [...]}}]}}])",
           "ReadWriteType 'WriteOnly' and Values ['arn:aws:s3:::{data_bucket}/'] (the "
           "trailing slash means every object in the bucket)."),
    solution=("ct.put_event_selectors(TrailName=\"main\", EventSelectors=[{{\n"
              "    \"ReadWriteType\": \"WriteOnly\", \"IncludeManagementEvents\": True,\n"
              "    \"DataResources\": [{{\"Type\": \"AWS::S3::Object\",\n"
              "                       \"Values\": [\"arn:aws:s3:::{data_bucket}/\"]}}]}}])\n"
              "ex.e2.check(\"main\")"),
    usage="ex.e2.check(trail_name)",
    facts=lambda ctx: {"data_bucket": ctx.given.get("data_bucket", "petshop-uploads")},
)

# -- E3: the API behind the Insights event ----------------------------------------------------


def _burst(lab):
    from awslab.services.cloudtrail import hub
    act = hub(lab).activity.get((ACCOUNT, REGION))
    return next((a for a in act.anomalies if a.kind == "burst"), None) if act else None


def _check_e3(ctx, answer):
    burst = _burst(ctx.lab)
    if burst is None:
        return fail("the lab has no seeded activity: run cloudtrail.seed_activity(lab) "
                    "(the set-up cell of section 1)")
    events = ctx.client("cloudtrail").lookup_events(EventCategory="insight")["Events"]
    if not events:
        return fail("no Insights events yet: turn on ApiCallRateInsight on a logging "
                    "trail (put_insight_selectors) and advance the clock a few hours")
    if not isinstance(answer, str):
        return fail(f"you gave {describe(answer)}; give the API's name, e.g. 'CreateUser'")
    name = answer.strip().split(":")[-1]
    if name == burst.operation:
        return ok(f"{name}: about {burst.per_minute:g} calls a minute for {burst.minutes} "
                  f"minutes from {hhmm(burst.start)}, against a baseline near zero")
    listed = {e["EventName"] for e in events}
    if name in listed:
        return fail(f"{name} has an Insights event, but it is not the burst of "
                    "successful calls: a drop (insight average below the baseline) is a "
                    "gap, and an API with an ApiErrorRateInsight too is failing calls")
    return fail(f"{name} has no Insights event; the Insights events name "
                f"{len(listed)} API(s)")


E3 = Exercise(
    id="E3",
    title="Which API's call rate spiked?",
    task=("CloudTrail Insights reported several unusual things. One is a burst of "
          "successful calls to one IAM write API (its call rate rose; its error rate did "
          "not). Find its Insights event and check the API's name."),
    check=_check_e3,
    hints=("Insights events are in event history too: LookupEvents with "
           "EventCategory='insight'.",
           "Each event's CloudTrailEvent has insightDetails: state (Start/End), "
           "eventName, insightType and insightContext.statistics (baseline and insight "
           "averages).",
           "Keep the ApiCallRateInsight events whose insight average is far above the "
           "baseline, drop the APIs that also have an ApiErrorRateInsight, and check the "
           "remaining insightDetails.eventName."),
    solution=("found = ct.lookup_events(EventCategory=\"insight\")[\"Events\"]\n"
              "details = [json.loads(e[\"CloudTrailEvent\"])[\"insightDetails\"] "
              "for e in found]\n"
              "rises = [d for d in details if d[\"insightType\"] == "
              "\"ApiCallRateInsight\" and\n"
              "         d[\"insightContext\"][\"statistics\"][\"insight\"][\"average\"] >\n"
              "         d[\"insightContext\"][\"statistics\"][\"baseline\"][\"average\"] "
              "+ 5]\n"
              "failing = {{d[\"eventName\"] for d in details\n"
              "           if d[\"insightType\"] == \"ApiErrorRateInsight\"}}\n"
              "burst = [d[\"eventName\"] for d in rises if d[\"eventName\"] not in "
              "failing]\n"
              "ex.e3.check(burst[0])"),
    usage="ex.e3.check(api_name)",
)

EXERCISES = [E1, E2, E3]
