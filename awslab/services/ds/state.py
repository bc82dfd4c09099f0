"""Directories and trusts of one account in one region."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional


@dataclass
class Trust:
    trust_id: str
    remote_domain: str
    direction: str
    trust_type: str
    selective_auth: str
    created: datetime
    state: str = "Creating"
    updated: Optional[datetime] = None
    reason: Optional[str] = None


@dataclass
class Directory:
    directory_id: str
    type: str                       # MicrosoftAD, ADConnector, SimpleAD
    name: str
    short_name: str
    launched: datetime
    vpc_id: str
    subnet_ids: list
    size: Optional[str] = None      # SimpleAD / ADConnector
    edition: Optional[str] = None   # MicrosoftAD
    description: Optional[str] = None
    dns_ips: list = field(default_factory=list)
    customer_dns_ips: list = field(default_factory=list)
    customer_user: Optional[str] = None
    stage: str = "Requested"
    stage_updated: Optional[datetime] = None
    stage_reason: Optional[str] = None
    tags: dict = field(default_factory=dict)
    trusts: dict[str, Trust] = field(default_factory=dict)
    jobs: list = field(default_factory=list)


class State:
    """Directory Service in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.directories: dict[str, Directory] = {}
