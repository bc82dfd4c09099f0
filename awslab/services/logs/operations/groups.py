"""CreateLogGroup, DeleteLogGroup and DescribeLogGroups."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.logs.errors import (
    InvalidParameterException, LimitExceededException, OperationAbortedException,
    group_exists)
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import (
    check_group_name, group_of, now_ms, salt)
from awslab.services.logs.state import LogGroup

MAX_TAGS = 50
PAGE = 50


def create_group(state, name: str, *, now: int, tags=None, kms_key_id=None,
                 log_group_class: str = "STANDARD", protected: bool = False) -> LogGroup:
    """Create a group in ``state`` (the operation, and AWS services creating theirs)."""
    if name in state.groups:
        raise group_exists()
    group = LogGroup(name, state.account_id, state.region, now, kms_key_id=kms_key_id,
                     log_group_class=log_group_class, deletion_protection=protected,
                     tags=dict(tags or {}))
    state.groups[name] = group
    return group


@OPERATIONS("CreateLogGroup")
def create_log_group(call, p):
    check_group_name(p["logGroupName"])
    if len(p.get("tags") or {}) > MAX_TAGS:
        raise LimitExceededException("A log group can have at most 50 tags.")
    create_group(call.state(), p["logGroupName"], now=now_ms(call),
                 tags=p.get("tags"), kms_key_id=p.get("kmsKeyId"),
                 log_group_class=p.get("logGroupClass", "STANDARD"),
                 protected=bool(p.get("deletionProtectionEnabled")))
    return {}


@OPERATIONS("DeleteLogGroup")
def delete_log_group(call, p):
    state = call.state()
    group = group_of(state, p["logGroupName"])
    if group.deletion_protection:
        raise OperationAbortedException(
            "Log group deletion protection is enabled; disable it before deleting the "
            "log group.")
    del state.groups[group.name]
    return {}


def describe(group: LogGroup) -> dict:
    """A group as DescribeLogGroups shows it."""
    out = {"logGroupName": group.name, "creationTime": group.created,
           "metricFilterCount": len(group.metric_filters), "arn": group.arn + ":*",
           "storedBytes": group.stored_bytes, "logGroupClass": group.log_group_class,
           "logGroupArn": group.arn, "deletionProtectionEnabled": group.deletion_protection}
    if group.retention_days is not None:
        out["retentionInDays"] = group.retention_days
    if group.kms_key_id:
        out["kmsKeyId"] = group.kms_key_id
    return out


@OPERATIONS("DescribeLogGroups")
def describe_log_groups(call, p):
    prefix, pattern = p.get("logGroupNamePrefix"), p.get("logGroupNamePattern")
    if prefix and pattern:
        raise InvalidParameterException(
            "LogGroup name prefix and LogGroup name pattern are mutually exclusive "
            "parameters.")
    if p.get("accountIdentifiers") or p.get("includeLinkedAccounts"):
        raise InvalidParameterException(
            "awslab does not simulate cross-account observability (linked accounts); "
            "describe the log groups of each account with its own client.")
    groups = sorted(call.state().groups.values(), key=lambda g: g.name)
    wanted = set(p.get("logGroupIdentifiers") or ())
    groups = [g for g in groups
              if (not prefix or g.name.startswith(prefix))
              and (not pattern or pattern.lower() in g.name.lower())
              and (not p.get("logGroupClass") or g.log_group_class == p["logGroupClass"])
              and (not wanted or g.name in wanted or g.arn in wanted)]
    page, token = paginate(groups, p.get("nextToken"), p.get("limit", PAGE),
                           salt("DescribeLogGroups", p), InvalidParameterException)
    out = {"logGroups": [describe(g) for g in page]}
    if token:
        out["nextToken"] = token
    return out
