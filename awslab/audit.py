"""The record of every call through the bridge, from which CloudTrail builds its events."""
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
