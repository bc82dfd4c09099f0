"""Helpers shared by the CloudWatch Logs tests (imported by name: a conftest module name
is shared by every test directory, so helpers live here)."""
import botocore.exceptions
import pytest


def aws_error(call, *args, **kwargs):
    """``(code, message)`` of the ClientError a boto3 call raises."""
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call(*args, **kwargs)
    err = info.value.response["Error"]
    return err["Code"], err["Message"]
