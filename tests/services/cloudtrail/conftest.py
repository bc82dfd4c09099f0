"""Fixtures for the CloudTrail tests: a lab and its CloudTrail client."""
import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=8)


@pytest.fixture
def ct(lab):
    return lab.client("cloudtrail")
