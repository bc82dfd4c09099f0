"""CloudWatch dashboards: PutDashboard, GetDashboard, ListDashboards, DeleteDashboards.

Dashboards are global per account: whatever region a client names, they are kept once
per account, in that account's us-east-1 state. Introduced in
``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from awslab.bridge.pagination import paginate
from awslab.services.cloudwatch.dashboards import (
    ResourceNotFound, check_dashboard_name, dashboard_arn, parse_body)
from awslab.services.cloudwatch.errors import InvalidParameterValue
from awslab.services.cloudwatch.operations import OPERATIONS

HOME_REGION = "us-east-1"      # where an account's (global) dashboards are kept
PAGE_SIZE = 1000               # ListDashboards returns up to 1,000 entries a page


@dataclass
class StoredDashboard:
    """A dashboard as PutDashboard stored it (the body exactly as given)."""

    name: str
    body: str
    last_modified: datetime
    tags: tuple = ()

    @property
    def size(self) -> int:
        return len(self.body.encode("utf-8"))


def dashboards_of(call) -> dict[str, StoredDashboard]:
    """The caller's account's dashboards, by name."""
    return call.state(region=HOME_REGION).dashboards


@OPERATIONS("PutDashboard")
def put_dashboard(call, p):
    name = p["DashboardName"]
    check_dashboard_name(name)
    body = parse_body(p["DashboardBody"])
    tags = tuple((t["Key"], t["Value"]) for t in p.get("Tags", ()))
    dashboards_of(call)[name] = StoredDashboard(name, p["DashboardBody"], call.now, tags)
    return {"DashboardValidationMessages": [w.wire() for w in body.warnings]}


@OPERATIONS("GetDashboard")
def get_dashboard(call, p):
    name = p["DashboardName"]
    found = dashboards_of(call).get(name)
    if found is None:
        raise ResourceNotFound(f"Dashboard {name} does not exist")
    return {"DashboardArn": dashboard_arn(call.account_id, name),
            "DashboardBody": found.body, "DashboardName": name}


@OPERATIONS("ListDashboards")
def list_dashboards(call, p):
    prefix = p.get("DashboardNamePrefix", "")
    check_dashboard_name(prefix, "DashboardNamePrefix")
    stored = dashboards_of(call)
    names = sorted(n for n in stored if n.startswith(prefix))
    page, token = paginate(names, p.get("NextToken"), PAGE_SIZE,
                           f"ListDashboards/{prefix}", InvalidParameterValue)
    entries = [{"DashboardName": n, "DashboardArn": dashboard_arn(call.account_id, n),
                "LastModified": stored[n].last_modified, "Size": stored[n].size}
               for n in page]
    return {"DashboardEntries": entries, **({"NextToken": token} if token else {})}


@OPERATIONS("DeleteDashboards")
def delete_dashboards(call, p):
    stored = dashboards_of(call)
    missing = [n for n in p["DashboardNames"] if n not in stored]
    if missing:                      # all or nothing: one missing name deletes none
        raise ResourceNotFound(f"Dashboard {missing[0]} does not exist")
    for name in p["DashboardNames"]:
        stored.pop(name, None)
    return {}
