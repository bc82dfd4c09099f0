"""Log groups and streams through boto3: naming rules, listing, pagination, tags."""
import pytest

from logs_helpers import aws_error


def test_create_describe_and_delete_group(logs):
    logs.create_log_group(logGroupName="/app/a", tags={"team": "web"})
    g = logs.describe_log_groups()["logGroups"][0]
    assert g["logGroupName"] == "/app/a"
    assert g["arn"] == "arn:aws:logs:us-east-1:123456789012:log-group:/app/a:*"
    assert g["logGroupArn"] == "arn:aws:logs:us-east-1:123456789012:log-group:/app/a"
    assert "retentionInDays" not in g          # never expire by default
    assert g["storedBytes"] == 0 and g["metricFilterCount"] == 0
    logs.delete_log_group(logGroupName="/app/a")
    assert logs.describe_log_groups()["logGroups"] == []


def test_group_names_follow_aws_rules(logs):
    code, message = aws_error(logs.create_log_group, logGroupName="bad name")
    assert code == "InvalidParameterException"
    assert "Member must satisfy regular expression pattern" in message
    code, _ = aws_error(logs.create_log_group, logGroupName="aws/mine")
    assert code == "InvalidParameterException"
    code, _ = aws_error(logs.create_log_group, logGroupName="x" * 513)
    assert code == "InvalidParameterException"
    logs.create_log_group(logGroupName="a.b-c_d/e#1")


def test_duplicates_and_missing_resources(logs, group):
    assert aws_error(logs.create_log_group, logGroupName=group) == (
        "ResourceAlreadyExistsException", "The specified log group already exists")
    assert aws_error(logs.create_log_stream, logGroupName=group, logStreamName="i-1") == (
        "ResourceAlreadyExistsException", "The specified log stream already exists")
    assert aws_error(logs.delete_log_group, logGroupName="/nope") == (
        "ResourceNotFoundException", "The specified log group does not exist.")
    assert aws_error(logs.delete_log_stream, logGroupName=group, logStreamName="x") == (
        "ResourceNotFoundException", "The specified log stream does not exist.")


def test_stream_names_refuse_colon_and_star(logs, group):
    for bad in ("a:b", "a*b"):
        code, _ = aws_error(logs.create_log_stream, logGroupName=group, logStreamName=bad)
        assert code == "InvalidParameterException"


def test_describe_groups_prefix_pattern_and_pagination(logs):
    for i in range(7):
        logs.create_log_group(logGroupName=f"/app/svc{i}")
    logs.create_log_group(logGroupName="/other/Svc")
    names = [g["logGroupName"] for g in
             logs.describe_log_groups(logGroupNamePrefix="/app")["logGroups"]]
    assert names == sorted(names) and len(names) == 7
    found = logs.describe_log_groups(logGroupNamePattern="svc")["logGroups"]
    assert len(found) == 8                      # the pattern is case-insensitive
    pages = logs.get_paginator("describe_log_groups").paginate(
        PaginationConfig={"PageSize": 3})
    assert [len(p["logGroups"]) for p in pages] == [3, 3, 2]
    code, _ = aws_error(logs.describe_log_groups, logGroupNamePrefix="/a",
                        logGroupNamePattern="b")
    assert code == "InvalidParameterException"


def test_describe_streams_ordering(logs, group, now_ms):
    for name, age in (("b", 3), ("a", 1), ("c", 2)):
        logs.create_log_stream(logGroupName=group, logStreamName=name)
        logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
            {"timestamp": now_ms() - age * 1000, "message": name}])
    by_name = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"] for s in by_name] == ["a", "b", "c", "i-1"]
    by_time = logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime",
                                        descending=True)["logStreams"]
    assert [s["logStreamName"] for s in by_time][:3] == ["a", "c", "b"]
    assert aws_error(logs.describe_log_streams, logGroupName=group, orderBy="LastEventTime",
                     logStreamNamePrefix="a")[0] == "InvalidParameterException"
    s = by_name[0]
    assert s["firstEventTimestamp"] == s["lastEventTimestamp"] == now_ms() - 1000
    assert s["storedBytes"] == 1


def test_tags_both_apis(logs, group):
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/petshop/web"
    logs.tag_resource(resourceArn=arn, tags={"env": "prod", "team": "web"})
    logs.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "prod"}
    logs.tag_log_group(logGroupName=group, tags={"cost": "7"})
    assert logs.list_tags_log_group(logGroupName=group)["tags"] == {"env": "prod",
                                                                    "cost": "7"}
    code, _ = aws_error(logs.tag_resource, resourceArn=arn + "x", tags={"a": "b"})
    assert code == "ResourceNotFoundException"
    code, _ = aws_error(logs.tag_resource, resourceArn=arn,
                        tags={f"k{i}": "v" for i in range(50)})
    assert code == "TooManyTagsException"


def test_deletion_protection(logs):
    logs.create_log_group(logGroupName="/keep", deletionProtectionEnabled=True)
    assert aws_error(logs.delete_log_group, logGroupName="/keep")[0] == \
        "OperationAbortedException"


@pytest.mark.parametrize("days", [0, 2, 4, 8, 366, 4000])
def test_retention_only_allowed_values(logs, group, days):
    code, message = aws_error(logs.put_retention_policy, logGroupName=group,
                              retentionInDays=days)
    assert code == "InvalidParameterException"
    assert "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30" in message


def test_retention_shows_and_can_be_removed(logs, group):
    logs.put_retention_policy(logGroupName=group, retentionInDays=3653)
    assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == 3653
    logs.delete_retention_policy(logGroupName=group)
    assert "retentionInDays" not in logs.describe_log_groups()["logGroups"][0]
