"""Fixtures for the Config tests: a lab with Config recording (bucket, topic, recorder)."""
import pytest

from awslab import Lab
from awslab.services import config as config_service


@pytest.fixture
def lab():
    return Lab(seed=9)


@pytest.fixture
def recording(lab):
    """Config on, with an SNS topic as the configuration stream."""
    return config_service.enable(lab, topic_name="config-stream")


@pytest.fixture
def cfg(lab):
    return lab.client("config")


@pytest.fixture
def ec2(lab):
    return lab.client("ec2")
