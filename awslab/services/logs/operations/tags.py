"""TagResource, UntagResource, ListTagsForResource, and the older TagLogGroup,
UntagLogGroup and ListTagsLogGroup (log groups only)."""
from __future__ import annotations

from awslab.services.logs.errors import (
    InvalidParameterException, ResourceNotFoundException, TooManyTagsException)
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import group_of
from awslab.services.logs.state import LogGroup

MAX_TAGS = 50


def _group_by_arn(call, arn: str) -> LogGroup:
    parts = arn.removesuffix(":*").split(":", 6)
    if len(parts) != 7 or parts[:3] != ["arn", "aws", "logs"] or parts[5] != "log-group":
        raise InvalidParameterException(
            f"Invalid resourceArn: {arn} (awslab tags log groups: "
            "arn:aws:logs:REGION:ACCOUNT:log-group:NAME)")
    group = call.lab.state("logs", parts[4], parts[3]).groups.get(parts[6])
    if group is None:
        raise ResourceNotFoundException(f"The specified resource does not exist: {arn}")
    return group


def _tag(group: LogGroup, tags: dict) -> None:
    merged = {**group.tags, **tags}
    if len(merged) > MAX_TAGS:
        raise TooManyTagsException(
            f"A resource can have at most {MAX_TAGS} tags.", resourceName=group.arn)
    group.tags = merged


@OPERATIONS("TagResource")
def tag_resource(call, p):
    _tag(_group_by_arn(call, p["resourceArn"]), p["tags"])
    return {}


@OPERATIONS("UntagResource")
def untag_resource(call, p):
    group = _group_by_arn(call, p["resourceArn"])
    for key in p["tagKeys"]:
        group.tags.pop(key, None)
    return {}


@OPERATIONS("ListTagsForResource")
def list_tags_for_resource(call, p):
    return {"tags": dict(_group_by_arn(call, p["resourceArn"]).tags)}


@OPERATIONS("TagLogGroup")
def tag_log_group(call, p):
    _tag(group_of(call.state(), p["logGroupName"]), p["tags"])
    return {}


@OPERATIONS("UntagLogGroup")
def untag_log_group(call, p):
    group = group_of(call.state(), p["logGroupName"])
    for key in p["tags"]:
        group.tags.pop(key, None)
    return {}


@OPERATIONS("ListTagsLogGroup")
def list_tags_log_group(call, p):
    return {"tags": dict(group_of(call.state(), p["logGroupName"]).tags)}
