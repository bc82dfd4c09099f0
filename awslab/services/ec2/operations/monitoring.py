"""MonitorInstances, UnmonitorInstances (detailed monitoring) and DescribeInstanceStatus.

DescribeInstanceStatus reports the three status checks of a running instance: the system
check (AWS's host), the instance check (your guest OS) and the attached-EBS check
(reachability of the instance's EBS volumes); each is ``initializing`` for a few minutes
after a start, then ``ok``, or ``impaired`` with ``ImpairedSince`` after a failure.
"""
from __future__ import annotations

import json

from awslab.bridge.pagination import paginate
from awslab.services.ec2 import errors, lifecycle
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, lookup, state_dict
from awslab.services.ec2.operations.instances import _check_max_results


def _monitor(call, p, enable: bool) -> dict:
    dry_run(p)
    instances = lookup(call.state(), p["InstanceIds"])
    for inst in instances:
        if inst.state in ("shutting-down", "terminated"):
            raise errors.incorrect_state(inst.instance_id, "monitored")
    for inst in instances:
        lifecycle.set_monitoring(call.lab, inst, enable)
    return {"InstanceMonitorings": [
        {"InstanceId": i.instance_id, "Monitoring": {"State": i.monitoring}}
        for i in instances]}


@OPERATIONS("MonitorInstances")
def monitor_instances(call, p):
    return _monitor(call, p, True)


@OPERATIONS("UnmonitorInstances")
def unmonitor_instances(call, p):
    return _monitor(call, p, False)


def _check(inst, kind: str, now) -> dict:
    """One status summary (``InstanceStatus`` or ``SystemStatus``) of an instance."""
    if inst.state != "running":
        return {"Status": "not-applicable"}
    if lifecycle.status_initializing(inst, now):
        return {"Status": "initializing",
                "Details": [{"Name": "reachability", "Status": "initializing"}]}
    since = inst.impaired.get(kind)
    if since is not None and since <= now:
        return {"Status": "impaired", "Details": [
            {"Name": "reachability", "Status": "failed", "ImpairedSince": since}]}
    return {"Status": "ok", "Details": [{"Name": "reachability", "Status": "passed"}]}


def instance_status(inst, now) -> dict:
    """One element of ``InstanceStatuses``."""
    out = {"InstanceId": inst.instance_id, "AvailabilityZone": inst.availability_zone,
           "InstanceState": state_dict(inst), "Events": [],
           "InstanceStatus": _check(inst, "instance", now),
           "SystemStatus": _check(inst, "system", now)}
    if inst.state == "running":
        out["AttachedEbsStatus"] = _check(inst, "ebs", now)
    return out


STATUS_FILTERS = {
    "instance-state-name": lambda s: [s["InstanceState"]["Name"]],
    "instance-state-code": lambda s: [str(s["InstanceState"]["Code"])],
    "availability-zone": lambda s: [s["AvailabilityZone"]],
    "instance-status.status": lambda s: [s["InstanceStatus"]["Status"]],
    "system-status.status": lambda s: [s["SystemStatus"]["Status"]],
    "instance-status.reachability": lambda s: [
        d["Status"] for d in s["InstanceStatus"].get("Details", [])],
    "system-status.reachability": lambda s: [
        d["Status"] for d in s["SystemStatus"].get("Details", [])],
    "attached-ebs-status.status": lambda s: [
        (s.get("AttachedEbsStatus") or {}).get("Status", "not-applicable")],
    "attached-ebs-status.reachability": lambda s: [
        d["Status"] for d in (s.get("AttachedEbsStatus") or {}).get("Details", [])],
}


@OPERATIONS("DescribeInstanceStatus")
def describe_instance_status(call, p):
    dry_run(p)
    state = call.state()
    ids = p.get("InstanceIds") or []
    _check_max_results(p, ids)
    found = lookup(state, ids) if ids else list(state.instances.values())
    if not p.get("IncludeAllInstances"):
        found = [i for i in found if i.state == "running"]
    statuses = [instance_status(i, call.now) for i in found]
    keep = compile_filters(p.get("Filters"), STATUS_FILTERS)
    statuses = [s for s in statuses if keep(s)]
    salt = json.dumps([ids, p.get("Filters"), bool(p.get("IncludeAllInstances"))],
                      sort_keys=True, default=str)
    page, token = paginate(statuses, p.get("NextToken"), p.get("MaxResults") or 1000, salt,
                           errors.InvalidNextToken)
    return {"InstanceStatuses": page, "NextToken": token}
