"""EC2 operations, one module per resource family."""
from awslab.bridge.registry import Operations
from awslab.services.ec2.operations.common import describe_violations

OPERATIONS = Operations("ec2", validation_code="InvalidParameterValue",
                        describe=describe_violations)

from awslab.services.ec2.operations import transit_gateways, vpcs  # noqa: E402,F401

from awslab.services.ec2.operations import (  # noqa: E402,F401
    addresses, images, instances, monitoring, placement, profiles, security_groups,
    templates, volumes)
