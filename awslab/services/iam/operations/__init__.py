"""IAM operations, one module per resource family."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("iam")

from awslab.services.iam.operations import instance_profiles, roles  # noqa: E402,F401
