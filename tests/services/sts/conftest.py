"""Fixtures for the STS tests: a lab and its admin's clients."""
import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=11)


@pytest.fixture
def iam(lab):
    return lab.client("iam")


@pytest.fixture
def sts(lab):
    return lab.client("sts")
