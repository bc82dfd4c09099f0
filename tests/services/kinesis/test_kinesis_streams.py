"""Kinesis Data Streams through boto3: streams, shards, records and iterators."""
import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services import kinesis as kinesis_service


@pytest.fixture
def lab():
    return Lab(seed=5)


@pytest.fixture
def kinesis(lab):
    client = lab.client("kinesis")
    client.create_stream(StreamName="logs", ShardCount=2)
    return client


def code(err):
    return err.value.response["Error"]["Code"], err.value.response["Error"]["Message"]


def test_stream_is_creating_then_active(lab, kinesis):
    summary = kinesis.describe_stream_summary(StreamName="logs")["StreamDescriptionSummary"]
    assert summary["StreamStatus"] == "CREATING" and summary["OpenShardCount"] == 2
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName="logs", Data=b"x", PartitionKey="k")
    assert code(err) == ("ResourceNotFoundException",
                         "Stream logs under account 123456789012 not found.")
    lab.advance(seconds=20)
    assert kinesis.describe_stream(StreamName="logs")["StreamDescription"][
        "StreamStatus"] == "ACTIVE"


def test_shards_split_the_hash_space(kinesis):
    shards = kinesis.describe_stream(StreamName="logs")["StreamDescription"]["Shards"]
    assert shards[0]["HashKeyRange"]["StartingHashKey"] == "0"
    assert int(shards[1]["HashKeyRange"]["EndingHashKey"]) == 2 ** 128 - 1
    assert int(shards[0]["HashKeyRange"]["EndingHashKey"]) + 1 == int(
        shards[1]["HashKeyRange"]["StartingHashKey"])


def test_records_by_partition_key_in_order(lab, kinesis):
    lab.advance(seconds=30)
    sent = [kinesis.put_record(StreamName="logs", Data=f"r{i}".encode(),
                               PartitionKey=f"key-{i % 3}") for i in range(9)]
    assert all(len(s["SequenceNumber"]) == 56 for s in sent)
    seqs = [int(s["SequenceNumber"]) for s in sent]
    assert seqs == sorted(seqs)
    got = {}
    for shard in ("shardId-000000000000", "shardId-000000000001"):
        it = kinesis.get_shard_iterator(StreamName="logs", ShardId=shard,
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        page = kinesis.get_records(ShardIterator=it)
        got[shard] = [r["Data"].decode() for r in page["Records"]]
        for r in page["Records"]:   # one partition key always lands on one shard
            assert {s["ShardId"] for s, x in zip(sent, range(9))
                    if f"key-{x % 3}" == r["PartitionKey"]} == {shard}
    assert sorted(got["shardId-000000000000"] + got["shardId-000000000001"]) == [
        f"r{i}" for i in range(9)]


def test_latest_iterator_then_new_records_and_next_iterator(lab, kinesis):
    lab.advance(seconds=30)
    kinesis.put_record(StreamName="logs", Data=b"old", PartitionKey="p",
                       ExplicitHashKey="0")
    it = kinesis.get_shard_iterator(StreamName="logs", ShardId="shardId-000000000000",
                                    ShardIteratorType="LATEST")["ShardIterator"]
    page = kinesis.get_records(ShardIterator=it)
    assert page["Records"] == []
    kinesis.put_record(StreamName="logs", Data=b"new", PartitionKey="p",
                       ExplicitHashKey="0")
    page = kinesis.get_records(ShardIterator=page["NextShardIterator"])
    assert [r["Data"] for r in page["Records"]] == [b"new"]
    after = kinesis.get_shard_iterator(
        StreamName="logs", ShardId="shardId-000000000000",
        ShardIteratorType="AFTER_SEQUENCE_NUMBER",
        StartingSequenceNumber=page["Records"][0]["SequenceNumber"])["ShardIterator"]
    assert kinesis.get_records(ShardIterator=after)["Records"] == []


def test_put_records_batch_and_limit(lab, kinesis):
    lab.advance(seconds=30)
    out = kinesis.put_records(StreamName="logs", Records=[
        {"Data": b"a", "PartitionKey": "1"}, {"Data": b"b", "PartitionKey": "2"},
        {"Data": b"c", "PartitionKey": "3", "ExplicitHashKey": str(2 ** 128)}])
    assert out["FailedRecordCount"] == 1
    assert out["Records"][2]["ErrorCode"] == "InvalidArgumentException"
    assert len(kinesis_service.records(lab, kinesis.describe_stream(StreamName="logs")[
        "StreamDescription"]["StreamARN"])) == 2


def test_iterator_expires_after_five_minutes(lab, kinesis):
    lab.advance(seconds=30)
    it = kinesis.get_shard_iterator(StreamName="logs", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    lab.advance(minutes=5, seconds=1)
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator=it)
    assert code(err)[0] == "ExpiredIteratorException"
    assert "tolerated delay of 300000 milliseconds" in code(err)[1]


def test_records_past_retention_are_gone(lab, kinesis):
    lab.advance(seconds=30)
    kinesis.put_record(StreamName="logs", Data=b"x", PartitionKey="p", ExplicitHashKey="1")
    lab.advance(hours=24, seconds=1)
    it = kinesis.get_shard_iterator(StreamName="logs", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=it)["Records"] == []


def test_errors(lab, kinesis):
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName="logs", ShardCount=1)
    assert code(err) == ("ResourceInUseException",
                         "Stream logs under account 123456789012 already exists.")
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream(StreamName="nope")
    assert code(err)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName="big", ShardCount=499)
    assert code(err)[0] == "LimitExceededException"
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator="not-an-iterator")
    assert code(err)[0] == "InvalidArgumentException"


def test_on_demand_default_list_and_delete(lab, kinesis):
    kinesis.create_stream(StreamName="auto")
    summary = kinesis.describe_stream_summary(StreamName="auto")["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert summary["OpenShardCount"] == 4
    assert kinesis.list_streams()["StreamNames"] == ["auto", "logs"]
    lab.advance(seconds=30)
    kinesis.delete_stream(StreamName="auto")
    assert kinesis.describe_stream_summary(StreamName="auto")[
        "StreamDescriptionSummary"]["StreamStatus"] == "DELETING"
    lab.advance(seconds=10)
    assert kinesis.list_streams()["StreamNames"] == ["logs"]
