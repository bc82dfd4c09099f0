"""Fixtures for the ELBv2 tests."""
import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=5)
