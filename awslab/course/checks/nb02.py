"""NB02 (custom metrics and dashboards): checks read back what the learner stored.

E1 publishes memory for three instances, E2 repairs a host with a skewed clock, E3
writes a dashboard body to a spec. Introduced in ``02_custom_metrics.ipynb``.
"""
from __future__ import annotations

import json
import weakref
from datetime import timedelta

from awslab.course.answers import as_timedelta, describe
from awslab.course.checks.common import (client_error, dims_key, dims_text, hhmm,
                                         list_all_metrics, number, relative_seconds,
                                         span)
from awslab.course.exercises import MISSING, Exercise, fail, ok

TITLE = "Custom metrics and dashboards"

# -- E1: memory for three instances ------------------------------------------------------

E1_NAMESPACE = "Course/NB02/E1"
E1_DIMENSIONS = {"InstanceId", "Environment"}


def _namespace(ctx, answer) -> tuple[str | None, str | None]:
    if answer is MISSING or answer is None:
        return ctx.facts["namespace"], None
    if isinstance(answer, str) and answer.strip():
        return answer.strip(), None
    return None, (f"you gave {describe(answer)}; call ex.e1.check() for the "
                  f"namespace {ctx.facts['namespace']}, or pass the namespace you "
                  "used as text")


def _stored(ctx, namespace, metric, unit=None) -> list[dict]:
    now = ctx.lab.now.replace(second=0, microsecond=0)
    kwargs = {"Unit": unit} if unit else {}
    response = ctx.client("cloudwatch").get_metric_statistics(
        Namespace=namespace, MetricName=metric["MetricName"],
        Dimensions=metric.get("Dimensions") or [],
        StartTime=now - timedelta(days=14), EndTime=now + timedelta(hours=3),
        Period=3600, Statistics=["SampleCount"], **kwargs)
    return response.get("Datapoints", [])


def _check_e1(ctx, answer):
    namespace, problem = _namespace(ctx, answer)
    if problem:
        return fail(problem)
    metrics = list_all_metrics(ctx.client("cloudwatch"), Namespace=namespace)
    if not metrics:
        return fail(f"list_metrics shows nothing in {namespace} yet (a new metric "
                    "can take up to 15 minutes to be listed: lab.advance(minutes=15))")
    fresh = (f" Metrics cannot be deleted: publish again to a fresh namespace such "
             f"as {namespace}-v2 and call ex.e1.check('{namespace}-v2').")
    names = sorted({m["MetricName"] for m in metrics} - {"MemoryUtilization"})
    if names:
        return fail(f"{namespace} holds {', '.join(names)}; the metric name must be "
                    f"MemoryUtilization.{fresh}")
    if len(metrics) != 3:
        return fail(f"{namespace} has {len(metrics)} MemoryUtilization metrics; "
                    f"expected exactly 3, one per instance.{fresh}")
    for metric in metrics:
        found = {d["Name"] for d in metric.get("Dimensions") or []}
        if found != E1_DIMENSIONS:
            return fail(f"the metric with {dims_text(metric.get('Dimensions'))} "
                        "should have exactly two dimensions, InstanceId and "
                        f"Environment.{fresh}")
    instances = {dict(dims_key(m["Dimensions"]))["InstanceId"] for m in metrics}
    if len(instances) != 3:
        return fail(f"the 3 metrics cover only {len(instances)} instance"
                    f"{'s' * (len(instances) != 1)}; use three different "
                    f"InstanceId values.{fresh}")
    for metric in metrics:
        if not _stored(ctx, namespace, metric, "Percent"):
            other = sorted({p.get("Unit", "None") for p in _stored(ctx, namespace,
                                                                    metric)})
            units = f"unit {', '.join(other)}" if other else "no data"
            return fail(f"the metric with {dims_text(metric['Dimensions'])} has "
                        f"{units}, not Percent; set Unit='Percent' on each datum")
    return ok(f"three MemoryUtilization metrics in {namespace}, one per instance, "
              "each with InstanceId and Environment and Percent data")


E1 = Exercise(
    id="E1",
    title="Publish memory for three instances",
    task=("Publish MemoryUtilization for three instances to namespace {namespace}: "
          "each datum with exactly two dimensions, InstanceId and Environment, and "
          "Unit='Percent'. Then call ex.e1.check()."),
    check=_check_e1,
    hints=("One put_metric_data call can carry a list of data; each datum has its "
           "own Dimensions.",
           "Each datum needs MetricName='MemoryUtilization', Dimensions=[InstanceId, "
           "Environment], a Value and Unit='Percent'; three InstanceIds give three "
           "metrics.",
           "cw.put_metric_data(Namespace='{namespace}', MetricData=[{{'MetricName': "
           "'MemoryUtilization', 'Dimensions': [{{'Name': 'InstanceId', 'Value': "
           "iid}}, {{'Name': 'Environment', 'Value': 'prod'}}], 'Value': 62.0, "
           "'Unit': 'Percent'}} for iid in ('i-1', 'i-2', 'i-3')])"),
    solution=("cw = lab.client(\"cloudwatch\")\n"
              "data = [{{\"MetricName\": \"MemoryUtilization\",\n"
              "         \"Dimensions\": [{{\"Name\": \"InstanceId\", \"Value\": iid}},\n"
              "                        {{\"Name\": \"Environment\", \"Value\": \"prod\"}}],\n"
              "         \"Value\": value, \"Unit\": \"Percent\"}}\n"
              "        for iid, value in ((\"i-01\", 61.5), (\"i-02\", 48.0),\n"
              "                           (\"i-03\", 73.2))]\n"
              "cw.put_metric_data(Namespace=\"{namespace}\", MetricData=data)\n"
              "ex.e1.check()"),
    usage="ex.e1.check()",
    facts=lambda ctx: {"namespace": E1_NAMESPACE},
    needs_answer=False,
)

# -- E2: the host with a skewed clock --------------------------------------------------

E2_NAMESPACE = "Course/NB02/E2"
E2_METRIC = "OrdersPending"
E2_POINTS = 8
E2_OFFSETS = (timedelta(hours=3), timedelta(hours=4), timedelta(hours=2, minutes=30),
              timedelta(days=-15), timedelta(days=-16), timedelta(days=-15, hours=-6))


# The skewed points end just before the moment the learner first reads them, so a host
# clock hours ahead is rejected however far the lab's clock had moved before then.
_E2_FIRST: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _facts_e2(ctx) -> dict:
    rng = ctx.rng()
    offset = E2_OFFSETS[rng.randrange(len(E2_OFFSETS))]
    host = f"ip-10-0-{rng.randrange(1, 255)}-{rng.randrange(1, 255)}"
    if ctx.lab not in _E2_FIRST:
        now = ctx.lab.now.replace(second=0, microsecond=0)
        _E2_FIRST[ctx.lab] = now - timedelta(minutes=E2_POINTS)
    first = _E2_FIRST[ctx.lab]
    series = [(first + timedelta(minutes=i), float(rng.randrange(5, 41)))
              for i in range(E2_POINTS)]
    dims = [{"Name": "Host", "Value": host}]
    points = [{"MetricName": E2_METRIC, "Dimensions": [dict(d) for d in dims],
               "Timestamp": when + offset, "Value": value, "Unit": "Count"}
              for when, value in series]
    return {"namespace": E2_NAMESPACE, "metric_name": E2_METRIC, "host": host,
            "dimensions": dims, "offset": offset, "series": series, "points": points,
            "host_now": ctx.lab.now + offset,
            "first": hhmm(series[0][0]), "last": hhmm(series[-1][0])}


def _check_e2(ctx, answer):
    given, problem = as_timedelta(answer, "the host's clock offset as a timedelta "
                                          "(host time minus true time)")
    if problem:
        return fail(problem)
    offset = ctx.facts["offset"]
    if abs((given + offset).total_seconds()) <= 1:
        return fail(f"the sign is reversed: the host's clock is "
                    f"{'ahead' if offset > timedelta(0) else 'behind'}; the offset "
                    "is host time minus true time")
    if abs((given - offset).total_seconds()) > 1:
        return fail(f"the host's clock is not off by {span(given)}; compare "
                    "ex.e2.host_now with lab.now")
    series = ctx.facts["series"]
    response = ctx.client("cloudwatch").get_metric_statistics(
        Namespace=ctx.facts["namespace"], MetricName=ctx.facts["metric_name"],
        Dimensions=ctx.facts["dimensions"], StartTime=series[0][0],
        EndTime=series[-1][0] + timedelta(minutes=1), Period=60,
        Statistics=["Minimum", "Maximum"])
    stored = {p["Timestamp"]: p for p in response.get("Datapoints", [])}
    missing = [when for when, _ in series if when not in stored]
    if missing:
        return fail(f"the offset is right, but {len(missing)} of {len(series)} points "
                    f"are not stored at their true times yet (first missing: "
                    f"{hhmm(missing[0])} UTC); republish them with Timestamp = "
                    "host time minus the offset")
    for when, value in series:
        point = stored[when]
        if point["Minimum"] != value or point["Maximum"] != value:
            return fail(f"the point at {hhmm(when)} UTC holds "
                        f"{number(point['Maximum'])}, but the host measured "
                        f"{number(value)}; republish the host's own values")
    return ok(f"all {len(series)} points are stored at their true times; the host's "
              f"clock was {span(offset)} off (CloudWatch accepts 2 weeks back to "
              "2 hours ahead)")


E2 = Exercise(
    id="E2",
    title="Fix the skewed host",
    task=("Host {host} publishes {metric_name} with its own clock, and CloudWatch "
          "rejects the points: try cw.put_metric_data(Namespace='{namespace}', "
          "MetricData=ex.e2.points). Compare the host's clock (ex.e2.host_now) with "
          "the true time (lab.now), republish the points with corrected timestamps, "
          "and check with the offset you found (host time minus true time)."),
    check=_check_e2,
    hints=("CloudWatch only accepts timestamps from two weeks in the past to two "
           "hours in the future; the host's clock is outside that window.",
           "offset = ex.e2.host_now - lab.now; the true time of each point is its "
           "Timestamp minus the offset.",
           "fixed = [{{**p, 'Timestamp': p['Timestamp'] - offset}} for p in "
           "ex.e2.points]; cw.put_metric_data(Namespace='{namespace}', "
           "MetricData=fixed); ex.e2.check(offset)"),
    solution=("offset = ex.e2.host_now - lab.now\n"
              "fixed = [{{**p, \"Timestamp\": p[\"Timestamp\"] - offset}}\n"
              "         for p in ex.e2.points]\n"
              "cw.put_metric_data(Namespace=\"{namespace}\", MetricData=fixed)\n"
              "ex.e2.check(offset)"),
    usage="ex.e2.check(offset)",
    facts=_facts_e2,
)

# -- E3: a dashboard body to a spec ----------------------------------------------------

E3_DASHBOARD = "NB02-E3"
HOME_REGION = "us-east-1"
E3_REGIONS = ("eu-west-1", "eu-central-1", "us-west-2", "ap-southeast-2")
E3_STARTS = ("-PT3H", "-PT6H", "-PT12H")
BODY_KEYS = {"widgets", "start", "end", "periodOverride", "variables"}
UTC_ZONES = {"+0000", "-0000"}


def _facts_e3(ctx) -> dict:
    rng = ctx.rng()
    start = E3_STARTS[rng.randrange(len(E3_STARTS))]
    return {"dashboard_name": E3_DASHBOARD, "home_region": HOME_REGION,
            "other_region": E3_REGIONS[rng.randrange(len(E3_REGIONS))],
            "start": start, "range": f"{relative_seconds(start) // 3600} hours"}


def _read_body(ctx, name) -> tuple[object, str | None]:
    cw = ctx.client("cloudwatch", HOME_REGION)
    try:
        body = cw.get_dashboard(DashboardName=name)["DashboardBody"]
    except Exception as exc:
        error = client_error(exc)
        if error is None:
            raise
        return None, (f"there is no dashboard named {name} yet ({error[0]}); "
                      "create it with cw.put_dashboard")
    try:
        return json.loads(body), None
    except ValueError:
        return None, f"the body of {name} is not valid JSON"


def body_problems(body, facts) -> list[str]:
    """Every requirement of the E3 spec that ``body`` (parsed JSON) does not meet."""
    if not isinstance(body, dict) or not isinstance(body.get("widgets"), list):
        return ["the body must be a JSON object with a 'widgets' list"]
    problems = []
    extra = sorted(set(body) - BODY_KEYS)
    if extra:
        problems.append(f"remove {', '.join(extra)} from the body: auto-refresh is "
                        "picked in the console, not stored in the body")
    metric = [w for w in body["widgets"] if isinstance(w, dict)
              and w.get("type") == "metric"]
    props = [w.get("properties") if isinstance(w.get("properties"), dict) else {}
             for w in metric]
    if len(metric) != 2:
        problems.append(f"it has {len(metric)} metric widget"
                        f"{'s' * (len(metric) != 1)} instead of 2")
    if any(not isinstance(p.get("metrics"), list) or not p["metrics"] for p in props):
        problems.append("every metric widget needs a non-empty 'metrics' list")
    regions = sorted(str(p.get("region")) for p in props)
    want = sorted([facts["home_region"], facts["other_region"]])
    if len(metric) == 2 and regions != want:
        problems.append(f"the widgets' regions are {' and '.join(regions)} instead "
                        f"of {facts['home_region']} and {facts['other_region']}")
    if any(p.get("timezone") not in UTC_ZONES for p in props):
        problems.append("every metric widget needs \"timezone\": \"+0000\" (UTC) "
                        "in its properties")
    if relative_seconds(body.get("start")) != relative_seconds(facts["start"]):
        problems.append(f"'start' must be '{facts['start']}' (the last "
                        f"{facts['range']}), not {body.get('start')!r}")
    if "end" in body:
        problems.append("remove 'end': a relative range has none")
    return problems


def _check_e3(ctx, answer):
    name = ctx.facts["dashboard_name"]
    if answer is not MISSING and answer is not None:
        if not isinstance(answer, str) or not answer.strip():
            return fail(f"you gave {describe(answer)}; call ex.e3.check() (or pass "
                        "your dashboard's name as text)")
        name = answer.strip()
    body, problem = _read_body(ctx, name)
    if problem:
        return fail(problem)
    problems = body_problems(body, ctx.facts)
    if problems:
        listed = "; ".join(f"({n}) {p}" for n, p in enumerate(problems, 1))
        return fail(f"{len(problems)} requirement{'s' * (len(problems) > 1)} not "
                    f"met: {listed}")
    return ok(f"{name} shows {ctx.facts['home_region']} and "
              f"{ctx.facts['other_region']} side by side, in UTC, over the last "
              f"{ctx.facts['range']} (dashboards are global, so one body can span "
              "regions)")


E3 = Exercise(
    id="E3",
    title="A dashboard body to a spec",
    task=("Put a dashboard named {dashboard_name} (cw.put_dashboard) whose body has "
          "exactly two metric widgets: one with \"region\": \"{home_region}\" and "
          "one with \"region\": \"{other_region}\"; both with \"timezone\": \"+0000\" "
          "(UTC); and a relative time range \"start\": \"{start}\". Auto-refresh "
          "(1 minute) is a console setting, not part of the body. Then call "
          "ex.e3.check()."),
    check=_check_e3,
    hints=("The body is a JSON string: json.dumps({{'widgets': [...], 'start': ...}})."
           " Each widget has type, x, y, width, height and properties.",
           "A metric widget's properties hold 'metrics' (a list of lists such as "
           "['AWS/EC2', 'CPUUtilization']), 'region', 'timezone', 'title'.",
           "body = {{'start': '{start}', 'widgets': [{{'type': 'metric', 'x': 0, "
           "'y': 0, 'width': 12, 'height': 6, 'properties': {{'metrics': "
           "[['AWS/EC2', 'CPUUtilization']], 'region': '{home_region}', "
           "'timezone': '+0000'}}}}, ... the same with '{other_region}' ...]}}"),
    solution=("import json\n"
              "def widget(region, x):\n"
              "    return {{\"type\": \"metric\", \"x\": x, \"y\": 0,\n"
              "            \"width\": 12, \"height\": 6, \"properties\": {{\n"
              "                \"metrics\": [[\"AWS/EC2\", \"CPUUtilization\"]],\n"
              "                \"region\": region, \"timezone\": \"+0000\",\n"
              "                \"stat\": \"Average\", \"period\": 300,\n"
              "                \"title\": \"CPU in \" + region}}}}\n"
              "body = {{\"start\": \"{start}\",\n"
              "        \"widgets\": [widget(\"{home_region}\", 0),\n"
              "                    widget(\"{other_region}\", 12)]}}\n"
              "cw.put_dashboard(DashboardName=\"{dashboard_name}\",\n"
              "                 DashboardBody=json.dumps(body))\n"
              "ex.e3.check()"),
    usage="ex.e3.check()",
    facts=_facts_e3,
    needs_answer=False,
)

EXERCISES = [E1, E2, E3]
