"""An illustrative CloudWatch cost meter (pure arithmetic, US East prices).

ILLUSTRATIVE ONLY: prices change and vary by region; use the AWS Pricing Calculator for
real estimates. Prices as published for US East (N. Virginia), checked on 2026-11-26
against stored copies of:

* https://aws.amazon.com/cloudwatch/pricing/ (free tier: 10 custom + detailed-monitoring
  metrics, 1 million API requests not counting GetMetricData/GetMetricWidgetImage,
  3 dashboards of up to 50 metrics each, 10 standard-resolution alarm metrics);
* the paid tiers as quoted from that page in github.com/nishinoshake/aws-rough/issues/37
  (metrics: first 10,000 $0.30, next 240,000 $0.10, next 750,000 $0.05, above 1,000,000
  $0.02 per metric-month; GetMetricData $0.01 per 1,000 metrics requested; other API
  requests $0.01 per 1,000; dashboards $3.00 per dashboard-month);
* alarms $0.10 (standard resolution) and $0.30 (high resolution) per alarm metric-month,
  as in github.com/vreutova/infracost-idem-support/pull/2 and c3x.dev's
  aws_cloudwatch_metric_alarm page.

EC2 detailed monitoring is billed as custom metrics; the pricing page's example counts
7 metrics per instance (taken from the course brief, not re-verified offline).
High-resolution custom metrics cost the same per metric as standard ones; publishing
every second multiplies PutMetricData requests (see :func:`put_requests`).
Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

import math

PRICES_CHECKED = "2026-11-26"
REGION = "us-east-1"
HOURS_PER_MONTH = 730                      # AWS bills a month as 730 hours
METRIC_TIERS = ((10_000, 0.30), (240_000, 0.10), (750_000, 0.05), (math.inf, 0.02))
ALARM_STANDARD, ALARM_HIGH_RES = 0.10, 0.30          # per alarm metric-month
DASHBOARD = 3.00                                     # per dashboard-month
API_PER_1000 = 0.01                                  # requests (GetMetricData: metrics)
METRICS_PER_DETAILED_INSTANCE = 7
FREE = {"metrics": 10, "alarms": 10, "dashboards": 3, "api_requests": 1_000_000}
FREE_DASHBOARD_METRICS = 50

_LABELS = {
    "custom_metrics": ("Custom metrics (standard resolution)", "metric-months", "Metrics",
                       "standard"),
    "detailed_monitoring": ("EC2 detailed monitoring", "metric-months", "Metrics",
                            "standard"),
    "high_res_metrics": ("Custom metrics (high resolution)", "metric-months", "Metrics",
                         "high"),
    "standard_alarms": ("Alarms (standard resolution)", "alarm metric-months", "Alarms",
                        "standard"),
    "high_res_alarms": ("Alarms (high resolution)", "alarm metric-months", "Alarms",
                        "high"),
    "dashboards": ("Dashboards", "dashboard-months", "Dashboards", None),
    "api_requests": ("API requests", "requests", "API", None),
    "get_metric_data": ("GetMetricData", "metrics requested", "API", None),
}


def _item(key: str, quantity: float, free: float, usd: float, unit_price: str) -> dict:
    label, unit, group, resolution = _LABELS[key]
    return {"label": label, "quantity": quantity, "unit": unit, "free": free,
            "billable": max(0, quantity - free), "unit_price": unit_price,
            "usd": round(usd, 2), "group": group, "resolution": resolution}


def metric_charge(first: int, count: int) -> float:
    """USD for metrics number ``first+1`` .. ``first+count`` of the month (tiered)."""
    usd, floor = 0.0, 0
    for size, price in METRIC_TIERS:
        lo, hi = max(first, floor), min(first + count, floor + size)
        usd += max(0, hi - lo) * price
        floor += size
    return usd


def put_requests(metrics: int, every_seconds: float, metrics_per_call: int = 1) -> int:
    """PutMetricData requests a month to publish ``metrics`` every ``every_seconds``."""
    calls_per_round = math.ceil(metrics / metrics_per_call) if metrics else 0
    return math.ceil(calls_per_round * HOURS_PER_MONTH * 3600 / every_seconds)


def monthly_cost(custom_metrics: int = 0, high_res_metrics: int = 0,
                 standard_alarms: int = 0, high_res_alarms: int = 0, dashboards: int = 0,
                 detailed_instances: int = 0, api_requests: int = 0,
                 get_metric_data_metrics: int = 0, free_tier: bool = True) -> dict:
    """Estimate a month of CloudWatch charges, line by line (illustrative prices).

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    custom_metrics, high_res_metrics : int
        Custom metrics (distinct namespace + name + dimensions) at each resolution.
    standard_alarms, high_res_alarms : int
        Alarm metrics (an alarm on a math expression counts each metric it uses).
    dashboards : int
        Custom dashboards (the free three assume up to 50 metrics each).
    detailed_instances : int
        EC2 instances with detailed monitoring (7 custom metrics each).
    api_requests : int
        API requests other than GetMetricData (e.g. PutMetricData calls).
    get_metric_data_metrics : int
        Metrics requested through GetMetricData (never free).
    free_tier : bool
        Apply the monthly free tier.

    Returns
    -------
    dict
        ``{key: line item}`` for each item plus ``"total"``; a line item has ``label``,
        ``quantity``, ``unit``, ``free``, ``billable``, ``unit_price``, ``usd`` (rounded to
        cents), ``group`` and ``resolution`` (``"standard"``, ``"high"`` or None).
    """
    free = FREE if free_tier else dict.fromkeys(FREE, 0)
    items, used, free_left = {}, 0, free["metrics"]
    # Metrics share one free allowance and one set of tiers, taken in this order.
    for key, count in (("custom_metrics", custom_metrics),
                       ("detailed_monitoring",
                        detailed_instances * METRICS_PER_DETAILED_INSTANCE),
                       ("high_res_metrics", high_res_metrics)):
        gratis = min(count, free_left)
        free_left -= gratis
        usd = metric_charge(used, count - gratis)
        used += count - gratis
        items[key] = _item(key, count, gratis, usd, "$0.30-$0.02 per metric (tiered)")
    gratis = min(standard_alarms, free["alarms"])
    items["standard_alarms"] = _item("standard_alarms", standard_alarms, gratis,
                                     (standard_alarms - gratis) * ALARM_STANDARD, "$0.10")
    items["high_res_alarms"] = _item("high_res_alarms", high_res_alarms, 0,
                                     high_res_alarms * ALARM_HIGH_RES, "$0.30")
    gratis = min(dashboards, free["dashboards"])
    items["dashboards"] = _item("dashboards", dashboards, gratis,
                                (dashboards - gratis) * DASHBOARD, "$3.00")
    gratis = min(api_requests, free["api_requests"])
    items["api_requests"] = _item("api_requests", api_requests, gratis,
                                  (api_requests - gratis) / 1000 * API_PER_1000,
                                  "$0.01 per 1,000")
    items["get_metric_data"] = _item("get_metric_data", get_metric_data_metrics, 0,
                                     get_metric_data_metrics / 1000 * API_PER_1000,
                                     "$0.01 per 1,000 metrics")
    items["total"] = {"label": "Total", "quantity": None, "unit": "USD", "free": None,
                      "billable": None, "unit_price": None, "group": "Total",
                      "resolution": None,
                      "usd": round(sum(i["usd"] for i in items.values()), 2)}
    return items
