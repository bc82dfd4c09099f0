"""S3 managed rules read S3's public-access decision; AWS-DisableS3BucketPublicReadWrite
fixes a public bucket."""
import json

from config_helpers import compliance, managed_rule

PUBLIC_READ = {"Version": "2012-10-17", "Statement": [{
    "Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::site-bucket/*"}]}


def _public_bucket(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="site-bucket")
    s3.delete_public_access_block(Bucket="site-bucket")
    s3.put_bucket_policy(Bucket="site-bucket", Policy=json.dumps(PUBLIC_READ))
    return s3


def test_public_read_is_detected_and_write_is_not(lab, cfg, recording):
    managed_rule(cfg, "read", "S3_BUCKET_PUBLIC_READ_PROHIBITED")
    managed_rule(cfg, "write", "S3_BUCKET_PUBLIC_WRITE_PROHIBITED")
    _public_bucket(lab)
    assert compliance(cfg, "read")["site-bucket"] == "NON_COMPLIANT"
    assert compliance(cfg, "write")["site-bucket"] == "COMPLIANT"
    assert compliance(cfg, "read")[recording["bucket"]] == "COMPLIANT"
    details = cfg.get_compliance_details_by_config_rule(
        ConfigRuleName="read", ComplianceTypes=["NON_COMPLIANT"])
    assert "Everyone" in details["EvaluationResults"][0]["Annotation"]


def test_managed_runbook_blocks_public_access(lab, cfg, recording):
    managed_rule(cfg, "read", "S3_BUCKET_PUBLIC_READ_PROHIBITED")
    cfg.put_remediation_configurations(RemediationConfigurations=[{
        "ConfigRuleName": "read", "TargetType": "SSM_DOCUMENT",
        "TargetId": "AWS-DisableS3BucketPublicReadWrite", "Automatic": True,
        "Parameters": {"S3BucketName": {"ResourceValue": {"Value": "RESOURCE_ID"}}}}])
    s3 = _public_bucket(lab)
    assert compliance(cfg, "read")["site-bucket"] == "COMPLIANT"
    block = s3.get_public_access_block(Bucket="site-bucket")
    assert all(block["PublicAccessBlockConfiguration"].values())
    item = cfg.get_resource_config_history(resourceType="AWS::S3::Bucket",
                                           resourceId="site-bucket", limit=1)
    supp = item["configurationItems"][0]["supplementaryConfiguration"]
    assert json.loads(supp["PublicAccessBlockConfiguration"])["blockPublicPolicy"] is True


def _history(cfg, bucket):
    return cfg.get_resource_config_history(resourceType="AWS::S3::Bucket",
                                           resourceId=bucket)["configurationItems"]


def test_a_write_that_changes_nothing_makes_no_item(lab, cfg, recording):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="tagged")
    tags = {"TagSet": [{"Key": "team", "Value": "web"}]}
    s3.put_bucket_tagging(Bucket="tagged", Tagging=tags)
    s3.put_bucket_tagging(Bucket="tagged", Tagging=tags)          # the same again
    assert len(_history(cfg, "tagged")) == 2                      # discovered, tagged
    s3.put_bucket_tagging(Bucket="tagged", Tagging={"TagSet": [{"Key": "team", "Value": "db"}]})
    [newest, tagged, _] = _history(cfg, "tagged")
    assert newest["tags"] == {"team": "db"} and tagged["tags"] == {"team": "web"}
    supp = json.loads(tagged["supplementaryConfiguration"]["BucketTaggingConfiguration"])
    assert supp == {"tagSets": [{"tags": {"team": "web"}}]}        # a copy, kept as it was


def test_an_item_keeps_its_state_when_the_bucket_changes_in_place(lab, cfg, recording):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="in-place")
    s3.put_bucket_tagging(Bucket="in-place", Tagging={"TagSet": [{"Key": "a", "Value": "1"}]})
    bucket = lab.state("s3").buckets["in-place"]
    bucket.tags["a"] = "2"                        # a change no call made
    s3.put_bucket_versioning(Bucket="in-place", VersioningConfiguration={"Status": "Enabled"})
    [newest, tagged, _] = _history(cfg, "in-place")
    assert tagged["tags"] == {"a": "1"} and newest["tags"] == {"a": "2"}


def test_a_bucket_made_again_under_its_old_name_is_a_new_resource(lab, cfg, recording):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="reborn")
    s3.put_bucket_tagging(Bucket="reborn", Tagging={"TagSet": [{"Key": "a", "Value": "1"}]})
    s3.delete_bucket_tagging(Bucket="reborn")
    s3.delete_bucket(Bucket="reborn")
    lab.advance(days=1)
    s3.create_bucket(Bucket="reborn")
    newest = _history(cfg, "reborn")[0]
    assert newest["configurationItemStatus"] == "ResourceDiscovered"
    created = json.loads(newest["configuration"])["creationDate"]
    assert created.startswith(lab.now.strftime("%Y-%m-%d")) and newest["tags"] == {}
