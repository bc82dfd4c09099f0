"""Fixtures for the CloudWatch Logs tests: a lab, its Logs client, a group with a stream."""
import pytest

from awslab import Lab
from awslab.services.logs.ingest import epoch_ms


@pytest.fixture
def lab():
    return Lab(seed=7)


@pytest.fixture
def logs(lab):
    return lab.client("logs")


@pytest.fixture
def group(logs):
    logs.create_log_group(logGroupName="/petshop/web")
    logs.create_log_stream(logGroupName="/petshop/web", logStreamName="i-1")
    return "/petshop/web"


@pytest.fixture
def now_ms(lab):
    return lambda: epoch_ms(lab.now)


def aws_error(call, *args, **kwargs):
    """``(code, message)`` of the ClientError a boto3 call raises."""
    import botocore.exceptions
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call(*args, **kwargs)
    err = info.value.response["Error"]
    return err["Code"], err["Message"]
