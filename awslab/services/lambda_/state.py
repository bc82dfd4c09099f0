"""Lambda functions of one account and region: Python callables standing in for code."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Optional


@dataclass
class Invocation:
    """One run of a function: when, with what event, and what came of it."""

    time: datetime
    event: Any
    result: Any = None
    error: Optional[str] = None          # "<ErrorType>: <message>" when the handler raised
    source: Optional[str] = None         # the service that invoked it, if any
    request_id: str = ""


@dataclass
class Function:
    name: str
    arn: str
    handler: Callable
    role: str
    runtime: str
    timeout: int
    memory: int
    created: datetime
    statements: list = field(default_factory=list)      # resource policy statements
    invocations: list = field(default_factory=list)
    revision: int = 1

    @property
    def handler_name(self) -> str:
        module = getattr(self.handler, "__module__", None) or "lambda_function"
        return f"{module.rsplit('.', 1)[-1]}.{getattr(self.handler, '__name__', 'handler')}"


class State:
    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.functions: dict[str, Function] = {}

    def arn(self, name: str) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{name}"
