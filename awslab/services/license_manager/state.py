"""License configurations of one account and region."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LicenseConfiguration:
    id: str
    arn: str
    owner: str
    name: str
    counting_type: str
    description: str = ""
    count: int | None = None
    hard_limit: bool = False
    rules: list = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)


class State:
    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.configurations: dict[str, LicenseConfiguration] = {}    # by ARN
        self.shared_configurations: dict[str, LicenseConfiguration] = {}   # put by RAM
