"""Fixtures for the Organizations tests: a bare lab and one with a small organization."""
import pytest

from awslab import Lab
from awslab.services.organizations import build_organization


@pytest.fixture
def lab():
    return Lab(seed=11)


@pytest.fixture
def org(lab):
    return lab.client("organizations")


@pytest.fixture
def tree(lab):
    """Root -> Dev (dev-1), Prod (prod-1); SCPs enabled."""
    return build_organization(lab, {"Dev": ["dev-1"], "Prod": ["prod-1"]})
