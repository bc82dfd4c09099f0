"""Fixtures for the IAM tests."""
import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=5)


@pytest.fixture
def iam(lab):
    return lab.client("iam")
