"""NB06 (alarms and EC2 instance recovery): checks read the learner's alarms and instances.

E1 tunes a CPU alarm on the learner's instance against a seeded story (two one-minute
spikes and one sustained 3-minute breach, put on the instance's CPU when the exercise is
first read) and compares the alarm's transitions with the expected ones; E2 reads the
alarm on ``StatusCheckFailed_System``, its ``recover`` action in the alarm history and
the instance before and after; E3 grades a seeded mapping of incidents to remedies.
Introduced in ``06_alarms_and_recovery.ipynb``.
"""
from __future__ import annotations

import json
import weakref
from datetime import datetime, timedelta

from awslab.course.answers import describe
from awslab.course.checks.common import hhmm
from awslab.course.exercises import Exercise, fail, ok
from awslab.workloads import Spike

TITLE = "Alarms and EC2 instance recovery"

# -- E1: fire on the sustained breach, not on single spikes ---------------------------

E1_ALARM = "nb06-e1"
E1_THRESHOLD = 70.0
E1_HEIGHT = 75.0
E1_LEAD = timedelta(minutes=10)       # time to create the alarm before the story starts
E1_LENGTH = timedelta(minutes=40)     # the story, then a quiet end
_SLOTS = (3, 14, 25)                  # minutes into the story; events 11 minutes apart

# The story starts a little after the exercise is first read, so the learner has time
# to create the alarm wherever the lab's clock stood then; it is put on the instance's
# CPU once, at that first read.
_E1_STORY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _quiet_from(lab, instance_id: str | None, t: datetime) -> datetime:
    """The first 5-minute boundary from ``t`` whose story window has no natural spike."""
    if instance_id is None:
        return t
    from awslab.errors import AwslabError
    from awslab.services.ec2 import seeded_spikes
    for _ in range(96):
        try:
            if not seeded_spikes(lab, instance_id, t - timedelta(minutes=5), t + E1_LENGTH):
                return t
        except AwslabError:
            return t
        t += timedelta(minutes=5)
    return t


def story(ctx) -> dict:
    """This learner's E1 story: ``{"start", "events", "done", "instance_id"}``, fixed at
    the first read and put on the instance's CPU then (once per lab)."""
    lab, iid = ctx.lab, ctx.given.get("instance_id")
    kept = _E1_STORY.get(lab)
    if kept is None:
        now = lab.now.replace(second=0, microsecond=0)
        first = now + timedelta(minutes=-now.minute % 5) + E1_LEAD
        start = _quiet_from(lab, iid, first)
        rng = ctx.rng("story")
        sustained = rng.randrange(3)
        events = [Spike(start + timedelta(minutes=slot + rng.randrange(4)),
                        3 if k == sustained else 1, E1_HEIGHT)
                  for k, slot in enumerate(_SLOTS)]
        kept = {"start": start, "events": events, "done": start + E1_LENGTH,
                "instance_id": None}
        _E1_STORY[lab] = kept
    if iid and kept["instance_id"] is None and hasattr(lab, "states"):
        from awslab.services.ec2 import inject_cpu_spike
        for event in kept["events"]:
            inject_cpu_spike(lab, iid, event.start, event.minutes, event.height)
        kept["instance_id"] = iid
    return kept


def _span(event: Spike) -> str:
    end = event.start + timedelta(minutes=event.minutes)
    return f"{hhmm(event.start)}-{hhmm(end)}"


def _facts_e1(ctx) -> dict:
    s = story(ctx)
    iid = ctx.given.get("instance_id")
    singles = [e for e in s["events"] if e.minutes == 1]
    [sustained] = [e for e in s["events"] if e.minutes > 1]
    return {"alarm_name": E1_ALARM, "threshold": E1_THRESHOLD, "instance_id": iid,
            "instance": iid or "(give instance_id=... to course.exercises)",
            "story": list(s["events"]), "story_start": s["start"], "done": s["done"],
            "sustained": sustained, "singles": singles,
            "singles_text": " and ".join(_span(e) for e in singles),
            "sustained_text": _span(sustained),
            "start_text": hhmm(s["start"]), "done_text": hhmm(s["done"])}


def _history(cw, name: str, kind: str) -> list[dict]:
    """Every history item of one type for an alarm, oldest first (all pages)."""
    items, token = [], None
    while True:
        page = cw.describe_alarm_history(
            AlarmName=name, HistoryItemType=kind, ScanBy="TimestampAscending",
            MaxRecords=100, **({"NextToken": token} if token else {}))
        items += page["AlarmHistoryItems"]
        token = page.get("NextToken")
        if not token:
            return items


def transitions(cw, name: str) -> list[tuple[datetime, str, str]]:
    """``(time, old state, new state)`` of every state change of an alarm, oldest first."""
    out = []
    for item in _history(cw, name, "StateUpdate"):
        data = json.loads(item["HistoryData"])
        out.append((item["Timestamp"], data["oldState"]["stateValue"],
                    data["newState"]["stateValue"]))
    return out


def judge_e1(changes, facts) -> tuple[bool, str]:
    """Whether an alarm's state changes fit the E1 story; the message says why (pure).

    ``changes``: ``(time, old, new)`` oldest first. Expected: in OK when the story
    starts, then exactly one change to ALARM, during the sustained breach or within five
    minutes after it, and none for the single spikes.
    """
    start, done, sustained = facts["story_start"], facts["done"], facts["sustained"]
    before = [new for t, _, new in changes if t <= start]
    if before and before[-1] == "ALARM":
        return False, (f"{facts['alarm_name']} was already in ALARM when the story "
                       f"began at {hhmm(start)}: is the threshold above the normal "
                       f"CPU (try {facts['threshold']:g} %)?")
    fired = [t for t, _, new in changes if new == "ALARM" and start < t <= done]
    window = (sustained.start + timedelta(minutes=1),
              sustained.start + timedelta(minutes=sustained.minutes + 5))
    expected = (f"expected: one change to ALARM between {hhmm(window[0])} and "
                f"{hhmm(window[1])} (the sustained breach {facts['sustained_text']})")
    if not fired:
        return False, (f"{facts['alarm_name']} never went to ALARM between "
                       f"{hhmm(start)} and {hhmm(done)}; {expected}. Is it too strict "
                       "(more breaching datapoints than the breach lasts, or a period "
                       "that averages it away)?")
    early = [t for t in fired if not window[0] <= t <= window[1]]
    if early:
        times = ", ".join(hhmm(t) for t in fired)
        return False, (f"{facts['alarm_name']} went to ALARM at {times}; {expected}, "
                       f"and none for the single spikes ({facts['singles_text']}). "
                       "Require more breaching datapoints (DatapointsToAlarm)")
    if len(fired) > 1:
        return False, (f"{facts['alarm_name']} went to ALARM {len(fired)} times during "
                       f"the sustained breach; {expected}")
    return True, (f"{facts['alarm_name']} went to ALARM once, at {hhmm(fired[0])}, for "
                  f"the sustained breach ({facts['sustained_text']}), and stayed quiet "
                  f"through the single spikes ({facts['singles_text']})")


def _watches_cpu(alarm: dict, instance_id: str) -> str | None:
    """None if the alarm watches the instance's CPUUtilization, else what is wrong."""
    dims = {d["Name"]: d["Value"] for d in alarm.get("Dimensions") or []}
    if (alarm.get("Namespace"), alarm.get("MetricName")) != ("AWS/EC2", "CPUUtilization"):
        what = alarm.get("MetricName") or "a metric-math expression"
        return (f"{alarm['AlarmName']} watches {what}; it should watch AWS/EC2 "
                "CPUUtilization")
    if dims != {"InstanceId": instance_id}:
        return (f"{alarm['AlarmName']} should have exactly one dimension, InstanceId="
                f"{instance_id}")
    return None


def _check_e1(ctx, answer):
    facts = ctx.facts
    name = facts["alarm_name"]
    if isinstance(answer, str) and answer.strip():
        name = answer.strip()                  # an alarm of another name
    iid = facts.get("instance_id")
    if not iid:
        return fail("the exercises do not know your instance; bind them with "
                    "course.exercises('06', lab, instance_id=...)")
    cw = ctx.client("cloudwatch")
    found = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    if not found:
        return fail(f"there is no alarm named {name} yet; create it with "
                    "cw.put_metric_alarm(AlarmName=...)")
    problem = _watches_cpu(found[0], iid)
    if problem:
        return fail(problem)
    created = _history(cw, name, "ConfigurationUpdate")
    last = created[-1]["Timestamp"] if created else None
    first_event = min(e.start for e in facts["story"])
    if last is not None and last > first_event:
        return fail(f"{name} was (re)configured at {hhmm(last)}, after the story had "
                    f"begun ({hhmm(first_event)}); use Kernel > Restart & Run All and "
                    "create the alarm before you advance the clock")
    if ctx.lab.now < facts["done"]:
        return fail(f"the story runs until {facts['done_text']} UTC and the lab's "
                    f"clock reads {hhmm(ctx.lab.now)}; advance it: lab.advance("
                    "seconds=(ex.e1.done - lab.now).total_seconds())")
    passed, message = judge_e1(transitions(cw, name), {**facts, "alarm_name": name})
    return ok(message) if passed else fail(message)


E1 = Exercise(
    id="E1",
    title="Fire on the sustained breach only",
    task=("The lab has put a story on the CPU of your instance {instance}: one-minute "
          "spikes at {singles_text} and a sustained 3-minute breach at {sustained_text} "
          "(UTC; ex.e1.story). Before {start_text}, create an alarm named "
          "{alarm_name} on its CPUUtilization (Average, threshold {threshold:g} %) and "
          "choose Period, EvaluationPeriods and DatapointsToAlarm so that it goes to "
          "ALARM for the sustained breach but not for the single spikes. Then advance "
          "the clock to {done_text} (ex.e1.done) and check."),
    check=_check_e1,
    hints=("A single one-minute spike is one breaching datapoint at a 60-second "
           "period; a sustained breach gives several in a row.",
           "With Period=60, DatapointsToAlarm (M) breaching datapoints out of the last "
           "EvaluationPeriods (N) put the alarm in ALARM: pick M bigger than one "
           "spike and no bigger than the breach.",
           "cw.put_metric_alarm(AlarmName='{alarm_name}', Namespace='AWS/EC2', "
           "MetricName='CPUUtilization', Dimensions=[{{'Name': 'InstanceId', 'Value': "
           "'{instance}'}}], Statistic='Average', Period=60, EvaluationPeriods=3, "
           "DatapointsToAlarm=3, Threshold={threshold:g}, "
           "ComparisonOperator='GreaterThanThreshold')"),
    solution=("cw.put_metric_alarm(\n"
              "    AlarmName=\"{alarm_name}\", Namespace=\"AWS/EC2\",\n"
              "    MetricName=\"CPUUtilization\",\n"
              "    Dimensions=[{{\"Name\": \"InstanceId\", \"Value\": \"{instance}\"}}],\n"
              "    Statistic=\"Average\", Period=60, EvaluationPeriods=3,\n"
              "    DatapointsToAlarm=3, Threshold={threshold:g},\n"
              "    ComparisonOperator=\"GreaterThanThreshold\")\n"
              "lab.advance(seconds=(ex.e1.done - lab.now).total_seconds())\n"
              "ex.e1.check()"),
    usage="ex.e1.check()",
    facts=_facts_e1,
    needs_answer=False,
)

# -- E2: an alarm that recovers the instance ---------------------------------------------

KEPT = ("InstanceId", "PrivateIpAddress", "PublicIpAddress", "ElasticIp",
        "AvailabilityZone", "PlacementGroup")
_SNAPSHOT_KEYS = {"InstanceId", "Host", "PrivateIpAddress", "StatusChecks", "State"}


def _is_recover(arn: str) -> bool:
    return arn.endswith(":ec2:recover") or "AWS_EC2.InstanceId.Recover" in arn


def _recover_alarms(cw, instance_id: str) -> tuple[list[dict], list[dict]]:
    """(alarms on the instance's system check, those with a recover action)."""
    found = cw.describe_alarms_for_metric(
        Namespace="AWS/EC2", MetricName="StatusCheckFailed_System",
        Dimensions=[{"Name": "InstanceId", "Value": instance_id}])["MetricAlarms"]
    return found, [a for a in found if any(_is_recover(x) for x in a["AlarmActions"])]


def _recover_actions(cw, alarms) -> tuple[list[str], list[str]]:
    """Summaries of the alarms' successful and failed recover actions."""
    done, failed = [], []
    for alarm in alarms:
        for item in _history(cw, alarm["AlarmName"], "Action"):
            summary = item["HistorySummary"]
            if not _is_recover(summary.split(" (")[0].split()[-1]):
                continue
            (done if summary.startswith("Successfully") else failed).append(summary)
    return done, failed


def _snapshot(answer) -> tuple[dict | None, str | None]:
    if not isinstance(answer, dict) or not _SNAPSHOT_KEYS <= set(answer):
        return None, (f"you gave {describe(answer)}; give the snapshot taken before the "
                      "fault: before = ec2_sim.instance_attributes(lab, instance_id)")
    if answer["StatusChecks"].get("System") != "ok" or answer["State"] != "running":
        return None, ("that snapshot was taken while the instance was not healthy; "
                      "take it before you inject the fault")
    return answer, None


def _check_e2(ctx, answer):
    before, problem = _snapshot(answer)
    if problem:
        return fail(problem)
    from awslab.services.ec2 import instance_attributes
    iid = before["InstanceId"]
    cw = ctx.client("cloudwatch")
    alarms, recovering = _recover_alarms(cw, iid)
    if not recovering:
        if alarms:
            actions = alarms[0]["AlarmActions"] or "none"
            return fail(f"{alarms[0]['AlarmName']} watches StatusCheckFailed_System of "
                        f"{iid}, but its AlarmActions ({actions}) do not recover it; "
                        f"add {ctx.facts['recover_arn']}")
        return fail(f"no alarm watches StatusCheckFailed_System of {iid} yet "
                    "(namespace AWS/EC2, dimension InstanceId)")
    after = instance_attributes(ctx.lab, iid)
    done, failed = _recover_actions(cw, recovering)
    if after["State"] != "running":
        if done:
            return fail(f"{iid} is being recovered ({after['State']}): a recovery takes a "
                        "couple of minutes; advance the clock and check again")
        return fail(f"{iid} is {after['State']}; E2 needs it running, then recovered")
    if after["Host"] == before["Host"]:
        if failed:
            return fail(f"the recover action failed: {failed[-1]}")
        if after["StatusChecks"]["System"] == "impaired":
            return fail("the host fault is there, but the alarm has not recovered the "
                        "instance yet; advance the clock a few minutes (EvaluationPeriods "
                        "x Period, then the action)")
        return fail(f"{iid} is still on its old host: inject a host fault "
                    "(ec2_sim.inject_failure(lab, instance_id, 'host')) and advance "
                    "the clock")
    changed = [k for k in KEPT if before.get(k) != after.get(k)]
    if changed:
        return fail(f"{', '.join(changed)} changed: a recovery keeps them. Was the "
                    "instance stopped and started instead?")
    if not done:
        return fail(f"{iid} is on new hardware, but not through your alarm's recover "
                    "action (its history has no successful recover action)")
    return ok(f"{recovering[0]['AlarmName']} recovered {iid}: new host "
              f"{after['Host']}, same instance ID, private IP {after['PrivateIpAddress']} "
              f"and public IP {after['PublicIpAddress']}; what was in memory is gone "
              f"({before['InMemoryDataMiB']:g} MiB before, {after['InMemoryDataMiB']:g} "
              "MiB built up since)")


E2 = Exercise(
    id="E2",
    title="An alarm that recovers your instance",
    task=("Create an alarm on StatusCheckFailed_System of {instance} (AWS/EC2, "
          "Maximum, Period 60) whose AlarmActions recover it ({recover_arn}). Take a "
          "snapshot before = ec2_sim.instance_attributes(lab, instance_id), inject a "
          "host fault (ec2_sim.inject_failure(lab, instance_id, 'host')), advance the "
          "clock about 10 minutes, and check with the snapshot."),
    check=_check_e2,
    hints=("The system status check fails when AWS's hardware under the instance "
           "fails; an alarm on it can take an EC2 action.",
           "EC2 actions are ARNs of the form arn:aws:automate:REGION:ec2:ACTION; the "
           "alarm needs Dimensions=[{{'Name': 'InstanceId', 'Value': ...}}], a "
           "threshold such as >= 1 and EvaluationPeriods of 2 or so.",
           "cw.put_metric_alarm(AlarmName='recover-me', Namespace='AWS/EC2', "
           "MetricName='StatusCheckFailed_System', Dimensions=[{{'Name': "
           "'InstanceId', 'Value': '{instance}'}}], Statistic='Maximum', Period=60, "
           "EvaluationPeriods=2, Threshold=1, ComparisonOperator="
           "'GreaterThanOrEqualToThreshold', AlarmActions=['{recover_arn}'])"),
    solution=("cw.put_metric_alarm(\n"
              "    AlarmName=\"{instance}-recover\", Namespace=\"AWS/EC2\",\n"
              "    MetricName=\"StatusCheckFailed_System\",\n"
              "    Dimensions=[{{\"Name\": \"InstanceId\", \"Value\": \"{instance}\"}}],\n"
              "    Statistic=\"Maximum\", Period=60, EvaluationPeriods=2,\n"
              "    Threshold=1, ComparisonOperator=\"GreaterThanOrEqualToThreshold\",\n"
              "    AlarmActions=[\"{recover_arn}\"])\n"
              "lab.advance(minutes=2)\n"
              "before = ec2_sim.instance_attributes(lab, \"{instance}\")\n"
              "ec2_sim.inject_failure(lab, \"{instance}\", \"host\")\n"
              "lab.advance(minutes=10)\n"
              "ex.e2.check(before)"),
    usage="ex.e2.check(before)",
    facts=lambda ctx: {"instance_id": ctx.given.get("instance_id"),
                       "instance": ctx.given.get("instance_id") or "your instance",
                       "recover_arn": "arn:aws:automate:us-east-1:ec2:recover"},
)

# -- E3: which remedy for which incident --------------------------------------------------

INCIDENTS = (
    ("the physical host under the instance lost power", "recover", "system"),
    ("AWS reports a hardware fault on the host; the instance is unreachable", "recover",
     "system"),
    ("the host lost its network connectivity", "recover", "system"),
    ("a software problem on the host (the hypervisor) cut the instance off", "recover",
     "system"),
    ("a kernel panic after a kernel update", "reboot", "instance"),
    ("the operating system ran out of memory and stopped answering", "reboot",
     "instance"),
    ("a runaway process froze the guest operating system", "reboot", "instance"),
    ("the guest kernel hangs during a driver update", "reboot", "instance"),
)
REMEDIES = {"recover": "recover", "reboot": "reboot"}


def _facts_e3(ctx) -> dict:
    rng = ctx.rng()
    system = [i for i in INCIDENTS if i[2] == "system"]
    guest = [i for i in INCIDENTS if i[2] == "instance"]
    chosen = rng.sample(system, 2) + rng.sample(guest, 2)
    rng.shuffle(chosen)
    incidents = {chr(ord("a") + k): text for k, (text, _, _) in enumerate(chosen)}
    listed = "; ".join(f"({k}) {v}" for k, v in incidents.items())
    answers = {chr(ord("a") + k): (action, check)
               for k, (_, action, check) in enumerate(chosen)}
    code = ", ".join(f'"{k}": "{v[0]}"' for k, v in answers.items())
    return {"incidents": incidents, "listed": listed, "_answers": answers,
            "remedies_code": "remedies = {" + code + "}"}


def _remedy(value) -> str | None:
    """'reboot' or 'recover' from what a learner wrote (an action ARN works too)."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower().rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    word = word.replace("aws_ec2.instanceid.", "").removesuffix("/1.0")
    return REMEDIES.get(word)


def _check_e3(ctx, answer):
    incidents, answers = ctx.facts["incidents"], ctx.facts["_answers"]
    if not isinstance(answer, dict):
        return fail(f"you gave {describe(answer)}; give a dict from each letter to "
                    "'reboot' or 'recover', e.g. {'a': 'reboot', ...}")
    keys = {str(k).strip().lower().strip("()"): v for k, v in answer.items()}
    missing = sorted(set(incidents) - set(keys))
    if missing:
        return fail(f"no remedy for {', '.join(missing)}; give one for each of "
                    f"{', '.join(incidents)}")
    extra = sorted(set(keys) - set(incidents))
    if extra:
        return fail(f"{', '.join(extra)} is not one of the incidents "
                    f"({', '.join(incidents)})")
    unknown = [k for k in sorted(keys) if _remedy(keys[k]) is None]
    if unknown:
        return fail(f"the remedy for {unknown[0]} is {describe(keys[unknown[0]])}; "
                    "use 'reboot' or 'recover'")
    wrong = [k for k in sorted(keys) if _remedy(keys[k]) != answers[k][0]]
    if wrong:
        k = wrong[0]
        check = answers[k][1]
        why = ("the guest operating system is at fault, so the instance status check "
               "fails" if check == "instance" else "AWS's hardware is at fault, so the "
               "system status check fails")
        return fail(f"{len(wrong)} of {len(keys)} are not right yet; in ({k}) "
                    f"{incidents[k]}, {why}")
    return ok("reboot for instance status check failures (the guest), recover for "
              "system status check failures (AWS's host): all four matched")


E3 = Exercise(
    id="E3",
    title="Reboot or recover?",
    task=("For each incident, which EC2 alarm action brings the instance back: "
          "'reboot' or 'recover'? {listed}. Return a dict from letter to action."),
    check=_check_e3,
    hints=("First decide which status check fails: the system check (AWS's host) or "
           "the instance check (your operating system).",
           "A reboot restarts the guest on the same host; a recovery moves the "
           "instance to new hardware.",
           "Host power, hardware, network or hypervisor problems fail the system "
           "check: recover. Kernel panics, exhausted memory and hung guests fail the "
           "instance check: reboot."),
    solution="{remedies_code}\nex.e3.check(remedies)",
    usage="ex.e3.check(remedies)",
    facts=_facts_e3,
)

EXERCISES = [E1, E2, E3]
