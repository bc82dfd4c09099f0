"""The NB13 charts: pure renders of the organization tree, effective permissions,
consolidated billing, the migration state machine and shared-VPC visibility."""
import io

import pandas as pd
import pytest
from matplotlib.figure import Figure

from awslab.viz import organizations as v

TREE = {"id": "r-1", "name": "Root", "kind": "ROOT", "scps": ["FullAWSAccess"],
        "scps_enabled": True, "organization": "o-1",
        "children": [{"id": "ou-1", "name": "Dev", "kind": "ORGANIZATIONAL_UNIT",
                      "scps": ["FullAWSAccess", "DenyEMR"], "children": [],
                      "accounts": [{"id": "111111111111", "name": "dev-1",
                                    "scps": ["FullAWSAccess"], "management": False}]}],
        "accounts": [{"id": "123456789012", "name": "mgmt", "scps": ["FullAWSAccess"],
                      "management": True}]}


def texts(fig: Figure) -> str:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [t.get_text() for t in ax.texts] + [ax.get_title(), ax.get_xlabel(),
                                                     ax.get_ylabel()]
        parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend:
            parts += [t.get_text() for t in legend.get_texts()]
    for legend in fig.legends:
        parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before


def test_tree_shows_every_node_with_its_scp_badges():
    fig = v.org_tree_figure(TREE, highlight="111111111111", title="Org")
    text = texts(fig)
    for word in ("Root", "Dev", "dev-1", "mgmt", "DenyEMR", "FullAWSAccess",
                 "management account", "your SCPs"):
        assert word in text
    assert png(fig) == png(v.org_tree_figure(TREE, highlight="111111111111", title="Org"))
    assert v._path_to(TREE, "111111111111") == ["r-1", "ou-1", "111111111111"]


def test_effective_figure_has_a_column_per_level_and_the_result():
    eff = {"levels": ["root", "OU Dev", "account 1"], "actions": ["ec2:RunInstances",
                                                                 "emr:RunJobFlow"],
           "cells": [["allowed"] * 3, ["allowed", "explicitDeny", "allowed"]],
           "effective": ["allowed", "explicitDeny"], "exempt": False}
    text = texts(v.effective_figure(eff))
    assert "OU Dev" in text and "effective (all\nlevels)" in text
    assert "explicit deny" in text


def test_billing_figure_labels_savings_in_usd():
    bill = pd.DataFrame({"unit": ["GB"], "quantity": [1.0], "separate_cost": [100.0],
                         "consolidated_cost": [90.0], "saving": [10.0]},
                        index=pd.Index(["Data transfer out"], name="usage_type"))
    curve = pd.DataFrame({"quantity": [0.0, 60000.0], "marginal": [0.023, 0.022]})
    text = texts(v.billing_figure(bill, curve, 20000, 60000))
    assert "−$10.00" in text and "Monthly cost (USD)" in text
    assert "organization combined" in text and "Monthly volume (TB)" in text


def test_migration_figure_numbers_the_steps_taken():
    fig = v.migration_figure([("member_a", "standalone"), ("standalone", "invited")],
                             "invited")
    text = texts(fig)
    assert "(1) RemoveAccountFromOrganization" in text
    assert "(2) InviteAccountToOrganization" in text and "◀ now" in text
    assert "7 days" in text


def test_visibility_figure_tells_access_in_words():
    fig = v.visibility_figure(["subnet-1", "i-1 (a)"], ["owner", "a"],
                              [["manage", "view"], ["none", "manage"]])
    text = texts(fig)
    assert "view only\n(shared)" in text and "not visible" in text
    with pytest.raises(KeyError):
        v.visibility_figure(["x"], ["y"], [["maybe"]])
