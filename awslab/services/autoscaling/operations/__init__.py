"""Auto Scaling operations, one module per resource family."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("autoscaling", validation_code="ValidationError")

from awslab.services.autoscaling.operations import (  # noqa: E402,F401
    activities, configurations, groups, policies)
