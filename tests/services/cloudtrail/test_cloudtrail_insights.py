"""CloudTrail Insights on the seeded anomalies, the culprit story, EventBridge events."""
import json

import numpy as np
import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services import cloudtrail
from awslab.services.cloudtrail.anomalies import detect
from cloudtrail_helpers import trail


@pytest.fixture(scope="module")
def story():
    lab = Lab(seed=21)
    act = cloudtrail.seed_activity(lab)
    ct = trail(lab)
    ct.start_logging(Name="main")
    ct.put_insight_selectors(TrailName="main", InsightSelectors=[
        {"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiErrorRateInsight"}])
    lab.advance(hours=16)
    return lab, ct, act


def test_three_anomalies_and_nothing_else(story):
    lab, ct, act = story
    events = [json.loads(e["CloudTrailEvent"]) for e in
              ct.lookup_events(EventCategory="insight")["Events"]]
    found = {(d["insightDetails"]["eventName"], d["insightDetails"]["insightType"])
             for d in events}
    burst, gap, errors = act.anomalies
    assert found == {(burst.operation, "ApiCallRateInsight"),
                     ("CreateSnapshot", "ApiCallRateInsight"),
                     ("CreateRole", "ApiCallRateInsight"),
                     ("CreateRole", "ApiErrorRateInsight")}
    start = [d for d in events if d["insightDetails"]["eventName"] == burst.operation
             and d["insightDetails"]["state"] == "Start"][0]
    assert start["eventTime"] == burst.start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert start["eventCategory"] == "Insight" and "userIdentity" not in start


def test_end_event_has_duration_and_attributions(story):
    lab, ct, act = story
    burst = act.anomalies[0]
    ends = [json.loads(e["CloudTrailEvent"]) for e in ct.lookup_events(
        EventCategory="insight", LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": burst.operation}])["Events"]]
    end = [d for d in ends if d["insightDetails"]["state"] == "End"][0]
    ctx = end["insightDetails"]["insightContext"]
    assert ctx["statistics"]["insightDuration"] == burst.minutes
    assert ctx["statistics"]["baseline"]["average"] == 0
    assert ctx["statistics"]["insight"]["average"] > 10
    who = {a["attribute"]: a for a in ctx["attributions"]}
    assert who["userIdentityArn"]["insight"][0]["value"].endswith(":user/temp-contractor")
    start = [d for d in ends if d["insightDetails"]["state"] == "Start"][0]
    assert start["sharedEventID"] == end["sharedEventID"]


def test_insights_reach_bucket_and_eventbridge(story):
    lab, ct, act = story
    keys = lab.service("s3").keys(lab, "trail-logs-demo",
                                  "AWSLogs/123456789012/CloudTrail-Insight/")
    assert keys
    bus = [e for e in lab.state("events").events
           if e["detail-type"] == "AWS Insight via CloudTrail"]
    assert len(bus) == 8 and bus[0]["source"] == "aws.cloudtrail"


def test_delivered_logs_hold_the_background_activity(story):
    lab, ct, act = story
    df = cloudtrail.query(lab, "SELECT count(*) AS n FROM cloudtrail_logs "
                          "WHERE errorcode = 'LimitExceeded'", bucket="trail-logs-demo")
    errors = act.anomalies[2]
    assert int(df.n[0]) >= errors.minutes * 5


def test_detect_finds_a_burst_and_a_gap():
    rng = np.random.default_rng(1)
    calls = rng.poisson(2.0, 10080 + 300).astype(float)
    calls[10200:10215] = 40
    assert [(s, e) for s, e, _, _ in detect(calls, 10080)] == [(10200, 10215)]
    periodic = np.tile([1.0, 0.0], (10080 + 300) // 2)
    periodic[10150:10190] = 0
    assert [(s, e) for s, e, _, _ in detect(periodic, 10080)] == [(10149, 10190)]


def test_insights_need_management_events(lab):
    ct = trail(lab)
    ct.put_event_selectors(TrailName="main", EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": False,
         "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    with pytest.raises(ClientError) as err:
        ct.put_insight_selectors(TrailName="main",
                                 InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    assert err.value.response["Error"]["Code"] == "InvalidInsightSelectorsException"


def test_who_deleted_the_bucket(lab, ct):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="shop-data")
    s3.put_object(Bucket="shop-data", Key="orders.csv", Body=b"1,2")
    story = cloudtrail.stage_deletion(lab, "shop-data")
    lab.advance(hours=1)
    assert "shop-data" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    [event] = ct.lookup_events(LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "DeleteBucket"}])["Events"]
    rec = json.loads(event["CloudTrailEvent"])
    truth = cloudtrail.truth(lab, "shop-data")
    assert event["Username"] == truth.user
    assert rec["sourceIPAddress"] == truth.source_ip
    assert event["EventTime"] == truth.time
    assert story.not_before <= truth.time <= story.not_after
    other = Lab(seed=9)
    other.client("s3").create_bucket(Bucket="shop-data")
    cloudtrail.stage_deletion(other, "shop-data")
    assert cloudtrail.truth(other, "shop-data") != truth


def _api_events(lab):
    return [(e["source"], e["detail"]["eventName"]) for e in lab.state("events").events
            if e["detail-type"] == "AWS API Call via CloudTrail"]


def test_write_calls_go_to_eventbridge_while_a_trail_logs(lab, ct):
    cloudtrail.enable(lab)
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="before-trail")
    assert _api_events(lab) == []                 # no logging trail yet
    trail(lab).start_logging(Name="main")
    s3.create_bucket(Bucket="shop-data")
    s3.list_buckets()
    s3.put_object(Bucket="shop-data", Key="k", Body=b"x")
    assert _api_events(lab) == [("aws.cloudtrail", "StartLogging"),
                                ("aws.s3", "CreateBucket")]


def test_the_event_is_the_record_as_it_was_at_call_time(lab, ct):
    """The detail is made only when something needs it; it still shows the call as it
    was (the caller's network origin then, not a later one)."""
    from awslab.services.cloudtrail import records
    cloudtrail.enable(lab)
    trail(lab).start_logging(Name="main")
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="lazy-data")
    call = lab.audit_log[-1]
    expected = records.record(lab, call)
    cloudtrail.set_origin(lab, call.access_key_id, "203.0.113.9", "curl/8.0")
    [event] = [e for e in lab.state("events").events if e["detail"].get("eventName") ==
               "CreateBucket" and e["detail"]["requestParameters"] == {
                   "bucketName": "lazy-data"}]
    assert event["detail"] == expected and event["detail"]["sourceIPAddress"] != "203.0.113.9"


def test_a_rule_for_api_calls_gets_the_whole_event_at_once(lab, ct):
    cloudtrail.enable(lab)
    trail(lab).start_logging(Name="main")
    got = []
    from awslab.services import lambda_
    arn = lambda_.register(lab, "watch", lambda event, context: got.append(event))
    lab.client("lambda").add_permission(FunctionName="watch", StatementId="ev",
                                        Action="lambda:InvokeFunction",
                                        Principal="events.amazonaws.com")
    events = lab.client("events")
    events.put_rule(Name="s3-calls", EventPattern=json.dumps(
        {"source": ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"],
         "detail": {"eventName": ["PutBucketTagging"]}}))
    events.put_targets(Rule="s3-calls", Targets=[{"Id": "1", "Arn": arn}])
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="rule-data")
    s3.put_bucket_tagging(Bucket="rule-data", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    assert [e["detail"]["eventName"] for e in got] == ["PutBucketTagging"]
    assert got[0]["detail"]["requestParameters"]["bucketName"] == "rule-data"


def test_records_show_the_arguments_as_they_were_sent(lab, ct):
    """A learner reusing (and changing) one dict for two calls sees two different
    calls in event history and on the bus, whenever the records are made."""
    cloudtrail.enable(lab)
    trail(lab).start_logging(Name="main")
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="reused-args")
    tagging = {"TagSet": [{"Key": "team", "Value": "web"}]}
    s3.put_bucket_tagging(Bucket="reused-args", Tagging=tagging)
    tagging["TagSet"][0]["Value"] = "db"
    s3.put_bucket_tagging(Bucket="reused-args", Tagging=tagging)
    sent = [e["detail"]["requestParameters"]["tagging"]["tagSet"][0]["value"]
            for e in lab.state("events").events
            if e["detail"].get("eventName") == "PutBucketTagging"
            and e["detail"]["requestParameters"]["bucketName"] == "reused-args"]
    found = ct.lookup_events(LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "PutBucketTagging"}])["Events"]
    looked_up = [json.loads(e["CloudTrailEvent"])["requestParameters"]["tagging"]["tagSet"][0]
                 ["value"] for e in found][:2]
    assert sent == ["web", "db"] and looked_up == ["db", "web"]      # newest first
