"""Tags on accounts, OUs, the root and policies (cost allocation reads account tags)."""
from __future__ import annotations

from awslab.services.organizations import errors, policies
from awslab.services.organizations.model import managed_org
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.common import page, tags_of


def _tagged(call):
    org = managed_org(call)
    rid = call.params["ResourceId"]
    found = org.node(rid) or org.accounts.get(rid) or org.policies.get(rid)
    if found is None:
        if rid in policies.AWS_MANAGED:
            raise errors.InvalidInputException(
                "IMMUTABLE_POLICY", "You can't tag a policy that is managed by AWS.")
        raise errors.TargetNotFoundException()
    return found


@OPERATIONS("TagResource")
def tag_resource(call, p):
    _tagged(call).tags.update(tags_of(p))
    return {}


@OPERATIONS("UntagResource")
def untag_resource(call, p):
    entity = _tagged(call)
    for key in p["TagKeys"]:
        entity.tags.pop(key, None)
    return {}


@OPERATIONS("ListTagsForResource")
def list_tags(call, p):
    tags = [{"Key": k, "Value": v} for k, v in sorted(_tagged(call).tags.items())]
    return page(tags, p, "Tags", f"tags/{p['ResourceId']}")
