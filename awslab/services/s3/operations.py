"""The S3 operation registry (the handlers live in buckets, objects and access)."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("s3", validation_code="InvalidArgument")
