"""Event history: LookupEvents attributes, time range, pages, retention, errors."""
import json
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError

from awslab.services import cloudtrail


def _code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def _busy(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="shop-data")
    lab.advance(minutes=1)
    s3.put_object(Bucket="shop-data", Key="a", Body=b"1")
    s3.get_object(Bucket="shop-data", Key="a")
    lab.client("iam").create_user(UserName="carol")
    lab.advance(minutes=1)
    s3.list_buckets()


def test_newest_first_management_only(lab, ct):
    _busy(lab)
    names = [e["EventName"] for e in ct.lookup_events()["Events"]]
    assert names == ["ListBuckets", "CreateUser", "CreateBucket"]


@pytest.mark.parametrize("key,value,expected", [
    ("EventName", "CreateUser", ["CreateUser"]),
    ("ReadOnly", "true", ["ListBuckets"]),
    ("Username", "admin", ["ListBuckets", "CreateUser", "CreateBucket"]),
    ("ResourceType", "AWS::IAM::User", ["CreateUser"]),
    ("ResourceName", "shop-data", ["CreateBucket"]),
    ("EventSource", "iam.amazonaws.com", ["CreateUser"]),
])
def test_lookup_attributes(lab, ct, key, value, expected):
    _busy(lab)
    got = ct.lookup_events(LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}])
    assert [e["EventName"] for e in got["Events"]] == expected


def test_event_id_and_access_key(lab, ct):
    _busy(lab)
    first = ct.lookup_events(MaxResults=1)["Events"][0]
    by_id = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventId",
                                                "AttributeValue": first["EventId"]}])
    assert [e["EventId"] for e in by_id["Events"]] == [first["EventId"]]
    by_key = ct.lookup_events(LookupAttributes=[{"AttributeKey": "AccessKeyId",
                                                 "AttributeValue": first["AccessKeyId"]}])
    # the two LookupEvents calls before this one are events too
    assert [e["EventName"] for e in by_key["Events"]] == [
        "LookupEvents", "LookupEvents", "ListBuckets", "CreateUser", "CreateBucket"]
    assert json.loads(first["CloudTrailEvent"])["eventID"] == first["EventId"]


def test_only_one_attribute(ct):
    with pytest.raises(ClientError) as err:
        ct.lookup_events(LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": "A"},
            {"AttributeKey": "Username", "AttributeValue": "B"}])
    assert _code(err) == "InvalidLookupAttributesException"


def test_time_range_and_max_results(lab, ct):
    with pytest.raises(ClientError) as err:
        ct.lookup_events(StartTime=lab.now, EndTime=lab.now - timedelta(hours=1))
    assert _code(err) == "InvalidTimeRangeException"
    with pytest.raises(ClientError) as err:
        ct.lookup_events(MaxResults=51)
    assert _code(err) == "InvalidMaxResultsException"
    with pytest.raises(ClientError) as err:
        ct.lookup_events(NextToken="garbage")
    assert _code(err) == "InvalidNextTokenException"


def test_window_and_retention(lab, ct):
    _busy(lab)
    t = lab.now
    got = ct.lookup_events(StartTime=t - timedelta(seconds=30), EndTime=t)
    assert [e["EventName"] for e in got["Events"]] == ["ListBuckets"]
    lab.advance(days=91)
    names = [e["EventName"] for e in ct.lookup_events()["Events"]]
    assert "CreateBucket" not in names


def test_pages_of_a_busy_account_cover_each_event_once(lab, ct):
    cloudtrail.seed_activity(lab, days_before=0.05, days_after=0, anomalies=False)
    lab.client("s3").create_bucket(Bucket="shop-data")
    seen, token, times, pages = [], None, [], 0
    while True:
        pages += 1
        page = ct.lookup_events(MaxResults=50, **({"NextToken": token} if token else {}))
        seen += [e["EventId"] for e in page["Events"]]
        times += [e["EventTime"] for e in page["Events"]]
        token = page.get("NextToken")
        if not token:
            break
    assert len(seen) == len(set(seen)) > 100
    assert times == sorted(times, reverse=True)
    # the learner's own LookupEvents calls join the history after the last page
    assert len(cloudtrail.lookup_all(lab)) == len(seen) + pages


def test_seeded_activity_appears_only_when_the_clock_reaches_it(lab, ct):
    cloudtrail.seed_activity(lab, days_before=0, days_after=1, anomalies=False)
    assert ct.lookup_events()["Events"] == []
    lab.advance(minutes=10)
    events = ct.lookup_events()["Events"]
    assert events and all(e["EventTime"] <= lab.now for e in events)
    found = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventId",
                                                "AttributeValue": events[-1]["EventId"]}])
    assert found["Events"][0]["EventId"] == events[-1]["EventId"]


@pytest.mark.parametrize("kwargs, code", [
    ({"EventCategory": "management"}, "InvalidEventCategoryException"),
    ({"LookupAttributes": [{"AttributeKey": "Region", "AttributeValue": "x"}]},
     "InvalidLookupAttributesException"),
    ({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "yes"}]},
     "InvalidLookupAttributesException"),
])
def test_bad_category_and_attribute_keys(ct, kwargs, code):
    with pytest.raises(ClientError) as err:
        ct.lookup_events(**kwargs)
    assert _code(err) == code
