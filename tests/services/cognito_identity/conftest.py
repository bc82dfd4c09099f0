"""Fixtures for the Cognito identity pool tests: a lab with a pool and its two roles."""
import pytest

from awslab import Lab

from cognito_helpers import make_pool


@pytest.fixture
def lab():
    return Lab(seed=12)


@pytest.fixture
def ci(lab):
    return lab.client("cognito-identity")


@pytest.fixture
def pool(lab):
    return make_pool(lab)
