"""Firehose through boto3: delivery streams, buffering by size and interval, S3 writes."""
import gzip

import pytest
from botocore.exceptions import ClientError
from firehose_helpers import ready_stream

from awslab import Lab
from awslab.services import firehose, s3


@pytest.fixture
def lab():
    return Lab(seed=6)


def test_creating_then_active_and_described(lab):
    fh, arn = ready_stream(lab, advance=False)
    desc = fh.describe_delivery_stream(DeliveryStreamName="to-s3")[
        "DeliveryStreamDescription"]
    assert desc["DeliveryStreamStatus"] == "CREATING" and desc["DeliveryStreamARN"] == arn
    hints = desc["Destinations"][0]["ExtendedS3DestinationDescription"]["BufferingHints"]
    assert hints == {"SizeInMBs": 5, "IntervalInSeconds": 300}
    with pytest.raises(ClientError) as err:
        fh.put_record(DeliveryStreamName="to-s3", Record={"Data": b"x"})
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    lab.advance(seconds=10)
    assert fh.describe_delivery_stream(DeliveryStreamName="to-s3")[
        "DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE"


def test_interval_flush_writes_one_object_with_the_aws_key(lab):
    fh, arn = ready_stream(lab, interval=60, prefix="app/")
    fh.put_record(DeliveryStreamName="to-s3", Record={"Data": b"one\n"})
    lab.advance(seconds=30)
    fh.put_record_batch(DeliveryStreamName="to-s3", Records=[{"Data": b"two\n"},
                                                             {"Data": b"three\n"}])
    lab.advance(seconds=29)
    assert s3.keys(lab, "central-logs") == []
    lab.advance(seconds=1)
    (key,) = s3.keys(lab, "central-logs")
    assert key.startswith("app/2026/01/05/00/to-s3-1-2026-01-05-00-00-15-")
    assert s3.read(lab, "central-logs", key) == b"one\ntwo\nthree\n"
    assert [d.records for d in firehose.deliveries(lab, arn)] == [3]


def test_size_flush_and_gzip(lab):
    fh, arn = ready_stream(lab, size=1, compression="GZIP")
    chunk = b"x" * 600_000
    fh.put_record(DeliveryStreamName="to-s3", Record={"Data": chunk})
    assert s3.keys(lab, "central-logs") == []
    fh.put_record(DeliveryStreamName="to-s3", Record={"Data": chunk})
    (key,) = s3.keys(lab, "central-logs")          # 1.2 MB >= 1 MiB: written at once
    assert key.endswith(".gz")
    assert gzip.decompress(s3.read(lab, "central-logs", key)) == chunk * 2


def test_role_without_permission_keeps_data_and_says_why(lab):
    fh, arn = ready_stream(lab, interval=60, policy=None)
    fh.put_record(DeliveryStreamName="to-s3", Record={"Data": b"lost?\n"})
    lab.advance(seconds=60)
    (failed,) = firehose.deliveries(lab, arn)
    assert failed.error.startswith("AccessDenied")
    assert s3.keys(lab, "central-logs") == []
    lab.client("iam").put_role_policy(
        RoleName="firehose", PolicyName="write", PolicyDocument=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":'
            '"s3:PutObject","Resource":"arn:aws:s3:::central-logs/*"}]}'))
    lab.advance(seconds=60)
    assert len(s3.keys(lab, "central-logs")) == 1


def test_errors_and_refusals(lab):
    fh, _ = ready_stream(lab)
    with pytest.raises(ClientError) as err:
        fh.create_delivery_stream(DeliveryStreamName="to-s3", S3DestinationConfiguration={
            "RoleARN": "arn:aws:iam::123456789012:role/x",
            "BucketARN": "arn:aws:s3:::central-logs"})
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    with pytest.raises(ClientError) as err:
        fh.create_delivery_stream(DeliveryStreamName="splunk", SplunkDestinationConfiguration={
            "HECEndpoint": "https://x", "HECEndpointType": "Raw", "HECToken": "t",
            "S3Configuration": {"RoleARN": "arn:aws:iam::123456789012:role/x",
                                "BucketARN": "arn:aws:s3:::b"}})
    assert "S3 destinations only" in err.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as err:
        fh.describe_delivery_stream(DeliveryStreamName="nope")
    assert err.value.response["Error"]["Message"] == \
        "Firehose nope under account 123456789012 not found."
    assert fh.list_delivery_streams()["DeliveryStreamNames"] == ["to-s3"]
    fh.delete_delivery_stream(DeliveryStreamName="to-s3")
    assert fh.list_delivery_streams()["DeliveryStreamNames"] == []


def test_pure_schedule_agrees_with_the_service(lab):
    from awslab.services.firehose.buffering import schedule
    fh, arn = ready_stream(lab, size=1, interval=60)
    start = lab.now
    arrivals = [(0, 100_000), (20, 300_000), (50, 700_000), (70, 10), (200, 5),
                (230, 900_000), (231, 200_000)]
    for i, (t, n) in enumerate(arrivals):
        lab.advance(seconds=t - (lab.now - start).total_seconds())
        fh.put_record(DeliveryStreamName="to-s3", Record={"Data": bytes(n)})
    lab.advance(minutes=5)
    real = [((d.time - start).total_seconds(), d.records) for d in firehose.deliveries(
        lab, arn)]
    model = [(f.time, f.records) for f in schedule(arrivals, 1, 60)]
    assert real == model == [(50, 3), (130, 1), (231, 3)]
    assert [f.reason for f in schedule(arrivals, 1, 60)] == ["size", "interval", "size"]
