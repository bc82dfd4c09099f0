"""Recorded resources: GetResourceConfigHistory, ListDiscoveredResources,
BatchGetResourceConfig and GetDiscoveredResourceCounts."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.config import errors, items
from awslab.services.config.operations import OPERATIONS

MAX_BATCH = 100


def _recording_ever(state) -> None:
    if state.recorder is None:
        raise errors.NoAvailableConfigurationRecorderException(
            "There are no configuration recorders available to provide the configuration "
            "history.")


@OPERATIONS("GetResourceConfigHistory")
def get_resource_config_history(call, p):
    state = call.state()
    _recording_ever(state)
    limit = p.get("limit") or 10             # the model caps it at 100 (ValidationException)
    later, earlier = p.get("laterTime"), p.get("earlierTime")
    if later and earlier and earlier > later:
        raise errors.InvalidTimeRangeException(
            "The earlierTime must be before the laterTime.")
    key = (p["resourceType"], p["resourceId"])
    history = state.items.get(key)
    if not history:
        raise errors.ResourceNotDiscoveredException(
            f"Resource {p['resourceId']} of resourceType:{p['resourceType']} is unknown or "
            "has not been discovered")
    chosen = [ci for ci in history if (later is None or ci.capture_time <= later)
              and (earlier is None or ci.capture_time >= earlier)]
    if not p.get("chronologicalOrder") == "Forward":
        chosen.reverse()
    page, token = paginate([items.api_item(ci) for ci in chosen], p.get("nextToken"),
                           limit, f"history/{key}", errors.InvalidNextTokenException)
    return {"configurationItems": page, "nextToken": token}


@OPERATIONS("ListDiscoveredResources")
def list_discovered_resources(call, p):
    state = call.state()
    _recording_ever(state)
    rtype, ids, name = p["resourceType"], p.get("resourceIds"), p.get("resourceName")
    if ids and name:
        raise errors.ValidationException(
            "Both Resource ID and Resource Name cannot be specified in the request")
    out = []
    for (t, rid), history in sorted(state.items.items(), key=lambda kv:
                                    kv[1][0].capture_time):
        last = history[-1]
        if t != rtype or (ids and rid not in ids) or (name and last.snapshot.name != name):
            continue
        deleted = last.status == "ResourceDeleted"
        if deleted and not p.get("includeDeletedResources"):
            continue
        ident = {"resourceType": t, "resourceId": rid, "resourceName": last.snapshot.name,
                 "resourceDeletionTime": last.capture_time if deleted else None}
        out.append({k: v for k, v in ident.items() if v is not None})
    page, token = paginate(out, p.get("nextToken"), p.get("limit") or 100,
                           f"discovered/{rtype}", errors.InvalidNextTokenException)
    return {"resourceIdentifiers": page, "nextToken": token}


@OPERATIONS("BatchGetResourceConfig")
def batch_get_resource_config(call, p):
    state = call.state()
    _recording_ever(state)
    keys = p["resourceKeys"]
    if len(keys) > MAX_BATCH:
        raise errors.ValidationException(
            f"The number of resource keys exceeds the maximum of {MAX_BATCH}.")
    found, missing = [], []
    for key in keys:
        history = state.items.get((key["resourceType"], key["resourceId"]))
        if history and history[-1].status != "ResourceDeleted":
            found.append(items.base_item(history[-1]))
        elif not history:
            missing.append(key)
    return {"baseConfigurationItems": found, "unprocessedResourceKeys": missing or None}


@OPERATIONS("GetDiscoveredResourceCounts")
def get_discovered_resource_counts(call, p):
    state = call.state()
    counts: dict[str, int] = {}
    for (rtype, _rid), snap in state.latest.items():
        counts[rtype] = counts.get(rtype, 0) + 1
    wanted = p.get("resourceTypes")
    rows = [{"resourceType": t, "count": n} for t, n in sorted(counts.items())
            if not wanted or t in wanted]
    return {"totalDiscoveredResources": sum(counts.values()), "resourceCounts": rows}
