"""The NB14 charts: the evaluation flowchart follows the decision's trace, heatmaps and
the intersection tell decisions by colour, hatch and text, and no render leaves pyplot
state behind."""
import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from awslab.services.iam.policy import PolicySet, Request, evaluate, parse_policy
from awslab.viz import policy as pv

A = "111122223333"
USER = f"arn:aws:iam::{A}:user/alice"
SESSION = f"arn:aws:sts::{A}:assumed-role/Dev/s1"
OBJ = "arn:aws:s3:::data/report.csv"


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a render left a pyplot figure open"


def pol(kind, *statements, name=None):
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, kind,
                        name=name or kind)


def allow(action="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": "*", **extra}


def deny(action="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": "*", **extra}


def decide(principal=USER, action="s3:GetObject", arn=OBJ, **policies):
    return evaluate(Request(principal, action, arn, resource_account=A),
                    PolicySet(**policies))


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts] + \
        [t.get_text() for t in fig.texts]


def png(fig: Figure, **kw) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **kw)
    return buf.getvalue()


# -- the path of a decision --------------------------------------------------------------

def test_an_explicit_deny_stops_at_step_one_and_points_at_its_layer():
    d = decide(identity=[pol("identity", allow())],
               boundary=pol("boundary", allow(), deny("s3:Get*")))
    path = pv.flow_path(d)
    assert (path.exit, path.decided) == ("explicit", "deny")
    assert path.states["deny"] == "decided"
    assert all(path.states[n] == "unreached" for n in pv.LAYERS[1:])
    assert path.deny_layers == ("boundary",)
    assert path.results["deny"].startswith("✗ yes: permissions boundary boundary")


def test_an_implicit_deny_at_the_boundary_passes_the_layers_above():
    d = decide(identity=[pol("identity", allow())],
               boundary=pol("boundary", allow("ec2:*"), name="Fence"))
    path = pv.flow_path(d)
    assert (path.exit, path.decided) == ("implicit", "boundary")
    assert [path.states[n] for n in pv.LAYERS] == [
        "passed", "skipped", "skipped", "skipped", "passed", "decided", "unreached"]
    assert path.results["boundary"].startswith("✗ no: the permissions boundary")
    assert path.results["identity"] == "✓ yes: identity #1"


def test_an_identity_allow_goes_all_the_way_down():
    d = decide(identity=[pol("identity", allow("s3:*"), name="S3")],
               scps=[("root", [pol("scp", allow(), name="FullAWSAccess")])])
    path = pv.flow_path(d)
    assert (path.exit, path.decided) == ("end", "identity")
    assert "unreached" not in path.states.values()
    assert path.results["scp"] == "✓ yes: every level allows (root)"


def test_a_resource_policy_naming_the_session_allows_on_its_own():
    bucket = parse_policy({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": SESSION}, "Action": "s3:*",
        "Resource": "arn:aws:s3:::data/*"}]}, "resource", name="bucket")
    d = decide(SESSION, resource=bucket, session=[pol("session", allow("ec2:*"))])
    path = pv.flow_path(d)
    assert (path.exit, path.decided) == ("bypass", "resource")
    assert path.states["identity"] == "unreached"


def test_no_decision_is_the_bare_chart():
    path = pv.flow_path(None)
    assert path.exit is None and set(path.states.values()) == {"idle"}


# -- the flowchart -----------------------------------------------------------------------

def test_flowchart_headline_and_marks():
    d = decide(identity=[pol("identity", allow("ec2:*"))])
    fig = pv.flowchart_figure(d)
    shown = texts(fig)
    assert isinstance(fig, Figure)
    assert "DENY: implicit deny" in shown
    assert "◀ DECIDED HERE" in shown
    assert any(t.startswith("Why: no identity-based policy allows s3:GetObject")
               for t in shown)
    assert png(fig).startswith(b"\x89PNG")


def test_bare_chart_and_problem():
    bare = texts(pv.flowchart_figure())
    assert "How AWS evaluates a request (one account)" in bare
    assert "a matching Deny in any layer ends the evaluation at once" in bare
    problem = texts(pv.flowchart_figure(problem="MalformedPolicyDocument: Syntax errors"))
    assert "This policy cannot be evaluated" in problem
    assert "MalformedPolicyDocument: Syntax errors" in problem


def test_the_skeleton_is_drawn_once_read_only_and_at_the_figure_size():
    pv.flowchart_figure()
    before = pv._skeleton.cache_info().hits
    fig = pv.flowchart_figure()
    assert pv._skeleton.cache_info().hits == before + 1
    image = pv._skeleton(100)
    assert not image.flags.writeable
    w, h = fig.get_size_inches() * fig.dpi
    assert image.shape[:2] == (round(h), round(w))


def test_the_flowchart_saves_at_another_dpi_and_tight():
    fig = pv.flowchart_figure(decide(identity=[pol("identity", allow())]))
    from PIL import Image
    big = Image.open(io.BytesIO(png(fig, dpi=150)))
    tight = Image.open(io.BytesIO(png(fig, bbox_inches="tight")))
    assert big.size == (1350, 1110)
    assert tight.size[0] >= 880 and tight.size[1] >= 720       # nothing cropped away


def test_long_texts_are_wrapped_and_cut():
    text = pv._wrap("word " * 100, 40, 2)
    lines = text.splitlines()
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines)
    assert lines[-1].endswith("…")


# -- heatmaps ------------------------------------------------------------------------------

CELLS = [["allowed", "explicitDeny"], ["implicitDeny", "allowed"]]


def test_heatmap_cells_carry_colour_hatch_and_words():
    fig = pv.decision_heatmap(CELLS, ["s3:GetObject", "ec2:RunInstances"],
                              ["alice", "bob"], notes=[["by identity", "in SCP"],
                                                       ["at boundary", "by identity"]],
                              title="Who may do what")
    ax = fig.axes[0]
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    hatches = [p.get_hatch() for p in cells]
    assert hatches == ["", "///", "...", ""]
    assert len({tuple(p.get_facecolor()) for p in cells}) == 3
    shown = texts(fig)
    assert "allow\nby identity" in shown and "explicit deny\nin SCP" in shown
    assert "implicit deny\nat boundary" in shown and "Who may do what" in shown
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "Allow", "Explicit deny", "Implicit deny"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["alice", "bob"]


def test_heatmap_rejects_what_is_not_a_decision():
    with pytest.raises(ValueError, match="decisions among allowed"):
        pv.decision_heatmap([["allow"]], ["a"], ["b"])
    with pytest.raises(ValueError, match="another shape"):
        pv.decision_heatmap([["allowed"]], ["a", "b"], ["c"])


def test_decision_styles_differ_in_colour_hatch_and_label():
    styles = pv.DECISION_STYLES.values()
    for key in ("color", "hatch", "label"):
        assert len({s[key] for s in styles}) == 3


# -- identity ∩ boundary ∩ SCPs ---------------------------------------------------------

def _inside(point, centre):
    return np.hypot(point[0] - centre[0], point[1] - centre[1]) < 1.0


@pytest.mark.parametrize("key, anchor", list(pv._ANCHORS.items()))
def test_each_label_anchor_lies_in_its_region(key, anchor):
    assert tuple(_inside(anchor, c) for c in pv._CENTRES) == key


def test_the_core_is_inside_all_three_circles():
    core = pv._core()
    assert len(core) > 20 and pv._inside_all(core).all()


def test_intersection_places_actions_by_the_layers_that_allow_them():
    acts = ["cloudwatch:PutMetricData", "s3:GetObject", "ec2:RunInstances",
            "iam:CreateUser"]
    layers = {"Identity policies": acts[:3], "Permissions boundary": acts[:2],
              "SCPs": ["cloudwatch:PutMetricData", "ec2:RunInstances"]}
    fig = pv.intersection_figure(layers, acts)
    shown = texts(fig)
    assert "cloudwatch:PutMetricData" in shown                   # the middle
    assert "s3:GetObject" in shown and "ec2:RunInstances" in shown
    assert "Allowed by none of them: iam:CreateUser" in shown
    assert {"Identity policies", "Permissions boundary", "SCPs"} <= set(shown)
    middle = next(t for t in fig.axes[0].texts if t.get_text() == "cloudwatch:PutMetricData")
    assert middle.get_position() == pv._ANCHORS[(True, True, True)]
    assert middle.get_fontweight() == "bold"


def test_intersection_needs_three_layers():
    with pytest.raises(ValueError, match="exactly 3 layers"):
        pv.intersection_figure({"a": [], "b": []}, [])
