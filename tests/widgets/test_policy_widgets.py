"""NB14 wiring: the playground's decisions layer by layer, its explorer's controls and
speed, the intersection's claim (effective = the three layers intersected), and the
decision heatmap of a real lab."""
import inspect
import io
import itertools
import json
import time

import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.widgets import policy as wp

BOUND = 0.5       # seconds per update; the design's goal is 0.1 s on an idle machine
A, E, I = "allowed", "explicitDeny", "implicitDeny"


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a render left a pyplot figure open"


def timed(render, **values):
    """``(figure, seconds)`` of one update as :func:`awslab.widgets.explore` shows it:
    recompute, build the figure, draw the PNG. Best of three."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fig = render(**values)
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)
        best = min(best, time.perf_counter() - start)
    return fig, best


def defaults(render):
    return {name: p.default for name, p in inspect.signature(render).parameters.items()}


def shown(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


# -- the playground: every action, every layer switched off in turn ------------------------

# One row per action: all layers, no SCPs, no bucket policy, no boundary, no session
# policy -- (decision, deciding layer).
FLIPS = {
    "s3:GetObject": [(A, "identity")] * 5,
    "s3:PutObject": [(A, "resource"), (A, "resource"), (I, "session"), (A, "resource"),
                     (A, "resource")],
    "s3:DeleteObject": [(E, "resource"), (E, "resource"), (I, "session"),
                        (E, "resource"), (E, "resource")],
    "s3:ListBucket": [(A, "identity")] * 5,
    "cloudwatch:PutMetricData": [(I, "session")] * 4 + [(A, "identity")],
    "ec2:RunInstances": [(I, "boundary")] * 3 + [(I, "session"), (I, "boundary")],
    "cloudtrail:StopLogging": [(E, "scp"), (I, "boundary"), (E, "scp"), (E, "scp"),
                               (E, "scp")],
    "iam:CreateUser": [(I, "identity")] * 5,
}


@pytest.mark.parametrize("action", wp.ACTIONS)
def test_playground_decisions_flip_as_documented(action):
    where = "bucket" if action == "s3:ListBucket" else "object"
    got = [(d.eval_decision, d.layer) for d in
           (wp.playground_decision(action, where, **off) for _, off in wp.FLIPS)]
    assert got == FLIPS[action]


def test_the_bucket_and_object_arns_matter_in_the_session_policy():
    assert wp.playground_decision("s3:GetObject", "bucket").eval_decision == I
    assert wp.playground_decision("s3:ListBucket", "object").layer == "session"
    assert wp.resource_for("cloudwatch:PutMetricData", "bucket") == "*"
    assert wp.resource_for("s3:ListBucket", "bucket") == "arn:aws:s3:::petshop-reports"


def test_an_edited_identity_policy_takes_part():
    doc = json.loads(wp.DEFAULT_IDENTITY)
    doc["Statement"][0]["NotAction"] = ["organizations:*"]
    d = wp.playground_decision("iam:CreateUser", identity=json.dumps(doc),
                               boundary=False, session=False)
    assert d.allowed and d.policy == "DeveloperAccess (edited)"


def test_describe_lists_every_statement_of_every_layer():
    text = wp.describe_playground()
    statements = sum(len(d["Statement"]) for d in wp.PLAYGROUND.values())
    assert len([line for line in text.splitlines() if line.startswith("  ")]) == statements
    assert "Allow NotAction iam:*, organizations:* on *  (AllButIam)" in text
    assert "for everyone (*)" in text and "for arn:aws:sts::" in text


@pytest.mark.parametrize("values", [
    {}, {"resource_policy": False}, {"action": "cloudtrail:StopLogging", "scp": False},
    {"action": "s3:GetObject", "resource": "bucket", "session": False},
    {"action": "iam:CreateUser", "boundary": False}])
def test_playground_renders_fast(values):
    render, controls = wp.playground()
    fig, seconds = timed(render, **values)
    assert isinstance(fig, Figure)
    assert seconds < BOUND, f"update took {seconds:.3f} s"
    assert any(t.startswith(("ALLOW", "DENY")) for t in shown(fig))


def test_a_malformed_identity_policy_shows_iams_reason():
    render, _ = wp.playground()
    texts = shown(render(identity='{"Statement": [{"Effect": "Maybe"}]}'))
    assert "The identity policy is not valid" in texts
    assert "MalformedPolicyDocument: The policy failed legacy parsing" in texts
    texts = shown(render(identity='{"Statement": [{"Effect": "Allow"'))
    assert "MalformedPolicyDocument: This policy contains invalid Json" in texts


def test_playground_controls_match_the_render_defaults():
    render, controls = wp.playground()
    values = {name: c.value for name, c in controls.items()}
    assert values == defaults(render)
    assert set(controls) == {"action", "resource", "scp", "resource_policy", "boundary",
                             "session", "identity"}
    assert controls["identity"].continuous_update is False


def test_flip_figure_is_one_row_per_action_and_one_column_per_flip():
    fig = wp.flip_figure()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [n for n, _ in wp.FLIPS]
    assert len(ax.get_yticklabels()) == len(wp.ACTIONS)
    assert "explicit deny\nin SCP" in shown(fig)


# -- identity ∩ boundary ∩ SCPs ---------------------------------------------------------

CHOICES = list(itertools.product(wp.IDENTITIES, wp.BOUNDARIES, wp.SCPS))


@pytest.mark.parametrize("identity, boundary, scp", CHOICES)
def test_effective_permissions_are_the_intersection(identity, boundary, scp):
    sets = wp.layer_sets(identity, boundary, scp)
    meet = set(sets["Identity policies"]) & set(sets["Permissions boundary"]) & \
        set(sets["SCPs"])
    assert set(sets["effective"]) == meet


def test_intersection_explorer_renders_every_choice_fast():
    render, controls = wp.intersection_explorer()
    assert {n: c.value for n, c in controls.items()} == defaults(render)
    assert [list(c.options) for c in controls.values()] == [
        list(wp.IDENTITIES), list(wp.BOUNDARIES), list(wp.SCPS)]
    fig, seconds = timed(render, identity="PowerUserAccess (NotAction iam:*)",
                         boundary="read-only (Get, List, Describe)",
                         scp="allow list: CloudWatch, S3, SQS")
    assert seconds < BOUND, f"update took {seconds:.3f} s"
    assert "s3:GetObject" in shown(fig)


# -- a real lab ----------------------------------------------------------------------------

def test_lab_heatmap_uses_enforcements_decisions():
    lab = Lab(student_id="widgets")
    iam = lab.client("iam")
    iam.create_user(UserName="reader")
    iam.attach_user_policy(UserName="reader",
                           PolicyArn="arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess")
    users = {n: f"arn:aws:iam::123456789012:user/{n}" for n in ("admin", "reader")}
    actions = ["cloudwatch:ListMetrics", ("iam:GetUser", "*")]
    decisions = wp.lab_decisions(lab, users, actions)
    assert [[d.eval_decision for d in row] for row in decisions] == [[A, A], [A, I]]
    assert wp.note(decisions[1][1]) == "at identity policy"
    fig = wp.lab_heatmap(lab, users, actions)
    assert "iam:GetUser on *" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
