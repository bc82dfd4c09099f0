"""CloudWatch Logs operations, one module per resource family."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("logs", validation_code="InvalidParameterException")

from awslab.services.logs.operations import groups  # noqa: E402,F401
from awslab.services.logs.operations import streams  # noqa: E402,F401
from awslab.services.logs.operations import events  # noqa: E402,F401
from awslab.services.logs.operations import metric_filters  # noqa: E402,F401
from awslab.services.logs.operations import retention  # noqa: E402,F401
from awslab.services.logs.operations import tags  # noqa: E402,F401
