"""AWS CloudTrail: every call through the lab as a CloudTrail event, event history
(LookupEvents, 90 days), trails delivering to S3 and CloudWatch Logs, event selectors,
CloudTrail Insights, EventBridge events, and SQL over delivered logs.

Python API beside the boto3 operations (``OPERATIONS``):

* :func:`record` -- the CloudTrail event (dict) of one :class:`awslab.audit.ApiCall`;
* :func:`enable` -- watch calls as they happen (EventBridge "AWS API Call via
  CloudTrail"); every CloudTrail operation does it too;
* :func:`seed_activity` -- the seeded busy background of "everyone else", with Insights
  anomalies; :func:`stage_deletion` -- a colleague who deletes a bucket (NB08);
* :func:`lookup_all` -- event history as a list of records (all pages);
* :func:`insights` -- detected Insights (call rate / error rate), :func:`series` --
  per-minute counts for charts;
* :func:`query` -- SQL (DuckDB, table ``cloudtrail_logs``) over delivered log files.

Introduced in ``08_cloudtrail.ipynb``.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from awslab.services.cloudtrail import lookup as _lookup  # noqa: F401  (register ops)
from awslab.services.cloudtrail import selectors as _selectors  # noqa: F401
from awslab.services.cloudtrail.activity import Activity, generate, seeded_anomalies
from awslab.services.cloudtrail.culprit import stage_deletion, truth
from awslab.services.cloudtrail.hub import attach as enable
from awslab.services.cloudtrail.hub import hub, set_origin
from awslab.services.cloudtrail.anomalies import insights, region_events, series
from awslab.services.cloudtrail.operations import OPERATIONS
from awslab.services.cloudtrail.athena import log_records, query
from awslab.services.cloudtrail.records import record
from awslab.services.cloudtrail.state import State

GLOBAL = False
DEFAULT_ACCOUNT = "123456789012"

__all__ = ["OPERATIONS", "State", "record", "enable", "seed_activity", "stage_deletion",
           "truth", "lookup_all", "insights", "region_events", "series", "query",
           "log_records", "set_origin", "RESOURCES"]


def seed_activity(lab, account_id: str = DEFAULT_ACCOUNT, region: str = "us-east-1", *,
                  days_before: float = 8, days_after: float = 3, rate: float = 1.0,
                  anomalies: bool = True) -> Activity:
    """Give the account a seeded busy background from ``days_before`` days ago to
    ``days_after`` days ahead (calls appear as the clock reaches them), with this lab's
    three Insights anomalies a few hours from now. Returns the activity table."""
    enable(lab)
    now = lab.now
    found = seeded_anomalies(lab.seed, account_id, region, now) if anomalies else []
    act = generate(lab.seed, account_id, region, now - timedelta(days=days_before),
                   now + timedelta(days=days_after), rate=rate, anomalies=found)
    hub(lab).activity[(account_id, region)] = act
    return act


def lookup_all(lab, account_id: str = DEFAULT_ACCOUNT, region: str = "us-east-1", *,
               attribute: tuple | None = None, start: datetime | None = None,
               end: datetime | None = None, limit: int = 10_000) -> list[dict]:
    """Event history records (newest first) as LookupEvents pages them, up to ``limit``."""
    import json

    from awslab.services.cloudtrail.lookup import lookup
    out, token = [], None
    while len(out) < limit:
        page, token = lookup(lab, account_id, region, attribute=attribute, start=start,
                             end=end, token=token)
        out.extend(json.loads(e["CloudTrailEvent"]) for e in page)
        if not token:
            break
    return out[:limit]


def _trail(call) -> list:
    name = call.params.get("Name") or call.params.get("TrailName") or ""
    if name.startswith("arn:"):
        return [name]
    return [f"arn:aws:cloudtrail:{call.region}:{call.account_id}:trail/{name}"]


#: IAM resources of each operation (the trail; LookupEvents has none).
RESOURCES = {op: _trail for op in (
    "CreateTrail", "UpdateTrail", "DeleteTrail", "GetTrail", "GetTrailStatus",
    "StartLogging", "StopLogging", "PutEventSelectors", "GetEventSelectors",
    "PutInsightSelectors", "GetInsightSelectors")}
