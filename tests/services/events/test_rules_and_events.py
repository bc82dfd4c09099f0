"""Rules, targets and PutEvents through boto3, with AWS's limits and errors."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services import events

from events_helpers import bodies, entry, queue, rule_to, topic


def code(fn, **kw):
    with pytest.raises(ClientError) as err:
        fn(**kw)
    return err.value.response["Error"]["Code"], err.value.response["Error"]["Message"]


def test_put_events_results_per_entry(lab, ev):
    out = ev.put_events(Entries=[
        entry(), entry(source="aws.ec2"),
        {"Source": "a", "DetailType": "b", "Detail": "[1]"},
        entry(bus="nope")])
    assert out["FailedEntryCount"] == 3
    ok, src, detail, bus = out["Entries"]
    assert len(ok["EventId"]) == 36
    assert src["ErrorCode"] == "NotAuthorizedForSourceException"
    assert detail == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    assert bus["ErrorCode"] == "ResourceNotFoundException"
    assert lab.state("events").events[-1]["detail"] == {"order": 1}


def test_put_events_limits(ev):
    assert code(ev.put_events, Entries=[entry()] * 11)[0] == "ValidationException"
    big = entry(blob="x" * (256 * 1024))
    assert code(ev.put_events, Entries=[big]) == (
        "ValidationException", "Total size of the entries in the request is over the limit.")
    assert code(ev.put_events, Entries=[{"Source": "a", "DetailType": "b"}])[0] == \
        "ValidationException"
    assert ev.put_events(Entries=[entry(blob="x" * (255 * 1024))])["FailedEntryCount"] == 0


def test_entry_time_and_resources_are_kept(lab, ev):
    ev.put_events(Entries=[{**entry(), "Time": "2025-12-31T23:59:00Z",
                            "Resources": ["arn:aws:s3:::b"]}])
    last = lab.state("events").events[-1]
    assert last["time"] == "2025-12-31T23:59:00Z" and last["resources"] == ["arn:aws:s3:::b"]
    assert list(last) == list(events.ENVELOPE)


def test_rules_lifecycle(lab, ev):
    arn = ev.put_rule(Name="orders", EventPattern='{"source": ["petshop.orders"]}',
                      Description="all orders")["RuleArn"]
    assert arn == "arn:aws:events:us-east-1:123456789012:rule/orders"
    rule = ev.describe_rule(Name="orders")
    assert (rule["State"], rule["EventBusName"], rule["Description"]) == (
        "ENABLED", "default", "all orders")
    ev.disable_rule(Name="orders")
    assert ev.list_rules(NamePrefix="ord")["Rules"][0]["State"] == "DISABLED"
    q = queue(lab, "q")
    ev.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": q}])
    assert ev.list_rule_names_by_target(TargetArn=q)["RuleNames"] == ["orders"]
    assert code(ev.delete_rule, Name="orders") == (
        "ValidationException", "Rule can't be deleted since it has targets.")
    ev.remove_targets(Rule="orders", Ids=["q"])
    ev.delete_rule(Name="orders")
    assert code(ev.describe_rule, Name="orders") == (
        "ResourceNotFoundException", "Rule orders does not exist on EventBus default.")


def test_disabled_rules_deliver_nothing(lab, ev):
    q = queue(lab, "q")
    rule_to(ev, "r", q)
    ev.disable_rule(Name="r")
    ev.put_events(Entries=[entry()])
    ev.enable_rule(Name="r")
    ev.put_events(Entries=[entry(order=2)])
    assert [b["detail"] for b in bodies(lab, q)] == [{"order": 2}]


def test_put_rule_needs_a_pattern_or_schedule_and_checks_them(ev):
    assert code(ev.put_rule, Name="r")[0] == "ValidationException"
    assert code(ev.put_rule, Name="r", ScheduleExpression="rate(1 minutes)") == (
        "ValidationException", "Parameter ScheduleExpression is not valid.")
    ev.create_event_bus(Name="custom")
    assert "default event bus" in code(ev.put_rule, Name="r", EventBusName="custom",
                                       ScheduleExpression="rate(5 minutes)")[1]


def test_target_limits_and_per_entry_failures(lab, ev):
    ev.put_rule(Name="r", EventPattern='{"source": ["x"]}')
    q = queue(lab, "q")
    out = ev.put_targets(Rule="r", Targets=[
        {"Id": "ok", "Arn": q},
        {"Id": "kinesis", "Arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s"},
        {"Id": "both", "Arn": q, "Input": "{}", "InputPath": "$.detail"}])
    assert out["FailedEntryCount"] == 2
    assert {f["TargetId"] for f in out["FailedEntries"]} == {"kinesis", "both"}
    ev.put_targets(Rule="r", Targets=[{"Id": f"t{i}", "Arn": q} for i in range(4)])
    assert code(ev.put_targets, Rule="r", Targets=[{"Id": "six", "Arn": q}])[0] == \
        "LimitExceededException"
    assert len(ev.list_targets_by_rule(Rule="r")["Targets"]) == 5


def test_input_input_path_and_transformer(lab, ev):
    q = queue(lab, "q")
    ev.put_rule(Name="r", EventPattern='{"source": ["petshop.orders"]}')
    ev.put_targets(Rule="r", Targets=[
        {"Id": "const", "Arn": q, "Input": '{"fixed": true}'},
        {"Id": "path", "Arn": q, "InputPath": "$.detail"},
        {"Id": "tpl", "Arn": q, "InputTransformer": {
            "InputPathsMap": {"order": "$.detail.order", "src": "$.source",
                              "missing": "$.detail.nope"},
            "InputTemplate": '{"text": "order <order> from <src>", "n": <order>, '
                             '"m": <missing>, "rule": "<aws.events.rule-name>"}'}}])
    ev.put_events(Entries=[entry(order=7)])
    got = bodies(lab, q)
    assert {"fixed": True} in got and {"order": 7} in got
    assert {"text": "order 7 from petshop.orders", "n": 7, "m": None, "rule": "r"} in got


def test_sns_target_needs_the_topic_policy(lab, ev):
    closed = topic(lab, "closed", admit=False)
    rule_to(ev, "r", closed)
    ev.put_events(Entries=[entry()])
    [attempt] = events.deliveries(lab, rule="r")
    assert (attempt["status"], attempt["error_code"]) == ("dropped", "NO_PERMISSIONS")
    open_topic = topic(lab, "open")
    rule_to(ev, "r2", open_topic)
    ev.put_events(Entries=[entry()])
    assert events.deliveries(lab, rule="r2")[0]["status"] == "delivered"


def test_lambda_target_gets_the_event_as_a_dict(lab, ev):
    from awslab.services import lambda_
    seen = []
    arn = lambda_.register(lab, "handler", lambda event, ctx: seen.append(event))
    lab.client("lambda").add_permission(FunctionName="handler", StatementId="ev",
                                        Action="lambda:InvokeFunction",
                                        Principal="events.amazonaws.com")
    rule_to(ev, "r", arn)
    ev.put_events(Entries=[entry(order=3)])
    assert seen[0]["detail"] == {"order": 3} and seen[0]["source"] == "petshop.orders"


def test_log_group_target_writes_one_stream_per_event(lab, ev):
    from awslab.services.logs import find_group
    rule_to(ev, "r", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders")
    ev.put_events(Entries=[entry(order=1), entry(order=2)])
    group = find_group(lab, "123456789012", "us-east-1", "/aws/events/orders")
    assert len(group.streams) == 2
    messages = [json.loads(s.events[0].message) for s in group.streams.values()]
    assert sorted(m["detail"]["order"] for m in messages) == [1, 2]
    assert set(group.streams) == {m["id"] for m in messages}


def test_scheduled_rule_fires_on_the_clock(lab, ev):
    q = queue(lab, "q")
    ev.put_rule(Name="tick", ScheduleExpression="rate(5 minutes)")
    ev.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": q}])
    lab.advance(minutes=16)
    got = bodies(lab, q)
    assert [b["time"] for b in got] == ["2026-01-05T00:05:00Z", "2026-01-05T00:10:00Z",
                                        "2026-01-05T00:15:00Z"]
    assert got[0]["detail-type"] == "Scheduled Event" and got[0]["source"] == "aws.events"
    assert got[0]["resources"] == ["arn:aws:events:us-east-1:123456789012:rule/tick"]
    ev.disable_rule(Name="tick")
    lab.advance(minutes=10)
    assert len(bodies(lab, q)) == 3


def test_cron_rule_fires_at_its_times(lab, ev):
    q = queue(lab, "q")
    ev.put_rule(Name="noon", ScheduleExpression="cron(0 12 * * ? *)")
    ev.put_targets(Rule="noon", Targets=[{"Id": "q", "Arn": q}])
    lab.advance(days=2)
    assert [b["time"] for b in bodies(lab, q)] == ["2026-01-05T12:00:00Z",
                                                   "2026-01-06T12:00:00Z"]


def test_tags(ev):
    arn = ev.put_rule(Name="r", EventPattern='{"source": ["x"]}',
                      Tags=[{"Key": "team", "Value": "web"}])["RuleArn"]
    ev.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "prod"}])
    ev.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert ev.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "env", "Value": "prod"}]
