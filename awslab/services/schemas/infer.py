"""Schemas inferred from events: genson builds the JSON Schema (draft 4) of an event's
``detail``; EventBridge's OpenAPI 3 document wraps it with the envelope (``AWSEvent``).

Naming as schema discovery does: ``<source>@<DetailTypeInPascalCase>``
(``aws.ec2@EC2InstanceStateChangeNotification``).
"""
from __future__ import annotations

import json
import re

DRAFT4 = "http://json-schema.org/draft-04/schema#"
ENVELOPE_FIELDS = ("account", "detail-type", "id", "region", "resources", "source", "time",
                   "version")


def pascal(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Event"


def schema_name(event: dict) -> str:
    return f"{event['source']}@{pascal(event['detail-type'])}"


def detail_schema(events: list[dict]) -> dict:
    """JSON Schema (draft 4) of the ``detail`` of ``events`` (merged by genson)."""
    from genson import SchemaBuilder
    builder = SchemaBuilder(schema_uri=DRAFT4)
    for event in events:
        builder.add_object(event.get("detail", {}))
    schema = builder.to_schema()
    schema.pop("$schema", None)
    return schema


def _openapi(node):
    """JSON Schema -> OpenAPI 3.0 schema object (no ``null`` type, no type lists)."""
    if isinstance(node, list):
        return [_openapi(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _openapi(v) for k, v in node.items()}
    kind = out.get("type")
    if kind == "null":
        del out["type"]
        out["nullable"] = True
    elif isinstance(kind, list):
        del out["type"]
        kinds = [k for k in kind if k != "null"]
        if "null" in kind:
            out["nullable"] = True
        if len(kinds) == 1:
            out["type"] = kinds[0]
        else:
            out["anyOf"] = [{"type": k} for k in kinds]
    return out


def envelope(title: str, events: list[dict], ref: str) -> dict:
    first = events[0]
    return {"type": "object", "required": sorted(ENVELOPE_FIELDS + ("detail",)),
            "x-amazon-events-detail-type": first["detail-type"],
            "x-amazon-events-source": first["source"],
            "properties": {
                "detail": {"$ref": ref},
                "account": {"type": "string"}, "detail-type": {"type": "string"},
                "id": {"type": "string"}, "region": {"type": "string"},
                "resources": {"type": "array", "items": {"type": "string"}},
                "source": {"type": "string"},
                "time": {"type": "string", "format": "date-time"},
                "version": {"type": "string"}}}


def openapi(events: list[dict]) -> dict:
    """The OpenAPI 3 document discovery stores for events of one source and detail-type."""
    title = pascal(events[0]["detail-type"])
    return {"openapi": "3.0.0", "info": {"version": "1.0.0", "title": title},
            "paths": {}, "components": {"schemas": {
                "AWSEvent": envelope(title, events, f"#/components/schemas/{title}"),
                title: _openapi(detail_schema(events))}}}


def to_json_schema(document: dict) -> dict:
    """ExportSchema's JSONSchemaDraft4 form of a stored OpenAPI document."""
    parts = document["components"]["schemas"]
    title = document["info"]["title"]
    root = json.loads(json.dumps(parts["AWSEvent"]).replace(
        "#/components/schemas/", "#/definitions/"))
    definitions = {k: _json_schema(v) for k, v in parts.items() if k != "AWSEvent"}
    return {"$schema": DRAFT4, "title": title, **root, "definitions": definitions}


def _json_schema(node):
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        kind = out.pop("type", None)
        out["type"] = [kind, "null"] if kind else "null"
    return out


def text(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=False)
