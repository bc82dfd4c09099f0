"""Fixtures for the SNS tests: a lab and its SNS client."""
import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=11)


@pytest.fixture
def sns(lab):
    return lab.client("sns")


@pytest.fixture
def topic(sns):
    return sns.create_topic(Name="alerts")["TopicArn"]
