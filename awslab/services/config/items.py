"""Configuration items as AWS shows them: API members (GetResourceConfigHistory,
BatchGetResourceConfig), the JSON of notifications and rule events, and the
``configurationItemDiff`` of a change (aws-facts 7.1)."""
from __future__ import annotations

import json

from awslab.services.config.state import ConfigItem

VERSION = "1.3"


def iso(t) -> str | None:
    return None if t is None else t.strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{t.microsecond // 1000:03d}Z"


def _relationships(ci: ConfigItem) -> list[dict]:
    out = []
    for rtype, rid, rname, name in ci.snapshot.relationships:
        rel = {"resourceType": rtype, "resourceId": rid, "relationshipName": name}
        if rname:
            rel["resourceName"] = rname
        out.append(rel)
    return out


def _base(ci: ConfigItem) -> dict:
    snap = ci.snapshot
    deleted = ci.status == "ResourceDeleted"
    out = {"version": VERSION, "accountId": ci.account_id,
           "configurationItemCaptureTime": ci.capture_time,
           "configurationItemStatus": ci.status, "configurationStateId": ci.state_id,
           "arn": snap.arn, "resourceType": snap.resource_type,
           "resourceId": snap.resource_id, "resourceName": snap.name,
           "awsRegion": snap.region, "availabilityZone": snap.availability_zone,
           "resourceCreationTime": snap.created, "recordingFrequency": ci.frequency}
    if not deleted:
        out["configuration"] = json.dumps(snap.configuration, sort_keys=True)
        out["supplementaryConfiguration"] = {     # the API gives each value as JSON text
            k: json.dumps(v, sort_keys=True, default=str) for k, v in snap.supplementary}
    return {k: v for k, v in out.items() if v is not None}


def api_item(ci: ConfigItem) -> dict:
    """A ``ConfigurationItem`` (GetResourceConfigHistory)."""
    out = _base(ci)
    out.update({"configurationItemMD5Hash": "", "tags": dict(ci.snapshot.tags),
                "relatedEvents": list(ci.related_events),
                "relationships": [] if ci.status == "ResourceDeleted" else
                _relationships(ci)})
    return out


def base_item(ci: ConfigItem) -> dict:
    """A ``BaseConfigurationItem`` (BatchGetResourceConfig)."""
    return _base(ci)


def json_item(ci: ConfigItem | None) -> dict | None:
    """The configuration item as notifications and rule events carry it."""
    if ci is None:
        return None
    snap = ci.snapshot
    deleted = ci.status == "ResourceDeleted"
    return {"relatedEvents": list(ci.related_events),
            "relationships": [] if deleted else _relationships(ci),
            "configuration": None if deleted else snap.configuration,
            "supplementaryConfiguration": {} if deleted else
            dict(snap.supplementary),
            "tags": dict(snap.tags), "configurationItemVersion": VERSION,
            "configurationItemCaptureTime": iso(ci.capture_time),
            "configurationStateId": int(ci.state_id), "awsAccountId": ci.account_id,
            "configurationItemStatus": ci.status, "resourceType": snap.resource_type,
            "resourceId": snap.resource_id, "resourceName": snap.name, "ARN": snap.arn,
            "awsRegion": snap.region, "availabilityZone": snap.availability_zone,
            "configurationStateMd5Hash": "",
            "resourceCreationTime": iso(snap.created)}


def _flat(prefix: str, value, out: dict) -> None:
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _flat(f"{prefix}.{k}", v, out)
    elif isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        for i, v in enumerate(value):
            _flat(f"{prefix}.{i}", v, out)
    else:
        out[prefix] = value


def diff(before: ConfigItem | None, after: ConfigItem) -> dict:
    """``configurationItemDiff``: changed properties (flattened paths) and the change type."""
    if before is None or before.status == "ResourceDeleted":
        return {"changedProperties": {}, "changeType": "CREATE"}
    old, new = {}, {}
    _flat("Configuration", before.snapshot.configuration, old)
    _flat("Relationships", _relationships(before), old)
    _flat("Tags", dict(before.snapshot.tags), old)
    if after.status != "ResourceDeleted":
        _flat("Configuration", after.snapshot.configuration, new)
        _flat("Relationships", _relationships(after), new)
        _flat("Tags", dict(after.snapshot.tags), new)
    changed = {}
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a != b:
            kind = "CREATE" if path not in old else "DELETE" if path not in new else "UPDATE"
            changed[path] = {"previousValue": a, "updatedValue": b, "changeType": kind}
    return {"changedProperties": changed,
            "changeType": "DELETE" if after.status == "ResourceDeleted" else "UPDATE"}
