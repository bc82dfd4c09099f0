"""EventBridge operations, one module per group; importing this registers them all."""
from awslab.services.events.operations import (  # noqa: F401  (registration)
    archives, buses, put_events, rules, sources, tags, targets)
from awslab.services.events.operations.common import OPERATIONS

__all__ = ["OPERATIONS"]
