"""The record of every call through the bridge, from which CloudTrail builds its events
and AWS Config notices changes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from awslab.identity import Principal


@dataclass(frozen=True)
class ApiCall:
    """One API call as it was made and answered."""

    time: datetime
    service: str
    operation: str
    region: str
    caller: Principal | None
    access_key_id: str | None
    request: dict
    response: dict | None
    error_code: str | None
    error_message: str | None
    request_id: str
    source_ip: str
    user_agent: str


class AuditLog(list):
    """``lab.audit_log``: every :class:`ApiCall` in order. Services that react to calls as
    they happen (CloudTrail, Config) add a callable to ``observers``; each is called with
    every call appended."""

    def __init__(self, items=()):
        super().__init__(items)
        self.observers: list = []

    def append(self, call: ApiCall) -> None:
        super().append(call)
        for observer in self.observers:
            observer(call)
