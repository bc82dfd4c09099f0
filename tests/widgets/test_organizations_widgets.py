"""NB13 wiring: explorers render figures from the organization; try-it calls are real."""
import json

import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.services.organizations import build_organization
from awslab.widgets import organizations as w


@pytest.fixture
def lab():
    lab = Lab(seed=31)
    build_organization(lab, {"Dev": ["dev-1"]})
    return lab


def test_org_explorer_draws_the_tree_and_the_effective_permissions(lab):
    render, controls = w.org_explorer(lab)
    assert set(controls) == {"account", "view"}
    names = list(controls["account"].options)
    assert names[0].startswith("workloads (123456789012)")
    assert isinstance(render(names[1], "tree"), Figure)
    assert isinstance(render(names[1], "effective permissions"), Figure)


def test_try_call_reports_scp_denials(lab):
    names = w.account_names(lab)
    dev = names[[n for n in names if n.startswith("dev-1")][0]]
    assert w.try_call(lab, dev, "ec2 DescribeInstances") == "allowed"
    org = lab.client("organizations")
    root = org.list_roots()["Roots"][0]["Id"]
    pid = org.create_policy(Name="NoEC2", Description="", Type="SERVICE_CONTROL_POLICY",
                            Content=json.dumps({"Version": "2012-10-17", "Statement": [
                                {"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]})
                            )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=pid, TargetId=root)
    assert w.try_call(lab, dev, "ec2 RunInstances (dry run)") == \
        "UnauthorizedOperation: explicit deny in an SCP"
    assert w.try_call(lab, "123456789012", "ec2 RunInstances (dry run)").startswith(
        "allowed (DryRunOperation")
    table = w.try_table(lab, names, ["ec2 DescribeInstances"])
    assert table.count("explicit deny in an SCP") == 1


def test_strategies_differ_where_they_should():
    render, controls = w.strategy_explorer(seed=2, actions=("ec2:RunInstances",
                                                            "elasticmapreduce:RunJobFlow"))
    assert controls["strategy"].options == ("deny list", "allow list")
    assert isinstance(render("allow list"), Figure)
    twin, tree = w._strategy_lab(2, "allow list")
    cells = w.effective_cells(twin, [tree.account("dev-1")], ["iam:CreateUser"])
    assert cells == [["implicitDeny"]]
    twin, tree = w._strategy_lab(2, "deny list")
    cells = w.effective_cells(twin, [tree.account("dev-1")], ["elasticmapreduce:RunJobFlow"])
    assert cells == [["explicitDeny"]]


def test_share_builder_outcomes():
    assert "✗ OperationNotPermittedException" in w.share_outcome(
        3, "subnet", "account outside the organization", True)
    assert "✗ InvalidParameterException" in w.share_outcome(
        3, "default-VPC subnet", "member account", True)
    lines = w.share_outcome(3, "transit gateway", "account outside the organization", True)
    assert any("ASSOCIATING (external)" in line for line in lines)
    render, _ = w.share_builder(3)
    assert isinstance(render("Resolver rule", "OU", False), Figure)


def test_tree_editor_moves_and_attaches_through_the_api():
    from awslab.services import organizations as orgs
    render, controls = w.tree_editor(seed=4, actions=("elasticmapreduce:RunJobFlow",
                                                      "iam:CreateUser"))
    assert set(controls) == {"ou", "scps", "full_access"}
    assert isinstance(render("Dev", ("DenyEMR",), True), Figure)
    editor = w._Editor(4)
    account, refused = editor.apply("Prod", ("AllowEC2S3Only",), True)
    eff = orgs.effective_permissions(editor.lab, account, ["iam:CreateUser"])
    assert eff["effective"] == ["allowed"] and refused == ""     # FullAWSAccess beside it
    editor.apply("Prod", ("AllowEC2S3Only",), False)
    eff = orgs.effective_permissions(editor.lab, account, ["iam:CreateUser",
                                                           "ec2:RunInstances"])
    assert eff["effective"] == ["implicitDeny", "allowed"]
    _, refused = editor.apply("Prod", (), False)                 # the last SCP stays
    assert "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" in refused
