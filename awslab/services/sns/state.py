"""SNS resources of one account in one region: topics, subscriptions and deliveries.

The state holds data only; IDs, tokens and times come from the operations and
``delivery.py``, which put deliveries on the lab's clock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Topic:
    """A standard SNS topic."""

    arn: str
    name: str
    owner: str
    attributes: dict[str, str] = field(default_factory=dict)   # settable attributes
    tags: dict[str, str] = field(default_factory=dict)
    deleted_subscriptions: int = 0


@dataclass
class Subscription:
    """One endpoint subscribed to a topic (pending until confirmed when it must be)."""

    arn: str
    topic_arn: str
    owner: str
    protocol: str
    endpoint: str
    created: datetime
    token: str
    principal: str = ""                                        # who subscribed it
    confirmed: bool = False
    authenticated: bool = False
    attributes: dict[str, str] = field(default_factory=dict)   # RawMessageDelivery...
    expiry: Any = None                                         # clock job (pending only)

    @property
    def listed_arn(self) -> str:
        """What List* shows: the ARN, or ``PendingConfirmation``."""
        return self.arn if self.confirmed else "PendingConfirmation"


class State:
    """SNS in one account and region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.topics: dict[str, Topic] = {}                 # by ARN, in creation order
        self.subscriptions: dict[str, Subscription] = {}   # by ARN, in creation order
        self.deliveries: list[dict] = []                   # what endpoints received

    def topic_arn(self, name: str) -> str:
        return f"arn:aws:sns:{self.region}:{self.account_id}:{name}"

    def of_topic(self, topic_arn: str) -> list[Subscription]:
        return [s for s in self.subscriptions.values() if s.topic_arn == topic_arn]
