"""NB11 (STS and cross-account access): checks decided by the lab's IAM engine and STS.

E1 builds a cross-account role with an ExternalId (checked with
:func:`awslab.services.iam.explain`, the enforcement path with its trace), E2 writes the
bucket policy of the source notes' DynamoDB-in-A to S3-in-B example (checked with
``SimulatePrincipalPolicy`` and a ``ResourcePolicy``), E3 computes session expiry times
(checked against real ``AssumeRole`` calls in a twin lab). Introduced in
``11_sts_and_cross_account.ipynb``.
"""
from __future__ import annotations

import json
import random
from datetime import timedelta

from awslab.course.answers import describe, is_response
from awslab.course.checks.common import client_error, hhmm, stamp
from awslab.course.exercises import Exercise, fail, ok

TITLE = "STS, cross-account roles, and roles vs resource-based policies"
HOME = "123456789012"
ROLE_NAMES = ("PartnerReportWriter", "ExportDropRole", "AnalyticsIngestRole",
              "SharedReportsWriter", "PartnerUploadRole")
SOURCE_ROLES = ("NightlyExport", "OrdersExporter", "ReportBuilder", "ExportJob")
ID_WORDS = ("petshop", "orders", "acme", "blue-river", "northwind")
USERS = ("report-exporter", "orders-dumper", "export-bot", "nightly-job")
TABLES = ("Orders", "Customers", "Invoices", "Shipments")
PREFIXES = ("exports/", "incoming/", "daily/")


def _shared(ctx) -> dict:
    """Facts the three exercises share: the partner account and an unrelated one."""
    rng = random.Random(f"awslab.course:{ctx.lab.seed}:11:partner")
    ids = [str(rng.randrange(10 ** 11, 10 ** 12)) for _ in range(2)]
    return {"account": HOME, "partner_account": ids[0], "other_account": ids[1]}


def _rng(ctx, exercise: str) -> random.Random:
    """The generator ``ctx.rng()`` gives ``exercise`` (E2 reads E1's role name)."""
    return random.Random(f"awslab.course:{ctx.lab.seed}:11:{exercise}:")


def _iam(ctx, account: str, name: str = "partner"):
    """An IAM client of ``account``'s admin user (cached for the exercise set); the
    account is added to the lab if it is not there yet."""
    key = ("iam", account)
    if key not in ctx.clients:
        lab = ctx.lab
        if account != HOME:
            lab.add_account(account, name)
        ctx.clients[key] = lab.client("iam", **lab.admin_credentials(account)
                                      .as_client_kwargs())
    return ctx.clients[key]


def _exists(iam, kind: str, name: str) -> bool:
    try:
        getattr(iam, f"get_{kind}")(**{f"{kind.title()}Name": name})
        return True
    except Exception as exc:
        if client_error(exc) is None:
            raise
        return False

# -- E1: a cross-account role with an ExternalId ---------------------------------------


def _facts_e1(ctx) -> dict:
    rng = _rng(ctx, "E1")
    facts = _shared(ctx)
    role = ROLE_NAMES[rng.randrange(len(ROLE_NAMES))]
    source = SOURCE_ROLES[rng.randrange(len(SOURCE_ROLES))]
    word = ID_WORDS[rng.randrange(len(ID_WORDS))]
    return {**facts, "role_name": role, "source_role": source,
            "role_arn": f"arn:aws:iam::{facts['partner_account']}:role/{role}",
            "source_role_arn": f"arn:aws:iam::{HOME}:role/{source}",
            "external_id": f"{word}-{rng.randrange(1000, 10000)}"}


def _explain(ctx, principal: str, external_id: str | None):
    from awslab.services.iam import explain
    context = {"sts:ExternalId": external_id} if external_id else None
    return explain(ctx.lab, principal, "sts:AssumeRole", ctx.facts["role_arn"],
                   context=context)


def _check_e1(ctx, answer):
    f = ctx.facts
    partner, role, source = f["partner_account"], f["role_name"], f["source_role"]
    if partner not in ctx.lab.accounts:
        return fail(f"account {partner} is not in your lab yet: "
                    f"lab.add_account('{partner}', 'partner')")
    if not _exists(_iam(ctx, HOME), "role", source):
        return fail(f"there is no role {source} in your account {HOME} yet; create it "
                    "first (a trust policy may only name roles that exist)")
    if not _exists(_iam(ctx, partner), "role", role):
        return fail(f"there is no role {role} in account {partner} yet; create it with "
                    "an IAM client of that account's admin")
    good = _explain(ctx, f["source_role_arn"], f["external_id"])
    if not good.allowed:
        side = (f"A's side (the identity policy of {source})"
                if good.layer == "identity" else f"B's side (the trust policy of {role})")
        return fail(f"{source} cannot assume {role} yet, even with ExternalId "
                    f"{f['external_id']}: {side} says no ({good.reason})")
    for wrong in (None, "not-" + f["external_id"]):
        if _explain(ctx, f["source_role_arn"], wrong).allowed:
            how = "without an ExternalId" if wrong is None else "with a wrong ExternalId"
            return fail(f"{source} may assume {role} {how}: the trust policy needs a "
                        f"Condition with StringEquals sts:ExternalId "
                        f"'{f['external_id']}'")
    admin = f"arn:aws:iam::{HOME}:user/admin"
    if _explain(ctx, admin, f["external_id"]).allowed:
        return fail(f"the trust policy also lets other principals of account {HOME} in "
                    f"(user admin may assume {role}); name only the role "
                    f"{f['source_role_arn']}")
    other = f["other_account"]
    _iam(ctx, other, "unrelated")
    if _explain(ctx, f"arn:aws:iam::{other}:user/admin", f["external_id"]).allowed:
        return fail(f"an unrelated account ({other}) may assume {role}: the trust "
                    "policy must name your job's role only")
    return ok(f"{source} in {HOME} may assume {role} in {partner} with ExternalId "
              f"{f['external_id']}, and neither your admin user nor account {other} "
              "may: A's identity policy and B's trust policy both had to say yes")


E1 = Exercise(
    id="E1",
    title="A cross-account role with an ExternalId",
    task=("Your export job runs as role {source_role} in your account {account} (A). "
          "Partner account {partner_account} (B) must let it, and only it, write "
          "reports: in B create role {role_name} whose trust policy trusts the role "
          "{source_role_arn} and requires ExternalId '{external_id}'; in A give "
          "{source_role} an identity policy allowing sts:AssumeRole on {role_arn}. "
          "Create {source_role} first (trusting your own account), because a trust "
          "policy may only name roles that exist. Then call ex.e1.check()."),
    check=_check_e1,
    hints=("Both sides must say yes: the identity policy of {source_role} in A, and "
           "the trust policy of {role_name} in B. An IAM client of B: "
           "lab.client('iam', **lab.admin_credentials('{partner_account}')"
           ".as_client_kwargs()).",
           "The trust policy's statement: Effect Allow, Principal {{'AWS': "
           "'{source_role_arn}'}}, Action sts:AssumeRole, and Condition "
           "{{'StringEquals': {{'sts:ExternalId': '{external_id}'}}}}.",
           "iam.create_role(RoleName='{source_role}', ...trust your account...); "
           "iam_partner.create_role(RoleName='{role_name}', AssumeRolePolicyDocument="
           "json.dumps(trust)); iam.put_role_policy(RoleName='{source_role}', "
           "PolicyName='assume-partner', PolicyDocument=json.dumps({{'Version': "
           "'2012-10-17', 'Statement': [{{'Effect': 'Allow', 'Action': "
           "'sts:AssumeRole', 'Resource': '{role_arn}'}}]}}))"),
    solution=("iam_partner = lab.client(\n"
              "    \"iam\", **lab.admin_credentials(ex.e1.partner_account)"
              ".as_client_kwargs())\n"
              "job_trust = {{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "    \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": ex.e1.account}},\n"
              "    \"Action\": \"sts:AssumeRole\"}}]}}\n"
              "iam.create_role(RoleName=ex.e1.source_role,\n"
              "                AssumeRolePolicyDocument=json.dumps(job_trust))\n"
              "partner_trust = {{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "    \"Effect\": \"Allow\",\n"
              "    \"Principal\": {{\"AWS\": ex.e1.source_role_arn}},\n"
              "    \"Action\": \"sts:AssumeRole\",\n"
              "    \"Condition\": {{\"StringEquals\": {{\n"
              "        \"sts:ExternalId\": ex.e1.external_id}}}}}}]}}\n"
              "iam_partner.create_role(\n"
              "    RoleName=ex.e1.role_name,\n"
              "    AssumeRolePolicyDocument=json.dumps(partner_trust))\n"
              "may_assume = {{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "    \"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\",\n"
              "    \"Resource\": ex.e1.role_arn}}]}}\n"
              "iam.put_role_policy(RoleName=ex.e1.source_role,\n"
              "                    PolicyName=\"assume-partner\",\n"
              "                    PolicyDocument=json.dumps(may_assume))\n"
              "ex.e1.check()"),
    usage="ex.e1.check()",
    facts=_facts_e1,
    needs_answer=False,
)

# -- E2: DynamoDB in A to S3 in B with a bucket policy --------------------------------


def _facts_e2(ctx) -> dict:
    rng = ctx.rng()
    facts = _shared(ctx)
    user = USERS[rng.randrange(len(USERS))]
    table = TABLES[rng.randrange(len(TABLES))]
    prefix = PREFIXES[rng.randrange(len(PREFIXES))]
    bucket = f"partner-reports-{facts['partner_account'][-4:]}-{rng.randrange(100, 1000)}"
    e1 = _facts_e1(ctx)
    return {**facts, "user": user, "user_arn": f"arn:aws:iam::{HOME}:user/{user}",
            "table": table,
            "table_arn": f"arn:aws:dynamodb:us-east-1:{HOME}:table/{table}",
            "bucket": bucket, "prefix": prefix,
            "objects_arn": f"arn:aws:s3:::{bucket}/{prefix}*",
            "object_arn": f"arn:aws:s3:::{bucket}/{prefix}{table.lower()}.json",
            "partner_role_arn": e1["role_arn"]}


def _simulate(ctx, source: str, action: str, resource: str, policy=None, owner=None,
              extra=None) -> str:
    kwargs = dict(extra or {})
    if policy is not None:
        kwargs["ResourcePolicy"] = policy
    if owner is not None:
        kwargs["ResourceOwner"] = f"arn:aws:iam::{owner}:root"
    iam = _iam(ctx, source.split(":")[4])
    answer = iam.simulate_principal_policy(PolicySourceArn=source, ActionNames=[action],
                                           ResourceArns=[resource], **kwargs)
    return answer["EvaluationResults"][0]["EvalDecision"]


def _policy_text(answer) -> tuple[str | None, str | None]:
    if is_response(answer):
        return None, f"you gave {describe(answer)}; give the bucket policy itself"
    if isinstance(answer, dict):
        return json.dumps(answer), None
    if isinstance(answer, str) and answer.strip():
        return answer, None
    return None, (f"you gave {describe(answer)}; give the bucket policy as a dict or "
                  "as JSON text")


_ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def _role_switch(ctx) -> str:
    f = ctx.facts
    role = f["partner_role_arn"]
    if not _exists(_iam(ctx, f["partner_account"]), "role", role.rsplit("/", 1)[-1]):
        return ("A session of a role in B would have no access to the table in A (it has "
                "no resource-based policy here)")
    decision = _simulate(ctx, role, "dynamodb:Scan", f["table_arn"])
    return (f"Had the job assumed {role.rsplit('/', 1)[-1]} in B instead, dynamodb:Scan "
            f"on {f['table']} would be {decision}: a role session gives up the user's "
            "own permissions")


def _check_e2(ctx, answer):
    f = ctx.facts
    text, problem = _policy_text(answer)
    if problem:
        return fail(problem)
    user, partner = f["user_arn"], f["partner_account"]
    if partner not in ctx.lab.accounts:
        return fail(f"account {partner} is not in your lab yet: "
                    f"lab.add_account('{partner}', 'partner')")
    if not _exists(_iam(ctx, HOME), "user", f["user"]):
        return fail(f"there is no IAM user {f['user']} in your account yet: "
                    f"iam.create_user(UserName='{f['user']}')")
    if _simulate(ctx, user, "dynamodb:Scan", f["table_arn"]) != "allowed":
        return fail(f"{f['user']} may not scan {f['table']} yet: give it an identity "
                    f"policy in A allowing dynamodb:Scan on {f['table_arn']}")
    if _simulate(ctx, user, "s3:PutObject", f["object_arn"]) != "allowed":
        return fail(f"A's side is missing: no identity policy of {f['user']} allows "
                    f"s3:PutObject on {f['objects_arn']} (a cross-account request needs "
                    "both the caller's account and the bucket's to allow it)")
    try:
        put = _simulate(ctx, user, "s3:PutObject", f["object_arn"], text, partner)
    except Exception as exc:
        error = client_error(exc)
        if error is None:
            raise
        return fail(f"the bucket policy is not valid: {error[0]}: {error[1]}")
    if put != "allowed":
        return fail(f"B's side says no: the bucket policy does not grant {user} "
                    f"s3:PutObject on {f['objects_arn']} ({put})")
    admin = f"arn:aws:iam::{HOME}:user/admin"
    if _simulate(ctx, admin, "s3:PutObject", f["object_arn"], text, partner) == "allowed":
        return fail(f"the bucket policy also lets user admin of {HOME} write; name only "
                    f"{user} as the Principal")
    for action in ("s3:DeleteObject", "s3:GetObject"):
        wide = _simulate(ctx, user, action, f["object_arn"], text, partner,
                         {"PolicyInputList": [_ALLOW_ALL]})
        if wide == "allowed":
            return fail(f"the bucket policy also grants {action}; grant only "
                        "s3:PutObject (least privilege)")
    return ok(f"{f['user']} scans {f['table']} in A and writes to {f['bucket']} in B as "
              "itself: A's identity policy and B's bucket policy both allow it. "
              f"{_role_switch(ctx)}")


E2 = Exercise(
    id="E2",
    title="DynamoDB in A to S3 in B, with a bucket policy",
    task=("IAM user {user} in your account (A) must scan the DynamoDB table {table} "
          "({table_arn}) and write the result to {prefix} in bucket {bucket} of the "
          "partner account {partner_account} (B), in one process and without changing "
          "identity. Create the user, give it an identity policy in A allowing "
          "dynamodb:Scan on the table and s3:PutObject on {objects_arn}, and write the "
          "bucket policy B would attach: it grants {user_arn}, and only it, "
          "s3:PutObject on {objects_arn}. Check with the bucket policy (a dict)."),
    check=_check_e2,
    hints=("A cross-account request needs both sides: an identity policy in A and a "
           "resource-based policy (the bucket policy) in B that names the caller.",
           "A bucket policy is a policy with a Principal: {{'Effect': 'Allow', "
           "'Principal': {{'AWS': '{user_arn}'}}, 'Action': 's3:PutObject', 'Resource': "
           "'{objects_arn}'}}.",
           "iam.create_user(UserName='{user}'); iam.put_user_policy(UserName='{user}', "
           "PolicyName='export', PolicyDocument=json.dumps({{'Version': '2012-10-17', "
           "'Statement': [{{'Effect': 'Allow', 'Action': 'dynamodb:Scan', 'Resource': "
           "'{table_arn}'}}, {{'Effect': 'Allow', 'Action': 's3:PutObject', "
           "'Resource': '{objects_arn}'}}]}})); then ex.e2.check(bucket_policy)"),
    solution=("iam.create_user(UserName=ex.e2.user)\n"
              "export = {{\"Version\": \"2012-10-17\", \"Statement\": [\n"
              "    {{\"Effect\": \"Allow\", \"Action\": \"dynamodb:Scan\",\n"
              "     \"Resource\": ex.e2.table_arn}},\n"
              "    {{\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\",\n"
              "     \"Resource\": ex.e2.objects_arn}}]}}\n"
              "iam.put_user_policy(UserName=ex.e2.user, PolicyName=\"export\",\n"
              "                    PolicyDocument=json.dumps(export))\n"
              "bucket_policy = {{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "    \"Sid\": \"ExportFromA\", \"Effect\": \"Allow\",\n"
              "    \"Principal\": {{\"AWS\": ex.e2.user_arn}},\n"
              "    \"Action\": \"s3:PutObject\",\n"
              "    \"Resource\": ex.e2.objects_arn}}]}}\n"
              "ex.e2.check(bucket_policy)"),
    usage="ex.e2.check(bucket_policy)",
    facts=_facts_e2,
)

# -- E3: when do these sessions expire? ----------------------------------------------

E3_MAXIMA = (2, 4, 6, 8, 12)                  # hours
E3_DURATIONS = (5400, 7200, 10800, 14400, 21600)
E3_CHAINED = (1800, 2700, 3600, 5400, 7200)
E3_USER, E3_FIRST, E3_SECOND = "ops-cli", "BatchReader", "AuditTarget"


def _facts_e3(ctx) -> dict:
    rng = ctx.rng()
    t0 = ctx.anchor.replace(hour=0, minute=0, second=0, microsecond=0) + \
        timedelta(days=2, hours=9)
    maximum = E3_MAXIMA[rng.randrange(len(E3_MAXIMA))]
    at = [t0 + timedelta(minutes=m) for m in (rng.choice((0, 5, 10)),
                                              rng.choice((20, 25, 30)),
                                              rng.choice((40, 45, 50)))]
    d2 = E3_DURATIONS[rng.randrange(len(E3_DURATIONS))]
    d3 = E3_CHAINED[rng.randrange(len(E3_CHAINED))]
    requests = [
        {"at": at[0], "caller": f"user {E3_USER}", "role": E3_FIRST,
         "role_max_hours": maximum, "duration_seconds": None, "chained": False},
        {"at": at[1], "caller": f"user {E3_USER}", "role": E3_FIRST,
         "role_max_hours": maximum, "duration_seconds": d2, "chained": False},
        {"at": at[2], "caller": "the session of request 1", "role": E3_SECOND,
         "role_max_hours": 12, "duration_seconds": d3, "chained": True}]
    return {"requests": requests, "day": f"{t0:%Y-%m-%d}", "user": E3_USER,
            "first_role": E3_FIRST, "second_role": E3_SECOND, "max_hours": maximum,
            "t1": hhmm(at[0]), "t2": hhmm(at[1]), "t3": hhmm(at[2]), "d2": d2, "d3": d3}


_E3_EXPECTED: dict = {}


def expected_e3(lab, requests) -> list:
    """The Expiration STS gives each request (None if refused), from real AssumeRole
    calls in a twin lab that starts just before the first request."""
    key = (lab.seed, tuple((r["at"], r["role_max_hours"], r["duration_seconds"])
                           for r in requests))
    if key in _E3_EXPECTED:
        return _E3_EXPECTED[key]
    from botocore.exceptions import ClientError
    from awslab import Lab
    twin = Lab(seed=lab.seed, start=requests[0]["at"] - timedelta(minutes=1))
    iam = twin.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": HOME}, "Action": "sts:AssumeRole"}]})
    chain = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]})
    for name, hours in ((E3_FIRST, requests[0]["role_max_hours"]), (E3_SECOND, 12)):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust,
                        MaxSessionDuration=hours * 3600)
    iam.put_role_policy(RoleName=E3_FIRST, PolicyName="chain", PolicyDocument=chain)
    iam.create_user(UserName=E3_USER)
    iam.put_user_policy(UserName=E3_USER, PolicyName="chain", PolicyDocument=chain)
    key_ = iam.create_access_key(UserName=E3_USER)["AccessKey"]
    from awslab.widgets.sts import keys_of
    callers = [twin.client("sts", **keys_of(key_))]
    out = []
    for req in requests:
        twin.advance(seconds=(req["at"] - twin.now).total_seconds())
        sts = callers[1] if req["chained"] else callers[0]
        extra = {"DurationSeconds": req["duration_seconds"]} \
            if req["duration_seconds"] else {}
        try:
            answer = sts.assume_role(RoleArn=f"arn:aws:iam::{HOME}:role/{req['role']}",
                                     RoleSessionName="e3", **extra)
            out.append(answer["Credentials"]["Expiration"])
            if len(callers) == 1:
                callers.append(twin.client("sts", **keys_of(answer["Credentials"])))
        except ClientError:
            out.append(None)
    _E3_EXPECTED[key] = out
    return out


def _as_expiries(answer) -> tuple[list | None, str | None]:
    from datetime import datetime
    if not isinstance(answer, (list, tuple)):
        return None, (f"you gave {describe(answer)}; give a list of three "
                      "expiration times (datetime, or None for a refused request)")
    if len(answer) != 3:
        return None, f"you gave {len(answer)} items; give exactly three, one per request"
    for n, item in enumerate(answer, 1):
        if item is None:
            continue
        if not isinstance(item, datetime):
            return None, (f"item {n} is {describe(item)}; give a datetime (or None for "
                          "a refused request)")
        if item.tzinfo is None:
            return None, (f"item {n} is a naive datetime; use timezone-aware UTC "
                          "times like the ones in ex.e3.requests")
    return list(answer), None


def _check_e3(ctx, answer):
    given, problem = _as_expiries(answer)
    if problem:
        return fail(problem)
    requests = ctx.facts["requests"]
    expected = expected_e3(ctx.lab, requests)
    for n, (mine, theirs, req) in enumerate(zip(given, expected, requests), 1):
        if mine == theirs:
            continue
        if theirs is None:
            return fail(f"request {n} is refused by STS (ValidationError): compare its "
                        "DurationSeconds with the limit that applies to it")
        if mine is None:
            return fail(f"request {n} is accepted by STS; give its expiration time")
        if req["duration_seconds"] is None:
            return fail(f"request {n} expires at another time: without DurationSeconds "
                        "a session lasts the default, whatever the role's maximum")
        return fail(f"request {n} expires at another time than {stamp(mine)}: "
                    "Expiration is the time of the request plus its duration")
    shown = ", ".join(hhmm(t) if t else "refused" for t in expected)
    return ok(f"STS answers {shown}: the default is 1 hour, DurationSeconds may reach "
              "the role's MaxSessionDuration, and role chaining is capped at 1 hour")


E3 = Exercise(
    id="E3",
    title="When do these sessions expire?",
    task=("On {day}, user {user} makes three AssumeRole requests: (1) at {t1} UTC on "
          "role {first_role} (MaxSessionDuration {max_hours} h) without "
          "DurationSeconds; (2) at {t2} on {first_role} with DurationSeconds={d2}; (3) "
          "at {t3}, the session from request 1 assumes role {second_role} "
          "(MaxSessionDuration 12 h) with DurationSeconds={d3}. Return the three "
          "Expiration times as a list of UTC datetimes, with None for a request STS "
          "refuses. ex.e3.requests holds the requests as data."),
    check=_check_e3,
    hints=("Three rules: no DurationSeconds means the default; a role's "
           "MaxSessionDuration is the upper limit; a role session assuming another "
           "role (role chaining) gets at most 1 hour.",
           "The default is 3,600 s (1 hour). A request above its limit is refused "
           "with ValidationError: it gets no credentials at all, not shorter ones.",
           "For each request r: limit = 3600 if r['chained'] else "
           "r['role_max_hours'] * 3600; asked = r['duration_seconds'] or 3600; the "
           "expiry is r['at'] + timedelta(seconds=asked) if asked <= limit, else None."),
    solution=("expiries = []\n"
              "for r in ex.e3.requests:\n"
              "    limit = 3600 if r[\"chained\"] else r[\"role_max_hours\"] * 3600\n"
              "    asked = r[\"duration_seconds\"] or 3600     # omitted: 1 hour\n"
              "    expiries.append(r[\"at\"] + timedelta(seconds=asked)\n"
              "                    if asked <= limit else None)\n"
              "ex.e3.check(expiries)"),
    usage="ex.e3.check(expiries)",
    facts=_facts_e3,
)

EXERCISES = [E1, E2, E3]
