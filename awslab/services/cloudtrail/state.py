"""CloudTrail state of one account in one region: the trails whose home region it is."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DEFAULT_SELECTORS = ({"ReadWriteType": "All", "IncludeManagementEvents": True,
                      "DataResources": [], "ExcludeManagementEventSources": []},)


@dataclass
class Trail:
    """One trail: where it delivers, what it logs, and how delivery went."""

    name: str
    arn: str
    account_id: str
    home_region: str
    bucket: str
    prefix: str | None = None
    sns_topic: str | None = None
    include_global: bool = True
    multi_region: bool = False
    validation: bool = False
    log_group_arn: str | None = None
    log_role_arn: str | None = None
    kms_key_id: str | None = None
    selectors: list = field(default_factory=lambda: [dict(s) for s in DEFAULT_SELECTORS])
    custom_selectors: bool = False
    insight_types: list = field(default_factory=list)
    insights_since: datetime | None = None
    logging: bool = False
    started: datetime | None = None
    stopped: datetime | None = None
    delivered_until: datetime | None = None
    latest_delivery: datetime | None = None
    latest_delivery_error: str | None = None
    latest_cwl_delivery: datetime | None = None
    latest_cwl_error: str | None = None
    insights_delivered: set = field(default_factory=set)
    cursors: dict = field(default_factory=dict)   # (kind, place) -> next call to deliver
    job: Any = None
    tags: dict = field(default_factory=dict)

    def regions(self, lab_regions) -> list[str]:
        """The regions whose events this trail logs."""
        return sorted(set(lab_regions) | {self.home_region}) if self.multi_region else [
            self.home_region]


class State:
    """CloudTrail in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.trails: dict[str, Trail] = {}       # by name, trails whose home is here
