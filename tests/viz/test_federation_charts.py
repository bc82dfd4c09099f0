"""The NB12 charts: sequence diagrams of every flow, the options map, the directory
heatmap and the assignment matrix are deterministic, labelled and leave no pyplot state."""
import io

import pytest
from matplotlib.figure import Figure

from awslab.services.ds import capabilities
from awslab.viz import federation as v


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def texts(fig: Figure) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts) + " " + \
        " ".join(t.get_text() for t in fig.texts) + " " + fig._suptitle.get_text()


@pytest.mark.parametrize("flow", v.flow_names())
def test_every_flow_draws_every_step_and_lane(flow):
    fig = v.sequence_figure(flow)
    words = texts(fig)
    for name, _, _ in v.FLOWS[flow].lanes:
        assert name in words
    assert f"{len(v.FLOWS[flow].steps)}." in words
    assert png(fig) == png(v.sequence_figure(flow))


def test_stepper_shows_the_meaning_and_the_message():
    fig = v.sequence_figure("saml", step=4, detail="AssumeRoleWithSAML(RoleArn=x)")
    words = texts(fig)
    assert "Step 4 of 7" in words and "AssumeRoleWithSAML(RoleArn=x)" in words
    assert "IAM SAML provider" in words


def test_step_is_clamped():
    assert "Step 7 of 7" in texts(v.sequence_figure("saml", step=99))


def test_flows_name_the_right_sts_calls():
    assert "AssumeRoleWithSAML" in texts(v.sequence_figure("saml"))
    assert "GetFederationToken" in texts(v.sequence_figure("broker"))
    assert "GetCredentialsForIdentity" in texts(v.sequence_figure("cognito"))
    assert "AWSReservedSSO" in texts(v.sequence_figure("identity_center"))


def test_capability_heatmap_marks_yes_and_no_and_the_selection():
    fig = v.capability_figure(capabilities.capability_rows(), capabilities.LABELS,
                              selected="SimpleAD")
    ax = fig.axes[0]
    marks = [t.get_text() for t in ax.texts]
    rows = capabilities.capability_rows()
    assert len(marks) == 3 * len(rows)
    assert marks.count("✓ yes") == sum(sum(v.values()) for _, v in rows)
    bold = [t.get_text() for t in ax.get_xticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Simple AD"]


def test_assignment_matrix_cells():
    fig = v.assignment_figure(["Admins", "alice"], ["111 prod", "222 dev"],
                              {("Admins", "111 prod"): ["AdministratorAccess"]})
    marks = [t.get_text() for t in fig.axes[0].texts]
    assert marks == ["AdministratorAccess", "no access", "no access", "no access"]


def test_recommendation_and_options_diagram():
    assert "Recommended: SAML" in texts(v.recommendation_figure("SAML", "why.", "saml"))
    assert "Cognito identity pool" in texts(v.options_diagram())
