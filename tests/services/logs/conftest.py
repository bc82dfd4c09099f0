"""Fixtures for the CloudWatch Logs tests: a lab, its Logs client, a group with a stream."""
import pytest

from awslab import Lab
from awslab.services.logs.ingest import epoch_ms
from logs_helpers import aws_error  # noqa: F401  (kept for older imports)


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
