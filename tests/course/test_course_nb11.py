"""NB11 checks end to end on real Labs: the IAM engine and STS decide, each unmet
condition is named, the solutions pass, the seeded facts are the learner's own."""
import io
import json
from contextlib import redirect_stdout
from datetime import datetime, timedelta, timezone

import pytest

from awslab import Lab, course
from awslab.course.checks import nb11

A = "123456789012"


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def trust(principal, **extra):
    return {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole",
            **extra}


@pytest.fixture
def lab():
    return Lab(student_id="alice")


@pytest.fixture
def ex(lab):
    return course.exercises("11", lab, show_answers=True)


def iam_of(lab, account):
    return lab.client("iam", **lab.admin_credentials(account).as_client_kwargs())


def run_solution(ex, lab, number):
    buf = io.StringIO()
    with redirect_stdout(buf):
        getattr(ex, number).solution()
    code = buf.getvalue().split("\n", 1)[1]
    out = io.StringIO()
    with redirect_stdout(out):
        exec(code, {"lab": lab, "ex": ex, "iam": lab.client("iam"), "json": json,
                    "timedelta": timedelta})
    return code, out.getvalue()


# -- seeded facts -------------------------------------------------------------------------

def test_facts_are_the_learners_own_and_stable():
    def facts(student):
        ex = course.exercises("11", Lab(student_id=student))
        return (ex.e1.partner_account, ex.e1.role_name, ex.e1.external_id,
                ex.e2.bucket, ex.e2.user, ex.e3.requests)
    assert facts("alice") == facts("alice")
    many = {facts(s)[:3] for s in ("a", "b", "c", "d", "e", "f")}
    assert len({m[0] for m in many}) == 6 and len({m[2] for m in many}) >= 5


def test_e2_names_e1s_role_and_the_same_partner(ex):
    assert ex.e2.partner_role_arn == ex.e1.role_arn
    assert ex.e2.partner_account == ex.e1.partner_account != ex.e1.other_account
    assert ex.e2.object_arn.startswith(ex.e2.objects_arn[:-1])


@pytest.mark.parametrize("seed", range(12))
def test_printed_solutions_fit_79_columns(seed):
    ex = course.exercises("11", Lab(seed=seed), show_answers=True)
    for bound in ex:
        buf = io.StringIO()
        with redirect_stdout(buf):
            bound.solution()
        long = [line for line in buf.getvalue().splitlines()[1:] if len(line) > 79]
        assert long == []


# -- E1 -----------------------------------------------------------------------------

def test_e1_names_each_missing_piece_then_passes(lab, ex):
    f = ex.e1.facts
    assert "is not in your lab yet: lab.add_account" in ex.e1.check().message
    lab.add_account(f["partner_account"], "partner")
    iam, iam_b = lab.client("iam"), iam_of(lab, f["partner_account"])
    assert f"no role {f['source_role']} in your account" in ex.e1.check().message
    iam.create_role(RoleName=f["source_role"], AssumeRolePolicyDocument=doc(trust(A)))
    assert f"no role {f['role_name']} in account" in ex.e1.check().message
    iam_b.create_role(RoleName=f["role_name"], AssumeRolePolicyDocument=doc(
        trust(f["source_role_arn"])))
    message = ex.e1.check().message
    assert "A's side (the identity policy of" in message
    iam.put_role_policy(RoleName=f["source_role"], PolicyName="go", PolicyDocument=doc(
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f["role_arn"]}))
    assert "without an ExternalId" in ex.e1.check().message
    iam_b.update_assume_role_policy(RoleName=f["role_name"], PolicyDocument=doc(trust(
        f"arn:aws:iam::{A}:root", Condition={"StringEquals": {
            "sts:ExternalId": f["external_id"]}})))
    assert "user admin may assume" in ex.e1.check().message
    iam_b.update_assume_role_policy(RoleName=f["role_name"], PolicyDocument=doc(trust(
        f["source_role_arn"], Condition={"StringEquals": {
            "sts:ExternalId": "wrong"}})))
    assert "B's side (the trust policy of" in ex.e1.check().message
    iam_b.update_assume_role_policy(RoleName=f["role_name"], PolicyDocument=doc(trust(
        f["source_role_arn"], Condition={"StringEquals": {
            "sts:ExternalId": f["external_id"]}})))
    result = ex.e1.check()
    assert result.passed and f["other_account"] in result.message


def test_e1_an_open_trust_policy_lets_strangers_in(lab, ex):
    f = ex.e1.facts
    lab.add_account(f["partner_account"], "partner")
    iam, iam_b = lab.client("iam"), iam_of(lab, f["partner_account"])
    iam.create_role(RoleName=f["source_role"], AssumeRolePolicyDocument=doc(trust(A)))
    iam.put_role_policy(RoleName=f["source_role"], PolicyName="go", PolicyDocument=doc(
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}))
    iam_b.create_role(RoleName=f["role_name"], AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"sts:ExternalId": f["external_id"]}}}))
    message = ex.e1.check().message
    assert "user admin may assume" in message or "an unrelated account" in message


def test_e1_solution_passes_and_a_real_assume_role_agrees(lab, ex):
    from botocore.exceptions import ClientError
    lab.add_account(ex.e1.partner_account, "partner")
    _, out = run_solution(ex, lab, "e1")
    assert "✅ E1 passed" in out
    job = lab.client("sts").assume_role(RoleArn=ex.e1.source_role_arn,
                                        RoleSessionName="job")["Credentials"]
    sts_job = lab.client("sts", aws_access_key_id=job["AccessKeyId"],
                         aws_secret_access_key=job["SecretAccessKey"],
                         aws_session_token=job["SessionToken"])
    answer = sts_job.assume_role(RoleArn=ex.e1.role_arn, RoleSessionName="w1",
                                 ExternalId=ex.e1.external_id)
    assert answer["AssumedRoleUser"]["Arn"].startswith(
        f"arn:aws:sts::{ex.e1.partner_account}:assumed-role/")
    with pytest.raises(ClientError):
        sts_job.assume_role(RoleArn=ex.e1.role_arn, RoleSessionName="w2")


# -- E2 -------------------------------------------------------------------------------

def good_bucket_policy(f, principal=None, actions="s3:PutObject"):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": principal or f["user_arn"]},
        "Action": actions, "Resource": f["objects_arn"]}]}


def setup_e2(lab, f, scan=True, put=True):
    lab.add_account(f["partner_account"], "partner")
    iam = lab.client("iam")
    iam.create_user(UserName=f["user"])
    statements = []
    if scan:
        statements.append({"Effect": "Allow", "Action": "dynamodb:Scan",
                           "Resource": f["table_arn"]})
    if put:
        statements.append({"Effect": "Allow", "Action": "s3:PutObject",
                           "Resource": f["objects_arn"]})
    if statements:
        iam.put_user_policy(UserName=f["user"], PolicyName="export",
                            PolicyDocument=doc(*statements))


@pytest.mark.parametrize("answer, words", [
    (None, "you gave None"), ("", "you gave the text ''"),
    ({"ResponseMetadata": {}}, "give the bucket policy itself"),
    (42, "you gave an int")])
def test_e2_answers_that_are_not_policies(ex, answer, words):
    assert words in ex.e2.check(answer).message


def test_e2_each_side_is_named(lab, ex):
    f = ex.e2.facts
    policy = good_bucket_policy(f)
    assert "is not in your lab yet" in ex.e2.check(policy).message
    lab.add_account(f["partner_account"], "partner")
    assert f"no IAM user {f['user']}" in ex.e2.check(policy).message


@pytest.mark.parametrize("scan, put, words", [
    (False, True, "may not scan"), (True, False, "A's side is missing")])
def test_e2_identity_side(lab, ex, scan, put, words):
    f = ex.e2.facts
    setup_e2(lab, f, scan=scan, put=put)
    assert words in ex.e2.check(good_bucket_policy(f)).message


@pytest.mark.parametrize("policy, words", [
    (lambda f: good_bucket_policy(f, principal=f"arn:aws:iam::{A}:user/someone"),
     "B's side says no"),
    (lambda f: good_bucket_policy(f, principal=A), "also lets user admin"),
    (lambda f: good_bucket_policy(f, actions="s3:*"), "also grants s3:DeleteObject"),
    (lambda f: good_bucket_policy(f, actions=["s3:PutObject", "s3:GetObject"]),
     "also grants s3:GetObject"),
    (lambda f: "{not json", "the bucket policy is not valid"),
    (lambda f: {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:PutObject", "Resource": f["objects_arn"]}]},
     "the bucket policy is not valid"),
])
def test_e2_bucket_policy_mistakes(lab, ex, policy, words):
    f = ex.e2.facts
    setup_e2(lab, f)
    assert words in ex.e2.check(policy(f)).message


def test_e2_passes_as_a_dict_or_json_text_and_compares_the_role_switch(lab, ex):
    f = ex.e2.facts
    setup_e2(lab, f)
    result = ex.e2.check(json.dumps(good_bucket_policy(f)))
    assert result.passed and "A session of a role in B would have no access" in \
        result.message
    iam_of(lab, f["partner_account"]).create_role(
        RoleName=ex.e1.role_name, AssumeRolePolicyDocument=doc(trust(A)))
    result = ex.e2.check(good_bucket_policy(f))
    assert result.passed
    assert f"dynamodb:Scan on {f['table']} would be implicitDeny" in result.message


def test_e2_solution_passes(lab, ex):
    lab.add_account(ex.e2.partner_account, "partner")
    _, out = run_solution(ex, lab, "e2")
    assert "✅ E2 passed" in out


# -- E3 -------------------------------------------------------------------------------

def rule(requests):
    out = []
    for r in requests:
        limit = 3600 if r["chained"] else r["role_max_hours"] * 3600
        asked = r["duration_seconds"] or 3600
        out.append(r["at"] + timedelta(seconds=asked) if asked <= limit else None)
    return out


@pytest.mark.parametrize("seed", range(10))
def test_e3_sts_answers_what_the_documented_rules_say(seed):
    lab = Lab(seed=seed)
    ex = course.exercises("11", lab)
    requests = ex.e3.requests
    assert nb11.expected_e3(lab, requests) == rule(requests)
    assert ex.e3.check(rule(requests)).passed


def test_e3_outcomes_vary_across_students():
    patterns = set()
    for seed in range(30):
        lab = Lab(seed=seed)
        expected = rule(course.exercises("11", lab).e3.requests)
        patterns.add(tuple(t is None for t in expected))
    assert {(False, False, False), (False, True, False), (False, False, True)} <= patterns


def test_e3_requests_fall_on_day_three_and_leave_the_lab_alone(lab, ex):
    requests = ex.e3.requests
    assert requests[0]["at"] == datetime(2026, 1, 7, 9, requests[0]["at"].minute,
                                         tzinfo=timezone.utc)
    assert [r["chained"] for r in requests] == [False, False, True]
    before = lab.now
    ex.e3.check(rule(requests))
    assert lab.now == before and lab.client("iam").list_roles()["Roles"] == []


def test_e3_mistakes_are_named():
    lab = Lab(seed=0)
    ex = course.exercises("11", lab)
    requests = ex.e3.requests
    right = rule(requests)
    assert "give exactly three" in ex.e3.check(right[:2]).message
    assert "you gave a dict" in ex.e3.check({"a": 1}).message
    naive = [t.replace(tzinfo=None) if t else t for t in right]
    if naive[0] is not None:
        assert "naive datetime" in ex.e3.check(naive).message
    assert "item 1 is the text" in ex.e3.check(["10:00", None, None]).message
    wrong = list(right)
    wrong[0] = requests[0]["at"] + timedelta(hours=requests[0]["role_max_hours"])
    assert "without DurationSeconds a session lasts the default" in \
        ex.e3.check(wrong).message
    for n in (1, 2):
        wrong = list(right)
        if right[n] is None:
            wrong[n] = requests[n]["at"] + timedelta(hours=1)
            assert f"request {n + 1} is refused by STS" in ex.e3.check(wrong).message
        else:
            wrong[n] = None
            assert f"request {n + 1} is accepted by STS" in ex.e3.check(wrong).message


def test_e3_solution_passes(lab, ex):
    _, out = run_solution(ex, lab, "e3")
    assert "✅ E3 passed" in out


# -- the quiz -------------------------------------------------------------------------

def test_quiz_follows_the_schema_and_the_card():
    quiz = course.load_quiz("11")
    assert quiz.notebook == "11" and 5 <= len(quiz.questions) <= 6
    for q in quiz.questions:
        assert 3 <= len(q.options) <= 5 and sum(o.correct for o in q.options) == 1
        assert all(o.text and o.explanation for o in q.options)
        assert all("Correct" not in o.explanation for o in q.options if not o.correct)
    assert len({q.answer for q in quiz.questions}) >= 3, "the right answer moves around"
    by_id = {q.id: q for q in quiz.questions}
    answer = {k: q.options[q.answer].text for k, q in by_id.items()}
    assert "bucket policy in B" in answer["dynamodb-a-to-s3-b"]
    assert "ExternalId" in answer["saas-vendor-access"]
    assert answer["mfa-on-the-cli"].startswith("GetSessionToken")
    assert by_id["default-duration"].changed and by_id["role-chaining-duration"].changed
