"""What Config costs: the price table of aws-facts 7.5 (US East, current price list).

Configuration items: $0.003 each recorded continuously, $0.012 each recorded daily.
Rule evaluations, per account and Region: $0.001 for the first 100,000, $0.0008 for the
next 400,000, $0.0005 beyond 500,000. Custom rules add Lambda charges (not counted here).
Historical: before August 2019, $2 per active rule per Region per month.
"""
from __future__ import annotations

CI_PRICE = {"CONTINUOUS": 0.003, "DAILY": 0.012}
EVALUATION_TIERS = ((100_000, 0.001), (400_000, 0.0008), (None, 0.0005))


def evaluation_cost(count: int) -> float:
    """Dollars for ``count`` rule evaluations in one account and Region."""
    total, left = 0.0, count
    for size, price in EVALUATION_TIERS:
        used = left if size is None else min(left, size)
        total += used * price
        left -= used
        if left <= 0:
            break
    return total


def estimate(items_continuous: int = 0, items_daily: int = 0,
             evaluations: int = 0) -> dict:
    """The bill for given counts in one account and Region (same keys as :func:`cost`)."""
    items = items_continuous * CI_PRICE["CONTINUOUS"] + items_daily * CI_PRICE["DAILY"]
    evals = evaluation_cost(evaluations)
    return {"items_continuous": items_continuous, "items_daily": items_daily,
            "evaluations": evaluations, "items_usd": round(items, 6),
            "evaluations_usd": round(evals, 6), "total_usd": round(items + evals, 6)}


def cost(lab, account_id: str | None = None, region: str | None = None) -> dict:
    """Config's bill so far in the lab (optionally for one account and/or Region).

    Returns ``{"items_continuous", "items_daily", "evaluations", "items_usd",
    "evaluations_usd", "total_usd"}``. Introduced in ``09_config.ipynb``.
    """
    from awslab.services.config.engine import flush_all
    flush_all(lab)
    out = {"items_continuous": 0, "items_daily": 0, "evaluations": 0,
           "items_usd": 0.0, "evaluations_usd": 0.0}
    for (acct, reg), state in lab.states("config"):
        if account_id not in (None, acct) or region not in (None, reg):
            continue
        out["items_continuous"] += state.counts["CONTINUOUS"]
        out["items_daily"] += state.counts["DAILY"]
        n = state.evaluations()
        out["evaluations"] += n
        out["evaluations_usd"] += evaluation_cost(n)
        out["items_usd"] += sum(state.counts[k] * p for k, p in CI_PRICE.items())
    out["items_usd"] = round(out["items_usd"], 6)
    out["evaluations_usd"] = round(out["evaluations_usd"], 6)
    out["total_usd"] = round(out["items_usd"] + out["evaluations_usd"], 6)
    return out
