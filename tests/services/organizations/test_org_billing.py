"""Consolidated billing: tiered prices, combined usage, cost allocation tags."""
import pytest

from awslab.services.organizations import billing
from awslab.services.organizations.billing import PRICES


def test_tiered_cost_walks_the_tiers():
    s3 = PRICES["S3 Standard storage"]
    assert s3.cost(1000) == pytest.approx(23.0)
    assert s3.cost(60 * 1024) == pytest.approx(50 * 1024 * 0.023 + 10 * 1024 * 0.022)
    egress = PRICES["Data transfer out"]
    assert egress.cost(100) == 0.0                       # the first 100 GB are free
    assert egress.cost(1100) == pytest.approx(90.0)
    assert egress.marginal(11 * 1024) == 0.085
    config = PRICES["Config rule evaluations"]
    assert config.cost(600_000) == pytest.approx(100 + 320 + 50)


def test_consolidation_never_costs_more_and_saves_across_a_tier(lab, tree):
    usage = billing.seeded_usage(lab)
    assert set(usage["account"]) == {"123456789012", *tree.accounts.values()}
    bill = billing.consolidated_bill(usage)
    assert (bill["saving"] >= 0).all()
    assert bill.loc["Total", "saving"] > 0
    separate = billing.separate_bills(usage)
    assert bill.loc["Total", "separate_cost"] == pytest.approx(separate["total"].sum(), abs=0.05)
    combined = usage.groupby("usage_type")["quantity"].sum()
    for usage_type in PRICES:
        assert bill.loc[usage_type, "consolidated_cost"] == pytest.approx(
            PRICES[usage_type].cost(combined[usage_type]), abs=0.01)


def test_usage_is_seeded(lab, tree):
    assert billing.seeded_usage(lab).equals(billing.seeded_usage(lab))


def test_cost_allocation_tags_need_activation(lab, tree):
    usage = billing.seeded_usage(lab)
    by_project = billing.cost_by_tag(usage)
    assert set(by_project.index) == set(billing.PROJECTS)
    hidden = billing.cost_by_tag(usage, activated=())
    assert list(hidden.index) == ["(not tagged)"]
    assert hidden.sum() == pytest.approx(by_project.sum(), abs=0.05)


def test_usage_needs_an_organization(lab):
    from awslab.errors import AwslabError
    with pytest.raises(AwslabError):
        billing.seeded_usage(lab)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

QUANTITIES = st.floats(min_value=0, max_value=2e6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(PRICES)), st.lists(QUANTITIES, min_size=1, max_size=6))
def test_combined_usage_never_costs_more_than_separate_bills(usage_type, parts):
    """Paid tiers only get cheaper, so one bill for the sum is at most the sum of the
    bills, except for free allowances: the organization gets one free tier, not one per
    account (at most the allowance of every other account is lost). The price of usage
    never decreases as usage grows."""
    price = PRICES[usage_type]
    free = sum(upper for upper, p in price.tiers if p == 0.0)
    lost = (len(parts) - 1) * free * max(p for _, p in price.tiers)
    assert price.cost(sum(parts)) <= sum(price.cost(q) for q in parts) + lost + 1e-6
    ordered = sorted(parts)
    costs = [price.cost(q) for q in ordered]
    assert costs == sorted(costs)
    assert price.marginal(ordered[-1]) <= max(p for _, p in price.tiers)
