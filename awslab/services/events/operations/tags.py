"""Tags on rules and event buses (TagResource, UntagResource, ListTagsForResource)."""
from __future__ import annotations

from awslab.services.events import routing
from awslab.services.events.errors import ResourceNotFoundException
from awslab.services.events.operations.common import OPERATIONS, owner_state, tags_in, tags_out


def _tagged(call, arn: str):
    state = owner_state(call, arn)
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    kind, _, path = resource.partition("/")
    found = None
    if kind == "event-bus":
        found = routing.buses(call.lab, state).get(path)
    elif kind == "rule":
        bus, _, name = path.rpartition("/")
        found = routing.buses(call.lab, state).get(bus or "default")
        found = found.rules.get(name) if found is not None else None
    if found is None:
        raise ResourceNotFoundException(f"Resource {arn} does not exist.")
    return found


@OPERATIONS("TagResource")
def tag_resource(call, p):
    _tagged(call, p["ResourceARN"]).tags.update(tags_in(p["Tags"]))
    return {}


@OPERATIONS("UntagResource")
def untag_resource(call, p):
    tags = _tagged(call, p["ResourceARN"]).tags
    for key in p["TagKeys"]:
        tags.pop(key, None)
    return {}


@OPERATIONS("ListTagsForResource")
def list_tags_for_resource(call, p):
    return {"Tags": tags_out(_tagged(call, p["ResourceARN"]).tags)}
