"""Operation registries: botocore operation name -> handler, one registry per service."""
from __future__ import annotations

from typing import Callable


class Operations:
    """The operations one service answers.

    Use as a decorator: ``@ops("PutMetricData")`` registers ``put_metric_data(call, p)``,
    where ``p`` is the validated request (AWS member names) and the return value is a
    dict shaped like the operation's output shape.
    """

    def __init__(self, service: str, validation_code: str = "ValidationError"):
        self.service = service
        self.validation_code = validation_code
        self.handlers: dict[str, Callable] = {}

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
