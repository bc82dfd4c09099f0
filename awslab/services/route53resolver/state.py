"""Route 53 Resolver rules and rule associations of one account and region."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Rule:
    id: str
    arn: str
    owner: str
    name: str
    rule_type: str
    domain: str
    created: datetime
    creator_request_id: str
    target_ips: list = field(default_factory=list)
    endpoint_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class RuleAssociation:
    id: str
    rule_id: str
    vpc_id: str
    name: str = ""


class State:
    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.rules: dict[str, Rule] = {}
        self.shared_rules: dict[str, Rule] = {}        # put here by RAM
        self.associations: dict[str, RuleAssociation] = {}
        self.shared_out: set[str] = set()               # own rule IDs shared by RAM
