"""NB13 checks end to end on real Labs: the organization, the policy engine and RAM
decide; each unmet condition is named; the printed solutions pass."""
import io
import json
from contextlib import redirect_stdout

import pytest
from botocore.exceptions import ClientError

from awslab import Lab, course
from awslab.services.ec2 import image_id
from awslab.services.organizations import build_organization, client_as

LAYOUT = {"Security": ["log-archive"], "Dev": ["dev-1", "dev-2"], "Prod": ["prod-1"]}


@pytest.fixture
def lab():
    return Lab(student_id="alice")


@pytest.fixture
def tree(lab):
    return build_organization(lab, LAYOUT)


@pytest.fixture
def ex(lab):
    return course.exercises("13", lab, show_answers=True)


def quiet(fn, *args):
    with redirect_stdout(io.StringIO()):
        return fn(*args)


def run_solution(ex, number, names):
    buf = io.StringIO()
    with redirect_stdout(buf):
        getattr(ex, number).solution()
    code = buf.getvalue().split("\n", 1)[1]
    with redirect_stdout(io.StringIO()):
        exec(code, {"ex": ex, "json": json, "ClientError": ClientError,
                    "image_id": image_id, "client_as": client_as, **names})
    return code


@pytest.mark.parametrize("seed", range(8))
def test_printed_solutions_fit_79_columns(seed):
    ex = course.exercises("13", Lab(seed=seed), show_answers=True)
    for bound in ex:
        buf = io.StringIO()
        with redirect_stdout(buf):
            bound.solution()
        assert [l for l in buf.getvalue().splitlines()[1:] if len(l) > 79] == []


def test_facts_are_seeded():
    def facts(student):
        ex = course.exercises("13", Lab(student_id=student))
        return ex.e1.emr_action, ex.e1.policy_name, ex.e2.org_a, ex.e2.account_x
    assert facts("alice") == facts("alice")
    assert len({facts(s)[2] for s in "abcdef"}) == 6


# -- E1 ---------------------------------------------------------------------------------

def test_e1_without_an_organization(ex):
    assert not quiet(ex.e1.check)


def test_e1_scp_at_the_root_hits_prod(lab, tree, ex):
    org = lab.client("organizations")
    assert not quiet(ex.e1.check)                        # nothing denied yet
    deny = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": ["elasticmapreduce:*",
                                     "organizations:LeaveOrganization"],
        "Resource": "*"}]})
    pid = org.create_policy(Name="x", Description="", Type="SERVICE_CONTROL_POLICY",
                            Content=deny)["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=pid, TargetId=tree.root)
    result = quiet(ex.e1.check)
    assert not result and "Prod" in str(result)


def test_e1_deny_everything_is_too_much(lab, tree, ex):
    org = lab.client("organizations")
    pid = org.create_policy(Name="all", Description="", Type="SERVICE_CONTROL_POLICY",
                            Content=json.dumps({"Version": "2012-10-17", "Statement": [
                                {"Effect": "Deny", "Action": "*", "Resource": "*"}]})
                            )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=pid, TargetId=tree.units["Dev"])
    result = quiet(ex.e1.check)
    assert not result and "ec2:RunInstances" in str(result)


def test_e1_solution_passes(lab, tree, ex):
    run_solution(ex, "e1", {"org": lab.client("organizations"), "tree": tree})
    assert quiet(ex.e1.check)


# -- E2 ---------------------------------------------------------------------------------

def _e2_setup(lab, ex):
    a, b, x = ex.e2.org_a, ex.e2.org_b, ex.e2.account_x
    for account, name in ((a, "org-a"), (b, "org-b"), (x, "legacy-app")):
        lab.add_account(account, name)
    clients = {f"orgs_{k}": lab.client("organizations",
                                       **lab.admin_credentials(acct).as_client_kwargs())
               for k, acct in (("a", a), ("b", b), ("x", x))}
    clients["orgs_a"].create_organization()
    clients["orgs_b"].create_organization()
    shake = clients["orgs_a"].invite_account_to_organization(
        Target={"Id": x, "Type": "ACCOUNT"})["Handshake"]["Id"]
    clients["orgs_x"].accept_handshake(HandshakeId=shake)
    return clients


def test_e2_names_the_missing_step(lab, ex):
    clients = _e2_setup(lab, ex)
    result = quiet(ex.e2.check)
    assert not result and "has not left organization A" in str(result)
    clients["orgs_x"].leave_organization()
    result = quiet(ex.e2.check)
    assert not result and "has not invited it" in str(result)
    with pytest.raises(ClientError):                     # A cannot leave: delete first
        clients["orgs_a"].leave_organization()
    result = quiet(ex.e2.check)
    assert not result


def test_e2_solution_passes(lab, ex):
    clients = _e2_setup(lab, ex)
    run_solution(ex, "e2", clients)
    assert quiet(ex.e2.check)


# -- E3 ---------------------------------------------------------------------------------

def test_e3_needs_shares_instances_and_the_refusal(lab, tree, ex):
    result = quiet(ex.e3.check, "OperationNotPermittedException")
    assert not result and "subnet" in str(result)
    names = {"ec2": lab.client("ec2"), "ram": lab.client("ram"), "lab": lab}
    run_solution(ex, "e3", names)
    assert quiet(ex.e3.check, "OperationNotPermittedException")
    assert not quiet(ex.e3.check, "AccessDenied")
