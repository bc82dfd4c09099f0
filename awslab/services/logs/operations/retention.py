"""PutRetentionPolicy and DeleteRetentionPolicy."""
from __future__ import annotations

from awslab.services.logs.errors import InvalidParameterException
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import group_of
from awslab.services.logs.retention import ALLOWED, ensure_sweeping


@OPERATIONS("PutRetentionPolicy")
def put_retention_policy(call, p):
    state = call.state()
    group = group_of(state, p["logGroupName"])
    days = p["retentionInDays"]
    if days not in ALLOWED:
        raise InvalidParameterException(
            f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to "
            "satisfy constraint: Member must satisfy enum value set: "
            f"[{', '.join(str(d) for d in ALLOWED)}]")
    group.retention_days = days
    ensure_sweeping(call.lab, state)
    return {}


@OPERATIONS("DeleteRetentionPolicy")
def delete_retention_policy(call, p):
    group_of(call.state(), p["logGroupName"]).retention_days = None
    return {}
