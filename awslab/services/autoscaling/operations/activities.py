"""DescribeScalingActivities: newest first, with AWS's Description and Cause texts."""
from __future__ import annotations

from awslab.services.autoscaling.operations import OPERATIONS
from awslab.services.autoscaling.operations.common import page


def activity_dict(activity, deleted: bool) -> dict:
    out = {"ActivityId": activity.activity_id, "AutoScalingGroupName": activity.group_name,
           "Description": activity.description, "Cause": activity.cause,
           "StartTime": activity.start, "StatusCode": activity.status,
           "Progress": activity.progress, "Details": activity.details,
           "AutoScalingGroupARN": activity.group_arn}
    if activity.end is not None:
        out["EndTime"] = activity.end
    if activity.status_message:
        out["StatusMessage"] = activity.status_message
    if deleted:
        out["AutoScalingGroupState"] = "Deleted"
    return out


@OPERATIONS("DescribeScalingActivities")
def describe_scaling_activities(call, p):
    state = call.state()
    name, ids = p.get("AutoScalingGroupName"), p.get("ActivityIds")
    include_deleted = bool(p.get("IncludeDeletedGroups"))
    found = []
    for activity in reversed(state.activities):
        deleted = activity.group_arn in state.deleted
        if deleted and not include_deleted:
            continue
        if name and activity.group_name != name:
            continue
        if ids and activity.activity_id not in ids:
            continue
        found.append(activity_dict(activity, deleted))
    items, token = page(found, p, 100, f"activities {name} {ids} {include_deleted}")
    return {"Activities": items, "NextToken": token}
