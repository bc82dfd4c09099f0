"""A resource's timeline, as the Config console's resource view shows it: configuration
changes, compliance results and the CloudTrail calls that made the changes.

Introduced in ``09_config.ipynb``.
"""
from __future__ import annotations


def timeline(lab, resource_type: str, resource_id: str, account_id: str = "123456789012",
             region: str = "us-east-1") -> list[dict]:
    """Events about one resource, oldest first.

    Each row: ``time``, ``kind`` (``"configuration"``, ``"compliance"`` or ``"api"``) and
    ``what``; configuration rows add ``status`` and ``changed`` (the changed properties),
    compliance rows ``rule`` and ``compliance``, API rows ``event``, ``who`` and
    ``event_id`` (the ID of the call's CloudTrail record).
    """
    from awslab.services.cloudtrail.records import event_id
    from awslab.services.config import items as ci_json
    from awslab.services.config.engine import flush_all
    flush_all(lab)
    state = lab.state("config", account_id, region)
    rows, previous = [], None
    for item in state.items.get((resource_type, resource_id), []):
        changed = sorted(ci_json.diff(previous, item)["changedProperties"])
        for call in item.calls:
            who = call.caller.arn if call.caller is not None else "anonymous"
            rows.append({"time": call.time, "kind": "api", "event": call.operation,
                         "who": who, "event_id": event_id(call.request_id),
                         "what": f"{call.operation} by {who}"})
        rows.append({"time": item.capture_time, "kind": "configuration",
                     "status": item.status, "changed": changed,
                     "what": "first recorded" if item.status == "ResourceDiscovered"
                     else f"{item.status}: {len(changed)} properties changed"})
        previous = item
    for rule in state.rules.values():
        last = None
        for time, rtype, rid, compliance in rule.history:
            if (rtype, rid) == (resource_type, resource_id) and compliance != last:
                rows.append({"time": time, "kind": "compliance", "rule": rule.name,
                             "compliance": compliance, "what": f"{rule.name}: {compliance}"})
                last = compliance
    return sorted(rows, key=lambda r: r["time"])      # stable: each call before its item


def compliance_history(lab, rule_name: str, account_id: str = "123456789012",
                       region: str = "us-east-1") -> dict[str, list]:
    """``{resource ID: [(time, compliance), ...]}`` of one rule: each change, oldest first."""
    from awslab.services.config.engine import flush_all
    flush_all(lab)
    rule = lab.state("config", account_id, region).rules[rule_name]
    out: dict[str, list] = {}
    for time, _rtype, rid, compliance in rule.history:
        changes = out.setdefault(rid, [])
        if not changes or changes[-1][1] != compliance:
            changes.append((time, compliance))
    return out
