"""AWS Config operations, one module per resource family."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("config", validation_code="ValidationException")

from awslab.services.config.operations import (  # noqa: E402,F401
    aggregators, compliance, recording, remediations, resources, rules)
