"""CloudWatch operations, one module per resource family."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("cloudwatch", validation_code="InvalidParameterValue")

from awslab.services.cloudwatch.operations import metrics  # noqa: E402,F401
