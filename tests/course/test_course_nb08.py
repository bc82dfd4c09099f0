"""NB08 checks: E1's verdict as a pure function, then every exercise end to end on a lab
with seeded activity, a trail and Insights."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from awslab import Lab, course
from awslab.course.checks import nb08
from awslab.services import cloudtrail
from awslab.services.cloudtrail.culprit import Truth

UTC = timezone.utc
TRUTH = Truth("dev-jordan", "arn:aws:iam::123456789012:user/dev-jordan",
              datetime(2026, 1, 5, 0, 37, 20, tzinfo=UTC), "198.51.100.191",
              ("qa-noor", "data-lee"))


@pytest.mark.parametrize("answer, passed, words", [
    (("dev-jordan", TRUTH.time, "198.51.100.191"), True, "dev-jordan deleted"),
    ({"user": TRUTH.arn, "time": "2026-01-05T00:37:20Z", "ip": "198.51.100.191"}, True,
     "deleted the bucket"),
    (("qa-noor", TRUTH.time, "198.51.100.191"), False, "did not delete it"),
    (("dev-jordan", TRUTH.time + timedelta(minutes=5), "198.51.100.191"), False,
     "time"),
    (("dev-jordan", TRUTH.time, "198.51.100.10"), False, "source IP"),
    ("dev-jordan", False, "give (principal, time, source IP)"),
])
def test_judge_e1(answer, passed, words):
    ok, message = nb08.judge_e1(answer, TRUTH)
    assert ok is passed and words in message


@pytest.fixture(scope="module")
def lab():
    lab = Lab(student_id="nb08-test")
    cloudtrail.seed_activity(lab)
    s3 = lab.client("s3")
    for bucket in ("petshop-invoices", "petshop-uploads", "trail-logs-nb08"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="petshop-invoices", Key="a.csv", Body=b"1")
    cloudtrail.stage_deletion(lab, "petshop-invoices")
    s3.put_bucket_policy(Bucket="trail-logs-nb08", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::trail-logs-nb08/AWSLogs/123456789012/*"}]}))
    ct = lab.client("cloudtrail")
    ct.create_trail(Name="main", S3BucketName="trail-logs-nb08")
    ct.start_logging(Name="main")
    return lab


def test_e1_end_to_end(lab):
    ex = course.exercises("08", lab, bucket="petshop-invoices")
    assert not ex.e1.check(("x", lab.now, "1.2.3.4")).passed      # not deleted yet
    lab.advance(hours=1)
    ct = lab.client("cloudtrail")
    found = ct.lookup_events(LookupAttributes=[
        {"AttributeKey": "ResourceName", "AttributeValue": "petshop-invoices"}])["Events"]
    event = next(e for e in found if e["EventName"] == "DeleteBucket")
    ip = json.loads(event["CloudTrailEvent"])["sourceIPAddress"]
    assert ex.e1.check((event["Username"], event["EventTime"], ip)).passed


def test_e2_selectors(lab):
    ct = lab.client("cloudtrail")
    ex = course.exercises("08", lab, data_bucket="petshop-uploads")
    assert not ex.e2.check("main").passed                  # management events only
    ct.put_event_selectors(TrailName="main", EventSelectors=[{
        "ReadWriteType": "All", "DataResources": [
            {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::petshop-uploads/"]}]}])
    result = ex.e2.check("main")
    assert not result.passed and "GetObject" in result.message
    ct.put_event_selectors(TrailName="main", EventSelectors=[{
        "ReadWriteType": "WriteOnly", "DataResources": [
            {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    assert "other buckets" in ex.e2.check("main").message
    ct.put_event_selectors(TrailName="main", EventSelectors=[{
        "ReadWriteType": "WriteOnly", "DataResources": [
            {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::petshop-uploads/"]}]}])
    assert ex.e2.check("main").passed
    assert not ex.e2.check("nope").passed


def test_e3_insights(lab):
    ct = lab.client("cloudtrail")
    ex = course.exercises("08", lab)
    assert "no Insights events" in ex.e3.check("CreateUser").message
    ct.put_event_selectors(TrailName="main", EventSelectors=[{"ReadWriteType": "All"}])
    ct.put_insight_selectors(TrailName="main", InsightSelectors=[
        {"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiErrorRateInsight"}])
    lab.advance(hours=16)
    burst = nb08._burst(lab)
    assert ex.e3.check(burst.operation).passed
    assert "not the burst" in ex.e3.check("CreateRole").message
    assert "no Insights event" in ex.e3.check("DeleteBucket").message


def test_quiz_loads():
    quiz = course.load_quiz("08")
    assert len(quiz.questions) == 4
