import pytest

from awslab import Lab


@pytest.fixture
def lab():
    return Lab(seed=7)


@pytest.fixture
def ev(lab):
    return lab.client("events")
