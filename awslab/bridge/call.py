"""One API call as the services see it: who, where, when, what."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from awslab.identity import Principal


@dataclass
class Call:
    """The context a handler gets: the lab, the caller, the region and the request."""

    lab: Any
    service: str
    operation: str
    region: str
    caller: Principal
    params: dict
    request_id: str
    time: datetime
    source_ip: str = "198.51.100.10"
    user_agent: str = "Boto3 (awslab)"
    extra: dict = field(default_factory=dict)

    @property
    def account_id(self) -> str:
        return self.caller.account_id

    @property
    def now(self) -> datetime:
        return self.lab.now

    def state(self, service: str | None = None, account_id: str | None = None,
              region: str | None = None):
        """The state of a service for the caller's account and region (by default)."""
        return self.lab.state(service or self.service, account_id or self.account_id,
                              region or self.region)
