"""The illustrative cost meter: tiers, free tier and line items add up."""
import pytest

from awslab.services.cloudwatch.pricing import (
    HOURS_PER_MONTH, metric_charge, monthly_cost, put_requests)


def usd(**usage):
    return {k: v["usd"] for k, v in monthly_cost(**usage).items()}


def test_nothing_costs_nothing():
    items = monthly_cost()
    assert all(item["usd"] == 0 for item in items.values())
    assert set(items) == {"custom_metrics", "detailed_monitoring", "high_res_metrics",
                          "standard_alarms", "high_res_alarms", "dashboards",
                          "api_requests", "get_metric_data", "total"}


@pytest.mark.parametrize("first, count, expected", [
    (0, 1, 0.30), (0, 10_000, 3_000.0), (0, 10_001, 3_000.10), (9_999, 2, 0.40),
    (0, 250_000, 27_000.0), (0, 1_000_000, 64_500.0), (0, 1_000_001, 64_500.02),
    (1_000_000, 10, 0.20), (5, 0, 0.0),
])
def test_metric_tiers(first, count, expected):
    assert metric_charge(first, count) == pytest.approx(expected)


@pytest.mark.parametrize("usage, key, expected", [
    ({"custom_metrics": 10}, "custom_metrics", 0.0),                 # free tier
    ({"custom_metrics": 11}, "custom_metrics", 0.30),
    ({"high_res_metrics": 40}, "high_res_metrics", 9.00),            # same per metric
    ({"custom_metrics": 40}, "custom_metrics", 9.00),
    ({"detailed_instances": 10, "free_tier": False}, "detailed_monitoring", 21.00),
    ({"detailed_instances": 10}, "detailed_monitoring", 18.00),
    ({"standard_alarms": 10}, "standard_alarms", 0.0),
    ({"standard_alarms": 25}, "standard_alarms", 1.50),
    ({"high_res_alarms": 10}, "high_res_alarms", 3.00),             # never free
    ({"dashboards": 3}, "dashboards", 0.0),
    ({"dashboards": 5}, "dashboards", 6.00),
    ({"dashboards": 5, "free_tier": False}, "dashboards", 15.00),
    ({"api_requests": 1_000_000}, "api_requests", 0.0),
    ({"api_requests": 2_000_000}, "api_requests", 10.00),
    ({"get_metric_data_metrics": 200_000}, "get_metric_data", 2.00),  # never free
])
def test_line_items(usage, key, expected):
    assert usd(**usage)[key] == pytest.approx(expected)


def test_free_metrics_are_shared_and_taken_in_order():
    items = monthly_cost(custom_metrics=4, detailed_instances=1, high_res_metrics=5)
    assert [items[k]["free"] for k in
            ("custom_metrics", "detailed_monitoring", "high_res_metrics")] == [4, 6, 0]
    assert items["high_res_metrics"]["usd"] == pytest.approx(1.50)
    assert items["detailed_monitoring"]["billable"] == 1


def test_tiers_span_line_items():
    items = monthly_cost(custom_metrics=10_010, high_res_metrics=100)
    assert items["custom_metrics"]["usd"] == pytest.approx(3_000.0)
    assert items["high_res_metrics"]["usd"] == pytest.approx(10.0)   # second tier


def test_total_is_the_sum_of_the_items():
    items = monthly_cost(custom_metrics=40, high_res_metrics=20, standard_alarms=25,
                         high_res_alarms=10, dashboards=5, detailed_instances=10,
                         api_requests=3_000_000, get_metric_data_metrics=123_456)
    assert items["total"]["usd"] == pytest.approx(
        sum(v["usd"] for k, v in items.items() if k != "total"))
    assert items["total"]["usd"] == pytest.approx(9 + 21 + 6 + 1.5 + 3 + 6 + 20 + 1.23)


def test_line_item_fields():
    item = monthly_cost(standard_alarms=12)["standard_alarms"]
    assert item == {"label": "Alarms (standard resolution)", "quantity": 12,
                    "unit": "alarm metric-months", "free": 10, "billable": 2,
                    "unit_price": "$0.10", "usd": 0.2, "group": "Alarms",
                    "resolution": "standard"}


@pytest.mark.parametrize("metrics, every, per_call, expected", [
    (1, 60, 1, HOURS_PER_MONTH * 60), (1, 1, 1, HOURS_PER_MONTH * 3600),
    (40, 60, 20, 2 * HOURS_PER_MONTH * 60), (0, 60, 1, 0)])
def test_put_requests(metrics, every, per_call, expected):
    assert put_requests(metrics, every, per_call) == expected


def test_high_resolution_publishing_costs_more_in_requests():
    standard = usd(custom_metrics=20, api_requests=put_requests(20, 60))
    high = usd(high_res_metrics=20, api_requests=put_requests(20, 1))
    assert standard["custom_metrics"] == high["high_res_metrics"]
    assert standard["api_requests"] == 0                 # 876,000 calls: within the free tier
    assert high["api_requests"] == pytest.approx((20 * 2_628_000 - 1_000_000) / 1000 * 0.01)
