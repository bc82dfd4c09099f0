"""Recorder and delivery channel: setup errors, discovery, configuration items, history."""
import json

import pytest
from botocore.exceptions import ClientError

from config_helpers import SSH_OPEN, instance, open_group

ROLE = "arn:aws:iam::123456789012:role/config-role"


def _code(exc):
    return exc.value.response["Error"]["Code"]


def test_channel_needs_a_recorder_and_a_writable_bucket(lab, cfg):
    with pytest.raises(ClientError) as exc:
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "b"})
    assert _code(exc) == "NoAvailableConfigurationRecorderException"
    cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": ROLE})
    with pytest.raises(ClientError) as exc:
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "nope"})
    assert _code(exc) == "NoSuchBucketException"
    lab.client("s3").create_bucket(Bucket="no-policy")
    with pytest.raises(ClientError) as exc:
        cfg.put_delivery_channel(DeliveryChannel={"name": "default",
                                                  "s3BucketName": "no-policy"})
    assert _code(exc) == "InsufficientDeliveryPolicyException"


def test_start_needs_a_channel_and_only_one_recorder(cfg):
    cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": ROLE})
    with pytest.raises(ClientError) as exc:
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    assert _code(exc) == "NoAvailableDeliveryChannelException"
    with pytest.raises(ClientError) as exc:
        cfg.put_configuration_recorder(ConfigurationRecorder={"name": "two", "roleARN": ROLE})
    assert _code(exc) == "MaxNumberOfConfigurationRecordersExceededException"
    with pytest.raises(ClientError) as exc:
        cfg.start_configuration_recorder(ConfigurationRecorderName="other")
    assert _code(exc) == "NoSuchConfigurationRecorderException"


def test_writability_check_file_lands_in_the_bucket(lab, recording):
    keys = lab.service("s3").keys(lab, recording["bucket"])
    assert "AWSLogs/123456789012/Config/ConfigWritabilityCheckFile" in keys


def test_existing_resources_are_discovered_when_recording_starts(lab, ec2, cfg):
    gid = open_group(ec2)
    from awslab.services import config
    config.enable(lab)
    found = cfg.list_discovered_resources(resourceType="AWS::EC2::SecurityGroup")
    assert gid in {r["resourceId"] for r in found["resourceIdentifiers"]}
    item = cfg.get_resource_config_history(resourceType="AWS::EC2::SecurityGroup",
                                           resourceId=gid)["configurationItems"][0]
    assert item["configurationItemStatus"] == "ResourceDiscovered"


def test_every_change_is_an_item_with_its_cloudtrail_event(lab, ec2, cfg, recording):
    gid = open_group(ec2)
    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=SSH_OPEN)
    items = cfg.get_resource_config_history(
        resourceType="AWS::EC2::SecurityGroup", resourceId=gid,
        chronologicalOrder="Forward")["configurationItems"]
    assert [i["configurationItemStatus"] for i in items] == ["ResourceDiscovered", "OK", "OK"]
    ports = [json.loads(i["configuration"])["ipPermissions"] for i in items]
    assert ports[0] == [] and ports[1][0]["fromPort"] == 22 and ports[2] == []
    assert all(len(i["relatedEvents"]) == 1 for i in items[1:])


def test_reads_and_failed_calls_make_no_items(lab, ec2, cfg, recording):
    gid = open_group(ec2)
    before = len(lab.state("config").items[("AWS::EC2::SecurityGroup", gid)])
    ec2.describe_security_groups()
    with pytest.raises(ClientError):
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=SSH_OPEN)
    assert len(lab.state("config").items[("AWS::EC2::SecurityGroup", gid)]) == before


def test_deleted_resource_keeps_its_history(lab, ec2, cfg, recording):
    gid = ec2.create_security_group(GroupName="tmp", Description="tmp")["GroupId"]
    ec2.delete_security_group(GroupId=gid)
    items = cfg.get_resource_config_history(resourceType="AWS::EC2::SecurityGroup",
                                            resourceId=gid)["configurationItems"]
    assert items[0]["configurationItemStatus"] == "ResourceDeleted"
    assert "configuration" not in items[0]
    listed = cfg.list_discovered_resources(resourceType="AWS::EC2::SecurityGroup",
                                           includeDeletedResources=True)
    gone = [r for r in listed["resourceIdentifiers"] if r["resourceId"] == gid]
    assert gone and "resourceDeletionTime" in gone[0]


def test_instance_items_relate_to_group_and_volume(lab, ec2, cfg, recording):
    iid = instance(lab, ec2)
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    lab.advance(seconds=5)
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    item = cfg.get_resource_config_history(resourceType="AWS::EC2::Instance",
                                           resourceId=iid, limit=1)["configurationItems"][0]
    rels = {(r["resourceType"], r["relationshipName"]) for r in item["relationships"]}
    assert ("AWS::EC2::Volume", "Is attached to Volume") in rels
    assert ("AWS::EC2::SecurityGroup", "Is associated with SecurityGroup") in rels
    assert json.loads(item["configuration"])["state"]["name"] == "running"
    batch = cfg.batch_get_resource_config(resourceKeys=[
        {"resourceType": "AWS::EC2::Volume", "resourceId": vid},
        {"resourceType": "AWS::EC2::Volume", "resourceId": "vol-0000000000000000"}])
    assert [b["resourceId"] for b in batch["baseConfigurationItems"]] == [vid]
    assert batch["unprocessedResourceKeys"][0]["resourceId"] == "vol-0000000000000000"


def test_stopped_recorder_records_nothing(lab, ec2, cfg, recording):
    cfg.stop_configuration_recorder(ConfigurationRecorderName="default")
    gid = open_group(ec2)
    with pytest.raises(ClientError) as exc:
        cfg.get_resource_config_history(resourceType="AWS::EC2::SecurityGroup",
                                        resourceId=gid)
    assert _code(exc) == "ResourceNotDiscoveredException"


def test_item_changes_stream_to_sns_with_a_diff(lab, ec2, recording):
    gid = open_group(ec2)
    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=SSH_OPEN)
    assert not any(gid in n["subject"] and "Updated" in n["subject"]
                   for n in lab.state("config").notifications)   # not inside the call
    lab.advance(seconds=1)                                       # moments later
    subjects = [n["subject"] for n in lab.state("config").notifications]
    assert f"[AWS Config:us-east-1] AWS::EC2::SecurityGroup {gid} Updated in Account " \
           "123456789012" in subjects
    event = [e for e in lab.state("events").events
             if e["detail-type"] == "Config Configuration Item Change"][-1]
    changed = event["detail"]["configurationItemDiff"]["changedProperties"]
    assert changed["Configuration.ipPermissions.0.fromPort"] == {
        "previousValue": 22, "updatedValue": None, "changeType": "DELETE"}


def test_global_iam_types_only_with_include_global(lab):
    from awslab.services import config
    config.enable(lab, include_global=True)
    lab.client("iam").create_user(UserName="carol")
    cfg = lab.client("config")
    found = cfg.list_discovered_resources(resourceType="AWS::IAM::User")
    names = {r["resourceName"] for r in found["resourceIdentifiers"]}
    assert {"carol", "admin"} <= names


def test_history_time_range_and_limit_errors(cfg, recording):
    from datetime import datetime, timezone
    with pytest.raises(ClientError) as exc:
        cfg.get_resource_config_history(
            resourceType="AWS::S3::Bucket", resourceId=recording["bucket"],
            earlierTime=datetime(2026, 2, 1, tzinfo=timezone.utc),
            laterTime=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert _code(exc) == "InvalidTimeRangeException"
    with pytest.raises(ClientError) as exc:
        cfg.get_resource_config_history(resourceType="AWS::S3::Bucket",
                                        resourceId=recording["bucket"], limit=101)
    assert _code(exc) == "ValidationException"


def test_snapshots_and_history_land_in_the_bucket(lab, ec2, cfg, recording):
    import gzip
    open_group(ec2)
    snapshot_id = cfg.deliver_config_snapshot(deliveryChannelName="default")[
        "configSnapshotId"]
    s3 = lab.service("s3")
    keys = s3.keys(lab, recording["bucket"], "AWSLogs/123456789012/Config/us-east-1/")
    snap = [k for k in keys if "/ConfigSnapshot/" in k]
    assert len(snap) == 1 and snap[0].endswith(f"_{snapshot_id}.json.gz")
    body = json.loads(gzip.decompress(s3.read(lab, recording["bucket"], snap[0])))
    assert {"AWS::EC2::SecurityGroup", "AWS::S3::Bucket"} <= {
        i["resourceType"] for i in body["configurationItems"]}
    lab.advance(hours=6)
    keys = s3.keys(lab, recording["bucket"], "AWSLogs/123456789012/Config/us-east-1/")
    assert any("ConfigHistory_AWS_EC2_SecurityGroup_" in k for k in keys)
    status = cfg.describe_delivery_channel_status()["DeliveryChannelsStatus"][0]
    assert status["configHistoryDeliveryInfo"]["lastStatus"] == "SUCCESS"
    assert status["configSnapshotDeliveryInfo"]["lastStatus"] == "SUCCESS"
