"""NB12 (federation, Cognito, IAM Identity Center, directories): checks decided by the
lab's own services.

E1 maps an AD group to a role in AD FS's claim rules (checked by signing in through AD FS
and AWS's SAML endpoint: STS decides), E2 builds a Cognito identity pool with per-user S3
prefixes (checked with real S3 calls as two users and a guest), E3 picks a directory for
four scenarios (checked against :func:`awslab.services.idp.directory_chooser`).
Introduced in ``12_federation_and_directories.ipynb``.
"""
from __future__ import annotations

import random

from awslab.course.checks.common import client_error
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Federation, Cognito, IAM Identity Center and directories"
HOME = "123456789012"
GROUP = "AWS-Prod-ReadOnly"
ROLE_NAMES = ("ProdReadOnly", "ProdViewer", "ProdAuditor", "ReadOnlyFederated")
USERS = ("dana", "erik", "farah", "gwen", "hiro")
BUCKETS = ("petshop-photos", "pet-pics", "petshop-uploads")
GOOGLE = "accounts.google.com"


def _rng(ctx, exercise: str) -> random.Random:
    return random.Random(f"awslab.course:{ctx.lab.seed}:12:{exercise}:")


# -- E1: an AD group mapped to a role in the SAML Role attribute ------------------------------

def _facts_e1(ctx) -> dict:
    rng = _rng(ctx, "E1")
    role = ROLE_NAMES[rng.randrange(len(ROLE_NAMES))]
    user = USERS[rng.randrange(len(USERS))]
    return {"group": GROUP, "role_name": role, "user": user,
            "password": f"Corp-{rng.randrange(1000, 10000)}!", "provider_name": "ADFS",
            "role_arn": f"arn:aws:iam::{HOME}:role/{role}",
            "provider_arn": f"arn:aws:iam::{HOME}:saml-provider/ADFS"}


def _check_e1(ctx, adfs):
    from awslab.errors import AwslabError
    from awslab.services.idp import ADFS, saml_sign_in
    f = ctx.facts
    if not isinstance(adfs, ADFS):
        return fail("pass your AD FS object: ex.e1.check(adfs)")
    try:
        entry = adfs.directory.user(f["user"])
    except AwslabError:
        return fail(f"there is no user {f['user']} in {adfs.directory.domain}: "
                    f"corp.add_user('{f['user']}', '{f['password']}', groups=['{GROUP}'])")
    if GROUP not in entry["groups"]:
        return fail(f"{f['user']} is not in the AD group {GROUP}")
    pairs = adfs.roles_for(f["user"])
    wanted = (f["role_arn"], f["provider_arn"])
    if wanted not in pairs:
        shown = "; ".join(f"{r},{p}" for r, p in pairs) or "no role at all"
        return fail(f"AD FS gives {f['user']} the Role attribute value(s) {shown}; "
                    f"expected {f['role_arn']},{f['provider_arn']} for the group {GROUP}")
    if len(pairs) != 1:
        return fail(f"{f['user']} gets {len(pairs)} roles; the group {GROUP} must map to "
                    f"exactly {f['role_name']}")
    try:
        session = saml_sign_in(ctx.lab, adfs.sign_in(f["user"], entry["password"]))
    except AwslabError as err:
        return fail(f"the sign-in failed: {err}")
    except Exception as exc:
        error = client_error(exc)
        if error is None:
            raise
        return fail(f"AWS refused the SAML response: {error[0]}: {error[1]} (check the "
                    f"IAM SAML provider {f['provider_name']} and the trust policy of "
                    f"{f['role_name']})")
    sts = ctx.lab.client("sts", **session.keys)
    arn = sts.get_caller_identity()["Arn"]
    from awslab.services.iam import explain
    reads = explain(ctx.lab, session.keys, "cloudwatch:GetMetricData").allowed
    writes = explain(ctx.lab, session.keys, "ec2:TerminateInstances").allowed
    if not reads or writes:
        return fail(f"{f['user']} signs in as {arn}, but the role should read (e.g. "
                    "cloudwatch:GetMetricData) and not change anything (e.g. "
                    "ec2:TerminateInstances): attach ReadOnlyAccess only")
    return ok(f"AD FS puts {f['role_arn']},{f['provider_arn']} in the Role attribute for "
              f"{GROUP}; the console session is {arn}, read-only.")


E1 = Exercise(
    id="E1",
    title="Map an AD group to a role through SAML",
    task=("Members of the AD group {group} must reach the AWS console read-only. In your "
          "account create the IAM SAML provider {provider_name} from adfs.metadata(), and "
          "a role {role_name} that trusts it (sts:AssumeRoleWithSAML, SAML:aud "
          "https://signin.aws.amazon.com/saml) with ReadOnlyAccess. In AD FS, map the "
          "group to the role (adfs.map_group). Make sure {user} (password {password}) is "
          "in the group. Then ex.e1.check(adfs)."),
    check=_check_e1,
    hints=("The trust goes both ways: AWS trusts AD FS (a SAML provider and a role "
           "trusting it), and AD FS sends AWS the role in the Role attribute.",
           "The Role attribute's value is 'role ARN,provider ARN': here {role_arn},"
           "{provider_arn}. adfs.map_group('{group}', role_arn, provider_arn) adds it.",
           "iam.create_saml_provider(Name='{provider_name}', SAMLMetadataDocument="
           "adfs.metadata()); iam.create_role(RoleName='{role_name}', "
           "AssumeRolePolicyDocument=json.dumps(trust)); iam.attach_role_policy(RoleName="
           "'{role_name}', PolicyArn='arn:aws:iam::aws:policy/ReadOnlyAccess')"),
    solution=("provider = iam.create_saml_provider(\n"
              "    Name=ex.e1.provider_name, SAMLMetadataDocument=adfs.metadata()\n"
              ")[\"SAMLProviderArn\"]\n"
              "trust = {{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "    \"Effect\": \"Allow\", \"Principal\": {{\"Federated\": provider}},\n"
              "    \"Action\": \"sts:AssumeRoleWithSAML\",\n"
              "    \"Condition\": {{\"StringEquals\": {{\n"
              "        \"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}}}}}}]}}\n"
              "role = iam.create_role(RoleName=ex.e1.role_name,\n"
              "                       AssumeRolePolicyDocument=json.dumps(trust))"
              "[\"Role\"][\"Arn\"]\n"
              "iam.attach_role_policy(RoleName=ex.e1.role_name,\n"
              "    PolicyArn=\"arn:aws:iam::aws:policy/ReadOnlyAccess\")\n"
              "adfs.map_group(ex.e1.group, role, provider)\n"
              "corp.add_user(ex.e1.user, ex.e1.password, groups=[ex.e1.group])\n"
              "ex.e1.check(adfs)"),
    usage="ex.e1.check(adfs)",
    facts=_facts_e1,
)


# -- E2: Cognito identity pool with per-user prefixes ------------------------------------

def _facts_e2(ctx) -> dict:
    rng = _rng(ctx, "E2")
    bucket = f"{BUCKETS[rng.randrange(len(BUCKETS))]}-{rng.randrange(100, 1000)}"
    return {"bucket": bucket, "app_id": f"{rng.randrange(10 ** 8, 10 ** 9)}.apps."
                                       "googleusercontent.com",
            "pool_name": "PetPhotos", "auth_role": "PetPhotosAuthenticated",
            "guest_role": "PetPhotosGuest",
            "own_prefix": f"arn:aws:s3:::{bucket}/${{cognito-identity.amazonaws.com:sub}}/*"}


def _as_user(ctx, pool_id: str, user: str | None):
    """``(identity ID, s3 client)`` of a Google user (None: a guest) of the pool."""
    from awslab.services.sts import web_identity_token
    ci = ctx.lab.client("cognito-identity")
    logins = {GOOGLE: web_identity_token(ctx.lab, f"https://{GOOGLE}", ctx.facts["app_id"],
                                         user)} if user else {}
    identity = ci.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    creds = ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)[
        "Credentials"]
    return identity, ctx.lab.client("s3", aws_access_key_id=creds["AccessKeyId"],
                                    aws_secret_access_key=creds["SecretKey"],
                                    aws_session_token=creds["SessionToken"])


def _code(call, **params) -> str:
    try:
        call(**params)
        return "allowed"
    except Exception as exc:
        error = client_error(exc)
        if error is None:
            raise
        return error[0]


def _check_e2(ctx, pool_id):
    f = ctx.facts
    if not isinstance(pool_id, str) or ":" not in pool_id:
        return fail("pass the IdentityPoolId (like 'us-east-1:1234...'): "
                    "ex.e2.check(pool_id)")
    admin_s3 = ctx.lab.client("s3")
    if _code(admin_s3.head_bucket, Bucket=f["bucket"]) != "allowed":
        return fail(f"there is no bucket {f['bucket']} yet: s3.create_bucket(Bucket="
                    f"'{f['bucket']}')")
    users = {}
    for who in ("e2-check-a", "e2-check-b", None):
        try:
            users[who] = _as_user(ctx, pool_id, who)
        except Exception as exc:
            error = client_error(exc)
            if error is None:
                raise
            kind = "a guest" if who is None else "a Google user"
            return fail(f"Cognito refused {kind}: {error[0]}: {error[1]}")
    (a_id, a_s3), (b_id, _), (_, guest) = users["e2-check-a"], users["e2-check-b"], \
        users[None]
    admin_s3.put_object(Bucket=f["bucket"], Key=f"{b_id}/check.txt", Body=b"b")
    bucket = f["bucket"]
    if _code(a_s3.put_object, Bucket=bucket, Key=f"{a_id}/photo.jpg", Body=b"a") \
            != "allowed":
        return fail(f"a signed-in user cannot write to their own prefix {bucket}/{a_id}/: "
                    f"the authenticated role needs s3:PutObject on {f['own_prefix']}")
    if _code(a_s3.put_object, Bucket=bucket, Key=f"{b_id}/photo.jpg", Body=b"a") \
            == "allowed":
        return fail("user A can write to user B's prefix: use the variable "
                    "${cognito-identity.amazonaws.com:sub} in the Resource instead of *")
    if _code(guest.get_object, Bucket=bucket, Key=f"{b_id}/check.txt") != "allowed":
        return fail(f"a guest cannot read {bucket}: the guest (unauthenticated) role "
                    "needs s3:GetObject on the bucket's objects")
    if _code(guest.put_object, Bucket=bucket, Key="guest.txt", Body=b"g") == "allowed":
        return fail("a guest can write: the unauthenticated role must be read-only")
    return ok(f"user A writes to {bucket}/{a_id}/ but not to B's prefix; guests read but "
              "cannot write.")


E2 = Exercise(
    id="E2",
    title="Per-user S3 prefixes with a Cognito identity pool",
    task=("A mobile app stores photos in bucket {bucket} (create it). Create an identity "
          "pool {pool_name} that accepts Google sign-ins (accounts.google.com, app ID "
          "{app_id}) and guests. Its authenticated role {auth_role} may read and write "
          "only {own_prefix}; its guest role {guest_role} may only read "
          "the bucket's objects. Both roles trust cognito-identity.amazonaws.com for your "
          "pool. Then ex.e2.check(pool_id): user A must not write to B's prefix, and "
          "guests must be read-only."),
    check=_check_e2,
    hints=("Two roles, two trust policies: Federated cognito-identity.amazonaws.com, "
           "Action sts:AssumeRoleWithWebIdentity, aud = your pool ID, amr = "
           "authenticated (or unauthenticated).",
           "The per-user Resource is {own_prefix}: Cognito fills in the identity ID of "
           "the caller.",
           "ci.create_identity_pool(IdentityPoolName='{pool_name}', "
           "AllowUnauthenticatedIdentities=True, SupportedLoginProviders={{"
           "'accounts.google.com': '{app_id}'}}); then iam.create_role(...) twice and "
           "ci.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={{'authenticated': "
           "auth_arn, 'unauthenticated': guest_arn}})"),
    solution=("s3.create_bucket(Bucket=ex.e2.bucket)\n"
              "pool_id = ci.create_identity_pool(\n"
              "    IdentityPoolName=ex.e2.pool_name, AllowUnauthenticatedIdentities=True,\n"
              "    SupportedLoginProviders={{\"accounts.google.com\": ex.e2.app_id}}\n"
              ")[\"IdentityPoolId\"]\n"
              "def cognito_trust(kind):\n"
              "    return json.dumps({{\"Version\": \"2012-10-17\", \"Statement\": [{{\n"
              "        \"Effect\": \"Allow\",\n"
              "        \"Principal\": {{\"Federated\": \"cognito-identity.amazonaws.com\"}},\n"
              "        \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n"
              "        \"Condition\": {{\n"
              "            \"StringEquals\": {{\"cognito-identity.amazonaws.com:aud\": "
              "pool_id}},\n"
              "            \"ForAnyValue:StringLike\": {{\n"
              "                \"cognito-identity.amazonaws.com:amr\": kind}}}}}}]}})\n"
              "rights = {{\n"
              "    ex.e2.auth_role: (\"authenticated\", [\"s3:GetObject\", "
              "\"s3:PutObject\"], ex.e2.own_prefix),\n"
              "    ex.e2.guest_role: (\"unauthenticated\", [\"s3:GetObject\"],\n"
              "                       f\"arn:aws:s3:::{{ex.e2.bucket}}/*\")}}\n"
              "arns = {{}}\n"
              "for name, (kind, actions, resource) in rights.items():\n"
              "    arns[kind] = iam.create_role(RoleName=name,\n"
              "        AssumeRolePolicyDocument=cognito_trust(kind))[\"Role\"][\"Arn\"]\n"
              "    iam.put_role_policy(RoleName=name, PolicyName=\"photos\",\n"
              "        PolicyDocument=json.dumps({{\"Version\": \"2012-10-17\", "
              "\"Statement\": [{{\n"
              "            \"Effect\": \"Allow\", \"Action\": actions, "
              "\"Resource\": resource}}]}}))\n"
              "ci.set_identity_pool_roles(IdentityPoolId=pool_id, Roles=arns)\n"
              "ex.e2.check(pool_id)"),
    usage="ex.e2.check(pool_id)",
    facts=_facts_e2,
)


# -- E3: which directory? ---------------------------------------------------------------

SCENARIOS = (
    ("Staff must sign in to Amazon WorkSpaces with their existing on-premises AD "
     "accounts and MFA; security forbids storing any directory data in AWS.",
     {"existing_ad": True, "keep_nothing_in_aws": True, "mfa": True}),
    ("A 40-person startup with no directory wants a cheap, basic AD for a few Windows "
     "instances; no MFA, no trusts.", {"users": 40}),
    ("An SQL Server database on Amazon RDS needs Windows authentication, and the AWS "
     "domain must trust the corporate forest on premises.",
     {"existing_ad": True, "trust": True, "rds_sql_server": True}),
    ("A consumer photo app needs sign-up, Facebook and Google logins for 2 million "
     "users.", {"app_end_users": True}),
    ("A lab of 3,000 students needs a simple managed directory for Linux and Windows "
     "instances; nothing on premises.", {"users": 3000}),
    ("Developers want to extend the AD schema for a line-of-business app and run a real "
     "Windows AD in AWS with 12,000 users.", {"schema_extensions": True, "users": 12000}),
    ("The company keeps its users on premises and only wants a proxy so AWS apps "
     "authenticate against it, with RADIUS MFA.",
     {"existing_ad": True, "keep_nothing_in_aws": True, "mfa": True}),
)
ALIASES = {"aws managed microsoft ad": "AWS Managed Microsoft AD",
           "managed microsoft ad": "AWS Managed Microsoft AD",
           "microsoft ad": "AWS Managed Microsoft AD", "managed ad": "AWS Managed Microsoft AD",
           "ad connector": "AD Connector", "simple ad": "Simple AD",
           "cognito": "Amazon Cognito", "amazon cognito": "Amazon Cognito"}


def _facts_e3(ctx) -> dict:
    rng = _rng(ctx, "E3")
    picked = rng.sample(range(len(SCENARIOS)), 4)
    return {"scenarios": {n + 1: SCENARIOS[i][0] for n, i in enumerate(picked)},
            "picked": picked}


def _normal(text) -> str | None:
    key = " ".join(str(text).lower().replace("aws ", "aws ").split())
    return ALIASES.get(key) or ALIASES.get(key.removeprefix("aws "))


def _check_e3(ctx, answer):
    from awslab.services.idp import directory_chooser
    if isinstance(answer, (list, tuple)):
        answer = {n + 1: a for n, a in enumerate(answer)}
    if not isinstance(answer, dict) or sorted(answer) != [1, 2, 3, 4]:
        return fail("answer with a dict {1: '...', 2: '...', 3: '...', 4: '...'} (or a list "
                    "of four names): AWS Managed Microsoft AD, AD Connector, Simple AD or "
                    "Amazon Cognito")
    wrong = []
    for n, index in enumerate(ctx.facts["picked"], 1):
        given = _normal(answer[n])
        if given is None:
            return fail(f"scenario {n}: {answer[n]!r} is not one of AWS Managed Microsoft "
                        "AD, AD Connector, Simple AD, Amazon Cognito")
        expected, why = directory_chooser(SCENARIOS[index][1])
        if given != expected:
            wrong.append(f"scenario {n} is not {given}")
    if wrong:
        return fail("; ".join(wrong) + ". Ask: must the users stay on premises? Is a trust,"
                                      " MFA or RDS SQL Server needed? Are they app users?")
    return ok("all four directories fit their scenarios.")


E3 = Exercise(
    id="E3",
    title="Pick the directory for four scenarios",
    task=("Read ex.e3.scenarios (four numbered scenarios) and answer with a dict "
          "{{1: ..., 2: ..., 3: ..., 4: ...}} naming AWS Managed Microsoft AD, AD "
          "Connector, Simple AD or Amazon Cognito for each. Check with "
          "ex.e3.check(answer)."),
    check=_check_e3,
    hints=("AD Connector keeps nothing in AWS; Simple AD has no trusts and no MFA; only "
           "Managed Microsoft AD trusts an on-premises forest; app end users are not an "
           "AD problem.",
           "Look for the deciding need in each scenario: 'nothing stored in AWS', 'trust', "
           "'RDS SQL Server', 'schema', 'sign-up/social logins', or 'cheap and basic'.",
           "Use the decision hints of the directory table: existing AD + nothing in AWS -> "
           "AD Connector; trust/RDS/schema/MFA/>5,000 users -> Managed Microsoft AD; "
           "small and basic -> Simple AD; app users -> Cognito."),
    solution=("from awslab.services.idp import directory_chooser\n"
              "from awslab.course.checks.nb12 import SCENARIOS\n"
              "answer = {{n + 1: directory_chooser(SCENARIOS[i][1])[0]\n"
              "          for n, i in enumerate(ex.e3.picked)}}\n"
              "ex.e3.check(answer)"),
    usage="ex.e3.check(answer)",
    facts=_facts_e3,
)

EXERCISES = [E1, E2, E3]
