"""Fixtures for the IAM Identity Center tests."""
import pytest

from awslab import Lab

from sso_helpers import setup


@pytest.fixture
def lab():
    return Lab(seed=21)


@pytest.fixture
def env(lab):
    return setup(lab)
