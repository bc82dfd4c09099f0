"""One representative successful call per Kinesis operation: ``fn(lab) -> response``."""


def _active(lab):
    kinesis = lab.client("kinesis")
    kinesis.create_stream(StreamName="logs", ShardCount=2)
    lab.advance(seconds=30)
    return kinesis


def _iterator(lab):
    kinesis = _active(lab)
    kinesis.put_record(StreamName="logs", Data=b"hello", PartitionKey="k")
    return kinesis, kinesis.get_shard_iterator(
        StreamName="logs", ShardId="shardId-000000000000",
        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]


EXAMPLES = {"kinesis": {
    "CreateStream": lambda lab: lab.client("kinesis").create_stream(StreamName="logs",
                                                                    ShardCount=1),
    "DeleteStream": lambda lab: _active(lab).delete_stream(StreamName="logs"),
    "DescribeStream": lambda lab: _active(lab).describe_stream(StreamName="logs"),
    "DescribeStreamSummary": lambda lab: _active(lab).describe_stream_summary(
        StreamName="logs"),
    "ListStreams": lambda lab: _active(lab).list_streams(),
    "ListShards": lambda lab: _active(lab).list_shards(StreamName="logs"),
    "PutRecord": lambda lab: _active(lab).put_record(StreamName="logs", Data=b"x",
                                                     PartitionKey="k"),
    "PutRecords": lambda lab: _active(lab).put_records(StreamName="logs", Records=[
        {"Data": b"a", "PartitionKey": "k1"}, {"Data": b"b", "PartitionKey": "k2"}]),
    "GetShardIterator": lambda lab: _iterator(lab)[0].get_shard_iterator(
        StreamName="logs", ShardId="shardId-000000000001", ShardIteratorType="LATEST"),
    "GetRecords": lambda lab: (lambda k, it: k.get_records(ShardIterator=it))(
        *_iterator(lab)),
}}
