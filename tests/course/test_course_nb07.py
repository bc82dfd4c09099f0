"""NB07 checks end to end on a real Lab: E1's pattern over seeded events, E2's bus policy
tried from members, the management account and an outsider, E3's fix-and-replay."""
import json

import pytest

from awslab import Lab, course
from awslab.course.checks import nb07
from awslab.services import lambda_


@pytest.fixture(scope="module")
def lab():
    return Lab(student_id="nb07-tests")


@pytest.fixture(scope="module")
def ex(lab):
    return course.exercises("07", lab)


def good_pattern(ex):
    return {"source": ["aws.ec2"], "detail-type": [nb07.EC2_CHANGE],
            "detail": {"state": ["stopped", "terminated"], "instance-id": ex.e1.instance_ids}}


def test_e1_events_are_seeded_and_mixed(lab, ex):
    events = nb07.e1_events(ex.e1._context())
    assert len(events) == 200 and events == nb07.e1_events(ex.e1._context())
    assert {e["source"] for e in events} == {"aws.ec2", "petshop.inventory"}
    assert 0 < sum(nb07.intended(e, ex.e1.instance_ids) for e in events) < 100


def test_e1_passes_the_right_pattern_as_dict_or_json(ex):
    assert ex.e1.check(good_pattern(ex)).passed
    assert ex.e1.check(json.dumps(good_pattern(ex))).passed


@pytest.mark.parametrize("change, words", [
    (lambda p: p["detail"].pop("instance-id"), "match but should not"),
    (lambda p: p.pop("detail-type"), "match but should not"),
    (lambda p: p["detail"].update(state=["stopped"]), "should match but do not"),
    (lambda p: p.update(source="aws.ec2"), "refuses that pattern"),
])
def test_e1_says_what_is_wrong(ex, change, words):
    pattern = good_pattern(ex)
    change(pattern)
    result = ex.e1.check(pattern)
    assert not result.passed and words in result.message


def test_e1_instances_differ_between_learners():
    a = course.exercises("07", Lab(student_id="a")).e1.instance_ids
    b = course.exercises("07", Lab(student_id="b")).e1.instance_ids
    assert a != b and len(a) == 3


def test_e2_needs_an_org_a_bus_and_the_org_condition():
    from awslab.services.organizations.setup import build_organization
    lab = Lab(student_id="nb07-e2")
    ex = course.exercises("07", lab)
    assert "no organization" in ex.e2.check().message
    build_organization(lab, {"Dev": ["dev-1"], "Root": ["shared"]})
    assert "no event bus central" in ex.e2.check().message
    ev = lab.client("events")
    ev.create_event_bus(Name="central")
    assert "no resource-based policy" in ex.e2.check().message
    ev.put_permission(EventBusName="central", Action="events:PutEvents",
                      Principal="111111111111", StatementId="one")
    assert "was refused" in ex.e2.check().message
    ev.put_permission(EventBusName="central", Action="events:PutEvents", Principal="*",
                      StatementId="one")
    assert "outsider" in ex.e2.check().message
    org_id = lab.service("organizations").organization_id(lab, "123456789012")
    ev.put_permission(EventBusName="central", Action="events:PutEvents", Principal="*",
                      StatementId="one", Condition={"Type": "StringEquals",
                                                   "Key": "aws:PrincipalOrgID",
                                                   "Value": org_id})
    result = ex.e2.check()
    assert result.passed, result.message


def replay(lab, ex, name, start, end):
    ev = lab.client("events")
    archive = ev.describe_archive(ArchiveName=nb07.E3_ARCHIVE)
    rule = ev.describe_rule(Name=nb07.E3_RULE, EventBusName=nb07.E3_BUS)
    ev.start_replay(ReplayName=name, EventSourceArn=archive["ArchiveArn"],
                    EventStartTime=start, EventEndTime=end,
                    Destination={"Arn": archive["EventSourceArn"],
                                 "FilterArns": [rule["Arn"]]})
    lab.advance(minutes=5)


def test_e3_story_and_verdicts():
    lab = Lab(student_id="nb07-e3")
    ex = course.exercises("07", lab)
    assert "prepare_e3" in ex.e3.check().message
    nb07.prepare_e3(lab)
    assert nb07.prepare_e3(lab)["start"] == ex.e3.start          # set up once
    assert (ex.e3.end - ex.e3.start).total_seconds() == 7200
    calls = lambda_.invocations(lab, nb07.prepare_e3(lab)["arn"])
    assert calls and all(c.error for c in calls)                  # the buggy release
    assert "no replayed event" in ex.e3.check().message
    replay(lab, ex, "too-early", ex.e3.start, ex.e3.end)          # still buggy
    assert "failed again" in ex.e3.check().message


def test_e3_passes_after_fix_and_exact_replay_but_not_a_wider_one():
    lab = Lab(student_id="nb07-e3b")
    ex = course.exercises("07", lab)
    nb07.prepare_e3(lab)
    lambda_.register(lab, nb07.E3_FUNCTION, nb07.fulfil)
    replay(lab, ex, "fix", ex.e3.start, ex.e3.end)
    result = ex.e3.check()
    assert result.passed, result.message
    from datetime import timedelta
    replay(lab, ex, "wider", ex.e3.start - timedelta(minutes=30), ex.e3.start)
    assert "outside the failed window" in ex.e3.check().message
