"""NB11 wiring: credentials as client arguments, which credentials still work, and the
explorers (controls -> STS/IAM -> Figure): the answers they draw are STS's and IAM's
own, the learner's lab is left alone, and each update is fast."""
import inspect
import io
import json
import time
from datetime import timedelta

import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.viz import sts as viz
from awslab.widgets import sts as stsw

BOUND = 0.5       # seconds per update; the design's goal is 0.1 s on an idle machine
A, B = "123456789012", "210987654321"


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def timed(render, **values):
    """``(figure, seconds)`` of one update as the explorer shows it: recompute, build
    the figure and draw its PNG. Best of three (a busy machine must not fail it)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fig = render(**values)
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)
        best = min(best, time.perf_counter() - start)
    return fig, best


def defaults(render):
    return {name: p.default for name, p in inspect.signature(render).parameters.items()}


def title(fig):
    return " ".join(ax.get_title(loc="left") for ax in fig.axes)


@pytest.fixture(scope="module")
def world():
    """A lab as NB11 section 6 leaves it: report-bot in A, ReportWriter in B, a bucket
    policy in B naming report-bot."""
    lab = Lab(student_id="widgets")
    iam = lab.client("iam")
    lab.add_account(B, "analytics")
    iam_b = lab.client("iam", **lab.admin_credentials(B).as_client_kwargs())
    table = f"arn:aws:dynamodb:us-east-1:{A}:table/Orders"
    reports = "arn:aws:s3:::analytics-reports/*"
    iam.create_user(UserName="report-bot")
    bot = f"arn:aws:iam::{A}:user/report-bot"
    iam.put_user_policy(UserName="report-bot", PolicyName="export", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": table},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": reports}))
    writer = iam_b.create_role(RoleName="ReportWriter", AssumeRolePolicyDocument=policy(
        {"Effect": "Allow", "Principal": {"AWS": bot}, "Action": "sts:AssumeRole"}))
    iam_b.put_role_policy(RoleName="ReportWriter", PolicyName="w", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": reports}))
    bucket_policy = policy({"Effect": "Allow", "Principal": {"AWS": bot},
                            "Action": "s3:PutObject", "Resource": reports})
    obj = "arn:aws:s3:::analytics-reports/orders.json"
    needs = [("scan (A)", "dynamodb:Scan", table, A), ("put (B)", "s3:PutObject", obj, B)]
    rows = stsw.strategy_rows(lab, bot, writer["Role"]["Arn"], needs, bucket_policy)
    return {"lab": lab, "rows": rows, "columns": [n[0] for n in needs]}


# -- helpers --------------------------------------------------------------------------

def test_keys_of_access_keys_and_sts_credentials():
    key = {"AccessKeyId": "AKIAEXAMPLE", "SecretAccessKey": "s", "UserName": "u"}
    assert stsw.keys_of(key) == {"aws_access_key_id": "AKIAEXAMPLE",
                                 "aws_secret_access_key": "s"}
    creds = {"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "s", "SessionToken": "t"}
    assert stsw.keys_of(creds)["aws_session_token"] == "t"


def test_attempt_and_try_credentials_follow_the_clock():
    lab = Lab(student_id="wallet")
    creds = lab.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    keys = {"session": stsw.keys_of(creds),
            "admin": lab.admin_credentials().as_client_kwargs()}
    assert stsw.try_credentials(lab, keys) == {"session": "OK", "admin": "OK"}
    lab.advance(minutes=15)
    assert stsw.try_credentials(lab, keys) == {"session": "ExpiredToken", "admin": "OK"}
    iam = lab.client("iam", **keys["admin"])
    assert stsw.attempt(iam.list_users) == "allowed"
    assert stsw.attempt(lab.client("sts", **keys["session"]).get_caller_identity) == \
        "ExpiredToken"


# -- the duration explorer -----------------------------------------------------------

@pytest.fixture(scope="module")
def durations():
    return stsw.duration_explorer(Lab(student_id="durations"))


def test_duration_controls_match_render_defaults(durations):
    render, controls = durations
    assert set(controls) == set(defaults(render))
    for name, control in controls.items():
        assert control.value == defaults(render)[name], name
    assert (controls["duration"].min, controls["duration"].max) == (15, 720)
    assert (controls["max_session"].min, controls["max_session"].max) == (1, 12)


@pytest.mark.parametrize("values, words", [
    ({}, "Accepted: 1 h, the session expires at 01:00 UTC"),
    ({"duration": 15}, "Accepted: 15 min, the session expires at 00:15 UTC"),
    ({"duration": 120}, "Refused: ValidationError"),
    ({"duration": 720, "max_session": 12}, "Accepted: 12 h"),
    ({"duration": 120, "max_session": 4, "chained": True}, "Refused: ValidationError"),
    ({"duration": 60, "max_session": 12, "chained": True}, "Accepted: 1 h"),
])
def test_duration_explorer_shows_what_sts_answers(durations, values, words):
    render, _ = durations
    fig = render(**values)
    assert words in title(fig)


def test_duration_messages_are_sts_own(durations):
    render, _ = durations
    text = " ".join(t.get_text() for t in render(duration=300, max_session=4).axes[0].texts)
    assert "exceeds the MaxSessionDuration set for this role" in text
    text = " ".join(t.get_text() for t in render(duration=90, max_session=4,
                                                  chained=True).axes[0].texts)
    assert "1 hour session limit for roles assumed by role chaining" in text


def test_duration_explorer_leaves_the_learners_lab_alone():
    lab = Lab(student_id="untouched")
    before = (lab.now, len(lab.credentials.all()))
    render, _ = stsw.duration_explorer(lab)
    render(duration=120, max_session=4, chained=True)
    assert (lab.now, len(lab.credentials.all())) == before
    assert lab.client("iam").list_roles()["Roles"] == []


# -- speed of every explorer -----------------------------------------------------------

def _duration(world):
    return stsw.duration_explorer(world["lab"])


def _flow(world):
    return stsw.flow_explorer(caller="user/dana", account_a=A, account_b=B,
                              role="MetricsWriter")


def _strategy(world):
    return stsw.strategy_explorer(world["rows"], world["columns"])


CASES = [
    (_duration, {}), (_duration, {"duration": 300, "max_session": 4}),
    (_duration, {"duration": 90, "max_session": 4, "chained": True}),
    (_flow, {}), (_flow, {"step": 1}), (_flow, {"step": 6, "failure": "wrong ExternalId"}),
    (_strategy, {}), (_strategy, {"strategy": "bucket policy in B"}),
]


@pytest.mark.parametrize("make, values", CASES,
                         ids=[f"{m.__name__[1:]}-{v or 'defaults'}" for m, v in CASES])
def test_update_returns_a_figure_quickly(world, make, values):
    render, _ = make(world)
    render(**values)                                  # warm caches, as the first draw does
    fig, seconds = timed(render, **values)
    print(f"{make.__name__[1:]} {values or 'defaults'}: {seconds * 1000:.0f} ms")
    assert isinstance(fig, Figure)
    assert seconds < BOUND, f"update took {seconds:.3f} s"


@pytest.mark.parametrize("make", [_flow, _strategy])
def test_controls_match_the_render_defaults(world, make):
    render, controls = make(world)
    assert set(controls) == set(defaults(render))
    for name, control in controls.items():
        assert control.value == defaults(render)[name], name


def test_flow_opens_on_the_whole_flow_and_offers_every_failure(world):
    render, controls = _flow(world)
    assert controls["step"].value == viz.FLOW_STEPS
    assert tuple(controls["failure"].options) == tuple(viz.FAILURES)
    text = " ".join(t.get_text() for t in render(step=3, failure="trust policy in B")
                    .axes[0].texts)
    assert "Stopped at step 3" in text


# -- roles vs resource-based policies ---------------------------------------------------

def test_strategy_rows_are_the_simulators_decisions(world):
    rows = world["rows"]
    (step1, who1, before), (step2, who2, after) = rows["assume a role in B"]
    (_, who3, with_policy), = rows["bucket policy in B"]
    assert before == {"scan (A)": "allowed", "put (B)": "implicitDeny"}
    assert after == {"scan (A)": "implicitDeny", "put (B)": "allowed"}
    assert with_policy == {"scan (A)": "allowed", "put (B)": "allowed"}
    assert who1 == who3 == f"arn:aws:iam::{A}:user/report-bot"
    assert who2 == f"arn:aws:sts::{B}:assumed-role/ReportWriter/job"


def test_simulate_is_simulate_principal_policy(world):
    lab = world["lab"]
    bot = f"arn:aws:iam::{A}:user/report-bot"
    obj = "arn:aws:s3:::analytics-reports/x.json"
    assert stsw.simulate(lab, bot, "s3:PutObject", obj) == "allowed"   # same account
    assert stsw.simulate(lab, bot, "s3:PutObject", obj, owner=B) == "implicitDeny"
    assert stsw.simulate(lab, bot, "s3:GetObject", obj) == "implicitDeny"


def test_permission_sets_for_the_venn(world):
    own, role, granted = stsw.permission_sets(world["rows"])
    assert own == ["scan (A)"] and role == ["put (B)"] and granted == ["put (B)"]


def test_strategy_explorer_offers_both_strategies(world):
    render, controls = _strategy(world)
    assert tuple(controls["strategy"].options) == ("assume a role in B",
                                                    "bucket policy in B")
    fig = render(strategy="bucket policy in B")
    assert "Strategy: bucket policy in B" in fig._suptitle.get_text()
