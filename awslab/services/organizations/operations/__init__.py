"""Organizations operations, one module per family."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("organizations", validation_code="InvalidInputException")

from awslab.services.organizations.operations import (  # noqa: E402,F401
    accounts, all_features, handshakes, organization, policy_ops, tags, units)
