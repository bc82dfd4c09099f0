"""CloudWatch operations, one module per resource family."""
from awslab.bridge.registry import Operations
from awslab.services.cloudwatch.errors import describe_violations

OPERATIONS = Operations("cloudwatch", validation_code="InvalidParameterValue",
                        describe=describe_violations)

from awslab.services.cloudwatch.operations import metrics  # noqa: E402,F401
from awslab.services.cloudwatch.operations import dashboards  # noqa: E402,F401
from awslab.services.cloudwatch.operations import alarms  # noqa: E402,F401
