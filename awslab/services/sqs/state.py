"""SQS standard queues and their messages, in one account and region."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional

#: The settable attributes and their defaults (seconds and bytes as strings, as SQS keeps them).
DEFAULTS = {"DelaySeconds": "0", "MaximumMessageSize": "262144",
            "MessageRetentionPeriod": "345600", "ReceiveMessageWaitTimeSeconds": "0",
            "VisibilityTimeout": "30", "SqsManagedSseEnabled": "true"}


@dataclass
class Message:
    message_id: str
    body: str
    md5: str
    sent: datetime
    sender: str
    attributes: dict = field(default_factory=dict)      # message attributes
    visible_at: Optional[datetime] = None
    receive_count: int = 0
    first_received: Optional[datetime] = None
    receipt: Optional[str] = None


@dataclass
class Queue:
    name: str
    url: str
    arn: str
    created: datetime
    modified: datetime
    attributes: dict = field(default_factory=lambda: dict(DEFAULTS))
    tags: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)        # oldest first

    def seconds(self, name: str) -> int:
        return int(self.attributes[name])

    def expire(self, now: datetime) -> None:
        """Drop messages older than the retention period."""
        keep = timedelta(seconds=self.seconds("MessageRetentionPeriod"))
        self.messages = [m for m in self.messages if now - m.sent < keep]


class State:
    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.queues: dict[str, Queue] = {}               # by name, in creation order

    def url(self, name: str) -> str:
        return f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{name}"

    def arn(self, name: str) -> str:
        return f"arn:aws:sqs:{self.region}:{self.account_id}:{name}"
