"""Schema registry operations: discoverers on event buses, registries, schemas and
their versions, export to JSON Schema, code bindings, and GetDiscoveredSchema."""
from __future__ import annotations

import json
from datetime import timedelta

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.schemas import codegen, infer
from awslab.services.schemas.errors import (
    BadRequestException, ConflictException, NotFoundException)
from awslab.services.schemas.state import (
    AWS_REGISTRY, DISCOVERED, Binding, Discoverer, Registry, Schema)

OPERATIONS = Operations("schemas", validation_code="BadRequestException")
PAGE = 100
BINDING_DELAY = timedelta(seconds=30)
EXPORT_TYPES = ("JSONSchemaDraft4",)


def _compact(item: dict) -> dict:
    return {k: v for k, v in item.items() if v is not None}


def _page(items, p, salt):
    return paginate(items, p.get("NextToken"), p.get("Limit") or PAGE, salt,
                    BadRequestException)


def registry(state, name: str, create: bool = False) -> Registry:
    found = state.registries.get(name)
    if found is None and (create or name == AWS_REGISTRY):
        found = state.registries[name] = Registry(
            name, state.arn(f"registry/{name}"),
            "AWS" if name == AWS_REGISTRY else "LOCAL")
    if found is None:
        raise NotFoundException(f"Registry with name {name} does not exist.")
    return found


def _schema(state, registry_name: str, name: str) -> Schema:
    found = registry(state, registry_name).schemas.get(name)
    if found is None:
        raise NotFoundException(f"Schema with name {name} does not exist.")
    return found


def _version(schema: Schema, number: str | None):
    if number is None:
        return schema.latest
    for version in schema.versions:
        if version.number == number:
            return version
    raise NotFoundException(f"Schema version {number} does not exist.")


# -- discoverers ---------------------------------------------------------------------------
def discoverer_id(source_arn: str) -> str:
    return "events-event-bus-" + source_arn.rsplit("/", 1)[-1].replace("/", "-")


def _describe_discoverer(d: Discoverer) -> dict:
    return _compact({"Description": d.description, "DiscovererArn": d.arn,
                     "DiscovererId": d.id, "SourceArn": d.source_arn, "State": d.state,
                     "CrossAccount": d.cross_account, "Tags": d.tags or None})


def _discoverer(state, discoverer_id_: str) -> Discoverer:
    found = state.discoverers.get(discoverer_id_)
    if found is None:
        raise NotFoundException(f"Discoverer with id {discoverer_id_} does not exist.")
    return found


@OPERATIONS("CreateDiscoverer")
def create_discoverer(call, p):
    state = call.state()
    source = p["SourceArn"]
    parts = source.split(":")
    bus = source.rsplit("/", 1)[-1] if ":event-bus/" in source else None
    if bus is None or parts[3:5] != [call.region, call.account_id] or \
            bus not in call.lab.state("events", call.account_id, call.region).buses and \
            bus != "default":
        raise BadRequestException(f"SourceArn {source} is not an event bus of this account.")
    ident = discoverer_id(source)
    if ident in state.discoverers:
        raise ConflictException(f"Discoverer for source {source} already exists.")
    found = Discoverer(ident, state.arn(f"discoverer/{ident}"), source,
                       p.get("CrossAccount", True), description=p.get("Description"),
                       tags=dict(p.get("Tags") or {}))
    state.discoverers[ident] = found
    registry(state, DISCOVERED, create=True)
    return _describe_discoverer(found)


@OPERATIONS("DescribeDiscoverer")
def describe_discoverer(call, p):
    return _describe_discoverer(_discoverer(call.state(), p["DiscovererId"]))


@OPERATIONS("ListDiscoverers")
def list_discoverers(call, p):
    prefix, source = p.get("DiscovererIdPrefix") or "", p.get("SourceArnPrefix") or ""
    found = [{k: v for k, v in _describe_discoverer(d).items() if k != "Description"}
             for i, d in sorted(call.state().discoverers.items())
             if i.startswith(prefix) and d.source_arn.startswith(source)]
    items, token = _page(found, p, f"discoverers/{prefix}/{source}")
    return {"Discoverers": items, "NextToken": token}


def _switch(call, p, new_state: str) -> dict:
    found = _discoverer(call.state(), p["DiscovererId"])
    found.state = new_state
    return {"DiscovererId": found.id, "State": found.state}


@OPERATIONS("StartDiscoverer")
def start_discoverer(call, p):
    return _switch(call, p, "STARTED")


@OPERATIONS("StopDiscoverer")
def stop_discoverer(call, p):
    return _switch(call, p, "STOPPED")


@OPERATIONS("DeleteDiscoverer")
def delete_discoverer(call, p):
    state = call.state()
    _discoverer(state, p["DiscovererId"])
    del state.discoverers[p["DiscovererId"]]
    return {}


# -- registries and schemas ----------------------------------------------------------------
def _describe_registry(r: Registry) -> dict:
    return _compact({"RegistryArn": r.arn, "RegistryName": r.name,
                     "Description": r.description, "Tags": r.tags or None})


@OPERATIONS("ListRegistries")
def list_registries(call, p):
    state = call.state()
    registry(state, AWS_REGISTRY)
    prefix, scope = p.get("RegistryNamePrefix") or "", p.get("Scope")
    found = [_compact({"RegistryArn": r.arn, "RegistryName": r.name,
                       "Tags": r.tags or None})
             for n, r in sorted(state.registries.items())
             if n.startswith(prefix) and scope in (None, r.scope)]
    items, token = _page(found, p, f"registries/{prefix}/{scope}")
    return {"Registries": items, "NextToken": token}


@OPERATIONS("DescribeRegistry")
def describe_registry(call, p):
    return _describe_registry(registry(call.state(), p["RegistryName"]))


@OPERATIONS("ListSchemas")
def list_schemas(call, p):
    found_registry = registry(call.state(), p["RegistryName"])
    prefix = p.get("SchemaNamePrefix") or ""
    found = [_compact({"LastModified": s.latest.created, "SchemaArn": s.arn,
                       "SchemaName": s.name, "Tags": s.tags or None,
                       "VersionCount": len(s.versions)})
             for n, s in sorted(found_registry.schemas.items()) if n.startswith(prefix)]
    items, token = _page(found, p, f"schemas/{found_registry.name}/{prefix}")
    return {"Schemas": items, "NextToken": token}


@OPERATIONS("DescribeSchema")
def describe_schema(call, p):
    schema = _schema(call.state(), p["RegistryName"], p["SchemaName"])
    version = _version(schema, p.get("SchemaVersion"))
    return _compact({"Content": version.content, "Description": schema.description,
                     "LastModified": schema.latest.created, "SchemaArn": schema.arn,
                     "SchemaName": schema.name, "SchemaVersion": version.number,
                     "Tags": schema.tags, "Type": "OpenApi3",
                     "VersionCreatedDate": version.created})


@OPERATIONS("ListSchemaVersions")
def list_schema_versions(call, p):
    schema = _schema(call.state(), p["RegistryName"], p["SchemaName"])
    found = [{"SchemaArn": schema.arn, "SchemaName": schema.name,
              "SchemaVersion": v.number, "Type": "OpenApi3"} for v in schema.versions]
    items, token = _page(found, p, f"versions/{schema.arn}")
    return {"SchemaVersions": items, "NextToken": token}


@OPERATIONS("ExportSchema")
def export_schema(call, p):
    if p["Type"] not in EXPORT_TYPES:
        raise BadRequestException(f"Type {p['Type']} is not supported; use JSONSchemaDraft4.")
    schema = _schema(call.state(), p["RegistryName"], p["SchemaName"])
    version = _version(schema, p.get("SchemaVersion"))
    content = infer.to_json_schema(json.loads(version.content))
    return {"Content": json.dumps(content, indent=2), "SchemaArn": schema.arn,
            "SchemaName": schema.name, "SchemaVersion": version.number,
            "Type": p["Type"]}


@OPERATIONS("GetDiscoveredSchema")
def get_discovered_schema(call, p):
    try:
        events = [json.loads(e) for e in p["Events"]]
    except ValueError:
        raise BadRequestException("Events must be JSON objects.") from None
    if not all(isinstance(e, dict) and "source" in e and "detail-type" in e for e in events):
        raise BadRequestException("Each event needs source and detail-type.")
    if p["Type"] != "OpenApi3":
        raise BadRequestException(f"Type {p['Type']} is not supported; use OpenApi3.")
    return {"Content": infer.text(infer.openapi(events))}


# -- code bindings ----------------------------------------------------------------------------
def _binding_of(call, p, create: bool = False):
    language = p["Language"]
    if language not in codegen.LANGUAGES:
        raise BadRequestException(f"Language {language} is not supported.")
    schema = _schema(call.state(), p["RegistryName"], p["SchemaName"])
    version = _version(schema, p.get("SchemaVersion"))
    binding = version.bindings.get(language)
    if binding is None and create:
        if language != "Python36":
            raise BadRequestException(f"awslab generates Python36 code bindings only "
                                      f"(AWS also offers {', '.join(codegen.LANGUAGES[1:])}).")
        body = codegen.python_zip(schema.name,
                                  infer.to_json_schema(json.loads(version.content)))
        binding = version.bindings[language] = Binding(call.now, call.now + BINDING_DELAY,
                                                       body)
    if binding is None:
        raise NotFoundException(f"Code binding for {language} does not exist.")
    return version, binding


def _binding_out(call, version, binding) -> dict:
    return {"CreationDate": binding.created, "LastModified": binding.created,
            "SchemaVersion": version.number, "Status": binding.status(call.now)}


@OPERATIONS("PutCodeBinding")
def put_code_binding(call, p):
    return _binding_out(call, *_binding_of(call, p, create=True))


@OPERATIONS("DescribeCodeBinding")
def describe_code_binding(call, p):
    return _binding_out(call, *_binding_of(call, p))


@OPERATIONS("GetCodeBindingSource")
def get_code_binding_source(call, p):
    _, binding = _binding_of(call, p)
    if binding.status(call.now) != "CREATE_COMPLETE":
        raise NotFoundException("The code binding is still being created.")
    return {"Body": binding.body}
