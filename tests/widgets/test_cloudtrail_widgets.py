"""NB08 explorers: controls, renders, and the numbers behind them."""
from datetime import timedelta

import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.services import cloudtrail
from awslab.widgets import cloudtrail as explorers


@pytest.fixture(scope="module")
def lab():
    lab = Lab(seed=4)
    cloudtrail.seed_activity(lab, days_before=7.2, days_after=1)
    lab.advance(hours=9)
    return lab


def test_insights_explorer_sensitivity(lab):
    end = lab.now
    start = end - timedelta(hours=9)
    strict = explorers.api_minutes(lab, "CreateSnapshot", start, end, sensitivity=8)
    assert [s for s, _, _ in strict["insights"]]       # the gap is found at any sensitivity
    render, controls = explorers.insights_explorer(lab, ["CreateSnapshot", "CreateTags"],
                                                   start, end)
    assert set(controls) == {"event_name", "baseline_days", "sensitivity"}
    fig = render("CreateTags", 7, 1.0)
    assert isinstance(fig, Figure) and "Insight(s)" in fig.axes[0].get_title(loc="left")


def test_lookup_explorer_filters(lab):
    render, controls = explorers.lookup_explorer(lab, lab.now - timedelta(minutes=30),
                                                 lab.now)
    assert "collector" in controls["user"].options
    everyone = render("(anyone)", "(any API)", "", 1)
    one = render("collector", "DescribeInstances", "", 1)
    n_all = int(everyone.axes[0].get_title(loc="left").split()[0])
    n_one = int(one.axes[0].get_title(loc="left").split()[0])
    assert 0 < n_one < n_all


def test_selector_rows_cost():
    volumes = {"management read": 1000, "management write": 500,
               "S3 GetObject on b": 200_000, "S3 PutObject on b": 30_000,
               "Lambda Invoke": 500_000}
    rows = explorers.selector_rows(volumes, management_read=True, management_write=True,
                                   s3_read=False, s3_write=True, lambda_invoke=True)
    cost = sum(r[2] for r in rows if r[3])
    assert cost == pytest.approx(0.03 + 0.5)


def test_selector_explorer_renders(lab):
    render, controls = explorers.selector_explorer(lab, "petshop-uploads")
    assert isinstance(render(**{k: c.value for k, c in controls.items()}), Figure)
