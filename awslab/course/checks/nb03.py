"""NB03 (CloudWatch Logs, EC2 logs and agents): checks read the learner's logs and IAM.

E1 "logs are missing": the agent on the learner's instance ships nothing until its role
may write to CloudWatch Logs; the check wants events in the group and a role that grants
nothing beyond an allow-list. E2 validates an agent configuration with the agent's own
parser and the metric names it would publish. E3 reads the retention of three seeded
groups against a "keep N days, lowest cost" policy. Introduced in
``03_cloudwatch_logs.ipynb``.
"""
from __future__ import annotations

import json

from awslab.course.exercises import Exercise, fail, ok

TITLE = "CloudWatch Logs, EC2 logs and agents"

# -- E1: logs are missing ----------------------------------------------------------------

E1_GROUP = "/petshop/app"
E1_ROLE = "nb03-app-role"
ALLOWED = {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
           "logs:DescribeLogStreams", "logs:DescribeLogGroups", "logs:PutRetentionPolicy",
           "cloudwatch:PutMetricData"}
NEEDED = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")


def _facts_e1(ctx) -> dict:
    return {"group": E1_GROUP, "role": ctx.given.get("role_name", E1_ROLE),
            "instance": ctx.given.get("instance_id", "(give instance_id=...)"),
            "allowed": ", ".join(sorted(ALLOWED))}


def role_actions(iam, role: str) -> tuple[set[str], list[str]]:
    """Every action the role's policies allow (inline and attached), and the names of
    the attached managed policies."""
    actions: set[str] = set()
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        doc = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        actions |= _allowed_actions(doc)
    attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    for p in attached:
        version = iam.get_policy(PolicyArn=p["PolicyArn"])["Policy"]["DefaultVersionId"]
        doc = iam.get_policy_version(PolicyArn=p["PolicyArn"],
                                     VersionId=version)["PolicyVersion"]["Document"]
        actions |= _allowed_actions(doc)
    return actions, [p["PolicyName"] for p in attached]


def _allowed_actions(doc) -> set[str]:
    if isinstance(doc, str):
        from urllib.parse import unquote
        doc = json.loads(unquote(doc))
    statements = doc.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    out = set()
    for s in statements:
        if s.get("Effect") != "Allow":
            continue
        if "NotAction" in s:
            out.add("NotAction (allows nearly everything)")
        acts = s.get("Action", [])
        out |= set([acts] if isinstance(acts, str) else acts)
    return out


def judge_e1(actions: set[str], events: int) -> tuple[bool, str]:
    """The verdict on a role's allowed actions and the events that arrived."""
    extra = sorted(a for a in actions if a not in ALLOWED)
    missing = [a for a in NEEDED if a not in actions]
    if extra:
        return False, (f"the role allows more than the agent needs: {', '.join(extra)}; "
                       "keep only the Logs actions the agent calls (least privilege)")
    if missing:
        return False, (f"the role does not allow {', '.join(missing)}, so the agent still "
                       "cannot write; look at agent.log")
    if not events:
        return False, ("the policy looks right but no events have arrived yet; advance "
                       "the clock a minute or two (lab.advance(minutes=2))")
    return True, (f"{events} events arrived and the role allows only "
                  f"{', '.join(sorted(actions))}")


def _check_e1(ctx, answer):
    role, group = ctx.facts["role"], ctx.facts["group"]
    iam, logs = ctx.client("iam"), ctx.client("logs")
    try:
        actions, _ = role_actions(iam, role)
    except iam.exceptions.NoSuchEntityException:
        return fail(f"there is no role {role}; run the cells that launch the app server")
    try:
        events = logs.filter_log_events(logGroupName=group, limit=100)["events"]
    except logs.exceptions.ResourceNotFoundException:
        events = []
    passed, message = judge_e1(actions, len(events))
    return ok(message) if passed else fail(message)


E1 = Exercise(
    id="E1",
    title="Logs are missing",
    task=("The agent on {instance} is running and configured to ship /var/log/app.log "
          "to {group}, but nothing arrives. Read the agent's log, then give the role "
          "{role} the smallest policy that makes the logs arrive (allowed actions: "
          "{allowed}). Advance the clock and check."),
    check=_check_e1,
    hints=("The agent keeps its own log: print the last lines of agent.log. What does "
           "the error say the role is not authorized to do?",
           "The agent needs to create the group (it does not exist yet), create its "
           "stream, and put events: three logs:* actions. An inline policy on the role "
           "(iam.put_role_policy) is enough.",
           "Allow logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents on "
           "\"*\" (or on arn:aws:logs:*:*:log-group:{group}*), no more; then "
           "lab.advance(minutes=2)."),
    solution=("iam.put_role_policy(\n"
              "    RoleName=\"{role}\", PolicyName=\"ship-app-logs\",\n"
              "    PolicyDocument=json.dumps({{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "        \"Effect\": \"Allow\", \"Resource\": \"*\",\n"
              "        \"Action\": [\"logs:CreateLogGroup\", \"logs:CreateLogStream\",\n"
              "                   \"logs:PutLogEvents\"]}}]}}))\n"
              "lab.advance(minutes=2)\n"
              "ex.e1.check()"),
    usage="ex.e1.check()",
    facts=_facts_e1,
    needs_answer=False,
)

# -- E2: an agent configuration ------------------------------------------------------------

E2_METRICS = {"mem_used_percent", "disk_used_percent"}
E2_FILE = "/var/log/app.log"


def _check_e2(ctx, answer):
    from awslab.services.ec2.agent_config import AgentConfigError, parse_agent_config
    if not isinstance(answer, (dict, str)):
        return fail("give the configuration as a dict (or its JSON text)")
    try:
        plan = parse_agent_config(answer)
    except AgentConfigError as exc:
        return fail(f"the agent refuses the configuration: {exc}")
    names = {m.name for s in plan.sections for m in s.measurements}
    if plan.namespace != "CWAgent":
        return fail(f"the metrics would go to namespace {plan.namespace}; leave the "
                    "default, CWAgent")
    if names != E2_METRICS:
        more, less = sorted(names - E2_METRICS), sorted(E2_METRICS - names)
        return fail("the agent would publish " + (", ".join(sorted(names)) or "no metrics")
                    + (f"; missing {', '.join(less)}" if less else "")
                    + (f"; not asked for: {', '.join(more)}" if more else ""))
    files = [f.path for f in plan.logs]
    if E2_FILE not in files:
        return fail(f"the logs section collects {files or 'no files'}; add {E2_FILE} "
                    "to logs.logs_collected.files.collect_list")
    return ok(f"valid: CWAgent gets {', '.join(sorted(names))}, and {E2_FILE} goes to "
              f"{next(f.group for f in plan.logs if f.path == E2_FILE)}")


E2 = Exercise(
    id="E2",
    title="An agent configuration",
    task=("Write a unified CloudWatch agent configuration (a dict) that collects memory "
          "used % and disk used %, and ships /var/log/app.log to a log group of your "
          "choice. Check it before you install it."),
    check=_check_e2,
    hints=("Two top-level sections: metrics (with metrics_collected) and logs (with "
           "logs_collected.files.collect_list).",
           "Measurements are named per section: mem takes used_percent (published as "
           "mem_used_percent), disk takes used_percent too.",
           "metrics_collected = {{\"mem\": {{\"measurement\": [\"mem_used_percent\"]}}, "
           "\"disk\": {{\"measurement\": [\"used_percent\"], \"resources\": [\"*\"]}}}}; "
           "collect_list = [{{\"file_path\": \"/var/log/app.log\", \"log_group_name\": "
           "\"/petshop/app\"}}]"),
    solution=("config = {{\n"
              "    \"metrics\": {{\"metrics_collected\": {{\n"
              "        \"mem\": {{\"measurement\": [\"mem_used_percent\"]}},\n"
              "        \"disk\": {{\"measurement\": [\"used_percent\"],\n"
              "                 \"resources\": [\"*\"]}}}}}},\n"
              "    \"logs\": {{\"logs_collected\": {{\"files\": {{\"collect_list\": [\n"
              "        {{\"file_path\": \"/var/log/app.log\",\n"
              "         \"log_group_name\": \"/petshop/app\"}}]}}}}}}}}\n"
              "ex.e2.check(config)"),
    usage="ex.e2.check(config)",
)

# -- E3: retention for a policy -------------------------------------------------------------

E3_GROUPS = ("/aws/lambda/petshop-checkout", "/ecs/petshop-api", "/vpc/petshop/flow-logs")
E3_DAYS = (10, 45, 100, 200, 366, 500, 1000, 2000)


def _facts_e3(ctx) -> dict:
    rng = ctx.rng("e3")
    keep = dict(zip(E3_GROUPS, rng.sample(E3_DAYS, len(E3_GROUPS))))
    return {"keep": keep, "policy": "; ".join(f"{g}: at least {d} days"
                                              for g, d in keep.items())}


def _check_e3(ctx, answer):
    from awslab.services.logs.retention import nearest_allowed
    logs = ctx.client("logs")
    found = {g["logGroupName"]: g.get("retentionInDays")
             for page in logs.get_paginator("describe_log_groups").paginate()
             for g in page["logGroups"]}
    problems = []
    for group, days in ctx.facts["keep"].items():
        if group not in found:
            problems.append(f"{group} does not exist (run the cell that seeds the sources)")
            continue
        have, best = found[group], nearest_allowed(days)
        if have is None:
            problems.append(f"{group} never expires: it keeps (and bills) everything")
        elif have < days:
            problems.append(f"{group} keeps {have} day{'s' * (have != 1)}, less than "
                            f"{days}")
        elif have != best:
            problems.append(f"{group} keeps {have} days; {best} is the cheapest allowed "
                            f"value of at least {days}")
    if problems:
        return fail("; ".join(problems))
    return ok("every group keeps what the policy asks and no more: " + ", ".join(
        f"{g} {found[g]} days" for g in ctx.facts["keep"]))


E3 = Exercise(
    id="E3",
    title="Retention for a policy",
    task=("Compliance policy: {policy}. Keep the cost minimal: set the retention of "
          "each group with put_retention_policy, then check."),
    check=_check_e3,
    hints=("Retention is set per log group, and only some values are allowed.",
           "The allowed values are 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, "
           "545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days.",
           "For each group take the smallest allowed value that is at least the days "
           "the policy asks (awslab.services.logs.retention.nearest_allowed does it)."),
    solution=("from awslab.services.logs.retention import nearest_allowed\n"
              "for group, days in ex.e3.keep.items():\n"
              "    logs.put_retention_policy(logGroupName=group,\n"
              "                              retentionInDays=nearest_allowed(days))\n"
              "ex.e3.check()"),
    usage="ex.e3.check()",
    facts=_facts_e3,
    needs_answer=False,
)

EXERCISES = [E1, E2, E3]
