"""A bucket, a role Firehose may use, and a delivery stream writing to the bucket."""
import json

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}
WRITE = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::central-logs/*"}]}


def firehose_role(lab, name="firehose", policy=WRITE):
    iam = lab.client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))[
        "Role"]["Arn"]
    if policy:
        iam.put_role_policy(RoleName=name, PolicyName="write",
                            PolicyDocument=json.dumps(policy))
    return arn


def ready_stream(lab, *, advance=True, size=5, interval=300, compression="UNCOMPRESSED",
                 policy=WRITE, prefix=None):
    """``(firehose client, stream ARN)`` for ``to-s3`` into ``central-logs``."""
    lab.client("s3").create_bucket(Bucket="central-logs")
    role = firehose_role(lab, policy=policy)
    config = {"RoleARN": role, "BucketARN": "arn:aws:s3:::central-logs",
              "BufferingHints": {"SizeInMBs": size, "IntervalInSeconds": interval},
              "CompressionFormat": compression}
    if prefix is not None:
        config["Prefix"] = prefix
    fh = lab.client("firehose")
    arn = fh.create_delivery_stream(DeliveryStreamName="to-s3",
                                    ExtendedS3DestinationConfiguration=config)[
        "DeliveryStreamARN"]
    if advance:
        lab.advance(seconds=15)
    return fh, arn
