"""The schema registry of one account and region: registries, their schemas and
versions, discoverers on event buses, and code bindings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

DISCOVERED = "discovered-schemas"
AWS_REGISTRY = "aws.events"


@dataclass
class Version:
    number: str
    content: str                 # OpenAPI 3 JSON text
    created: datetime
    bindings: dict = field(default_factory=dict)   # language -> Binding


@dataclass
class Binding:
    created: datetime
    ready: datetime              # CREATE_COMPLETE from then on
    body: bytes

    def status(self, now: datetime) -> str:
        return "CREATE_COMPLETE" if now >= self.ready else "CREATE_IN_PROGRESS"


@dataclass
class Schema:
    name: str
    arn: str
    versions: list[Version] = field(default_factory=list)
    description: str | None = None
    tags: dict = field(default_factory=dict)

    @property
    def latest(self) -> Version:
        return self.versions[-1]


@dataclass
class Registry:
    name: str
    arn: str
    scope: str = "LOCAL"
    description: str | None = None
    schemas: dict[str, Schema] = field(default_factory=dict)
    tags: dict = field(default_factory=dict)


@dataclass
class Discoverer:
    id: str
    arn: str
    source_arn: str
    cross_account: bool = True
    state: str = "STARTED"
    description: str | None = None
    tags: dict = field(default_factory=dict)


class State:
    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.registries: dict[str, Registry] = {}
        self.discoverers: dict[str, Discoverer] = {}

    def arn(self, resource: str) -> str:
        return f"arn:aws:schemas:{self.region}:{self.account_id}:{resource}"
