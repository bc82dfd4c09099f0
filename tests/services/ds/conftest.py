"""Fixtures for the Directory Service tests."""
import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=41)


@pytest.fixture
def ds(lab):
    return lab.client("ds")
