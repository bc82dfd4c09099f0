"""Fixtures for the IAM tests."""
import pytest

from awslab import Lab


@pytest.fixture(autouse=True)
def _debug(monkeypatch):
    monkeypatch.setenv("AWSLAB_DEBUG", "1")


@pytest.fixture
def lab():
    return Lab(seed=5)


@pytest.fixture
def iam(lab):
    return lab.client("iam")
