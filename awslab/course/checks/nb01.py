"""NB01 (CloudWatch metrics and EC2 monitoring): checks computed from CloudWatch.

E1 reads the learner's instance's stored CPU, E2 is the "needs an agent" set, E3
counts metric streams. Introduced in ``01_cloudwatch_metrics.ipynb``.
"""
from __future__ import annotations

from datetime import timedelta

from awslab.course.answers import as_int, as_number, as_text_set
from awslab.course.checks.common import dims_key, hhmm, list_all_metrics, number
from awslab.course.exercises import Exercise, fail, ok

TITLE = "CloudWatch metrics and EC2 monitoring"
TOLERANCE = 0.01

# -- E1: the maximum CPU of your instance in a window ---------------------------------


def find_instances(ctx) -> list[str]:
    """Instance IDs that have a per-instance CPUUtilization metric in CloudWatch."""
    metrics = list_all_metrics(ctx.client("cloudwatch"), Namespace="AWS/EC2",
                               MetricName="CPUUtilization")
    return sorted({m["Dimensions"][0]["Value"] for m in metrics
                   if len(m.get("Dimensions") or []) == 1
                   and m["Dimensions"][0]["Name"] == "InstanceId"})


def _facts_e1(ctx) -> dict:
    start = ctx.anchor + timedelta(minutes=60 + 5 * ctx.rng().randrange(13))
    end = start + timedelta(minutes=30)
    return {"start": start, "end": end,
            "window": f"{hhmm(start)} and {hhmm(end)} UTC on {start:%Y-%m-%d}"}


def _found_e1(ctx) -> dict:
    instance, facts = ctx.given.get("instance_id"), {}
    if not instance:
        found = find_instances(ctx)
        instance = found[0] if len(found) == 1 else None
        facts["instances_found"] = len(found)
    return {**facts, "instance_id": instance,
            "instance": instance or "(not launched yet)"}


def stored_cpu(ctx, instance_id: str) -> list[dict]:
    """The datapoints CloudWatch returns for the instance's CPU in the E1 window."""
    cw = ctx.client("cloudwatch")
    response = cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization",
        Dimensions=[{"Name": "InstanceId", "Value": instance_id}],
        StartTime=ctx.facts["start"], EndTime=ctx.facts["end"], Period=60,
        Statistics=["Maximum", "Average"])
    return response.get("Datapoints", [])


def _check_e1(ctx, answer):
    value, problem = as_number(answer, "the maximum as a number (a percentage)")
    if problem:
        return fail(problem)
    instance = ctx.facts.get("instance_id")
    if not instance:
        many = ctx.facts.get("instances_found", 0)
        if many:
            return fail(f"your lab has {many} instances; say which is yours: "
                        "ex.e1.check(max_cpu, instance_id=instance_id)")
        return fail("CloudWatch has no CPUUtilization for any instance yet; run the "
                    "cells that launch your instance and advance the clock")
    points = stored_cpu(ctx, instance)
    if not points:
        return fail(f"CloudWatch has no CPUUtilization for {instance} between "
                    f"{ctx.facts['window']} yet; advance the clock past "
                    f"{hhmm(ctx.facts['end'])} (lab.advance)")
    best = max(p["Maximum"] for p in points)
    if abs(value - best) <= TOLERANCE:
        return ok(f"{number(value)} % is the highest CPUUtilization CloudWatch stored "
                  f"for {instance} between {ctx.facts['window']}")
    averages = [p["Average"] for p in points if "Average" in p]
    if averages and abs(value - max(averages)) <= TOLERANCE and value != best:
        return fail("that is the highest Average; the task asks for the Maximum "
                    "statistic")
    if 0 < value <= 1 and abs(value * 100 - best) <= TOLERANCE * 100:
        return fail("that looks like a fraction; CPUUtilization is in percent "
                    "(0-100)")
    if not 0 <= value <= 100:
        return fail(f"{number(value)} cannot be a CPUUtilization: it is a percentage "
                    "between 0 and 100")
    direction = "above" if value > best else "below"
    return fail(f"{number(value)} is {direction} the maximum CloudWatch stored for "
                f"{instance} between {ctx.facts['window']}")


E1 = Exercise(
    id="E1",
    title="Maximum CPU of your instance in a window",
    task=("Using CloudWatch (cw.get_metric_statistics), find the highest "
          "CPUUtilization of your instance ({instance}) between {window} "
          "(StartTime=ex.e1.start, EndTime=ex.e1.end) and return it as a number."),
    check=_check_e1,
    hints=("CloudWatch keeps EC2 metrics in the AWS/EC2 namespace; the instance is "
           "picked by the InstanceId dimension.",
           "Ask get_metric_statistics for Statistics=['Maximum'] between ex.e1.start "
           "and ex.e1.end, with Period=60 (or 300), then take the largest value.",
           "resp = cw.get_metric_statistics(Namespace='AWS/EC2', MetricName="
           "'CPUUtilization', Dimensions=[{{'Name': 'InstanceId', 'Value': "
           "'{instance}'}}], StartTime=ex.e1.start, EndTime=ex.e1.end, Period=60, "
           "Statistics=['Maximum']), then max(p['Maximum'] for p in "
           "resp['Datapoints'])."),
    solution=("cw = lab.client(\"cloudwatch\")\n"
              "resp = cw.get_metric_statistics(\n"
              "    Namespace=\"AWS/EC2\", MetricName=\"CPUUtilization\",\n"
              "    Dimensions=[{{\"Name\": \"InstanceId\", \"Value\": \"{instance}\"}}],\n"
              "    StartTime=ex.e1.start, EndTime=ex.e1.end,\n"
              "    Period=60, Statistics=[\"Maximum\"])\n"
              "max_cpu = max(p[\"Maximum\"] for p in resp[\"Datapoints\"])\n"
              "ex.e1.check(max_cpu)"),
    usage="ex.e1.check(max_cpu)",
    facts=_facts_e1,
    found=_found_e1,
)

# -- E2: which metrics need an agent ----------------------------------------------------

NEEDS_AGENT = {
    "memory": ("memoryutilization", "memory", "memused", "memusedpercent",
               "memoryused", "memoryusedpercent", "memoryusage", "ram", "ramusage",
               "ramutilization", "memorycommittedbytesinuse", "memavailablepercent"),
    "disk space": ("diskspaceutilization", "diskspace", "diskusedpercent", "diskused",
                   "diskspaceused", "diskspaceusage", "diskutilization", "diskusage",
                   "filesystemutilization", "filesystem", "filesystemusage",
                   "freediskspace", "diskfree", "logicaldiskfreespace"),
    "swap": ("swaputilization", "swap", "swapusedpercent", "swapused", "swapusage",
             "swapspace", "swapspaceutilization"),
    "page file": ("pagefileutilization", "pagefile", "pagingfile", "pagingfileusage",
                  "pagefileusage", "pagefileused", "pagefileusedpercent"),
}
_ALIASES = {alias: concept for concept, names in NEEDS_AGENT.items() for alias in names}
CANDIDATES = ("CPUUtilization", "MemoryUtilization", "NetworkIn", "DiskSpaceUtilization",
              "StatusCheckFailed", "SwapUtilization", "DiskReadOps",
              "PageFileUtilization", "NetworkPacketsOut")
BY_DEFAULT = {
    "cpuutilization": "CPUUtilization", "cpu": "CPUUtilization",
    "networkin": "NetworkIn", "networkout": "NetworkOut", "network": "network traffic",
    "networkpacketsin": "NetworkPacketsIn", "networkpacketsout": "NetworkPacketsOut",
    "diskreadops": "DiskReadOps", "diskwriteops": "DiskWriteOps",
    "diskreadbytes": "DiskReadBytes", "diskwritebytes": "DiskWriteBytes",
    "statuscheckfailed": "StatusCheckFailed",
    "statuscheckfailedinstance": "StatusCheckFailed_Instance",
    "statuscheckfailedsystem": "StatusCheckFailed_System",
    "statuscheckfailedattachedebs": "StatusCheckFailed_AttachedEBS",
    "cpucreditusage": "CPUCreditUsage", "cpucreditbalance": "CPUCreditBalance",
    "ebsreadops": "EBSReadOps", "ebswriteops": "EBSWriteOps",
    "ebsreadbytes": "EBSReadBytes", "ebswritebytes": "EBSWriteBytes",
    "metadatanotoken": "MetadataNoToken",
}


def normalise(name: str) -> str:
    """Lower case without spaces, ``_ - . / %`` and with 'utilisation' spelled -ize."""
    text = name.lower().replace("utilisation", "utilization")
    return "".join(c for c in text if c not in " _-./%\t")


def _check_e2(ctx, answer):
    names, problem = as_text_set(answer, "a set of metric names")
    if problem:
        return fail(problem)
    concepts, wrong, unknown = set(), [], []
    for name in sorted(names):
        key = normalise(name)
        if key in _ALIASES:
            concepts.add(_ALIASES[key])
        elif key in BY_DEFAULT:
            wrong.append(name)
        else:
            unknown.append(name)
    if wrong:
        return fail(f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} "
                    "published by EC2 by default (measured outside the guest OS, "
                    "at the hypervisor); remove "
                    f"{'it' if len(wrong) == 1 else 'them'}")
    if unknown:
        return fail(f"I don't recognise {', '.join(repr(u) for u in unknown)}; use "
                    "names from the list in the task")
    missing = len(NEEDS_AGENT) - len(concepts)
    if missing:
        return fail(f"{missing} item{'s are' if missing > 1 else ' is'} missing")
    return ok("memory, disk space, swap and page file are measured inside the "
              "guest OS, so only the CloudWatch agent (or your own PutMetricData) "
              "can publish them")


E2 = Exercise(
    id="E2",
    title="Which metrics need an agent?",
    task=("From these metrics: " + ", ".join(CANDIDATES) + ", return the set of those "
          "that EC2 does NOT publish by default (they need the CloudWatch agent "
          "inside the instance)."),
    check=_check_e2,
    hints=("EC2 measures from the hypervisor, outside your operating system: what "
           "can it not see from there?",
           "CPU, network, disk I/O and status checks come for free. Look for what "
           "only the operating system knows about its memory and its file systems.",
           "Four names: memory, disk space (file system), swap, and the Windows page "
           "file."),
    solution=("needs_agent = {\"MemoryUtilization\", \"DiskSpaceUtilization\",\n"
              "               \"SwapUtilization\", \"PageFileUtilization\"}\n"
              "ex.e2.check(needs_agent)"),
    usage="ex.e2.check(needs_agent)",
)

# -- E3: predict the number of metric streams ------------------------------------------

E3_NAMESPACE = "Course/NB01/E3"
E3_METRICS = ("PageViews", "CartAdds", "Checkouts")


def _facts_e3(ctx) -> dict:
    return {"namespace": E3_NAMESPACE,
            "metric_name": E3_METRICS[ctx.rng().randrange(len(E3_METRICS))]}


def _check_e3(ctx, answer):
    predicted, problem = as_int(answer, "your prediction, a whole number")
    if problem:
        return fail(problem)
    namespace, name = ctx.facts["namespace"], ctx.facts["metric_name"]
    metrics = list_all_metrics(ctx.client("cloudwatch"), Namespace=namespace)
    if not metrics:
        return fail(f"list_metrics shows nothing in {namespace} yet; publish "
                    f"{name} there (a new metric can take up to 15 minutes to be "
                    "listed: lab.advance(minutes=15))")
    combos = {dims_key(m.get("Dimensions")) for m in metrics
              if m["MetricName"] == name}
    if len(combos) < 3:
        return fail(f"{name} has {len(combos)} combination"
                    f"{'s' * (len(combos) != 1)} of dimensions in {namespace} so "
                    "far; publish it with three different combinations")
    if predicted != len(metrics):
        return fail(f"your prediction, {predicted}, is not what list_metrics returns "
                    f"for {namespace}; count every distinct combination of "
                    "metric name and dimensions")
    return ok(f"list_metrics returns {len(metrics)} metrics for {namespace}: each "
              "distinct combination of dimensions is a separate metric")


E3 = Exercise(
    id="E3",
    title="How many metric streams?",
    task=("Publish {metric_name} to namespace {namespace} with three different "
          "combinations of dimensions (for example none, Page, and Page + "
          "Environment). Before you call list_metrics, predict how many metrics "
          "it returns for that namespace, and check your prediction."),
    check=_check_e3,
    hints=("A metric is identified by its namespace, its name and its whole set of "
           "dimensions.",
           "Publishing the same name with another set of dimensions (or with none) "
           "creates another metric; repeating a combination does not.",
           "Count the distinct (metric name, dimension set) pairs you published to "
           "{namespace}: three combinations of {metric_name} give three metrics."),
    solution=("cw = lab.client(\"cloudwatch\")\n"
              "for dims in ([], [{{\"Name\": \"Page\", \"Value\": \"home\"}}],\n"
              "             [{{\"Name\": \"Page\", \"Value\": \"home\"}},\n"
              "              {{\"Name\": \"Environment\", \"Value\": \"prod\"}}]):\n"
              "    cw.put_metric_data(Namespace=\"{namespace}\", MetricData=[\n"
              "        {{\"MetricName\": \"{metric_name}\", \"Dimensions\": dims,\n"
              "         \"Value\": 1}}])\n"
              "ex.e3.check(3)"),
    usage="ex.e3.check(prediction)",
    facts=_facts_e3,
)

EXERCISES = [E1, E2, E3]
