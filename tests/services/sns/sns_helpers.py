"""Helpers for the SNS tests."""
import pytest
from botocore.exceptions import ClientError

QUEUE = "arn:aws:sqs:us-east-1:123456789012:alerts-queue"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:on-alarm"


def error(call, *args, **kwargs):
    """``(code, message, http status)`` of the ClientError ``call`` raises."""
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]
