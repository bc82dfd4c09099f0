"""One representative successful call per schema-registry operation: ``fn(lab) -> response``."""
import json

SOURCE = "arn:aws:events:us-east-1:123456789012:event-bus/default"
NAME = {"RegistryName": "discovered-schemas", "SchemaName": "petshop.orders@OrderPlaced"}


def _discovering(lab):
    sc = lab.client("schemas")
    sc.create_discoverer(SourceArn=SOURCE)
    return sc


def _discovered(lab):
    sc = _discovering(lab)
    lab.client("events").put_events(Entries=[{
        "Source": "petshop.orders", "DetailType": "Order Placed",
        "Detail": json.dumps({"order": 1})}])
    return sc


def _bound(lab):
    sc = _discovered(lab)
    sc.put_code_binding(Language="Python36", **NAME)
    lab.advance(minutes=1)
    return sc


EXAMPLES = {"schemas": {
    "CreateDiscoverer": lambda lab: lab.client("schemas").create_discoverer(
        SourceArn=SOURCE, Description="default bus", Tags={"team": "web"}),
    "DescribeDiscoverer": lambda lab: _discovering(lab).describe_discoverer(
        DiscovererId="events-event-bus-default"),
    "ListDiscoverers": lambda lab: _discovering(lab).list_discoverers(),
    "StartDiscoverer": lambda lab: _discovering(lab).start_discoverer(
        DiscovererId="events-event-bus-default"),
    "StopDiscoverer": lambda lab: _discovering(lab).stop_discoverer(
        DiscovererId="events-event-bus-default"),
    "DeleteDiscoverer": lambda lab: _discovering(lab).delete_discoverer(
        DiscovererId="events-event-bus-default"),
    "ListRegistries": lambda lab: _discovering(lab).list_registries(),
    "DescribeRegistry": lambda lab: _discovering(lab).describe_registry(
        RegistryName="discovered-schemas"),
    "ListSchemas": lambda lab: _discovered(lab).list_schemas(RegistryName="discovered-schemas"),
    "DescribeSchema": lambda lab: _discovered(lab).describe_schema(**NAME),
    "ListSchemaVersions": lambda lab: _discovered(lab).list_schema_versions(**NAME),
    "ExportSchema": lambda lab: _discovered(lab).export_schema(Type="JSONSchemaDraft4", **NAME),
    "GetDiscoveredSchema": lambda lab: lab.client("schemas").get_discovered_schema(
        Events=[json.dumps({"source": "a", "detail-type": "B", "detail": {}})],
        Type="OpenApi3"),
    "PutCodeBinding": lambda lab: _discovered(lab).put_code_binding(Language="Python36",
                                                                    **NAME),
    "DescribeCodeBinding": lambda lab: _bound(lab).describe_code_binding(Language="Python36",
                                                                         **NAME),
    "GetCodeBindingSource": lambda lab: _bound(lab).get_code_binding_source(
        Language="Python36", **NAME),
}}
