"""NB04 (metric filters and Logs Insights): the story and the checks.

The lab starts three hours before the day's seeded incident (:func:`lab_start`); PetShop's
API Gateway access logs and Lambda logs hold six hours of history and keep arriving.
:func:`seed_attack` adds a per-student attacker (a seeded IP probing the API for 45
minutes, some probes answered with 5xx). E1 grades a filter pattern (the attacker's 5xx
lines, and nothing else) against the events FilterLogEvents returns; E2 puts a seeded
burst of ERROR lines into ``/petshop/orders`` (written minute by minute once the exercise
is first read) and reads the first ALARM transition of the learner's alarm; E3 runs the
learner's Insights query and compares its p95 latency per endpoint with the truth.
Introduced in ``04_metric_filters_and_insights.ipynb``.
"""
from __future__ import annotations

import hashlib
import json
import random
import weakref
from datetime import datetime, timedelta, timezone

from awslab.course.answers import describe
from awslab.course.checks.common import client_error, hhmm
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Metric filters and Logs Insights"
UTC = timezone.utc
DAY = datetime(2026, 1, 5, tzinfo=UTC)
API_GROUP = "/aws/apigateway/petshop-api"
ORDERS_GROUP, ORDERS_STREAM = "/petshop/orders", "orders-1"
E2_ALARM = "nb04-e2"
ENDPOINTS = ("/api/pets", "/api/orders", "/api/cart", "/api/checkout", "/health")
PROBES = (("GET", "/admin", 403), ("GET", "/.env", 404), ("GET", "/wp-login.php", 404),
          ("GET", "/api/orders?id=1'%20OR%20'1'='1", 500),
          ("POST", "/api/cart?item=<script>", 500), ("GET", "/api/pets/../../etc/passwd", 400))


def _rng(seed: int, key: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}/nb04/{key}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def lab_start(student_id: str) -> datetime:
    """When NB04's lab starts: three hours before this student's incident on 2026-01-05."""
    from awslab.lab import seed_for
    from awslab.log_lines import incident_window
    first, _ = incident_window(seed_for(student_id), int(DAY.timestamp()) // 86400)
    return datetime.fromtimestamp((first - 180) * 60, UTC)


def attacker_ip(seed: int) -> str:
    """This student's attacker (TEST-NET-3 addresses)."""
    return f"203.0.113.{_rng(seed, 'attacker').randrange(2, 250)}"


def _api_stream(lab) -> str:
    from awslab.services.logs.sources import sources
    return next(s.stream for s in sources(lab.seed) if s.name == "API Gateway")


def attack_lines(seed: int, start: datetime, minutes: int = 45) -> list[tuple[int, str]]:
    """The attacker's requests (API Gateway JSON access-log lines), oldest first."""
    rng = _rng(seed, "attack-lines")
    ip, out = attacker_ip(seed), []
    for m in range(minutes):
        base = int(start.timestamp() * 1000) + m * 60_000
        for _ in range(rng.randrange(3, 9)):
            method, path, status = rng.choice(PROBES)
            t = base + rng.randrange(60_000)
            latency = rng.randrange(3, 40) + (600 if status == 500 else 0)
            when = datetime.fromtimestamp(t / 1000, UTC)
            out.append((t, json.dumps({
                "requestId": "%08x-%04x-4%03x-a%03x-%012x" % tuple(
                    rng.getrandbits(b) for b in (32, 16, 12, 12, 48)),
                "ip": ip, "requestTime": when.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                "httpMethod": method, "resourcePath": path, "status": status,
                "protocol": "HTTP/1.1", "responseLength": rng.randrange(80, 400),
                "integrationLatency": max(1, latency - 3), "latency": latency})))
    return sorted(out)


def seed_attack(lab) -> str:
    """Write the attacker's 45 minutes into the API Gateway access logs (within the last
    five hours of history); returns the attacker's IP."""
    from awslab.services.logs.sources import batches
    start = lab.now.replace(second=0, microsecond=0) - timedelta(
        minutes=_rng(lab.seed, "attack-start").randrange(120, 270))
    for batch in batches(attack_lines(lab.seed, start)):
        lab.send("logs", "put", "123456789012", "us-east-1", {
            "logGroupName": API_GROUP, "logStreamName": _api_stream(lab), "events": batch})
    return attacker_ip(lab.seed)


def _records(lab, group: str) -> list[tuple[str, dict]]:
    """``(event id, JSON document)`` of every JSON event of a group of the learner."""
    from awslab.services.logs import find_group
    found = find_group(lab, "123456789012", "us-east-1", group)
    out = []
    for event in found.timeline() if found else []:
        try:
            doc = json.loads(event.message)
        except ValueError:
            continue
        if isinstance(doc, dict):
            out.append((event.event_id, doc))
    return out


# -- E1: the attacker's 5xx lines ---------------------------------------------------------------
def _facts_e1(ctx) -> dict:
    return {"attacker": attacker_ip(ctx.lab.seed), "group": API_GROUP}


def _matched(ctx, pattern: str) -> set[str]:
    logs, ids, token = ctx.client("logs"), set(), None
    while True:
        page = logs.filter_log_events(logGroupName=API_GROUP, filterPattern=pattern,
                                      **({"nextToken": token} if token else {}))
        ids.update(e["eventId"] for e in page["events"])
        token = page.get("nextToken")
        if not token:
            return ids


def _check_e1(ctx, answer):
    if not isinstance(answer, str):
        return fail(f"you gave {describe(answer)}; give the filter pattern as a string")
    try:
        got = _matched(ctx, answer)
    except Exception as exc:            # the learner sees Logs' own words for a bad pattern
        error = client_error(exc)
        if error is None:
            raise
        return fail(f"FilterLogEvents rejects the pattern: {error[0]}: {error[1]}")
    ip = ctx.facts["attacker"]
    truth = {i for i, d in _records(ctx.lab, API_GROUP)
             if d.get("ip") == ip and isinstance(d.get("status"), int) and d["status"] >= 500}
    extra, missing = got - truth, truth - got
    if extra:
        return fail(f"the pattern also matches {len(extra)} line(s) that are not 5xx "
                    f"answers to {ip} (other clients' errors, or the attacker's 4xx)")
    if missing:
        return fail(f"the pattern misses {len(missing)} of the {len(truth)} 5xx answers "
                    f"to {ip}")
    return ok(f"exactly the {len(truth)} 5xx answers to {ip}: a JSON pattern can combine "
              "a string equality with a numeric comparison")


E1 = Exercise(
    id="E1",
    title="A pattern for the attacker's 5xx lines",
    task=("Section 3 found a client that probes the API: {attacker}. Write a filter pattern "
          "that matches the lines of {group} where that client got a 5xx answer, and "
          "nothing else. Try it with logs.filter_log_events(logGroupName=..., "
          "filterPattern=...), then pass the pattern text to the check."),
    check=_check_e1,
    hints=("The access logs are JSON: use a JSON pattern { ... }.",
           "Two conditions joined by &&: one on $.ip (a string: quote it), one on "
           "$.status (a number: >= 500).",
           "'{{ $.ip = \"{attacker}\" && $.status >= 500 }}'"),
    solution=("pattern = '{{ $.ip = \"{attacker}\" && $.status >= 500 }}'\n"
              "ex.e1.check(pattern)"),
    usage="ex.e1.check(pattern)",
    facts=_facts_e1,
)


# -- E2: metric filter + alarm on a burst of errors ------------------------------------------
_E2_STORY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
E2_MINUTES = 30


def _e2_lines(seed: int, start: datetime, minute: int, errors: int) -> list[dict]:
    rng = _rng(seed, f"orders/{minute}")
    base = int(start.timestamp() * 1000) + minute * 60_000
    lines = [("ERROR", f"order o-{rng.randrange(10**5):05d} failed: payment declined")
             for _ in range(errors)]
    lines += [("INFO", f"order o-{rng.randrange(10**5):05d} placed")
              for _ in range(rng.randrange(4, 12))]
    stamps = sorted(base + rng.randrange(60_000) for _ in lines)
    return [{"timestamp": t, "message": f"{_iso(t)} {level} OrderService {text}"}
            for t, (level, text) in zip(stamps, lines)]


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def e2_story(ctx) -> dict:
    """The burst, fixed and put on the clock at the first read (once per lab)."""
    lab = ctx.lab
    kept = _E2_STORY.get(lab)
    if kept is not None:
        return kept
    rng = _rng(lab.seed, "burst")
    start = lab.now.replace(second=0, microsecond=0) + timedelta(minutes=8)
    counts = [rng.randrange(0, 4) for _ in range(E2_MINUTES)]
    burst = rng.randrange(14, 20)
    counts[burst - 5] = 5                                 # exactly 5: not "more than 5"
    for k in range(3):
        counts[burst + k] = rng.randrange(7, 13)
    lab.send("logs", "put", "123456789012", "us-east-1", {
        "logGroupName": ORDERS_GROUP, "logStreamName": ORDERS_STREAM, "events": [
            {"timestamp": int(lab.now.timestamp() * 1000),
             "message": "OrderService started"}]})

    def write(minute: int):
        def job(t):
            lab.send("logs", "put", "123456789012", "us-east-1", {
                "logGroupName": ORDERS_GROUP, "logStreamName": ORDERS_STREAM,
                "events": _e2_lines(lab.seed, start, minute, counts[minute])})
        return job
    for m in range(E2_MINUTES):
        lab.clock.at(start + timedelta(minutes=m + 1, seconds=5), write(m),
                     name=f"nb04 orders minute {m}")
    kept = {"start": start, "counts": counts, "burst": burst,
            "done": start + timedelta(minutes=E2_MINUTES + 2)}
    _E2_STORY[lab] = kept
    return kept


def _facts_e2(ctx) -> dict:
    s = e2_story(ctx)
    return {"group": ORDERS_GROUP, "alarm_name": E2_ALARM, "start": s["start"],
            "done": s["done"], "start_text": hhmm(s["start"]), "done_text": hhmm(s["done"]),
            "counts": list(s["counts"])}


def _first_alarm(cw, name: str):
    token = None
    while True:
        page = cw.describe_alarm_history(AlarmName=name, HistoryItemType="StateUpdate",
                                         ScanBy="TimestampAscending",
                                         **({"NextToken": token} if token else {}))
        for item in page["AlarmHistoryItems"]:
            if json.loads(item["HistoryData"])["newState"]["stateValue"] == "ALARM":
                return item["Timestamp"]
        token = page.get("NextToken")
        if not token:
            return None


def _check_e2(ctx, answer):
    s = e2_story(ctx)
    cw, logs = ctx.client("cloudwatch"), ctx.client("logs")
    alarms = cw.describe_alarms(AlarmNames=[E2_ALARM])["MetricAlarms"]
    if not alarms:
        return fail(f"no alarm named {E2_ALARM}")
    alarm = alarms[0]
    filters = logs.describe_metric_filters(logGroupName=ORDERS_GROUP)["metricFilters"]
    sources = {(t["metricNamespace"], t["metricName"]) for f in filters
               for t in f["metricTransformations"]}
    if (alarm.get("Namespace"), alarm.get("MetricName")) not in sources:
        return fail(f"{E2_ALARM} does not watch a metric of a metric filter on "
                    f"{ORDERS_GROUP} (filters there publish: "
                    f"{', '.join('/'.join(x) for x in sorted(sources)) or 'none'})")
    if ctx.lab.now < s["done"]:
        return fail(f"the story runs until {hhmm(s['done'])}; advance the clock to "
                    "ex.e2.done first")
    first = _first_alarm(cw, E2_ALARM)
    burst_minute = s["start"] + timedelta(minutes=s["burst"])
    lo, hi = burst_minute + timedelta(minutes=1), burst_minute + timedelta(minutes=4)
    if first is None:
        return fail(f"{E2_ALARM} never went to ALARM, but {s['counts'][s['burst']]} errors "
                    f"were logged in the minute {hhmm(burst_minute)}; is the statistic Sum "
                    "(one datapoint a minute holds every match) and the threshold 5?")
    if first < lo:
        return fail(f"{E2_ALARM} went to ALARM at {hhmm(first)}, before the first minute "
                    "with more than 5 errors; 5 errors in a minute is not more than 5 "
                    "(GreaterThanThreshold)")
    if first > hi:
        return fail(f"{E2_ALARM} went to ALARM only at {hhmm(first)}; the first minute "
                    f"with more than 5 errors was {hhmm(burst_minute)} (one datapoint of "
                    "60 seconds, 1 out of 1)")
    return ok(f"{E2_ALARM} went to ALARM at {hhmm(first)}, right after the minute "
              f"{hhmm(burst_minute)} that logged {s['counts'][s['burst']]} errors; the "
              "minute with exactly 5 did not fire it")


E2 = Exercise(
    id="E2",
    title="Metric filter + alarm: more than 5 errors a minute",
    task=("From {start_text} the order service writes to {group}, and at some point its "
          "errors burst. Before {start_text}: create a metric filter on {group} that "
          "counts ERROR lines, and an alarm named {alarm_name} that goes to ALARM when "
          "more than 5 ERROR lines are logged in one minute. Then advance the clock to "
          "ex.e2.done ({done_text}) and check."),
    check=_check_e2,
    hints=("A metric filter with pattern ERROR and metricValue 1 counts matching lines; "
           "CloudWatch aggregates them into one datapoint per minute.",
           "The alarm: the filter's namespace and metric name, Statistic Sum, Period 60, "
           "EvaluationPeriods 1, Threshold 5, ComparisonOperator GreaterThanThreshold.",
           "logs.put_metric_filter(logGroupName='{group}', filterName='errors', "
           "filterPattern='ERROR', metricTransformations=[{{'metricName': 'OrderErrors', "
           "'metricNamespace': 'PetShop', 'metricValue': '1', 'defaultValue': 0}}]) then "
           "cw.put_metric_alarm(AlarmName='{alarm_name}', Namespace='PetShop', "
           "MetricName='OrderErrors', Statistic='Sum', ...)"),
    solution=("logs.put_metric_filter(\n"
              "    logGroupName=\"{group}\", filterName=\"order-errors\",\n"
              "    filterPattern=\"ERROR\", metricTransformations=[{{\n"
              "        \"metricName\": \"OrderErrors\", \"metricNamespace\": \"PetShop\",\n"
              "        \"metricValue\": \"1\", \"defaultValue\": 0}}])\n"
              "cw.put_metric_alarm(\n"
              "    AlarmName=\"{alarm_name}\", Namespace=\"PetShop\",\n"
              "    MetricName=\"OrderErrors\", Statistic=\"Sum\", Period=60,\n"
              "    EvaluationPeriods=1, Threshold=5,\n"
              "    ComparisonOperator=\"GreaterThanThreshold\")\n"
              "lab.advance(seconds=(ex.e2.done - lab.now).total_seconds())\n"
              "ex.e2.check()"),
    usage="ex.e2.check()",
    facts=_facts_e2,
    needs_answer=False,
)


# -- E3: p95 latency per endpoint with Insights ---------------------------------------------------
def endpoint_of(path: str) -> str | None:
    """The PetShop endpoint a request path belongs to (``/api/pets/42`` -> ``/api/pets``)."""
    path = path.split("?", 1)[0]
    for endpoint in ENDPOINTS:
        if path == endpoint or path.startswith(endpoint + "/"):
            return endpoint
    return None


def nearest_rank(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def truth_p95(lab) -> dict[str, float]:
    """p95 of ``latency`` per endpoint over every stored API Gateway line."""
    by: dict[str, list[float]] = {}
    for _, doc in _records(lab, API_GROUP):
        endpoint = endpoint_of(str(doc.get("resourcePath", "")))
        if endpoint and isinstance(doc.get("latency"), (int, float)):
            by.setdefault(endpoint, []).append(float(doc["latency"]))
    return {k: nearest_rank(v, 95) for k, v in by.items()}


def _table(result) -> dict[str, float]:
    """``{endpoint: value}`` read from a result: a text column and a number column."""
    out = {}
    for row in result.rows:
        label = next((v for v in row.values() if endpoint_of(v.split("?")[0]) == v), None)
        numbers = [float(v) for v in row.values() if _is_number(v)]
        if label and numbers:
            out[label] = numbers[-1]
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_e3(ctx, answer):
    from awslab.services.logs.insights import MalformedQueryException
    from awslab.services.logs.operations.queries import logs_query
    if not isinstance(answer, str):
        return fail(f"you gave {describe(answer)}; give the query text as a string")
    lab = ctx.lab
    try:
        result = logs_query(lab, answer, lab.now - timedelta(days=1), lab.now,
                            groups=[API_GROUP])
    except MalformedQueryException as err:
        return fail(f"the query does not compile: {err.message}")
    got, truth = _table(result), truth_p95(lab)
    full_paths = any(v.startswith(tuple(e + "/" for e in ENDPOINTS))
                     for row in result.rows for v in row.values())
    missing = [e for e in ENDPOINTS if e not in got]
    if full_paths:
        return fail("the rows are per full path (/api/pets/42 has its own row): group by "
                    "the endpoint, the first one or two parts of resourcePath")
    if missing:
        return fail(f"no row for {', '.join(missing)}: one row per endpoint is needed")
    off = [e for e in ENDPOINTS if abs(got[e] - truth[e]) > 0.05 * max(truth[e], 1)]
    if off:
        e = off[0]
        return fail(f"{e}: your value {got[e]:g} is not its p95 latency ({truth[e]:g} ms); "
                    "use pct(latency, 95)")
    return ok("p95 latency per endpoint: " + ", ".join(f"{e} {truth[e]:g} ms"
                                                       for e in ENDPOINTS))


E3 = Exercise(
    id="E3",
    title="p95 latency per endpoint",
    task=("Write a Logs Insights query over {group} that gives the 95th percentile of "
          "latency for each endpoint: {endpoints} (a request to /api/pets/42 belongs to "
          "/api/pets; other paths may appear in extra rows). Pass the query text to the "
          "check, which runs it over the last day."),
    check=_check_e3,
    hints=("stats pct(latency, 95) by <endpoint> gives one row per endpoint; the "
           "endpoint is not a field yet.",
           "parse can make it: a regex with a named group over resourcePath that keeps "
           "the first one or two path segments.",
           "parse resourcePath /^(?<endpoint>\\/(api\\/)?[a-z]+)/ | "
           "stats pct(latency, 95) as p95 by endpoint"),
    solution=("query = (\"parse resourcePath /^(?<endpoint>\\\\/(api\\\\/)?[a-z]+)/\"\n"
              "         \" | stats pct(latency, 95) as p95 by endpoint\")\n"
              "ex.e3.check(query)"),
    usage="ex.e3.check(query)",
    facts=lambda ctx: {"group": API_GROUP, "endpoints": ", ".join(ENDPOINTS)},
)

EXERCISES = [E1, E2, E3]
