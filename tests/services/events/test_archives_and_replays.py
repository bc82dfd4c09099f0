"""Archives (all or filtered, retention) and replays (window, rules, states)."""
import json
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError

from events_helpers import bodies, entry, queue, rule_to


def bus_arn(ev, name="default"):
    return ev.describe_event_bus(Name=name)["Arn"]


def put_orders(lab, ev, n, minutes=10):
    for i in range(n):
        ev.put_events(Entries=[entry(order=i)])
        lab.advance(minutes=minutes)


def test_archive_all_or_filtered(lab, ev):
    ev.create_archive(ArchiveName="all", EventSourceArn=bus_arn(ev))
    ev.create_archive(ArchiveName="big", EventSourceArn=bus_arn(ev),
                      EventPattern=json.dumps({"detail": {"order": [{"numeric": [">=", 2]}]}}),
                      RetentionDays=1)
    put_orders(lab, ev, 4)
    assert ev.describe_archive(ArchiveName="all")["EventCount"] == 4
    big = ev.describe_archive(ArchiveName="big")
    assert (big["EventCount"], big["RetentionDays"], big["State"]) == (2, 1, "ENABLED")
    assert big["SizeBytes"] > 0
    lab.advance(days=2)
    assert ev.describe_archive(ArchiveName="big")["EventCount"] == 0
    assert ev.describe_archive(ArchiveName="all")["EventCount"] == 4
    names = [a["ArchiveName"] for a in ev.list_archives(EventSourceArn=bus_arn(ev))["Archives"]]
    assert names == ["all", "big"]


def test_archive_errors(ev):
    ev.create_archive(ArchiveName="a", EventSourceArn=bus_arn(ev))
    for kw, code in [({"ArchiveName": "a", "EventSourceArn": bus_arn(ev)},
                      "ResourceAlreadyExistsException"),
                     ({"ArchiveName": "b", "EventSourceArn": bus_arn(ev).replace(
                         "default", "nope")}, "ResourceNotFoundException"),
                     ({"ArchiveName": "c", "EventSourceArn": bus_arn(ev),
                       "EventPattern": '{"a": 1}'}, "InvalidEventPatternException")]:
        with pytest.raises(ClientError) as err:
            ev.create_archive(**kw)
        assert err.value.response["Error"]["Code"] == code
    ev.update_archive(ArchiveName="a", RetentionDays=30, Description="d")
    assert ev.describe_archive(ArchiveName="a")["RetentionDays"] == 30
    ev.delete_archive(ArchiveName="a")
    assert ev.list_archives()["Archives"] == []


def test_replay_a_window_to_chosen_rules(lab, ev):
    archive = ev.create_archive(ArchiveName="all", EventSourceArn=bus_arn(ev))["ArchiveArn"]
    q, other = queue(lab, "q"), queue(lab, "other")
    rule_to(ev, "r", q)
    rule_to(ev, "r2", other)
    start = lab.now
    put_orders(lab, ev, 6)                         # orders 0..5 at minutes 0, 10, ... 50
    before = len(bodies(lab, q))
    rule_arn = ev.describe_rule(Name="r")["Arn"]
    out = ev.start_replay(ReplayName="fix", EventSourceArn=archive,
                          EventStartTime=start + timedelta(minutes=10),
                          EventEndTime=start + timedelta(minutes=40),
                          Destination={"Arn": bus_arn(ev), "FilterArns": [rule_arn]})
    assert out["State"] == "STARTING"
    lab.advance(minutes=1)
    assert ev.describe_replay(ReplayName="fix")["State"] == "COMPLETED"
    replayed = bodies(lab, q)[before:]
    assert [b["detail"]["order"] for b in replayed] == [1, 2, 3]
    assert {b["replay-name"] for b in replayed} == {"fix"}
    assert all("replay-name" not in b for b in bodies(lab, other))
    assert ev.describe_archive(ArchiveName="all")["EventCount"] == 6   # never re-archived
    listed = ev.list_replays(State="COMPLETED")["Replays"]
    assert [r["ReplayName"] for r in listed] == ["fix"]


def test_replay_states_and_cancel(lab, ev):
    archive = ev.create_archive(ArchiveName="all", EventSourceArn=bus_arn(ev))["ArchiveArn"]
    start = lab.now
    put_orders(lab, ev, 2, minutes=120)
    ev.start_replay(ReplayName="long", EventSourceArn=archive, EventStartTime=start,
                    EventEndTime=lab.now, Destination={"Arn": bus_arn(ev)})
    lab.advance(minutes=1)
    assert ev.describe_replay(ReplayName="long")["State"] == "RUNNING"
    assert ev.cancel_replay(ReplayName="long")["State"] == "CANCELLING"
    lab.advance(minutes=1)
    replay = ev.describe_replay(ReplayName="long")
    assert replay["State"] == "CANCELLED" and "ReplayEndTime" in replay
    with pytest.raises(ClientError) as err:
        ev.cancel_replay(ReplayName="long")
    assert err.value.response["Error"]["Code"] == "IllegalStatusException"


def test_replay_validation(lab, ev):
    archive = ev.create_archive(ArchiveName="all", EventSourceArn=bus_arn(ev))["ArchiveArn"]
    ev.create_event_bus(Name="other")
    now = lab.now
    lab.advance(minutes=5)
    cases = [({"EventStartTime": now, "EventEndTime": now}, "ValidationException"),
             ({"EventStartTime": now, "EventEndTime": now + timedelta(hours=1)},
              "ValidationException"),
             ({"Destination": {"Arn": bus_arn(ev, "other")}}, "ValidationException"),
             ({"EventSourceArn": archive + "x"}, "ResourceNotFoundException")]
    for override, code in cases:
        kw = {"ReplayName": "r", "EventSourceArn": archive, "EventStartTime": now,
              "EventEndTime": lab.now, "Destination": {"Arn": bus_arn(ev)}, **override}
        with pytest.raises(ClientError) as err:
            ev.start_replay(**kw)
        assert err.value.response["Error"]["Code"] == code
