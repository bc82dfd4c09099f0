"""AWS Config operations, one module per resource family."""
from functools import wraps

from awslab.bridge.registry import Operations


class ConfigOperations(Operations):
    """Config's registry: every operation first works off the queued evaluations, so an
    answer always includes the changes made before the call."""

    def __call__(self, operation: str):
        register = super().__call__(operation)

        def wrap(fn):
            @wraps(fn)
            def handler(call, p):
                from awslab.services.config.engine import flush_all
                flush_all(call.lab)
                return fn(call, p)
            register(handler)
            return fn
        return wrap


OPERATIONS = ConfigOperations("config", validation_code="ValidationException")

from awslab.services.config.operations import (  # noqa: E402,F401
    aggregators, compliance, recording, remediations, resources, rules)
