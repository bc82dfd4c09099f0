"""NB14 (policy evaluation, permission boundaries and S3 ARNs): checks through IAM.

E1 answers the source notes' three questions on the example policy (the excepted action
of its ``Deny``/``NotAction`` is seeded); E2 repairs a policy that swapped the bucket and
object ARNs (seeded bucket and key), judged by ``SimulateCustomPolicy``; E3 is the
delegated administrator's sandbox (seeded team, delegate and role names), judged from
IAM's state, ``SimulatePrincipalPolicy`` and the lab's record of API calls (the record
CloudTrail reads). Introduced in ``14_policy_evaluation.ipynb``.
"""
from __future__ import annotations

import json
import re

from awslab.course.answers import describe, is_response
from awslab.course.checks.common import client_error
from awslab.course.exercises import Exercise, fail, ok
from awslab.lab import DEFAULT_ACCOUNT

TITLE = "Policy evaluation, permission boundaries and S3 ARNs"
V = "2012-10-17"
DECISIONS = ("allowed", "explicitDeny", "implicitDeny")
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"

# -- E1: the example policy's three questions --------------------------------------------

E1_QUESTIONS = ("sqs:CreateQueue", "sqs:DeleteQueue", "ec2:DescribeInstances")
#: The action the Deny spares (the source notes' version is sqs:DeleteQueue).
E1_EXCEPTED = ("sqs:DeleteQueue", "sqs:CreateQueue", "ec2:DescribeInstances",
               "sqs:SendMessage")


def example_policy(excepted: str) -> dict:
    """The example policy: Allow ``sqs:*``, and Deny every action except ``excepted``."""
    return {"Version": V, "Statement": [
        {"Sid": "AllowAllOfSqs", "Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
        {"Sid": "DenyAllButOne", "Effect": "Deny", "NotAction": excepted,
         "Resource": "*"}]}


def _facts_e1(ctx) -> dict:
    excepted = E1_EXCEPTED[ctx.rng().randrange(len(E1_EXCEPTED))]
    policy = example_policy(excepted)
    return {"excepted": excepted, "policy": policy,
            "policy_text": json.dumps(policy, indent=2), "actions": list(E1_QUESTIONS),
            "questions": ", ".join(E1_QUESTIONS)}


def decision_of(value) -> tuple[str | None, str | None]:
    """An answer read as an ``EvalDecision`` (``"explicit deny"`` too), or a problem."""
    if isinstance(value, bool):
        return None, ("True/False cannot tell an explicit deny from an implicit one; "
                      "give 'allowed', 'explicitDeny' or 'implicitDeny'")
    if not isinstance(value, str):
        return None, f"{describe(value)} is not a decision; give 'allowed', " \
                     "'explicitDeny' or 'implicitDeny'"
    key = re.sub(r"[\s_-]", "", value).lower()
    found = {"allowed": "allowed", "allow": "allowed", "explicitdeny": "explicitDeny",
             "implicitdeny": "implicitDeny"}.get(key)
    if found:
        return found, None
    if key in ("deny", "denied", "no"):
        return None, (f"{value!r} says no, but which kind? An explicit deny (a Deny "
                      "statement matched) or an implicit deny (nothing allowed it)")
    return None, f"{value!r} is not one of 'allowed', 'explicitDeny', 'implicitDeny'"


def simulate(ctx, policy_text: str, actions, resources=None) -> dict:
    """``{(action, resource): EvalDecision}`` from ``iam.simulate_custom_policy``."""
    kw = {"ResourceArns": list(resources)} if resources else {}
    answer = ctx.client("iam").simulate_custom_policy(
        PolicyInputList=[policy_text], ActionNames=list(actions), **kw)
    return {(r["EvalActionName"], r["EvalResourceName"]): r["EvalDecision"]
            for r in answer["EvaluationResults"]}


def _check_e1(ctx, answer):
    if is_response(answer):
        return fail("you gave the whole simulate_custom_policy response; build a dict "
                    "{action: result['EvalDecision']} from its EvaluationResults")
    if not isinstance(answer, dict):
        return fail(f"you gave {describe(answer)}; give a dict such as "
                    "{'sqs:CreateQueue': 'allowed', ...} with one decision per action")
    given = {str(k).strip().lower(): v for k, v in answer.items()}
    missing = [a for a in E1_QUESTIONS if a.lower() not in given]
    if missing:
        return fail(f"no decision for {', '.join(missing)}; answer all three: "
                    f"{ctx.facts['questions']}")
    decisions = {}
    for action in E1_QUESTIONS:
        decisions[action], problem = decision_of(given[action.lower()])
        if problem:
            return fail(f"{action}: {problem}")
    expected = simulate(ctx, ctx.facts["policy_text"], E1_QUESTIONS)
    wrong = [a for a in E1_QUESTIONS if decisions[a] != expected[(a, "*")]]
    if wrong:
        extra = ""
        if "ec2:DescribeInstances" in wrong and \
                decisions["ec2:DescribeInstances"] == "implicitDeny":
            extra = "; does the Deny's NotAction stop at SQS?"
        return fail(f"{len(wrong)} of 3 decisions are not right: {', '.join(wrong)}"
                    f"{extra}")
    summary = ", ".join(f"{a.split(':')[1]} {expected[(a, '*')]}" for a in E1_QUESTIONS)
    spared = ctx.facts["excepted"]
    after = (f"so {spared} is the only action that gets through"
             if spared.startswith("sqs:") else
             f"and {spared} escapes it, but nothing allows it: an implicit deny")
    return ok(f"{summary}: the Deny with NotAction {spared} covers every other action "
              f"of every service, {after}")


E1 = Exercise(
    id="E1",
    title="The example policy's three questions",
    task=("A user's only policy is ex.e1.policy (print it: "
          "print(ex.e1.policy_text)). Can the user perform {questions}? For each, give "
          "the EvalDecision IAM returns ('allowed', 'explicitDeny' or 'implicitDeny') as "
          "a dict {{action: decision}}. Decide on paper first, then confirm with "
          "iam.simulate_custom_policy."),
    check=_check_e1,
    hints=("Two statements: an Allow for sqs:*, and a Deny whose NotAction names one "
           "action. An explicit Deny beats any Allow.",
           "Deny + NotAction X denies every action except X, in every service (not "
           "only SQS). An action that the Deny misses still needs an Allow.",
           "r = iam.simulate_custom_policy(PolicyInputList=[ex.e1.policy_text], "
           "ActionNames=ex.e1.actions); {{x['EvalActionName']: x['EvalDecision'] for "
           "x in r['EvaluationResults']}}"),
    solution=("iam = lab.client(\"iam\")\n"
              "reply = iam.simulate_custom_policy(\n"
              "    PolicyInputList=[ex.e1.policy_text], ActionNames=ex.e1.actions)\n"
              "answers = {{r[\"EvalActionName\"]: r[\"EvalDecision\"]\n"
              "           for r in reply[\"EvaluationResults\"]}}\n"
              "ex.e1.check(answers)"),
    usage="ex.e1.check(answers)",
    facts=_facts_e1,
)

# -- E2: bucket ARN vs object ARN --------------------------------------------------------

E2_TEAMS = ("orders", "invoices", "exports", "images", "backups", "reports")
E2_KEYS = ("2026/01/summary.csv", "daily/orders.json", "q1/invoice-0042.pdf",
           "latest/export.parquet")


def broken_policy(bucket: str) -> dict:
    """The E2 policy, with the ARNs swapped: ListBucket on objects, GetObject on the
    bucket."""
    return {"Version": V, "Statement": [
        {"Sid": "ListTheBucket", "Effect": "Allow", "Action": "s3:ListBucket",
         "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Sid": "ReadTheObjects", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}"}]}


def _facts_e2(ctx) -> dict:
    rng = ctx.rng()
    team = E2_TEAMS[rng.randrange(len(E2_TEAMS))]
    bucket = f"petshop-{team}-{rng.randrange(1000, 10000)}"
    key = E2_KEYS[rng.randrange(len(E2_KEYS))]
    policy = broken_policy(bucket)
    return {"bucket": bucket, "key": key, "bucket_arn": f"arn:aws:s3:::{bucket}",
            "object_arn": f"arn:aws:s3:::{bucket}/{key}",
            "other_bucket_arn": f"arn:aws:s3:::{bucket}-archive",
            "other_object_arn": f"arn:aws:s3:::{bucket}-archive/{key}",
            "policy": policy, "policy_text": json.dumps(policy, indent=2)}


E2_ACTIONS = ("s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject")


def _policy_text(answer) -> tuple[str | None, str | None]:
    if isinstance(answer, dict):
        if is_response(answer):
            return None, "you gave a boto3 response; give the fixed policy document"
        return json.dumps(answer), None
    if isinstance(answer, str) and answer.strip():
        return answer, None
    return None, f"you gave {describe(answer)}; give the fixed policy (a dict or JSON text)"


def _check_e2(ctx, answer):
    text, problem = _policy_text(answer)
    if problem:
        return fail(problem)
    f = ctx.facts
    arns = (f["bucket_arn"], f["object_arn"], f["other_bucket_arn"], f["other_object_arn"])
    try:
        got = simulate(ctx, text, E2_ACTIONS, arns)
    except Exception as exc:
        error = client_error(exc)
        if error is None:
            raise
        return fail(f"IAM rejects the policy: {error[0]}: {error[1]}")
    if got[("s3:ListBucket", f["bucket_arn"])] != "allowed":
        return fail(f"s3:ListBucket on {f['bucket_arn']} is still "
                    f"{got[('s3:ListBucket', f['bucket_arn'])]}: ListBucket acts on the "
                    "bucket itself")
    if got[("s3:GetObject", f["object_arn"])] != "allowed":
        return fail(f"s3:GetObject on {f['object_arn']} is still "
                    f"{got[('s3:GetObject', f['object_arn'])]}: GetObject acts on objects")
    for action in ("s3:PutObject", "s3:DeleteObject"):
        if got[(action, f["object_arn"])] == "allowed":
            return fail(f"your policy also allows {action} on {f['object_arn']}; grant "
                        "only s3:ListBucket and s3:GetObject")
    for action in ("s3:ListBucket", "s3:GetObject"):
        for arn in (f["other_bucket_arn"], f["other_object_arn"]):
            if got[(action, arn)] == "allowed":
                return fail(f"your policy also allows {action} on {arn}, another "
                            f"bucket; keep every Resource inside {f['bucket']}")
    return ok(f"s3:ListBucket is allowed on the bucket ARN {f['bucket_arn']} and "
              f"s3:GetObject on {f['object_arn']} (matched by {f['bucket_arn']}/*), and "
              "nothing else: bucket-level actions take the bucket ARN, object-level "
              "actions the object ARN")


E2 = Exercise(
    id="E2",
    title="Bucket ARN or object ARN?",
    task=("Reports are kept in the bucket {bucket}. The policy ex.e2.policy (print "
          "it: print(ex.e2.policy_text)) was meant to let a user list the bucket and "
          "download its objects, but both fail. Fix it so that s3:ListBucket and "
          "s3:GetObject work on this bucket and its objects (and nothing more), and "
          "check the fixed policy document."),
    check=_check_e2,
    hints=("Each S3 action applies to one kind of resource: some to the bucket, some "
           "to the objects in it.",
           "arn:aws:s3:::{bucket} is the bucket; arn:aws:s3:::{bucket}/* matches every "
           "object in it. Which one does ListBucket act on, and which GetObject?",
           "Swap the two Resource values: s3:ListBucket on arn:aws:s3:::{bucket} and "
           "s3:GetObject on arn:aws:s3:::{bucket}/*; confirm with "
           "iam.simulate_custom_policy(..., ResourceArns=[...])."),
    solution=("fixed = {{\"Version\": \"2012-10-17\", \"Statement\": [\n"
              "    {{\"Sid\": \"ListTheBucket\", \"Effect\": \"Allow\",\n"
              "     \"Action\": \"s3:ListBucket\", \"Resource\": ex.e2.bucket_arn}},\n"
              "    {{\"Sid\": \"ReadTheObjects\", \"Effect\": \"Allow\",\n"
              "     \"Action\": \"s3:GetObject\",\n"
              "     \"Resource\": ex.e2.bucket_arn + \"/*\"}}]}}\n"
              "ex.e2.check(fixed)"),
    usage="ex.e2.check(fixed)",
    facts=_facts_e2,
)

# -- E3: the delegated administrator -------------------------------------------------------

E3_TEAMS = ("orders", "payments", "catalog", "search", "shipping", "reviews")
E3_PEOPLE = ("maria", "deepak", "ines", "kofi", "yuki", "omar")
#: Actions the team boundary never allows, and one it does (see the notebook's sandbox).
OUTSIDE = ("ec2:RunInstances", "iam:CreateUser", "s3:GetObject")
INSIDE = "cloudwatch:PutMetricData"


def _facts_e3(ctx) -> dict:
    rng = ctx.rng()
    team = E3_TEAMS[rng.randrange(len(E3_TEAMS))]
    person = E3_PEOPLE[rng.randrange(len(E3_PEOPLE))]
    iam = f"arn:aws:iam::{DEFAULT_ACCOUNT}"
    boundary = f"{team.capitalize()}Boundary"
    return {"team": team, "delegate": person, "prefix": f"{team}-",
            "delegate_arn": f"{iam}:user/{person}",
            "boundary_name": boundary, "boundary_arn": f"{iam}:policy/{boundary}",
            "ceiling_name": "DelegatedAdminCeiling",
            "ceiling_arn": f"{iam}:policy/DelegatedAdminCeiling",
            "reporter": f"{team}-reporter", "role_name": f"{team}-ops-admin",
            "role_arn": f"{iam}:role/{team}-ops-admin", "account": DEFAULT_ACCOUNT}


def delegate_calls(lab, arn: str, operation: str) -> list:
    """The calls ``operation`` made with the credentials of ``arn``, oldest first."""
    return [c for c in lab.audit_log if c.operation == operation and
            c.caller is not None and c.caller.arn == arn]


def _get(call, **params):
    try:
        return call(**params), None
    except Exception as exc:
        error = client_error(exc)
        if error is None:
            raise
        return None, error[0]


def _check_tries(ctx) -> str | None:
    f = ctx.facts
    tries = [c for c in delegate_calls(ctx.lab, f["delegate_arn"], "CreateRole")
             if not c.request.get("PermissionsBoundary")]
    if not tries:
        return (f"(a) not tried yet: as {f['delegate']} (a client made with its access "
                "key), call create_role without PermissionsBoundary and catch the "
                "ClientError")
    made = [c.request.get("RoleName") for c in tries if c.error_code is None]
    if made:
        return (f"(a) {f['delegate']} created {made[0]} without the boundary: the "
                "delegate's policy must not allow that (was it changed?)")
    tries = [c for c in delegate_calls(ctx.lab, f["delegate_arn"],
                                       "DeleteUserPermissionsBoundary")
             if c.request.get("UserName") == f["delegate"]]
    if not tries:
        return (f"(b) not tried yet: as {f['delegate']}, call "
                f"delete_user_permissions_boundary(UserName='{f['delegate']}') and catch "
                "the ClientError")
    return None


def _check_role(ctx, iam) -> str | None:
    f = ctx.facts
    role, code = _get(iam.get_role, RoleName=f["role_name"])
    if role is None:
        return (f"(c) there is no role {f['role_name']} yet ({code}): as {f['delegate']},"
                f" create it with PermissionsBoundary='{f['boundary_arn']}'")
    made = [c for c in delegate_calls(ctx.lab, f["delegate_arn"], "CreateRole")
            if c.request.get("RoleName") == f["role_name"] and c.error_code is None]
    if not made:
        return (f"(c) {f['role_name']} was not created by {f['delegate']}: create it "
                "with the delegate's client, not the administrator's")
    bound = (role["Role"].get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    if bound != f["boundary_arn"]:
        return f"(c) {f['role_name']} must have the boundary {f['boundary_arn']}"
    attached = iam.list_attached_role_policies(RoleName=f["role_name"])
    if ADMIN not in {p["PolicyArn"] for p in attached["AttachedPolicies"]}:
        return (f"(c) attach AdministratorAccess ({ADMIN}) to {f['role_name']}, as "
                f"{f['delegate']}: an admin role")
    return None


def _check_e3(ctx, answer):
    f = ctx.facts
    iam = ctx.client("iam")
    user, code = _get(iam.get_user, UserName=f["delegate"])
    if user is None:
        return fail(f"there is no user {f['delegate']} yet ({code}); run the cells of "
                    "the section that builds the delegated administrator's sandbox")
    problem = _check_tries(ctx)
    if problem:
        return fail(problem)
    if (user["User"].get("PermissionsBoundary") or {}).get(
            "PermissionsBoundaryArn") != f["ceiling_arn"]:
        return fail(f"(b) {f['delegate']} no longer has its own boundary "
                    f"{f['ceiling_arn']}; it must keep it")
    problem = _check_role(ctx, iam)
    if problem:
        return fail(problem)
    reply = iam.simulate_principal_policy(PolicySourceArn=f["role_arn"],
                                          ActionNames=[*OUTSIDE, INSIDE])
    got = {r["EvalActionName"]: r["EvalDecision"] for r in reply["EvaluationResults"]}
    past = [a for a in OUTSIDE if got[a] == "allowed"]
    if past:
        return fail(f"(c) {f['role_name']} may {', '.join(past)}: its effective "
                    "permissions go past the boundary")
    if got[INSIDE] != "allowed":
        return fail(f"(c) {f['role_name']} may not even {INSIDE}; attach "
                    "AdministratorAccess and keep the team boundary")
    return ok(f"(a) and (b) were denied, and (c) {f['role_name']} has AdministratorAccess"
              f" yet stays inside {f['boundary_name']}: {INSIDE} allowed, "
              f"{', '.join(OUTSIDE)} implicitly denied by the boundary")


E3 = Exercise(
    id="E3",
    title="The delegated administrator",
    task=("You are {delegate}, the delegated administrator of team {team} (use the "
          "client made with {delegate}'s access key, not the administrator's). (a) Try "
          "to create a role without a permissions boundary. (b) Try to remove your own "
          "boundary. (c) Create the role {role_name} (any trust policy) with the "
          "boundary {boundary_name} and attach AdministratorAccess to it. Catch the "
          "errors of (a) and (b), then call ex.e3.check()."),
    check=_check_e3,
    hints=("Every call of the delegate goes through the delegate's client "
           "(delegate_iam); its policy only allows creating what carries the team "
           "boundary.",
           "(a) create_role(RoleName=..., AssumeRolePolicyDocument=...) with no "
           "PermissionsBoundary; (b) delete_user_permissions_boundary(UserName="
           "'{delegate}'); wrap each in try/except ClientError.",
           "(c) delegate_iam.create_role(RoleName='{role_name}', "
           "AssumeRolePolicyDocument=json.dumps(trust), "
           "PermissionsBoundary='{boundary_arn}'), then "
           "delegate_iam.attach_role_policy(RoleName='{role_name}', "
           "PolicyArn='" + ADMIN + "')."),
    solution=("trust = {{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "    \"Effect\": \"Allow\", \"Principal\": {{\"Service\": "
              "\"ec2.amazonaws.com\"}},\n"
              "    \"Action\": \"sts:AssumeRole\"}}]}}\n"
              "tries = {{\n"
              "    \"(a) a role without the boundary\": lambda: delegate_iam.create_role(\n"
              "        RoleName=\"{prefix}no-fence\",\n"
              "        AssumeRolePolicyDocument=json.dumps(trust)),\n"
              "    \"(b) remove my own boundary\": lambda:\n"
              "        delegate_iam.delete_user_permissions_boundary(\n"
              "            UserName=\"{delegate}\"),\n"
              "}}\n"
              "for what, call in tries.items():\n"
              "    try:\n"
              "        call()\n"
              "    except ClientError as err:\n"
              "        print(what, \"->\", err.response[\"Error\"][\"Code\"])\n"
              "delegate_iam.create_role(\n"
              "    RoleName=\"{role_name}\", AssumeRolePolicyDocument=json.dumps(trust),\n"
              "    PermissionsBoundary=\"{boundary_arn}\")\n"
              "delegate_iam.attach_role_policy(\n"
              "    RoleName=\"{role_name}\",\n"
              "    PolicyArn=\"" + ADMIN + "\")\n"
              "ex.e3.check()"),
    usage="ex.e3.check()",
    facts=_facts_e3,
    needs_answer=False,
)

EXERCISES = [E1, E2, E3]
