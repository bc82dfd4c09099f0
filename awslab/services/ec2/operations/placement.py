"""Placement groups: CreatePlacementGroup, DescribePlacementGroups, DeletePlacementGroup.

RunInstances places an instance in one with ``Placement={"GroupName": ...}``; the group
is kept through stop/start and recovery (NB06). Known gap: the strategy does not limit
instance types or counts (cluster groups accept any type here).
"""
from __future__ import annotations

from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, tag_list
from awslab.services.ec2.state import PlacementGroup

GROUP_FILTERS = {
    "group-name": lambda g: [g.name], "group-id": lambda g: [g.group_id],
    "group-arn": lambda g: [g.arn], "state": lambda g: ["available"],
    "strategy": lambda g: [g.strategy], "spread-level": lambda g: [g.spread_level],
}


def group_dict(group: PlacementGroup) -> dict:
    out = {"GroupName": group.name, "State": "available", "Strategy": group.strategy,
           "GroupId": group.group_id, "GroupArn": group.arn}
    if group.partition_count is not None:
        out["PartitionCount"] = group.partition_count
    if group.spread_level is not None:
        out["SpreadLevel"] = group.spread_level
    if group.tags:
        out["Tags"] = tag_list(group.tags)
    return out


@OPERATIONS("CreatePlacementGroup")
def create_placement_group(call, p):
    dry_run(p)
    state = call.state()
    name = p.get("GroupName") or ""
    if not name:
        raise errors.MissingParameter("The request must contain the parameter groupName")
    if name in state.placement_groups:
        raise errors.InvalidPlacementGroupDuplicate(
            f"The Placement Group '{name}' already exists.")
    strategy = p.get("Strategy", "cluster")
    partitions = p.get("PartitionCount")
    if partitions is not None and strategy != "partition":
        raise errors.InvalidParameterCombination(
            "PartitionCount is only supported for partition placement groups.")
    if strategy == "partition":
        partitions = partitions or 2
        if not 1 <= partitions <= 7:
            raise errors.InvalidParameterValue(
                f"Value ({partitions}) for parameter partitionCount is invalid. "
                "Expecting a value between 1 and 7.")
    tags = {t["Key"]: t.get("Value", "") for spec in p.get("TagSpecifications") or []
            if spec.get("ResourceType") == "placement-group" for t in spec.get("Tags") or []}
    group = PlacementGroup(
        call.lab.ids.resource("pg"), name, strategy,
        f"arn:aws:ec2:{call.region}:{call.account_id}:placement-group/{name}",
        partitions, p.get("SpreadLevel") or ("rack" if strategy == "spread" else None), tags)
    state.placement_groups[name] = group
    return {"PlacementGroup": group_dict(group)}


@OPERATIONS("DescribePlacementGroups")
def describe_placement_groups(call, p):
    dry_run(p)
    state = call.state()
    groups = list(state.placement_groups.values())
    for name in p.get("GroupNames") or []:
        if name not in state.placement_groups:
            raise errors.InvalidPlacementGroupUnknown(
                f"The Placement Group '{name}' is unknown.")
    if p.get("GroupNames"):
        groups = [g for g in groups if g.name in p["GroupNames"]]
    if p.get("GroupIds"):
        known = {g.group_id for g in groups}
        missing = [i for i in p["GroupIds"] if i not in known]
        if missing:
            raise errors.InvalidPlacementGroupUnknown(
                f"The Placement Group '{missing[0]}' is unknown.")
        groups = [g for g in groups if g.group_id in p["GroupIds"]]
    keep = compile_filters(p.get("Filters"), GROUP_FILTERS, tags=lambda g: g.tags)
    return {"PlacementGroups": [group_dict(g) for g in groups if keep(g)]}


@OPERATIONS("DeletePlacementGroup")
def delete_placement_group(call, p):
    dry_run(p)
    state = call.state()
    name = p["GroupName"]
    if name not in state.placement_groups:
        raise errors.InvalidPlacementGroupUnknown(f"The Placement Group '{name}' is unknown.")
    if any(i.placement_group == name and i.state != "terminated"
           for i in state.instances.values()):
        raise errors.InvalidPlacementGroupInUse(
            f"The placement group '{name}' is in use and may not be deleted.")
    del state.placement_groups[name]
    return {}
