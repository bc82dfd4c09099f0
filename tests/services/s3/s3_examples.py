"""One representative successful call per S3 operation: ``fn(lab) -> response``."""
import json


def _bucket(lab, name="course-data"):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket=name)
    return s3


def _with_object(lab):
    s3 = _bucket(lab)
    s3.put_object(Bucket="course-data", Key="logs/a.txt", Body=b"hello")
    return s3


POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
    "Action": "s3:PutObject", "Resource": "arn:aws:s3:::course-data/AWSLogs/*"}]})


def _with_policy(lab):
    s3 = _bucket(lab)
    s3.put_bucket_policy(Bucket="course-data", Policy=POLICY)
    return s3


def _acl_enabled(lab):
    s3 = _bucket(lab)
    s3.put_bucket_ownership_controls(Bucket="course-data", OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    return s3


EXAMPLES = {"s3": {
    "CreateBucket": lambda lab: lab.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="course-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}),
    "DeleteBucket": lambda lab: _bucket(lab).delete_bucket(Bucket="course-data"),
    "ListBuckets": lambda lab: _bucket(lab).list_buckets(),
    "HeadBucket": lambda lab: _bucket(lab).head_bucket(Bucket="course-data"),
    "GetBucketLocation": lambda lab: _bucket(lab).get_bucket_location(Bucket="course-data"),
    "PutObject": lambda lab: _bucket(lab).put_object(Bucket="course-data", Key="k",
                                                      Body=b"x", ContentType="text/plain"),
    "GetObject": lambda lab: _with_object(lab).get_object(Bucket="course-data",
                                                          Key="logs/a.txt"),
    "HeadObject": lambda lab: _with_object(lab).head_object(Bucket="course-data",
                                                            Key="logs/a.txt"),
    "DeleteObject": lambda lab: _with_object(lab).delete_object(Bucket="course-data",
                                                                Key="logs/a.txt"),
    "ListObjectsV2": lambda lab: _with_object(lab).list_objects_v2(
        Bucket="course-data", Prefix="logs/", MaxKeys=10),
    "PutBucketPolicy": lambda lab: _bucket(lab).put_bucket_policy(Bucket="course-data",
                                                                  Policy=POLICY),
    "GetBucketPolicy": lambda lab: _with_policy(lab).get_bucket_policy(Bucket="course-data"),
    "DeleteBucketPolicy": lambda lab: _with_policy(lab).delete_bucket_policy(
        Bucket="course-data"),
    "GetBucketPolicyStatus": lambda lab: _with_policy(lab).get_bucket_policy_status(
        Bucket="course-data"),
    "PutPublicAccessBlock": lambda lab: _bucket(lab).put_public_access_block(
        Bucket="course-data", PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False}),
    "GetPublicAccessBlock": lambda lab: _bucket(lab).get_public_access_block(
        Bucket="course-data"),
    "DeletePublicAccessBlock": lambda lab: _bucket(lab).delete_public_access_block(
        Bucket="course-data"),
    "PutBucketAcl": lambda lab: _acl_enabled(lab).put_bucket_acl(Bucket="course-data",
                                                                 ACL="private"),
    "GetBucketAcl": lambda lab: _bucket(lab).get_bucket_acl(Bucket="course-data"),
    "PutBucketOwnershipControls": lambda lab: _bucket(lab).put_bucket_ownership_controls(
        Bucket="course-data", OwnershipControls={
            "Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}),
    "GetBucketOwnershipControls": lambda lab: _bucket(lab).get_bucket_ownership_controls(
        Bucket="course-data"),
    "PutBucketEncryption": lambda lab: _bucket(lab).put_bucket_encryption(
        Bucket="course-data", ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]}),
    "GetBucketEncryption": lambda lab: _bucket(lab).get_bucket_encryption(
        Bucket="course-data"),
    "DeleteBucketEncryption": lambda lab: _bucket(lab).delete_bucket_encryption(
        Bucket="course-data"),
    "PutBucketVersioning": lambda lab: _bucket(lab).put_bucket_versioning(
        Bucket="course-data", VersioningConfiguration={"Status": "Enabled"}),
    "GetBucketVersioning": lambda lab: _bucket(lab).get_bucket_versioning(
        Bucket="course-data"),
    "PutBucketTagging": lambda lab: _bucket(lab).put_bucket_tagging(
        Bucket="course-data", Tagging={"TagSet": [{"Key": "team", "Value": "web"}]}),
    "GetBucketTagging": lambda lab: (lambda s: (s.put_bucket_tagging(
        Bucket="course-data", Tagging={"TagSet": [{"Key": "team", "Value": "web"}]}),
        s.get_bucket_tagging(Bucket="course-data"))[1])(_bucket(lab)),
    "DeleteBucketTagging": lambda lab: _bucket(lab).delete_bucket_tagging(
        Bucket="course-data"),
}}
