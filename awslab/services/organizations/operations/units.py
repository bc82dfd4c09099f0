"""Organizational units and the tree: create, rename, delete, list parents and children."""
from __future__ import annotations

from awslab.services.organizations import errors, policies, views
from awslab.services.organizations.model import (
    MAX_DEPTH, MAX_OUS, children, depth, invalidate, managed_org, members_below, node_or)
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.common import page
from awslab.services.organizations.state import Node


@OPERATIONS("CreateOrganizationalUnit")
def create_unit(call, p):
    org = managed_org(call)
    parent = node_or(org, p["ParentId"], errors.ParentNotFoundException)
    if depth(org, parent) + 1 > MAX_DEPTH:
        raise errors.constraint("OU_DEPTH_LIMIT_EXCEEDED")
    if len(org.units) >= MAX_OUS:
        raise errors.constraint("OU_NUMBER_LIMIT_EXCEEDED")
    if any(u.name == p["Name"] for u in children(org, parent.id, "ORGANIZATIONAL_UNIT")):
        raise errors.DuplicateOrganizationalUnitException()
    unit_id = f"ou-{org.root.id[2:]}-{call.lab.ids.hex(8)}"
    node = Node(unit_id, f"arn:aws:organizations::{org.management}:ou/{org.id}/{unit_id}",
                p["Name"], parent.id)
    org.units[unit_id] = node
    policies.new_target(org, unit_id)
    return {"OrganizationalUnit": views.unit(org, node)}


def _unit(call):
    org = managed_org(call)
    return org, node_or(org, call.params["OrganizationalUnitId"],
                        errors.OrganizationalUnitNotFoundException)


@OPERATIONS("DescribeOrganizationalUnit")
def describe_unit(call, p):
    org, node = _unit(call)
    return {"OrganizationalUnit": views.unit(org, node)}


@OPERATIONS("UpdateOrganizationalUnit")
def update_unit(call, p):
    org, node = _unit(call)
    if "Name" in p:
        if any(u.name == p["Name"] and u is not node
               for u in children(org, node.parent_id, "ORGANIZATIONAL_UNIT")):
            raise errors.DuplicateOrganizationalUnitException()
        node.name = p["Name"]
        invalidate(call.lab, members_below(org, node.id))   # trace labels name the OU
    return {"OrganizationalUnit": views.unit(org, node)}


@OPERATIONS("DeleteOrganizationalUnit")
def delete_unit(call, p):
    org, node = _unit(call)
    if children(org, node.id, "ACCOUNT") or children(org, node.id, "ORGANIZATIONAL_UNIT"):
        raise errors.OrganizationalUnitNotEmptyException()
    del org.units[node.id]
    org.attachments.pop(node.id, None)
    return {}


@OPERATIONS("ListOrganizationalUnitsForParent")
def list_units(call, p):
    org = managed_org(call)
    parent = node_or(org, p["ParentId"], errors.ParentNotFoundException)
    items = [views.unit(org, u) for u in children(org, parent.id, "ORGANIZATIONAL_UNIT")]
    return page(items, p, "OrganizationalUnits", f"ous/{parent.id}")


@OPERATIONS("ListChildren")
def list_children(call, p):
    org = managed_org(call)
    parent = node_or(org, p["ParentId"], errors.ParentNotFoundException)
    kind = p["ChildType"]
    items = [{"Id": c.id, "Type": kind} for c in children(org, parent.id, kind)]
    return page(items, p, "Children", f"children/{parent.id}/{kind}")


@OPERATIONS("ListParents")
def list_parents(call, p):
    org = managed_org(call)
    child = org.units.get(p["ChildId"]) or org.accounts.get(p["ChildId"])
    if child is None:
        raise errors.ChildNotFoundException()
    parent = org.node(child.parent_id)
    return page([{"Id": parent.id, "Type": parent.kind}], p, "Parents",
                f"parents/{child.id}")
