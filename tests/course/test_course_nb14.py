"""NB14 checks end to end on a real Lab: the example policy's questions, the S3 ARN fix
(both judged by IAM's policy simulator) and the delegated administrator's sandbox."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab, course
from awslab.course.checks import nb14

ACCOUNT = "123456789012"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
V = "2012-10-17"


def lab_with(fact, value, exercise="e1"):
    """A lab whose learner has ``fact == value`` (searching student ids in order)."""
    for n in range(200):
        lab = Lab(student_id=f"student-{n}")
        if getattr(course.exercises("14", lab)[exercise], fact) == value:
            return lab
    raise AssertionError(f"no student with {fact}={value}")


# -- E1 ------------------------------------------------------------------------------------

EXPECTED = {  # excepted action -> CreateQueue, DeleteQueue, DescribeInstances
    "sqs:DeleteQueue": ("explicitDeny", "allowed", "explicitDeny"),
    "sqs:CreateQueue": ("allowed", "explicitDeny", "explicitDeny"),
    "ec2:DescribeInstances": ("explicitDeny", "explicitDeny", "implicitDeny"),
    "sqs:SendMessage": ("explicitDeny", "explicitDeny", "explicitDeny"),
}


@pytest.mark.parametrize("excepted", nb14.E1_EXCEPTED)
def test_e1_each_variant_has_its_own_answers(excepted):
    ex = course.exercises("14", lab_with("excepted", excepted))
    answers = dict(zip(nb14.E1_QUESTIONS, EXPECTED[excepted]))
    result = ex.e1.check(answers)
    assert result.passed, result.message
    assert f"NotAction {excepted}" in result.message
    spelled = {k.upper(): v.replace("Deny", " deny") for k, v in answers.items()}
    assert ex.e1.check(spelled).passed                  # case and spacing are forgiven


def test_e1_source_notes_variant_message():
    ex = course.exercises("14", lab_with("excepted", "sqs:DeleteQueue"))
    assert json.loads(ex.e1.policy_text) == ex.e1.policy
    result = ex.e1.check(dict(zip(nb14.E1_QUESTIONS, EXPECTED["sqs:DeleteQueue"])))
    assert result.message.startswith("CreateQueue explicitDeny, DeleteQueue allowed, "
                                     "DescribeInstances explicitDeny")
    assert "sqs:DeleteQueue is the only action that gets through" in result.message


@pytest.mark.parametrize("answer, words", [
    (None, "you gave None"), ([], "give a dict"),
    ({}, "no decision for sqs:CreateQueue, sqs:DeleteQueue, ec2:DescribeInstances"),
    ({"sqs:CreateQueue": True, "sqs:DeleteQueue": "allowed",
      "ec2:DescribeInstances": "explicitDeny"}, "True/False cannot tell"),
    ({"sqs:CreateQueue": "deny", "sqs:DeleteQueue": "allowed",
      "ec2:DescribeInstances": "explicitDeny"}, "which kind?"),
    ({"sqs:CreateQueue": "maybe", "sqs:DeleteQueue": "allowed",
      "ec2:DescribeInstances": "explicitDeny"}, "is not one of"),
    ({"EvaluationResults": [], "ResponseMetadata": {}}, "whole simulate_custom_policy"),
])
def test_e1_answers_that_cannot_be_graded(answer, words):
    ex = course.exercises("14", Lab(student_id="alice"))
    result = ex.e1.check(answer)
    assert not result and words in result.message


def test_e1_wrong_decisions_are_counted_not_revealed():
    ex = course.exercises("14", lab_with("excepted", "sqs:DeleteQueue"))
    result = ex.e1.check({"sqs:CreateQueue": "explicitDeny", "sqs:DeleteQueue": "allowed",
                          "ec2:DescribeInstances": "implicitDeny"})
    assert result.message == ("1 of 3 decisions are not right: ec2:DescribeInstances; "
                              "does the Deny's NotAction stop at SQS?")


# -- E2 ------------------------------------------------------------------------------------

@pytest.fixture
def e2():
    return course.exercises("14", Lab(student_id="alice")).e2


def fixed(bucket, list_res=None, get_res=None, extra=()):
    return {"Version": V, "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket",
         "Resource": list_res or f"arn:aws:s3:::{bucket}"},
        {"Effect": "Allow", "Action": "s3:GetObject",
         "Resource": get_res or f"arn:aws:s3:::{bucket}/*"}, *extra]}


def test_e2_the_fixed_policy_passes_as_dict_or_text(e2):
    assert e2.check(fixed(e2.bucket)).passed
    assert e2.check(json.dumps(fixed(e2.bucket), indent=2)).passed
    both = {"Version": V, "Statement": [{"Effect": "Allow",
                                         "Action": ["s3:ListBucket", "s3:GetObject"],
                                         "Resource": [e2.bucket_arn, e2.bucket_arn + "/*"]}]}
    assert e2.check(both).passed


def test_e2_the_broken_policy_names_the_bucket_level_action(e2):
    result = e2.check(e2.policy)
    assert not result
    assert result.message == (f"s3:ListBucket on {e2.bucket_arn} is still implicitDeny: "
                              "ListBucket acts on the bucket itself")


@pytest.mark.parametrize("change, words", [
    (lambda b: fixed(b, get_res=f"arn:aws:s3:::{b}"), "s3:GetObject on arn:aws:s3:::"),
    (lambda b: fixed(b, get_res="arn:aws:s3:::*/*"), "another bucket"),
    (lambda b: fixed(b, extra=[{"Effect": "Allow", "Action": "s3:*",
                                "Resource": f"arn:aws:s3:::{b}/*"}]),
     "also allows s3:PutObject"),
    (lambda b: fixed(b, list_res="arn:aws:s3:::*"), "another bucket"),
])
def test_e2_each_mistake_is_named(e2, change, words):
    result = e2.check(change(e2.bucket))
    assert not result and words in result.message


@pytest.mark.parametrize("answer, words", [
    ("{not json", "IAM rejects the policy: InvalidInput: This policy contains invalid Json"),
    (None, "you gave None"), (42, "you gave an int"),
    ({"ResponseMetadata": {}}, "you gave a boto3 response")])
def test_e2_answers_that_are_not_policies(e2, answer, words):
    result = e2.check(answer)
    assert not result and words in result.message


# -- E3 ------------------------------------------------------------------------------------

def sandbox(lab, ex):
    """The sandbox of the notebook's section 6; returns the lead's IAM client."""
    iam = lab.client("iam")
    f = ex.e3
    for name, actions in ((f.boundary_name, ["cloudwatch:*", "sns:*", "logs:*"]),
                          (f.ceiling_name, ["iam:*", "cloudwatch:*", "sns:*"])):
        iam.create_policy(PolicyName=name, PolicyDocument=json.dumps({
            "Version": V, "Statement": [{"Effect": "Allow", "Action": actions,
                                         "Resource": "*"}]}))
    team = [f"arn:aws:iam::{ACCOUNT}:user/{f.prefix}*",
            f"arn:aws:iam::{ACCOUNT}:role/{f.prefix}*"]
    policy = {"Version": V, "Statement": [
        {"Effect": "Allow", "Action": ["iam:CreateUser", "iam:CreateRole",
                                       "iam:AttachRolePolicy", "iam:AttachUserPolicy"],
         "Resource": team,
         "Condition": {"StringEquals": {"iam:PermissionsBoundary": f.boundary_arn}}},
        {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
        {"Effect": "Deny", "Action": ["iam:DeleteUserPermissionsBoundary",
                                      "iam:DeleteRolePermissionsBoundary"],
         "Resource": "*"}]}
    iam.create_user(UserName=f.delegate, PermissionsBoundary=f.ceiling_arn)
    iam.put_user_policy(UserName=f.delegate, PolicyName="DelegatedAdmin",
                        PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=f.delegate)["AccessKey"]
    return lab.client("iam", aws_access_key_id=key["AccessKeyId"],
                      aws_secret_access_key=key["SecretAccessKey"])


TRUST = json.dumps({"Version": V, "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def denied(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]["Code"]


@pytest.fixture
def world():
    lab = Lab(student_id="bob")
    ex = course.exercises("14", lab)
    return lab, ex, ex.e3


def test_e3_step_by_step(world):
    lab, ex, e3 = world
    assert "there is no user" in e3.check().message
    lead = sandbox(lab, ex)
    assert e3.check().message.startswith("(a) not tried yet")
    assert denied(lead.create_role, RoleName=e3.prefix + "free",
                  AssumeRolePolicyDocument=TRUST) == "AccessDenied"
    assert e3.check().message.startswith("(b) not tried yet")
    assert denied(lead.delete_user_permissions_boundary,
                  UserName=e3.delegate) == "AccessDenied"
    assert e3.check().message.startswith(f"(c) there is no role {e3.role_name} yet")
    lead.create_role(RoleName=e3.role_name, AssumeRolePolicyDocument=TRUST,
                     PermissionsBoundary=e3.boundary_arn)
    assert e3.check().message.startswith(f"(c) attach AdministratorAccess")
    lead.attach_role_policy(RoleName=e3.role_name, PolicyArn=ADMIN)
    result = e3.check()
    assert result.passed, result.message
    assert result.message.startswith(f"(a) and (b) were denied, and (c) {e3.role_name} "
                                     "has AdministratorAccess yet stays inside "
                                     f"{e3.boundary_name}")


def test_e3_the_role_must_be_the_leads(world):
    lab, ex, e3 = world
    lead = sandbox(lab, ex)
    denied(lead.create_role, RoleName=e3.prefix + "x", AssumeRolePolicyDocument=TRUST)
    denied(lead.delete_user_permissions_boundary, UserName=e3.delegate)
    iam = lab.client("iam")
    iam.create_role(RoleName=e3.role_name, AssumeRolePolicyDocument=TRUST,
                    PermissionsBoundary=e3.boundary_arn)
    assert f"was not created by {e3.delegate}" in e3.check().message


def test_e3_a_lead_who_lost_the_boundary_or_a_role_past_it_fails(world):
    lab, ex, e3 = world
    lead = sandbox(lab, ex)
    denied(lead.create_role, RoleName=e3.prefix + "x", AssumeRolePolicyDocument=TRUST)
    denied(lead.delete_user_permissions_boundary, UserName=e3.delegate)
    lead.create_role(RoleName=e3.role_name, AssumeRolePolicyDocument=TRUST,
                     PermissionsBoundary=e3.boundary_arn)
    lead.attach_role_policy(RoleName=e3.role_name, PolicyArn=ADMIN)
    iam = lab.client("iam")
    iam.delete_role_permissions_boundary(RoleName=e3.role_name)    # the admin widens it
    assert f"must have the boundary {e3.boundary_arn}" in e3.check().message
    iam.put_role_permissions_boundary(RoleName=e3.role_name,
                                      PermissionsBoundary=e3.boundary_arn)
    assert e3.check().passed
    iam.delete_user_permissions_boundary(UserName=e3.delegate)
    assert "no longer has its own boundary" in e3.check().message


def test_e3_a_lead_allowed_to_skip_the_boundary_is_caught(world):
    lab, ex, e3 = world
    sandbox(lab, ex)
    lab.client("iam").put_user_policy(
        UserName=e3.delegate, PolicyName="Loophole", PolicyDocument=json.dumps({
            "Version": V, "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole",
                                         "Resource": "*"}]}))
    key = lab.client("iam").create_access_key(UserName=e3.delegate)["AccessKey"]
    lead = lab.client("iam", aws_access_key_id=key["AccessKeyId"],
                      aws_secret_access_key=key["SecretAccessKey"])
    lead.create_role(RoleName=e3.prefix + "free", AssumeRolePolicyDocument=TRUST)
    assert "created " + e3.prefix + "free without the boundary" in e3.check().message


# -- facts and quiz --------------------------------------------------------------------------

def test_seeded_facts_vary_by_student_and_repeat_for_one():
    facts = [course.exercises("14", Lab(student_id=f"s{n}")) for n in range(20)]
    assert len({ex.e1.excepted for ex in facts}) >= 3
    assert len({ex.e2.bucket for ex in facts}) == 20
    assert len({(ex.e3.team, ex.e3.delegate) for ex in facts}) > 5
    again = course.exercises("14", Lab(student_id="s3"))
    assert (again.e1.excepted, again.e2.bucket, again.e3.role_name) == (
        facts[3].e1.excepted, facts[3].e2.bucket, facts[3].e3.role_name)


def test_every_exercise_has_a_task_three_hints_and_a_solution(capsys):
    ex = course.exercises("14", Lab(student_id="alice"), show_answers=True)
    for bound in ex:
        bound.task()
        for _ in range(3):
            bound.hint()
        bound.solution()
    out = capsys.readouterr().out
    assert out.count("📝") == 3 and out.count("💡") == 9 and out.count("🔑") == 3
    assert "{" + "bucket}" not in out and "{" + "delegate}" not in out


def test_quiz_has_six_explained_questions():
    quiz = course.load_quiz("14")
    assert len(quiz.questions) == 6
    assert all(q.options[q.answer].correct for q in quiz.questions)
    assert len({q.answer for q in quiz.questions}) > 1
