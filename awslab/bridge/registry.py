"""Operation registries: botocore operation name -> handler, one registry per service."""
from __future__ import annotations

from typing import Callable

from awslab.errors import AwsError


class Operations:
    """The operations one service answers.

    Use as a decorator: ``@ops("PutMetricData")`` registers ``put_metric_data(call, p)``,
    where ``p`` is the validated request (AWS member names) and the return value is a
    dict shaped like the operation's output shape.
    """

    def __init__(self, service: str, validation_code: str = "ValidationError",
                 describe: Callable | None = None):
        self.service = service
        self.validation_code = validation_code
        self.describe = describe          # violations -> message, when the service words them its own way
        self.handlers: dict[str, Callable] = {}

    def validation_error(self, violations: list) -> AwsError:
        """The error this service answers for broken model constraints."""
        from awslab.bridge.shapes import validation_message
        message = (self.describe or validation_message)(violations)
        return AwsError(message, code=self.validation_code)

    def __call__(self, operation: str) -> Callable:
        def register(fn: Callable) -> Callable:
            if operation in self.handlers:
                raise ValueError(f"{self.service}:{operation} registered twice")
            self.handlers[operation] = fn
            return fn
        return register

    def get(self, operation: str) -> Callable | None:
        return self.handlers.get(operation)

    def names(self) -> list[str]:
        return sorted(self.handlers)
