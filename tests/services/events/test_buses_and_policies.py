"""Custom and partner buses, bus policies, cross-account PutEvents and bus targets."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services import events

from events_helpers import bodies, entry, queue, rule_to

OTHER = "111122223333"


def client_of(lab, account, service="events"):
    lab.add_account(account, f"acct-{account}")
    return lab.client(service, **lab.admin_credentials(account).as_client_kwargs())


def test_custom_bus_lifecycle(ev):
    arn = ev.create_event_bus(Name="orders", Description="orders")["EventBusArn"]
    assert arn == "arn:aws:events:us-east-1:123456789012:event-bus/orders"
    names = [b["Name"] for b in ev.list_event_buses()["EventBuses"]]
    assert names == ["default", "orders"]
    with pytest.raises(ClientError) as err:
        ev.create_event_bus(Name="orders")
    assert err.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    with pytest.raises(ClientError) as err:
        ev.delete_event_bus(Name="default")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    ev.delete_event_bus(Name="orders")
    with pytest.raises(ClientError) as err:
        ev.describe_event_bus(Name="orders")
    assert err.value.response["Error"]["Message"] == "Event bus orders does not exist."


def test_put_permission_and_remove_permission_edit_the_policy(ev):
    ev.put_permission(Action="events:PutEvents", Principal=OTHER, StatementId="other")
    policy = json.loads(ev.describe_event_bus()["Policy"])
    [statement] = policy["Statement"]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::{OTHER}:root"}
    assert statement["Resource"].endswith(":event-bus/default")
    ev.put_permission(Action="events:PutEvents", Principal="*", StatementId="org",
                      Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID",
                                 "Value": "o-abc"})
    org = json.loads(ev.describe_event_bus()["Policy"])["Statement"][1]
    assert org["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}
    ev.remove_permission(StatementId="other")
    assert len(json.loads(ev.describe_event_bus()["Policy"])["Statement"]) == 1
    with pytest.raises(ClientError) as err:
        ev.remove_permission(StatementId="other")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    ev.remove_permission(RemoveAllPermissions=True)
    assert "Policy" not in ev.describe_event_bus()


def test_cross_account_put_events_needs_the_bus_policy(lab, ev):
    ev.create_event_bus(Name="central")
    bus = ev.describe_event_bus(Name="central")["Arn"]
    other = client_of(lab, OTHER)
    with pytest.raises(ClientError) as err:
        other.put_events(Entries=[entry(bus=bus)])
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    ev.put_permission(EventBusName="central", Action="events:PutEvents", Principal=OTHER,
                      StatementId="other")
    assert other.put_events(Entries=[entry(bus=bus)])["FailedEntryCount"] == 0
    received = lab.state("events").buses["central"].events[-1]
    assert received["account"] == OTHER


def test_principal_org_id_admits_the_organization(lab, ev):
    from awslab.services.organizations.setup import build_organization, client_as
    build_organization(lab, {"Root": ["member"]})
    org_id = lab.service("organizations").organization_id(lab, "123456789012")
    ev.create_event_bus(Name="central")
    bus = ev.describe_event_bus(Name="central")["Arn"]
    ev.put_permission(EventBusName="central", Action="events:PutEvents", Principal="*",
                      StatementId="org", Condition={"Type": "StringEquals",
                                                    "Key": "aws:PrincipalOrgID",
                                                    "Value": org_id})
    member_id = next(a for a in lab.service("organizations").organization_of(
        lab, "123456789012")["accounts"] if a != "123456789012")
    inside = client_as(lab, member_id, "events")
    assert inside.put_events(Entries=[entry(bus=bus)])["FailedEntryCount"] == 0
    outsider = client_of(lab, OTHER)
    with pytest.raises(ClientError) as err:
        outsider.put_events(Entries=[entry(bus=bus)])
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"


def test_bus_target_in_another_account(lab, ev):
    other = client_of(lab, OTHER)
    other.create_event_bus(Name="central")
    central = other.describe_event_bus(Name="central")["Arn"]
    q = queue(lab, "central-q", account=OTHER)
    rule_to(other, "all", q, pattern={"source": ["petshop.orders"]}, bus="central")
    rule_to(ev, "forward", central)
    ev.put_events(Entries=[entry()])
    assert events.deliveries(lab, rule="forward")[0]["error_code"] == "NO_PERMISSIONS"
    other.put_permission(EventBusName="central", Action="events:PutEvents",
                         Principal="123456789012", StatementId="workloads")
    ev.put_events(Entries=[entry(order=9)])
    [got] = bodies(lab, q)
    assert got["detail"] == {"order": 9} and got["account"] == "123456789012"


def test_partner_sources_and_buses(lab, ev):
    zendesk, datadog, auth0 = events.seed_partners(lab)
    assert zendesk.name.startswith("aws.partner/zendesk.com/")
    listed = ev.list_event_sources()["EventSources"]
    assert {s["State"] for s in listed} == {"PENDING"} and len(listed) == 3
    assert events.partner_event(lab, zendesk.name) is None        # no bus yet: dropped
    ev.create_event_bus(Name=zendesk.name, EventSourceName=zendesk.name)
    assert ev.describe_event_source(Name=zendesk.name)["State"] == "ACTIVE"
    q = queue(lab, "tickets")
    rule_to(ev, "tickets", q, pattern={"source": [{"prefix": "aws.partner/zendesk.com"}]},
            bus=zendesk.name)
    events.partner_event(lab, zendesk.name)
    [ticket] = bodies(lab, q)
    assert ticket["detail-type"] == "Support Ticket: Ticket Created"
    ev.deactivate_event_source(Name=zendesk.name)
    assert events.partner_event(lab, zendesk.name) is None
    ev.activate_event_source(Name=zendesk.name)
    assert events.partner_event(lab, zendesk.name) is not None
    with pytest.raises(ClientError) as err:               # only the partner puts events
        ev.put_events(Entries=[entry(bus=ev.describe_event_bus(Name=zendesk.name)["Arn"])])
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_partner_bus_needs_its_source(ev):
    with pytest.raises(ClientError) as err:
        ev.create_event_bus(Name="aws.partner/x.com/1/y", EventSourceName="aws.partner/x.com/1/y")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as err:
        ev.create_event_bus(Name="a/b")
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_codebuild_failure_reaches_a_rule(lab, ev):
    q = queue(lab, "builds")
    rule_to(ev, "failed", q, pattern={"source": ["aws.codebuild"], "detail": {
        "build-status": ["FAILED"]}})
    event = events.codebuild_build_failed(lab)
    [got] = bodies(lab, q)
    assert got["id"] == event["id"] and got["detail"]["project-name"] == "petshop-build"


def test_ec2_state_changes_reach_a_rule(lab, ev):
    q = queue(lab, "ec2")
    rule_to(ev, "stopped", q, pattern={"source": ["aws.ec2"], "detail": {
        "state": ["stopped", "terminated"]}})
    from awslab.services.ec2.truth import image_id
    ec2 = lab.client("ec2")
    [inst] = ec2.run_instances(ImageId=image_id("al2023"), InstanceType="t3.micro",
                               MinCount=1, MaxCount=1)["Instances"]
    lab.advance(minutes=1)
    ec2.stop_instances(InstanceIds=[inst["InstanceId"]])
    lab.advance(minutes=1)
    seen = [e["detail"]["state"] for e in lab.state("events").events
            if e["source"] == "aws.ec2"]
    assert seen == ["pending", "running", "stopping", "stopped"]
    [got] = bodies(lab, q)
    assert got["detail"] == {"instance-id": inst["InstanceId"], "state": "stopped"}
    assert got["detail-type"] == "EC2 Instance State-change Notification"
