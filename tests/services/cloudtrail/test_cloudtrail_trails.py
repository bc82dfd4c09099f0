"""Trails: creation rules, logging, delivery to S3 and CloudWatch Logs, selectors."""
import gzip
import json
import re

import pytest
from botocore.exceptions import ClientError
from hypothesis import given, strategies as st

from awslab.errors import AwsError
from awslab.services import cloudtrail
from awslab.services.cloudtrail.trails import check_name
from cloudtrail_helpers import log_bucket, trail

KEY = re.compile(r"AWSLogs/123456789012/CloudTrail/(?P<region>[a-z0-9-]+)/2026/01/05/"
                 r"123456789012_CloudTrail_(?P=region)_20260105T\d{4}Z_[0-9A-F]{16}\.json\.gz")


def _code(err):
    return err.value.response["Error"]["Code"]


def _records(lab, bucket="trail-logs-demo"):
    s3 = lab.service("s3")
    out = []
    for key in s3.keys(lab, bucket):
        assert KEY.fullmatch(key), key
        out += json.loads(gzip.decompress(s3.read(lab, bucket, key)))["Records"]
    return out


def test_create_needs_bucket_and_policy(lab, ct):
    with pytest.raises(ClientError) as err:
        ct.create_trail(Name="main", S3BucketName="missing-bucket-x")
    assert _code(err) == "S3BucketDoesNotExistException"
    lab.client("s3").create_bucket(Bucket="plain-bucket")
    with pytest.raises(ClientError) as err:
        ct.create_trail(Name="main", S3BucketName="plain-bucket")
    assert _code(err) == "InsufficientS3BucketPolicyException"
    assert "plain-bucket" in err.value.response["Error"]["Message"]


def test_defaults_single_region_not_logging(lab):
    ct = trail(lab)
    got = ct.get_trail(Name="main")["Trail"]
    assert got["IsMultiRegionTrail"] is False and got["HomeRegion"] == "us-east-1"
    assert got["IncludeGlobalServiceEvents"] is True
    assert ct.get_trail_status(Name="main")["IsLogging"] is False
    with pytest.raises(ClientError) as err:
        ct.create_trail(Name="main", S3BucketName="trail-logs-demo")
    assert _code(err) == "TrailAlreadyExistsException"


def test_five_trails_per_region_counting_multi_region(lab):
    log_bucket(lab)
    west = lab.client("cloudtrail", region_name="us-west-2")
    west.create_trail(Name="everywhere", S3BucketName="trail-logs-demo",
                      IsMultiRegionTrail=True)
    ct = lab.client("cloudtrail")
    for n in range(4):
        ct.create_trail(Name=f"t{n}x", S3BucketName="trail-logs-demo")
    with pytest.raises(ClientError) as err:
        ct.create_trail(Name="sixth", S3BucketName="trail-logs-demo")
    assert _code(err) == "MaximumNumberOfTrailsExceededException"
    shadow = [t for t in ct.describe_trails()["trailList"] if t["Name"] == "everywhere"]
    assert shadow[0]["HomeRegion"] == "us-west-2"
    assert [t["Name"] for t in ct.describe_trails(includeShadowTrails=False)["trailList"]
            ] == ["t0x", "t1x", "t2x", "t3x"]
    with pytest.raises(ClientError) as err:
        ct.stop_logging(Name="everywhere")
    assert _code(err) == "InvalidHomeRegionException"


def test_unknown_trail(ct):
    with pytest.raises(ClientError) as err:
        ct.get_trail_status(Name="nope")
    assert _code(err) == "TrailNotFoundException"
    assert err.value.response["Error"]["Message"] == \
        "Unknown trail: nope for the user: 123456789012"


@given(st.text(alphabet="ab1._-", min_size=3, max_size=12))
def test_trail_names_follow_the_rules(name):
    ok = (name[0].isalnum() and name[-1].isalnum() and
          not re.search(r"[._-]{2}", name))
    try:
        check_name(name)
        assert ok
    except AwsError as err:
        assert not ok and err.code == "InvalidTrailNameException"


def test_delivery_every_five_minutes_with_aws_key_layout(lab):
    ct = trail(lab, IsMultiRegionTrail=True)
    ct.start_logging(Name="main")
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="shop-data")
    lab.client("s3", region_name="eu-west-1").list_buckets()
    lab.advance(minutes=4)
    assert lab.service("s3").keys(lab, "trail-logs-demo") == []
    lab.advance(minutes=1)
    recs = _records(lab)
    names = {r["eventName"] for r in recs}
    assert {"CreateBucket", "StartLogging", "ListBuckets"} <= names
    assert {r["awsRegion"] for r in recs} == {"us-east-1", "eu-west-1"}
    status = ct.get_trail_status(Name="main")
    assert status["LatestDeliveryTime"] == lab.now and "LatestDeliveryError" not in status


def test_single_region_trail_skips_other_regions(lab):
    ct = trail(lab)
    ct.start_logging(Name="main")
    lab.client("s3", region_name="eu-west-1").list_buckets()
    lab.client("iam", region_name="eu-west-1").create_user(UserName="dan")
    lab.advance(minutes=5)
    recs = _records(lab)
    assert {r["awsRegion"] for r in recs} == {"us-east-1"}
    assert "CreateUser" in {r["eventName"] for r in recs}


def test_delivery_error_when_policy_removed(lab):
    ct = trail(lab)
    ct.start_logging(Name="main")
    lab.client("s3").delete_bucket_policy(Bucket="trail-logs-demo")
    lab.advance(minutes=5)
    assert ct.get_trail_status(Name="main")["LatestDeliveryError"] == "AccessDenied"


def test_stop_logging_flushes_and_stops(lab):
    ct = trail(lab)
    ct.start_logging(Name="main")
    lab.client("s3").create_bucket(Bucket="shop-data")
    ct.stop_logging(Name="main")
    before = _records(lab)
    assert "CreateBucket" in {r["eventName"] for r in before}
    lab.client("s3").create_bucket(Bucket="shop-data-2")
    lab.advance(minutes=15)
    assert _records(lab) == before


def test_event_selectors_write_only_data_events_for_one_bucket(lab):
    ct = trail(lab)
    assert ct.get_event_selectors(TrailName="main")["EventSelectors"][0][
        "DataResources"] == []
    ct.put_event_selectors(TrailName="main", EventSelectors=[{
        "ReadWriteType": "WriteOnly", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::shop-data/"]}]}])
    ct.start_logging(Name="main")
    s3 = lab.client("s3")
    for b in ("shop-data", "other-data"):
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key="k", Body=b"x")
    s3.get_object(Bucket="shop-data", Key="k")
    s3.list_buckets()
    lab.advance(minutes=5)
    recs = _records(lab)
    data = [(r["eventName"], r["requestParameters"]["bucketName"]) for r in recs
            if r["eventCategory"] == "Data"]
    assert data == [("PutObject", "shop-data")]
    assert "ListBuckets" not in {r["eventName"] for r in recs}
    assert ct.get_trail(Name="main")["Trail"]["HasCustomEventSelectors"] is True


def test_bad_selectors(lab):
    ct = trail(lab)
    with pytest.raises(ClientError) as err:
        ct.put_event_selectors(TrailName="main", EventSelectors=[{
            "DataResources": [{"Type": "AWS::S3::Bucket", "Values": ["arn:aws:s3"]}]}])
    assert _code(err) == "InvalidEventSelectorsException"
    with pytest.raises(ClientError) as err:
        ct.put_event_selectors(TrailName="main", EventSelectors=[{}] * 6)
    assert _code(err) == "InvalidEventSelectorsException"
    with pytest.raises(ClientError) as err:
        ct.get_insight_selectors(TrailName="main")
    assert _code(err) == "InsightNotEnabledException"


def test_cloudwatch_logs_delivery_needs_a_role_cloudtrail_can_use(lab):
    iam = lab.client("iam")
    group = "arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/audit:*"
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="ct-logs", AssumeRolePolicyDocument=json.dumps(trust))
    role = "arn:aws:iam::123456789012:role/ct-logs"
    ct = trail(lab)
    with pytest.raises(ClientError) as err:
        ct.update_trail(Name="main", CloudWatchLogsLogGroupArn=group,
                        CloudWatchLogsRoleArn=role)
    assert _code(err) == "InvalidCloudWatchLogsRoleArnException"
    iam.put_role_policy(RoleName="ct-logs", PolicyName="logs", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}))
    ct.update_trail(Name="main", CloudWatchLogsLogGroupArn=group, CloudWatchLogsRoleArn=role)
    lab.client("logs").create_log_group(logGroupName="CloudTrail/audit")
    ct.start_logging(Name="main")
    lab.client("s3").create_bucket(Bucket="shop-data")
    lab.advance(minutes=5)
    found = lab.service("logs").find_group(lab, "123456789012", "us-east-1",
                                           "CloudTrail/audit")
    stream = found.streams["123456789012_CloudTrail_us-east-1"]
    names = [json.loads(e.message)["eventName"] for e in stream.events]
    assert "CreateBucket" in names
    assert ct.get_trail_status(Name="main")["LatestCloudWatchLogsDeliveryTime"] == lab.now


def test_sql_over_delivered_logs(lab):
    ct = trail(lab)
    ct.start_logging(Name="main")
    lab.client("s3").create_bucket(Bucket="shop-data")
    lab.client("s3").delete_bucket(Bucket="shop-data")
    lab.advance(minutes=5)
    df = cloudtrail.query(lab, "SELECT eventname, useridentity.username AS who, "
                          "sourceipaddress, readonly FROM cloudtrail_logs "
                          "WHERE eventname = 'DeleteBucket'", bucket="trail-logs-demo")
    assert df.to_dict("records") == [{"eventname": "DeleteBucket", "who": "admin",
                                      "sourceipaddress": "198.51.100.10",
                                      "readonly": "false"}]


def test_refused_and_listed(lab):
    ct = trail(lab)
    for kwargs in ({"KmsKeyId": "alias/ct"}, {"IsOrganizationTrail": True}):
        with pytest.raises(ClientError) as err:
            ct.create_trail(Name="other", S3BucketName="trail-logs-demo", **kwargs)
        assert _code(err) == "UnsupportedOperationException"
        assert "awslab does not simulate" in err.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as err:     # the policy admits AWSLogs/ only
        ct.update_trail(Name="main", S3KeyPrefix="audit")
    assert _code(err) == "InsufficientS3BucketPolicyException"
    assert [t["Name"] for t in ct.list_trails()["Trails"]] == ["main"]
    ct.delete_trail(Name="main")
    assert ct.describe_trails()["trailList"] == []
