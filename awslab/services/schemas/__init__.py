"""Amazon EventBridge schema registry (botocore "schemas").

A discoverer on an event bus (CreateDiscoverer) watches the events EventBridge routes
(:func:`observe`, called by :mod:`awslab.services.events.routing`) and keeps, in the
``discovered-schemas`` registry, one schema per source and detail-type
(``<source>@<DetailType>``), inferred with genson as OpenAPI 3; an event whose shape
differs from every stored version adds a version. Code bindings (Python36) are generated
with datamodel-code-generator; ExportSchema gives JSON Schema draft 4.
"""
from __future__ import annotations

import json

from awslab.services.schemas import infer
from awslab.services.schemas.operations import OPERATIONS, registry
from awslab.services.schemas.state import DISCOVERED, Schema, State, Version

GLOBAL = False

__all__ = ["OPERATIONS", "State", "observe", "versions"]


def discovering(lab, account_id: str, region: str, bus_arn: str):
    """The started schema discoverer of ``bus_arn``, if there is one."""
    found = lab.state("schemas", account_id, region).discoverers
    if not found:
        return None
    return next((d for d in found.values()
                 if d.source_arn == bus_arn and d.state == "STARTED"), None)


def observe(lab, account_id: str, region: str, bus_arn: str, event: dict) -> None:
    """One event routed on ``bus_arn``: the bus's started discoverer records its shape."""
    found = discovering(lab, account_id, region, bus_arn)
    if found is None or (not found.cross_account and event.get("account") != account_id):
        return
    state = lab.state("schemas", account_id, region)
    name = infer.schema_name(event)
    content = infer.text(infer.openapi([event]))
    target = registry(state, DISCOVERED, create=True)
    schema = target.schemas.get(name)
    if schema is None:
        schema = target.schemas[name] = Schema(
            name, state.arn(f"schema/{DISCOVERED}/{name}"))
    if any(v.content == content for v in schema.versions):
        return
    schema.versions.append(Version(str(len(schema.versions) + 1), content, lab.now))


def versions(lab, schema_name: str, account_id: str = "123456789012",
             region: str = "us-east-1", registry_name: str = DISCOVERED) -> list[dict]:
    """Every version of a schema as ``{"version", "created", "detail"}`` (the detail's
    properties, for side-by-side comparison)."""
    state = lab.state("schemas", account_id, region)
    schema = state.registries.get(registry_name, None)
    schema = schema.schemas.get(schema_name) if schema else None
    if schema is None:
        return []
    out = []
    for v in schema.versions:
        doc = json.loads(v.content)
        title = doc["info"]["title"]
        out.append({"version": v.number, "created": v.created,
                    "detail": doc["components"]["schemas"][title]})
    return out
