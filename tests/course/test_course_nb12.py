"""NB12 checks end to end on real Labs: STS, Cognito and S3 decide, the solutions pass,
typical mistakes are named, the facts are the learner's own."""
import io
import json
from contextlib import redirect_stdout

import pytest

from awslab import Lab, course
from awslab.services.idp import ADFS, CorporateDirectory, connect


@pytest.fixture
def lab():
    return Lab(student_id="alice")


@pytest.fixture
def ex(lab):
    return course.exercises("12", lab, show_answers=True)


@pytest.fixture
def corp(lab):
    return connect(lab, CorporateDirectory("corp.example.com"))


def run_solution(ex, number, **names):
    buf = io.StringIO()
    with redirect_stdout(buf):
        getattr(ex, number).solution()
    code = buf.getvalue().split("\n", 1)[1]
    out = io.StringIO()
    with redirect_stdout(out):
        exec(code, {"ex": ex, "json": json, **names})
    return out.getvalue()


def quiet(check, *args):
    with redirect_stdout(io.StringIO()):
        return check(*args)


def test_facts_are_the_learners_own_and_stable():
    def facts(student):
        ex = course.exercises("12", Lab(student_id=student))
        return (ex.e1.role_name, ex.e1.user, ex.e2.bucket, ex.e2.app_id, tuple(ex.e3.picked))
    assert facts("alice") == facts("alice")
    assert len({facts(s) for s in "abcdef"}) == 6


# -- E1 ----------------------------------------------------------------------------------

def test_e1_solution_passes(lab, ex, corp):
    out = run_solution(ex, "e1", adfs=ADFS(lab, corp), corp=corp, iam=lab.client("iam"))
    assert "✅" in out or "passed" in out.lower()


def test_e1_wrong_answers(lab, ex, corp):
    adfs = ADFS(lab, corp)
    assert "pass your AD FS object" in quiet(ex.e1.check, "adfs").message
    assert "no user" in quiet(ex.e1.check, adfs).message
    corp.add_user(ex.e1.user, ex.e1.password, groups=[ex.e1.group])
    assert "no role at all" in quiet(ex.e1.check, adfs).message
    iam = lab.client("iam")
    provider = iam.create_saml_provider(Name="ADFS", SAMLMetadataDocument=adfs.metadata())[
        "SAMLProviderArn"]
    # a role that does not trust the provider: AWS refuses the response
    iam.create_role(RoleName=ex.e1.role_name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    adfs.map_group(ex.e1.group, ex.e1.role_arn, provider)
    result = quiet(ex.e1.check, adfs)
    assert not result and "AccessDenied" in result.message
    iam.update_assume_role_policy(RoleName=ex.e1.role_name, PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Federated": provider}, "Action": "sts:AssumeRoleWithSAML"}]}))
    iam.attach_role_policy(RoleName=ex.e1.role_name,
                           PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    assert "ReadOnlyAccess only" in quiet(ex.e1.check, adfs).message


# -- E2 ----------------------------------------------------------------------------------

def test_e2_solution_passes(lab, ex):
    out = run_solution(ex, "e2", iam=lab.client("iam"), s3=lab.client("s3"),
                       ci=lab.client("cognito-identity"))
    assert "✅" in out or "passed" in out.lower()


def test_e2_star_instead_of_sub_is_caught(lab, ex):
    s3, ci, iam = lab.client("s3"), lab.client("cognito-identity"), lab.client("iam")
    assert "no bucket" in quiet(ex.e2.check, "us-east-1:00000000-0000-0000-0000-000000000000"
                                ).message
    s3.create_bucket(Bucket=ex.e2.bucket)
    pool = ci.create_identity_pool(IdentityPoolName="P", AllowUnauthenticatedIdentities=True,
                                   SupportedLoginProviders={"accounts.google.com":
                                                            ex.e2.app_id})["IdentityPoolId"]
    assert "Cognito refused" in quiet(ex.e2.check, pool).message
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity"}]})
    arn = iam.create_role(RoleName="Loose", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName="Loose", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                "Resource": f"arn:aws:s3:::{ex.e2.bucket}/*"}]}))
    ci.set_identity_pool_roles(IdentityPoolId=pool, Roles={"authenticated": arn,
                                                           "unauthenticated": arn})
    assert "user A can write to user B's prefix" in quiet(ex.e2.check, pool).message


# -- E3 ----------------------------------------------------------------------------------

def test_e3_solution_and_aliases(lab, ex):
    out = run_solution(ex, "e3")
    assert "✅" in out or "passed" in out.lower()
    from awslab.course.checks.nb12 import SCENARIOS
    from awslab.services.idp import directory_chooser
    answers = [directory_chooser(SCENARIOS[i][1])[0].lower().replace("aws managed ", "")
               for i in ex.e3.picked]
    assert quiet(ex.e3.check, answers)


def test_e3_wrong_and_malformed(ex):
    assert "dict" in quiet(ex.e3.check, "Simple AD").message
    result = quiet(ex.e3.check, ["Simple AD"] * 4)
    assert not result and "is not Simple AD" in result.message
    assert "is not one of" in quiet(ex.e3.check, ["LDAP"] * 4).message
