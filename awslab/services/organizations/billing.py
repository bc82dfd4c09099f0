"""Consolidated billing: the management account pays one bill for every account, and usage
is added up across accounts before volume tiers are applied, so the organization reaches
cheaper tiers sooner than each account alone (aws-facts 10.1).

Prices are US East list prices with volume tiers: S3 Standard storage (first 50 TB/month
$0.023 per GB, next 450 TB $0.022, then $0.021), data transfer out to the internet (first
100 GB free, up to 10 TB $0.09 per GB, next 40 TB $0.085, next 100 TB $0.07, then $0.05)
and AWS Config rule evaluations (aws-facts 7.5). A free allowance (the first 100 GB out)
counts once for the whole organization, not once per account, so an organization of tiny
accounts can lose some of it; volume tiers are what consolidation gains. Usage is seeded
per account; line items
carry the resource tags a cost allocation report shows once a tag key is activated.

Functions return pandas DataFrames (pandas is imported when they run).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from awslab.errors import AwslabError
from awslab.services.organizations.seams import organization_of

GB_PER_TB = 1024


@dataclass(frozen=True)
class Tiered:
    """A usage type priced by volume tiers: ``(upper bound of the tier, price)`` pairs."""

    name: str
    unit: str
    tiers: tuple

    def cost(self, quantity: float) -> float:
        """The price of ``quantity`` units in one month, tier by tier."""
        total, lower = 0.0, 0.0
        for upper, price in self.tiers:
            if quantity <= lower:
                break
            total += (min(quantity, upper) - lower) * price
            lower = upper
        return total

    def marginal(self, quantity: float) -> float:
        """The price of the next unit after ``quantity`` units."""
        for upper, price in self.tiers:
            if quantity < upper:
                return price
        return self.tiers[-1][1]


PRICES = {
    "S3 Standard storage": Tiered("S3 Standard storage", "GB-month", (
        (50 * GB_PER_TB, 0.023), (500 * GB_PER_TB, 0.022), (math.inf, 0.021))),
    "Data transfer out": Tiered("Data transfer out", "GB", (
        (100, 0.0), (10 * GB_PER_TB, 0.09), (50 * GB_PER_TB, 0.085),
        (150 * GB_PER_TB, 0.07), (math.inf, 0.05))),
    "Config rule evaluations": Tiered("Config rule evaluations", "evaluations", (
        (100_000, 0.001), (500_000, 0.0008), (math.inf, 0.0005))),
}
#: seeded monthly usage per account: (low, high) for each usage type
USAGE_RANGES = {"S3 Standard storage": (8 * GB_PER_TB, 30 * GB_PER_TB),
                "Data transfer out": (2 * GB_PER_TB, 9 * GB_PER_TB),
                "Config rule evaluations": (30_000, 90_000)}
PROJECTS = ("petshop", "analytics", "platform")


def seeded_usage(lab, management: str = "123456789012"):
    """One month of usage of every account of the organization of ``management``: a
    DataFrame with ``account``, ``account_name``, ``usage_type``, ``unit``, ``quantity``
    and ``user:Project`` (a resource tag) columns, one line per account, usage type and
    project. The same seed gives the same usage."""
    import pandas as pd
    org = organization_of(lab, management)
    if org is None:
        raise AwslabError(f"account {management} is not in an organization")
    rows = []
    for account in org["accounts"]:
        rng = random.Random(f"{lab.seed}/billing/{account}")
        for usage_type, (low, high) in USAGE_RANGES.items():
            total = rng.uniform(low, high)
            weights = [rng.random() + 0.2 for _ in PROJECTS]
            for project, weight in zip(PROJECTS, weights):
                rows.append({"account": account,
                             "account_name": lab.accounts[account]["Name"],
                             "usage_type": usage_type, "unit": PRICES[usage_type].unit,
                             "quantity": round(total * weight / sum(weights), 1),
                             "user:Project": project})
    return pd.DataFrame(rows)


def separate_bills(usage):
    """What each account would pay alone (tiers applied per account): a DataFrame indexed
    by account with one column per usage type and ``total``."""
    per_account = usage.groupby(["account", "usage_type"])["quantity"].sum()
    costs = per_account.reset_index().assign(cost=lambda d: [
        PRICES[t].cost(q) for t, q in zip(d["usage_type"], d["quantity"])])
    table = costs.pivot(index="account", columns="usage_type", values="cost").fillna(0.0)
    table["total"] = table.sum(axis=1)
    return table.round(2)


def consolidated_bill(usage):
    """The organization's bill per usage type: combined quantity, the sum of the separate
    bills, the consolidated cost (tiers applied to the combined usage) and the saving."""
    import pandas as pd
    separate = separate_bills(usage)
    rows = []
    for usage_type, quantity in usage.groupby("usage_type")["quantity"].sum().items():
        alone = float(separate[usage_type].sum())
        together = PRICES[usage_type].cost(quantity)
        rows.append({"usage_type": usage_type, "unit": PRICES[usage_type].unit,
                     "quantity": round(quantity, 1), "separate_cost": round(alone, 2),
                     "consolidated_cost": round(together, 2),
                     "saving": round(alone - together, 2)})
    bill = pd.DataFrame(rows).set_index("usage_type")
    bill.loc["Total"] = ["USD", float("nan"), round(bill["separate_cost"].sum(), 2),
                         round(bill["consolidated_cost"].sum(), 2),
                         round(bill["saving"].sum(), 2)]
    return bill


def line_items(usage):
    """Usage lines priced at the organization's blended rate (consolidated cost of the
    usage type / combined quantity), as the payer's cost and usage report shows them."""
    totals = usage.groupby("usage_type")["quantity"].sum()
    rate = {t: (PRICES[t].cost(q) / q if q else 0.0) for t, q in totals.items()}
    return usage.assign(blended_rate=usage["usage_type"].map(rate),
                        cost=lambda d: (d["quantity"] * d["blended_rate"]).round(2))


def cost_by_tag(usage, key: str = "user:Project", activated: tuple = ("user:Project",)):
    """Cost per value of a cost allocation tag; a key that is not activated in the
    management account's billing console does not appear in the report (every line is
    then ``(not tagged)``)."""
    lines = line_items(usage)
    values = lines[key] if key in activated and key in lines else "(not tagged)"
    return lines.assign(tag=values).groupby("tag")["cost"].sum().round(2)


def tier_curve(usage_type: str, upto: float, points: int = 200):
    """Cumulative cost and marginal price for 0..``upto`` units (for the tier chart)."""
    import numpy as np
    import pandas as pd
    price = PRICES[usage_type]
    xs = np.linspace(0, upto, points)
    return pd.DataFrame({"quantity": xs, "cost": [price.cost(x) for x in xs],
                         "marginal": [price.marginal(x) for x in xs]})
