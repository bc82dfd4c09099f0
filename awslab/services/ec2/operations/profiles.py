"""IAM instance profiles on instances: Associate/Replace/Disassociate/Describe*Associations.

EC2 does not read IAM's state: it asks IAM through ``lab.send("iam", "instance_profile",
...)``, which answers with a small description of the profile (or ``None``).
"""
from __future__ import annotations

import json
from datetime import timedelta

from awslab.bridge.pagination import paginate
from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import lookup, profile_dict
from awslab.services.ec2.state import ProfileAssociation

SETTLE = timedelta(seconds=5)     # associating -> associated, disassociating -> gone


def resolve_profile(call, spec: dict) -> dict:
    """The IAM instance profile named by ``{"Arn": ...}`` or ``{"Name": ...}``."""
    if spec.get("Arn"):
        found = call.lab.send("iam", "instance_profile", call.account_id, call.region,
                              {"Arn": spec["Arn"]})
        if found is None:
            raise errors.InvalidParameterValue(
                f"Value ({spec['Arn']}) for parameter iamInstanceProfile.arn is invalid. "
                "Invalid IAM Instance Profile ARN")
        return found
    name = spec.get("Name") or ""
    found = call.lab.send("iam", "instance_profile", call.account_id, call.region,
                          {"Name": name})
    if found is None:
        raise errors.InvalidParameterValue(
            f"Value ({name}) for parameter iamInstanceProfile.name is invalid. "
            "Invalid IAM Instance Profile name")
    return found


def new_association(call, state, inst, profile: dict, status: str) -> ProfileAssociation:
    assoc = ProfileAssociation(call.lab.ids.resource("iip-assoc"), inst.instance_id,
                               profile["Arn"], profile["InstanceProfileId"], status,
                               call.lab.now)
    state.associations[assoc.association_id] = assoc
    inst.association = assoc
    if status == "associating":
        _settle(call.lab, assoc, "associating", "associated")
    return assoc


def _settle(lab, assoc, expected: str, final: str, on_done=None) -> None:
    def run(t):
        if assoc.state == expected:
            assoc.state = final
            if on_done:
                on_done()
    lab.clock.at(lab.now + SETTLE, run, name=f"iam profile {assoc.association_id}")


def _assoc_dict(assoc, state: str | None = None) -> dict:
    return {"AssociationId": assoc.association_id, "InstanceId": assoc.instance_id,
            "IamInstanceProfile": profile_dict(assoc), "State": state or assoc.state,
            "Timestamp": assoc.timestamp}


def _find_association(state, association_id: str) -> ProfileAssociation:
    assoc = state.associations.get(association_id)
    if assoc is None or assoc.state == "disassociating":
        raise errors.InvalidAssociationIDNotFound(
            f"An association with ID {association_id} does not exist.")
    return assoc


@OPERATIONS("AssociateIamInstanceProfile")
def associate_iam_instance_profile(call, p):
    state = call.state()
    inst = lookup(state, [p["InstanceId"]])[0]
    if inst.state not in ("pending", "running", "stopping", "stopped"):
        raise errors.incorrect_state(inst.instance_id, "associated with an instance profile")
    if inst.association is not None:
        raise errors.IncorrectState(
            f"There is an existing association for instance {inst.instance_id}")
    profile = resolve_profile(call, p["IamInstanceProfile"])
    assoc = new_association(call, state, inst, profile, "associating")
    return {"IamInstanceProfileAssociation": _assoc_dict(assoc)}


@OPERATIONS("ReplaceIamInstanceProfileAssociation")
def replace_iam_instance_profile_association(call, p):
    state = call.state()
    old = _find_association(state, p["AssociationId"])
    profile = resolve_profile(call, p["IamInstanceProfile"])
    state.associations.pop(old.association_id)
    inst = state.find(old.instance_id)
    assoc = new_association(call, state, inst, profile, "associating")
    return {"IamInstanceProfileAssociation": _assoc_dict(assoc)}


@OPERATIONS("DisassociateIamInstanceProfile")
def disassociate_iam_instance_profile(call, p):
    state = call.state()
    assoc = _find_association(state, p["AssociationId"])
    assoc.state = "disassociating"
    inst = state.find(assoc.instance_id)
    if inst is not None and inst.association is assoc:
        inst.association = None
    _settle(call.lab, assoc, "disassociating", "disassociated",
            lambda: state.associations.pop(assoc.association_id, None))
    return {"IamInstanceProfileAssociation": _assoc_dict(assoc)}


ASSOCIATION_FILTERS = {"instance-id": lambda a: [a.instance_id], "state": lambda a: [a.state]}


@OPERATIONS("DescribeIamInstanceProfileAssociations")
def describe_iam_instance_profile_associations(call, p):
    state = call.state()
    ids = p.get("AssociationIds") or []
    if ids:
        found = [_find_association(state, i) for i in dict.fromkeys(ids)]
    else:
        found = list(state.associations.values())
    keep = compile_filters(p.get("Filters"), ASSOCIATION_FILTERS)
    found = [a for a in found if keep(a)]
    salt = json.dumps([ids, p.get("Filters")], sort_keys=True, default=str)
    page, token = paginate(found, p.get("NextToken"), p.get("MaxResults") or 1000, salt,
                           errors.InvalidNextToken)
    return {"IamInstanceProfileAssociations": [_assoc_dict(a) for a in page],
            "NextToken": token}
