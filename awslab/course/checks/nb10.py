"""NB10 (capstone: CloudWatch vs CloudTrail vs Config): checks of the sorting, the root
cause of the PetShop ALB incident, and a dashboard widget with metric math.

E1 grades a mapping of twelve requirement cards (seeded from a bank of sixteen) to the
service that answers each, explaining every miss; E2 compares a root cause (time,
principal, API, changed attribute, metric impact) with the incident staged by
:func:`awslab.incidents.stage_alb_incident`; E3 reads a dashboard and checks that one
metric widget plots the 5xx percentage with metric math, by running its expression
through GetMetricData. Introduced in ``10_which_service.ipynb``.
"""
from __future__ import annotations

import json
import random
from datetime import timedelta

from awslab.course.answers import describe
from awslab.course.checks.common import client_error, parse_when
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Which tool? CloudWatch vs CloudTrail vs Config"
SERVICES = ("CloudWatch", "CloudTrail", "Config")

#: Requirement cards: id -> (text, service, why).
CARDS = {
    "a": ("Graph the load balancer's 5xx errors as a % of requests", "CloudWatch",
          "error codes over time are metrics; metric math makes the percentage"),
    "b": ("Be alerted when average CPU stays above 80 % for 15 minutes", "CloudWatch",
          "a CloudWatch alarm on a metric"),
    "c": ("Find who deleted a bucket last night", "CloudTrail",
          "every API call is an event with its caller"),
    "d": ("Make sure every load balancer listener has an SSL certificate", "Config",
          "a compliance rule (elbv2-acm-certificate-required)"),
    "e": ("See how a security group's rules looked last Tuesday", "Config",
          "configuration items keep each resource's state over time"),
    "f": ("List every API call made with a leaked access key", "CloudTrail",
          "look up events by AccessKeyId"),
    "g": ("Count incoming connections to the load balancer per minute", "CloudWatch",
          "ActiveConnectionCount / NewConnectionCount metrics"),
    "h": ("Know if any security group allows SSH from anywhere", "Config",
          "the managed rule restricted-ssh evaluates every group"),
    "i": ("Build an operations dashboard of latency and request counts", "CloudWatch",
          "dashboards of metrics"),
    "j": ("Find which IAM role changed the listener and from which IP", "CloudTrail",
          "userIdentity and sourceIPAddress of the ModifyListener event"),
    "k": ("Detect an unusual burst of IAM write calls", "CloudTrail",
          "CloudTrail Insights (call-rate anomalies)"),
    "l": ("Automatically fix buckets that become public", "Config",
          "a rule with automatic SSM remediation"),
    "m": ("Search application log lines for 'timeout' in the last hour", "CloudWatch",
          "CloudWatch Logs (filter patterns or Logs Insights)"),
    "n": ("Keep seven years of account activity for auditors", "CloudTrail",
          "a trail delivering to S3 (or CloudTrail Lake)"),
    "o": ("Show which resources are related to an EC2 instance (volumes, groups)",
          "Config", "configuration items carry relationships"),
    "p": ("Scale out when the request count per target climbs", "CloudWatch",
          "an alarm on a load-balancer metric driving Auto Scaling"),
}
PICK = 12


def cards_of(lab) -> list[str]:
    """This learner's twelve cards (seeded; four of each service)."""
    rng = random.Random(f"{lab.seed}/nb10/cards")
    chosen = []
    for service in SERVICES:
        ids = [k for k, (_, s, _) in CARDS.items() if s == service]
        chosen += rng.sample(ids, PICK // len(SERVICES))
    rng.shuffle(chosen)
    return chosen


def _service(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace(" ", "").replace("aws", "")
    return next((s for s in SERVICES if s.lower() == text), None)


def judge_e1(answer, cards: list[str]) -> tuple[bool, str]:
    """Whether ``answer`` maps each card to its service; the message names each miss."""
    if not isinstance(answer, dict):
        return False, (f"you gave {describe(answer)}; give a dict from card letter to "
                       "'CloudWatch', 'CloudTrail' or 'Config'")
    missing = [c for c in cards if _service(answer.get(c)) is None]
    if missing:
        return False, (f"{len(missing)} card(s) not sorted yet: "
                       f"{', '.join(missing)} (values: 'CloudWatch', 'CloudTrail' or "
                       "'Config')")
    misses = []
    for card in cards:
        text, truth, why = CARDS[card]
        got = _service(answer.get(card))
        if got != truth:
            misses.append(f"({card}) {text}: {truth}, not {got} ({why})")
    if misses:
        return False, f"{len(cards) - len(misses)} of {len(cards)} right. " + "; ".join(
            misses)
    return True, f"all {len(cards)} cards are with the right service"


def _check_e1(ctx, answer):
    passed, message = judge_e1(answer, ctx.facts["cards"])
    return ok(message) if passed else fail(message)


def _facts_e1(ctx) -> dict:
    cards = cards_of(ctx.lab)
    return {"cards": cards,
            "listed": "; ".join(f"({c}) {CARDS[c][0]}" for c in cards)}


E1 = Exercise(
    id="E1",
    title="Sort twelve requirements",
    task=("For each requirement, which service answers it: CloudWatch, CloudTrail or "
          "Config? {listed}. Give a dict from letter to service."),
    check=_check_e1,
    hints=("Ask what kind of data answers it: numbers over time (metrics, logs), API "
           "calls with their callers, or the state of resources over time.",
           "CloudWatch: performance, dashboards, alarms, logs. CloudTrail: who did what, "
           "when, from where (and unusual API activity). Config: configuration history, "
           "relationships and compliance rules (and remediation).",
           "Words like 'graph', 'alert', 'dashboard', 'connections' point to "
           "CloudWatch; 'who', 'which key', 'API calls' to CloudTrail; 'make sure', "
           "'how it looked', 'related', 'fix automatically' to Config."),
    solution=("answer = {{c: ex.e1.truth[c] for c in ex.e1.cards}}\n"
              "ex.e1.check(answer)"),
    usage="ex.e1.check(answer)",
    facts=lambda ctx: {**_facts_e1(ctx),
                       "truth": {c: CARDS[c][1] for c in cards_of(ctx.lab)}},
)

# -- E2: the root cause --------------------------------------------------------------


KEYS = ("time", "principal", "api", "attribute", "metric")


def judge_e2(answer, truth: dict) -> tuple[bool, str]:
    """Compare a root cause with the first change of the incident."""
    if isinstance(answer, (tuple, list)) and len(answer) == 5:
        answer = dict(zip(KEYS, answer))
    if not isinstance(answer, dict) or not set(KEYS) <= set(answer):
        return False, (f"you gave {describe(answer)}; give (time, principal, API, "
                       "changed attribute, metric impact)")
    when = parse_when(answer["time"])
    if when is None or abs((when - truth["time"]).total_seconds()) > 120:
        return False, ("the time is not that of the change that started the errors: "
                       "find where the 5xx percentage jumps, then the write call just "
                       "before it")
    who = str(answer["principal"]).rsplit("/", 1)[-1]
    if who != truth["user"]:
        return False, (f"{answer['principal']!r} did not make that change: read "
                       "userIdentity of the CloudTrail event at that time")
    if str(answer["api"]).split(":")[-1] != truth["api"]:
        return False, (f"{answer['api']!r} is not the call that broke it; which write "
                       f"call did {truth['user']} make then?")
    attribute = str(answer["attribute"]).lower()
    if truth["attribute"].lower() not in attribute and "ingress" not in attribute:
        return False, ("the changed attribute: compare the security group's Config "
                       "items before and after (changedProperties)")
    if "5xx" not in str(answer["metric"]).lower():
        return False, ("the metric impact: which load-balancer metric climbed right "
                       "after the change (the errors the ELB itself returns)?")
    return True, (f"{truth['user']} called {truth['api']} at {truth['time']:%H:%M:%S} "
                  f"UTC; Config shows {truth['attribute']} of {truth['resource']} "
                  "changing, and CloudWatch the ELB's 5xx errors climbing right after")


def _check_e2(ctx, answer):
    from awslab.incidents import incident_of
    incident = incident_of(ctx.lab)
    if incident is None:
        return fail("there is no incident in this lab: run the set-up cell "
                    "(incidents.stage_alb_incident(lab))")
    if ctx.lab.now < incident.second_change["time"]:
        return fail("the incident is not over yet: advance the clock to incident.end")
    passed, message = judge_e2(answer, incident.first_change)
    return ok(message) if passed else fail(message)


E2 = Exercise(
    id="E2",
    title="Root cause as a tuple",
    task=("The ALB's 5xx errors climbed. Give the root cause as (time, principal, API, "
          "changed attribute, metric impact): when the first breaking change was made, "
          "by whom, with which call, what it changed, and which metric shows it."),
    check=_check_e2,
    hints=("CloudWatch tells you when, CloudTrail who and with which call, Config what "
           "changed in the resource.",
           "Find the minute the 5xx percentage jumps; look up the write calls on the "
           "incident's resources just before it (lookup_events by ResourceName or "
           "EventName); read the security group's Config items around that time.",
           "The web tier's security group lost the rule that admits the load balancer: "
           "(event time, user name, 'RevokeSecurityGroupIngress', 'IpPermissions', "
           "'HTTPCode_ELB_5XX_Count')."),
    solution=("event = next(e for e in ct.lookup_events(LookupAttributes=[{{\n"
              "    \"AttributeKey\": \"EventName\",\n"
              "    \"AttributeValue\": \"RevokeSecurityGroupIngress\"}}])[\"Events\"])\n"
              "ex.e2.check((event[\"EventTime\"], event[\"Username\"], "
              "event[\"EventName\"],\n"
              "             \"IpPermissions\", \"HTTPCode_ELB_5XX_Count\"))"),
    usage="ex.e2.check((time, principal, api, attribute, metric))",
)

# -- E3: a dashboard widget with the 5xx percentage ----------------------------------------


def _widget_queries(widget: dict) -> list[dict] | None:
    """GetMetricData queries from a metric widget's ``metrics`` array (rows of
    [namespace, name, dim, value, ..., {options}] or [{expression, id}]), or None."""
    queries, last = [], None
    for n, row in enumerate(widget.get("properties", {}).get("metrics", [])):
        options = row[-1] if row and isinstance(row[-1], dict) else {}
        parts = [p for p in row if not isinstance(p, dict)]
        qid = options.get("id", f"m{n}")
        if "expression" in options:
            queries.append({"Id": qid, "Expression": options["expression"],
                            "ReturnData": options.get("visible", True)})
            continue
        parts = [last[i] if p == "." and last and i < len(last) else p
                 for i, p in enumerate(parts)]
        last = parts
        if len(parts) < 2:
            return None
        dims = [{"Name": parts[i], "Value": parts[i + 1]} for i in range(2, len(parts) - 1,
                                                                          2)]
        queries.append({"Id": qid, "ReturnData": options.get("visible", True),
                        "MetricStat": {"Metric": {"Namespace": parts[0],
                                                  "MetricName": parts[1],
                                                  "Dimensions": dims},
                                       "Period": int(options.get("period", 60)),
                                       "Stat": options.get("stat", "Sum")}})
    return queries or None


def _truth_pct(lab, incident, start, end) -> dict:
    from awslab.widgets.capstone import metric_panes
    data = metric_panes(lab, incident, start, end)
    return dict(zip(data["times"], data["error_pct"]))


def _check_e3(ctx, answer):
    from awslab.incidents import incident_of
    incident = incident_of(ctx.lab)
    if incident is None:
        return fail("there is no incident in this lab: run the set-up cell")
    if not isinstance(answer, str) or not answer:
        return fail(f"you gave {describe(answer)}; give your dashboard's name")
    cw = ctx.client("cloudwatch")
    try:
        body = json.loads(cw.get_dashboard(DashboardName=answer)["DashboardBody"])
    except Exception as exc:
        code = client_error(exc)
        return fail(f"{code[0]}: {code[1]}" if code else str(exc))
    start, end = incident.start + timedelta(minutes=5), incident.end
    truth = _truth_pct(ctx.lab, incident, start, end)
    for widget in body.get("widgets", []):
        queries = _widget_queries(widget) if widget.get("type") == "metric" else None
        if not queries or not any("Expression" in q for q in queries):
            continue
        shown = [q["Id"] for q in queries if q.get("ReturnData", True)]
        for q in queries:
            q["ReturnData"] = q["Id"] == shown[-1] if shown else False
        try:
            found = cw.get_metric_data(MetricDataQueries=queries, StartTime=start,
                                       EndTime=end)["MetricDataResults"]
        except Exception as exc:
            code = client_error(exc)
            return fail(f"the widget's metrics do not run: {code[1] if code else exc}")
        got = dict(zip(found[0]["Timestamps"], found[0]["Values"])) if found else {}
        common = [t for t in truth if t in got]
        if len(common) >= 10 and all(abs(got[t] - truth[t]) < 0.5 for t in common):
            return ok(f"the widget '{widget['properties'].get('title', '')}' plots the "
                      f"5xx percentage: {max(got.values()):.0f} % at worst "
                      f"({len(common)} minutes compared, period 60 s)")
        return fail("a widget has an expression, but its values are not the 5xx "
                    "percentage per minute: 100 * (ELB 5xx + target 5xx) / RequestCount, "
                    "each a Sum over 60 seconds, for the LoadBalancer dimension "
                    f"{incident.lb_dimension}")
    return fail(f"{answer} has no metric widget with a metric-math expression yet")


E3 = Exercise(
    id="E3",
    title="A dashboard widget: 5xx as a percentage (stretch)",
    task=("Put a dashboard with one metric widget that plots the load balancer's 5xx "
          "errors as a percentage of its requests (metric math, period 60 s), and check "
          "with the dashboard's name."),
    check=_check_e3,
    hints=("A metric widget's 'metrics' rows can hide the raw metrics "
           "({{'id': 'e', 'visible': False}}) and add an expression row "
           "[{{'expression': '...', 'id': 'pct'}}].",
           "Three raw metrics (Sum, 60 s): HTTPCode_ELB_5XX_Count, "
           "HTTPCode_Target_5XX_Count and RequestCount of namespace AWS/ApplicationELB "
           "with dimension LoadBalancer = {dimension}.",
           "expression: '100 * (e + t) / r' with ids e, t and r."),
    solution=("rows = [[\"AWS/ApplicationELB\", m, \"LoadBalancer\", \"{dimension}\",\n"
              "         {{\"id\": i, \"stat\": \"Sum\", \"period\": 60, "
              "\"visible\": False}}]\n"
              "        for i, m in ((\"e\", \"HTTPCode_ELB_5XX_Count\"),\n"
              "                     (\"t\", \"HTTPCode_Target_5XX_Count\"),\n"
              "                     (\"r\", \"RequestCount\"))]\n"
              "rows.append([{{\"expression\": \"100 * (e + t) / r\", \"id\": \"pct\",\n"
              "               \"label\": \"5xx %\"}}])\n"
              "cw.put_dashboard(DashboardName=\"petshop-alb\", DashboardBody=json.dumps({{\n"
              "    \"widgets\": [{{\"type\": \"metric\", \"width\": 12, \"height\": 6,\n"
              "                 \"properties\": {{\"title\": \"5xx %\", \"region\": "
              "\"us-east-1\",\n"
              "                                \"metrics\": rows, \"period\": 60}}}}]}}))\n"
              "ex.e3.check(\"petshop-alb\")"),
    usage="ex.e3.check(dashboard_name)",
    facts=lambda ctx: {"dimension": _dimension(ctx.lab)},
)


def _dimension(lab) -> str:
    from awslab.incidents import incident_of
    incident = incident_of(lab)
    return incident.lb_dimension if incident else "app/petshop-alb/..."


EXERCISES = [E1, E2, E3]
