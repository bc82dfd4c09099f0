"""Schema discovery on a bus, versions when the shape changes, export, code bindings."""
import io
import json
import zipfile

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.services import schemas as schemas_service

SOURCE = "arn:aws:events:us-east-1:123456789012:event-bus/default"


def put(ev, **detail):
    ev.put_events(Entries=[{"Source": "petshop.orders", "DetailType": "Order Placed",
                            "Detail": json.dumps(detail)}])


@pytest.fixture
def lab():
    return Lab(seed=3)


@pytest.fixture
def discovering(lab):
    sc = lab.client("schemas")
    out = sc.create_discoverer(SourceArn=SOURCE, Description="default bus")
    assert (out["DiscovererId"], out["State"]) == ("events-event-bus-default", "STARTED")
    return sc, lab.client("events")


def test_discovery_creates_a_schema_and_versions_on_shape_change(lab, discovering):
    sc, ev = discovering
    put(ev, order=1, total=9.5)
    put(ev, order=2, total=3.0)                     # same shape: no new version
    put(ev, order=3, total=1.5, coupon="X")         # new field: version 2
    [listed] = sc.list_schemas(RegistryName="discovered-schemas")["Schemas"]
    assert listed["SchemaName"] == "petshop.orders@OrderPlaced"
    assert listed["VersionCount"] == 2
    versions = sc.list_schema_versions(RegistryName="discovered-schemas",
                                       SchemaName="petshop.orders@OrderPlaced")
    assert [v["SchemaVersion"] for v in versions["SchemaVersions"]] == ["1", "2"]
    first = json.loads(sc.describe_schema(RegistryName="discovered-schemas",
                                          SchemaName="petshop.orders@OrderPlaced",
                                          SchemaVersion="1")["Content"])
    detail = first["components"]["schemas"]["OrderPlaced"]
    assert detail["properties"] == {"order": {"type": "integer"}, "total": {"type": "number"}}
    latest = sc.describe_schema(RegistryName="discovered-schemas",
                                SchemaName="petshop.orders@OrderPlaced")
    assert latest["SchemaVersion"] == "2" and latest["Type"] == "OpenApi3"
    side = schemas_service.versions(lab, "petshop.orders@OrderPlaced")
    assert "coupon" in side[1]["detail"]["properties"]
    assert "coupon" not in side[0]["detail"]["properties"]


def test_stopped_discoverer_records_nothing(discovering):
    sc, ev = discovering
    assert sc.stop_discoverer(DiscovererId="events-event-bus-default")["State"] == "STOPPED"
    put(ev, order=1)
    assert sc.list_schemas(RegistryName="discovered-schemas")["Schemas"] == []
    sc.start_discoverer(DiscovererId="events-event-bus-default")
    put(ev, order=1)
    assert len(sc.list_schemas(RegistryName="discovered-schemas")["Schemas"]) == 1


def test_discoverer_errors(discovering):
    sc, _ = discovering
    with pytest.raises(ClientError) as err:
        sc.create_discoverer(SourceArn=SOURCE)
    assert err.value.response["Error"]["Code"] == "ConflictException"
    with pytest.raises(ClientError) as err:
        sc.describe_discoverer(DiscovererId="nope")
    assert err.value.response["Error"]["Code"] == "NotFoundException"
    assert [d["DiscovererId"] for d in sc.list_discoverers()["Discoverers"]] == [
        "events-event-bus-default"]
    names = {r["RegistryName"] for r in sc.list_registries()["Registries"]}
    assert names == {"aws.events", "discovered-schemas"}
    assert sc.list_registries(Scope="AWS")["Registries"][0]["RegistryName"] == "aws.events"
    sc.delete_discoverer(DiscovererId="events-event-bus-default")
    assert sc.list_discoverers()["Discoverers"] == []


def test_export_and_python_code_binding(lab, discovering):
    sc, ev = discovering
    put(ev, order=1, items=[{"sku": "cat-food", "qty": 2}])
    name = {"RegistryName": "discovered-schemas", "SchemaName": "petshop.orders@OrderPlaced"}
    exported = json.loads(sc.export_schema(Type="JSONSchemaDraft4", **name)["Content"])
    assert exported["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert exported["properties"]["detail"] == {"$ref": "#/definitions/OrderPlaced"}
    out = sc.put_code_binding(Language="Python36", **name)
    assert out["Status"] == "CREATE_IN_PROGRESS"
    with pytest.raises(ClientError):
        sc.get_code_binding_source(Language="Python36", **name)
    lab.advance(minutes=1)
    assert sc.describe_code_binding(Language="Python36", **name)["Status"] == "CREATE_COMPLETE"
    body = sc.get_code_binding_source(Language="Python36", **name)["Body"]
    files = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert "schema/petshop/orders/order_placed/models.py" in files
    code = zipfile.ZipFile(io.BytesIO(body)).read(
        "schema/petshop/orders/order_placed/models.py").decode()
    namespace = {}
    exec(compile(code, "models.py", "exec"), namespace)
    item = namespace["Item"](sku="x", qty=1)
    assert namespace["OrderPlaced"](order=1, items=[item]).items[0].qty == 1
    twin = Lab(seed=3)
    sc2 = twin.client("schemas")
    sc2.create_discoverer(SourceArn=SOURCE)
    put(twin.client("events"), order=1, items=[{"sku": "cat-food", "qty": 2}])
    sc2.put_code_binding(Language="Python36", **name)
    twin.advance(minutes=1)
    assert sc2.get_code_binding_source(Language="Python36", **name)["Body"] == body
    with pytest.raises(ClientError) as err:
        sc.put_code_binding(Language="Go1", **name)
    assert "Python36" in err.value.response["Error"]["Message"]


def test_get_discovered_schema(lab):
    sc = lab.client("schemas")
    event = {"source": "a", "detail-type": "Thing Happened", "detail": {"n": None}}
    content = json.loads(sc.get_discovered_schema(Events=[json.dumps(event)],
                                                  Type="OpenApi3")["Content"])
    assert content["components"]["schemas"]["ThingHappened"]["properties"]["n"] == {
        "nullable": True}
