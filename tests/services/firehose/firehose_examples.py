"""One representative successful call per Firehose operation: ``fn(lab) -> response``."""
from firehose_helpers import ready_stream


def _stream(lab):
    return ready_stream(lab)[0]


EXAMPLES = {"firehose": {
    "CreateDeliveryStream": lambda lab: lab.client("firehose").create_delivery_stream(
        DeliveryStreamName="to-s3", S3DestinationConfiguration={
            "RoleARN": "arn:aws:iam::123456789012:role/firehose",
            "BucketARN": "arn:aws:s3:::central-logs"}),
    "DescribeDeliveryStream": lambda lab: _stream(lab).describe_delivery_stream(
        DeliveryStreamName="to-s3"),
    "ListDeliveryStreams": lambda lab: _stream(lab).list_delivery_streams(),
    "DeleteDeliveryStream": lambda lab: _stream(lab).delete_delivery_stream(
        DeliveryStreamName="to-s3"),
    "PutRecord": lambda lab: _stream(lab).put_record(DeliveryStreamName="to-s3",
                                                     Record={"Data": b"line\n"}),
    "PutRecordBatch": lambda lab: _stream(lab).put_record_batch(
        DeliveryStreamName="to-s3", Records=[{"Data": b"a\n"}, {"Data": b"b\n"}]),
}}
