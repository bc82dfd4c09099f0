"""One representative successful call per EventBridge operation: ``fn(lab) -> response``.

Gathered by ``tests/bridge/bridge_examples.py`` (``EXAMPLES["events"]``).
"""
import json

PATTERN = json.dumps({"source": ["petshop.orders"]})
EVENT = json.dumps({"id": "1", "account": "123456789012", "source": "petshop.orders",
                    "time": "2026-01-05T00:00:00Z", "region": "us-east-1",
                    "detail-type": "Order Placed", "resources": [], "detail": {}})
QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders"


def _rule(lab):
    ev = lab.client("events")
    ev.put_rule(Name="orders", EventPattern=PATTERN)
    return ev


def _targeted(lab):
    ev = _rule(lab)
    ev.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": QUEUE}])
    return ev


def _archive(lab):
    ev = lab.client("events")
    bus = ev.describe_event_bus()["Arn"]
    ev.create_archive(ArchiveName="all", EventSourceArn=bus)
    return ev, bus


def _start_replay(lab):
    ev, bus = _archive(lab)
    start = lab.now
    lab.advance(minutes=30)
    arn = ev.describe_archive(ArchiveName="all")["ArchiveArn"]
    return ev.start_replay(ReplayName="r", EventSourceArn=arn, EventStartTime=start,
                           EventEndTime=lab.now, Destination={"Arn": bus})


def _replay(lab):
    _start_replay(lab)
    return lab.client("events")


def _source(lab):
    from awslab.services.events import seed_partners
    return lab.client("events"), seed_partners(lab)[0].name


def _with_permission(lab):
    ev = lab.client("events")
    ev.put_permission(Action="events:PutEvents", Principal="111122223333",
                      StatementId="other")
    return ev


def _rule_arn(lab):
    return _rule(lab), "arn:aws:events:us-east-1:123456789012:rule/orders"


EXAMPLES = {"events": {
    "PutEvents": lambda lab: lab.client("events").put_events(Entries=[{
        "Source": "petshop.orders", "DetailType": "Order Placed", "Detail": "{}"}]),
    "PutRule": lambda lab: lab.client("events").put_rule(
        Name="orders", EventPattern=PATTERN, Tags=[{"Key": "team", "Value": "web"}]),
    "DescribeRule": lambda lab: _rule(lab).describe_rule(Name="orders"),
    "ListRules": lambda lab: _rule(lab).list_rules(),
    "EnableRule": lambda lab: _rule(lab).enable_rule(Name="orders"),
    "DisableRule": lambda lab: _rule(lab).disable_rule(Name="orders"),
    "DeleteRule": lambda lab: _rule(lab).delete_rule(Name="orders"),
    "PutTargets": lambda lab: _rule(lab).put_targets(Rule="orders", Targets=[
        {"Id": "q", "Arn": QUEUE, "InputPath": "$.detail",
         "RetryPolicy": {"MaximumRetryAttempts": 3}}]),
    "RemoveTargets": lambda lab: _targeted(lab).remove_targets(Rule="orders", Ids=["q"]),
    "ListTargetsByRule": lambda lab: _targeted(lab).list_targets_by_rule(Rule="orders"),
    "ListRuleNamesByTarget": lambda lab: _targeted(lab).list_rule_names_by_target(
        TargetArn=QUEUE),
    "TestEventPattern": lambda lab: lab.client("events").test_event_pattern(
        EventPattern=PATTERN, Event=EVENT),
    "CreateEventBus": lambda lab: lab.client("events").create_event_bus(Name="orders"),
    "DeleteEventBus": lambda lab: (lambda ev: (ev.create_event_bus(Name="b"),
                                               ev.delete_event_bus(Name="b"))[1])(
        lab.client("events")),
    "DescribeEventBus": lambda lab: _with_permission(lab).describe_event_bus(),
    "ListEventBuses": lambda lab: lab.client("events").list_event_buses(),
    "PutPermission": lambda lab: _with_permission(lab).put_permission(
        Action="events:PutEvents", Principal="*", StatementId="org",
        Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-a1b2c3"}),
    "RemovePermission": lambda lab: _with_permission(lab).remove_permission(
        StatementId="other"),
    "CreateArchive": lambda lab: (lambda ev: ev.create_archive(
        ArchiveName="all", EventSourceArn=ev.describe_event_bus()["Arn"], RetentionDays=7))(
        lab.client("events")),
    "DescribeArchive": lambda lab: _archive(lab)[0].describe_archive(ArchiveName="all"),
    "ListArchives": lambda lab: _archive(lab)[0].list_archives(),
    "UpdateArchive": lambda lab: _archive(lab)[0].update_archive(ArchiveName="all",
                                                                 RetentionDays=30),
    "DeleteArchive": lambda lab: _archive(lab)[0].delete_archive(ArchiveName="all"),
    "StartReplay": _start_replay,
    "DescribeReplay": lambda lab: _replay(lab).describe_replay(ReplayName="r"),
    "ListReplays": lambda lab: _replay(lab).list_replays(),
    "CancelReplay": lambda lab: _replay(lab).cancel_replay(ReplayName="r"),
    "ListEventSources": lambda lab: _source(lab)[0].list_event_sources(),
    "DescribeEventSource": lambda lab: (lambda ev, name: ev.describe_event_source(
        Name=name))(*_source(lab)),
    "ActivateEventSource": lambda lab: (lambda ev, name: ev.activate_event_source(
        Name=name))(*_source(lab)),
    "DeactivateEventSource": lambda lab: (lambda ev, name: ev.deactivate_event_source(
        Name=name))(*_source(lab)),
    "TagResource": lambda lab: (lambda ev, arn: ev.tag_resource(
        ResourceARN=arn, Tags=[{"Key": "env", "Value": "prod"}]))(*_rule_arn(lab)),
    "UntagResource": lambda lab: (lambda ev, arn: ev.untag_resource(
        ResourceARN=arn, TagKeys=["env"]))(*_rule_arn(lab)),
    "ListTagsForResource": lambda lab: (lambda ev, arn: ev.list_tags_for_resource(
        ResourceARN=arn))(*_rule_arn(lab)),
}}

