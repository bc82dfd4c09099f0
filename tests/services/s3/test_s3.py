"""S3: naming, regions, objects, bucket policies, Block Public Access and service delivery."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services import s3 as S3


def code(fn):
    with pytest.raises(ClientError) as err:
        fn()
    return err.value.response["Error"]["Code"]


@pytest.fixture
def lab():
    return Lab(seed=3)


@pytest.mark.parametrize("name", ["ab", "UPPER", "a..b", "192.168.1.1", "xn--abc",
                                  "bucket-s3alias", "-start", "end-"])
def test_bucket_names_follow_the_rules(lab, name):
    assert S3.buckets.name_problem(name)
    assert code(lambda: lab.client("s3").create_bucket(Bucket=name)) == "InvalidBucketName"


def test_location_constraint_must_match_the_region(lab):
    eu = lab.client("s3", region_name="eu-west-1")
    assert code(lambda: eu.create_bucket(Bucket="x-bucket")) == \
        "IllegalLocationConstraintException"
    eu.create_bucket(Bucket="x-bucket", CreateBucketConfiguration={
        "LocationConstraint": "eu-west-1"})
    assert eu.get_bucket_location(Bucket="x-bucket")["LocationConstraint"] == "eu-west-1"
    assert code(lambda: eu.create_bucket(Bucket="x-bucket", CreateBucketConfiguration={
        "LocationConstraint": "eu-west-1"})) == "BucketAlreadyOwnedByYou"


def test_names_are_global_across_accounts(lab):
    lab.add_account("222222222222", "other")
    lab.client("s3").create_bucket(Bucket="shared-name")
    other = lab.client("s3", **lab.admin_credentials("222222222222").as_client_kwargs())
    assert code(lambda: other.create_bucket(Bucket="shared-name")) == "BucketAlreadyExists"
    assert other.list_buckets()["Buckets"] == []


def test_objects_round_trip_and_list_with_delimiter(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="data")
    for key in ("a/1.txt", "a/2.txt", "b/3.txt", "top.txt"):
        s3.put_object(Bucket="data", Key=key, Body=key.encode())
    assert s3.get_object(Bucket="data", Key="a/2.txt")["Body"].read() == b"a/2.txt"
    out = s3.list_objects_v2(Bucket="data", Delimiter="/")
    assert [c["Prefix"] for c in out["CommonPrefixes"]] == ["a/", "b/"]
    assert [o["Key"] for o in out["Contents"]] == ["top.txt"]
    page = s3.list_objects_v2(Bucket="data", MaxKeys=3)
    assert page["IsTruncated"] and page["KeyCount"] == 3
    rest = s3.list_objects_v2(Bucket="data", ContinuationToken=page["NextContinuationToken"])
    assert [o["Key"] for o in rest["Contents"]] == ["top.txt"]
    assert code(lambda: s3.delete_bucket(Bucket="data")) == "BucketNotEmpty"
    assert code(lambda: s3.head_object(Bucket="data", Key="missing")) == "404"


def test_new_buckets_block_public_access_and_acls(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="web")
    conf = s3.get_public_access_block(Bucket="web")["PublicAccessBlockConfiguration"]
    assert all(conf.values())
    assert code(lambda: s3.put_bucket_acl(Bucket="web", ACL="public-read")) == \
        "AccessControlListNotSupported"
    public = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "Site", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::web/*"}]})
    assert code(lambda: s3.put_bucket_policy(Bucket="web", Policy=public)) == "AccessDenied"
    assert S3.public_access(lab, "web") == {"read": False, "write": False, "why": []}
    s3.delete_public_access_block(Bucket="web")
    s3.put_bucket_policy(Bucket="web", Policy=public)
    found = S3.public_access(lab, "web")
    assert found["read"] and not found["write"] and "'Site'" in found["why"][0]
    assert s3.get_bucket_policy_status(Bucket="web")["PolicyStatus"]["IsPublic"]


def test_a_condition_on_the_source_account_is_not_public(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="logs")
    s3.delete_public_access_block(Bucket="logs")
    s3.put_bucket_policy(Bucket="logs", Policy=json.dumps({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
                       "Resource": "arn:aws:s3:::logs/*",
                       "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}))
    assert not S3.public_access(lab, "logs")["write"]


def test_public_acl_counts_once_acls_are_enabled(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="old-site")
    s3.put_bucket_ownership_controls(Bucket="old-site", OwnershipControls={
        "Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    assert code(lambda: s3.put_bucket_acl(Bucket="old-site", ACL="public-read")) == \
        "AccessDenied"                                   # BlockPublicAcls
    s3.put_public_access_block(Bucket="old-site", PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True})
    s3.put_bucket_acl(Bucket="old-site", ACL="public-read-write")
    found = S3.public_access(lab, "old-site")
    assert found["read"] and found["write"] and "AllUsers" in found["why"][0]


def test_malformed_policy_is_rejected(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="pol")
    bad = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other-bucket/*"}]})
    assert code(lambda: s3.put_bucket_policy(Bucket="pol", Policy=bad)) == "MalformedPolicy"
    assert code(lambda: s3.put_bucket_policy(Bucket="pol", Policy="{not json")) == \
        "MalformedPolicy"


def _trail_policy(bucket):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/123456789012/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]})


def test_services_deliver_only_where_the_bucket_policy_allows(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="trail")
    key = "AWSLogs/123456789012/CloudTrail/x.json.gz"
    with pytest.raises(S3.DeliveryError) as err:
        S3.deliver(lab, "trail", key, b"{}", service="cloudtrail.amazonaws.com",
                   source_account="123456789012")
    assert err.value.code == "AccessDenied"
    s3.put_bucket_policy(Bucket="trail", Policy=_trail_policy("trail"))
    S3.deliver(lab, "trail", key, b"{}", service="cloudtrail.amazonaws.com",
               source_account="123456789012")
    assert S3.keys(lab, "trail", "AWSLogs/") == [key] and S3.read(lab, "trail", key) == b"{}"
    with pytest.raises(S3.DeliveryError):           # another account's trail: confused deputy
        S3.deliver(lab, "trail", "AWSLogs/123456789012/y", b"{}",
                   service="cloudtrail.amazonaws.com", source_account="999999999999")
    with pytest.raises(S3.DeliveryError) as err:
        S3.check_delivery(lab, "nope", "k", service="config.amazonaws.com",
                          source_account="123456789012")
    assert err.value.code == "NoSuchBucket"


def test_cross_account_access_needs_the_bucket_policy(lab):
    lab.add_account("222222222222", "other")
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="central")
    s3.put_object(Bucket="central", Key="k", Body=b"x")
    other = lab.client("s3", **lab.admin_credentials("222222222222").as_client_kwargs())
    assert code(lambda: other.get_object(Bucket="central", Key="k")) == "AccessDenied"
    s3.put_bucket_policy(Bucket="central", Policy=json.dumps({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                       "Action": "s3:GetObject", "Resource": "arn:aws:s3:::central/*"}]}))
    assert other.get_object(Bucket="central", Key="k")["Body"].read() == b"x"


def test_firehose_style_delivery_through_a_role(lab):
    iam = lab.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="fh", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    lab.client("s3").create_bucket(Bucket="lake")
    with pytest.raises(S3.DeliveryError):
        S3.deliver(lab, "lake", "k", b"x", service="firehose.amazonaws.com",
                   source_account="123456789012", role_arn=role)
    iam.put_role_policy(RoleName="fh", PolicyName="w", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject",
                                                "Resource": "arn:aws:s3:::lake/*"}]}))
    S3.deliver(lab, "lake", "k", b"x", service="firehose.amazonaws.com",
               source_account="123456789012", role_arn=role)
    assert S3.read(lab, "lake", "k") == b"x"


def test_the_documented_trail_policy_with_its_acl_condition_admits_cloudtrail(lab):
    lab.client("s3").create_bucket(Bucket="docs-trail")
    lab.client("s3").put_bucket_policy(Bucket="docs-trail", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Sid": "AWSCloudTrailWrite", "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::docs-trail/AWSLogs/123456789012/*",
            "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]}))
    S3.deliver(lab, "docs-trail", "AWSLogs/123456789012/f.json.gz", b"{}",
               service="cloudtrail.amazonaws.com", source_account="123456789012")
    assert S3.keys(lab, "docs-trail") == ["AWSLogs/123456789012/f.json.gz"]
