"""Finding things in an organization: the caller's organization, nodes, targets, paths.

Shared by the operations and by the seams other services use (:mod:`.seams`).
"""
from __future__ import annotations

from typing import Optional, Union

from awslab.services.organizations import errors
from awslab.services.organizations.state import Member, Node, Organization

MAX_DEPTH = 5            # OUs nested below the root (aws-facts 10.3)
MAX_OUS = 2000
MAX_ACCOUNTS = 10        # default quota; the lab's organizations may raise it


def org_state(lab, account_id: str):
    return lab.state("organizations", account_id)


def organization_for(lab, account_id: str) -> Optional[Organization]:
    """The organization ``account_id`` belongs to (as member or manager), or None."""
    state = org_state(lab, account_id)
    if state.management is None:
        return None
    return org_state(lab, state.management).organization


def caller_org(call) -> Organization:
    """The caller's organization, or AWSOrganizationsNotInUseException."""
    org = organization_for(call.lab, call.account_id)
    if org is None:
        raise errors.AWSOrganizationsNotInUseException()
    return org


def managed_org(call) -> Organization:
    """The caller's organization when the caller is its management account; members get
    AccessDeniedException as AWS answers them."""
    org = caller_org(call)
    if org.management != call.account_id:
        raise errors.AccessDeniedException()
    return org


def node_or(org: Organization, node_id: str, error) -> Node:
    node = org.node(node_id)
    if node is None:
        raise error()
    return node


def member_or(org: Organization, account_id: str) -> Member:
    member = org.accounts.get(account_id)
    if member is None:
        raise errors.AccountNotFoundException()
    return member


Target = Union[Node, Member]


def target_or(org: Organization, target_id: str) -> Target:
    """A root, OU or account of ``org`` by ID, or TargetNotFoundException."""
    found = org.node(target_id) or org.accounts.get(target_id)
    if found is None:
        raise errors.TargetNotFoundException()
    return found


def target_type(target: Target) -> str:
    return "ACCOUNT" if isinstance(target, Member) else target.kind


def depth(org: Organization, node: Node) -> int:
    """0 for the root, 1 for an OU directly below it, ..."""
    n = 0
    while node.parent_id is not None:
        node = org.node(node.parent_id)
        n += 1
    return n


def path_nodes(org: Organization, parent_id: str) -> list[Node]:
    """The nodes from the root down to ``parent_id``."""
    out = []
    node = org.node(parent_id)
    while node is not None:
        out.append(node)
        node = org.node(node.parent_id) if node.parent_id else None
    return out[::-1]


def path_text(org: Organization, nodes: list[Node], leaf: str) -> str:
    """The entity path AWS shows: ``o-xxx/r-xxx/ou-.../111122223333/``."""
    return "/".join([org.id] + [n.id for n in nodes] + [leaf]) + "/"


def children(org: Organization, parent_id: str, child_type: str) -> list:
    if child_type == "ACCOUNT":
        return [m for m in org.accounts.values() if m.parent_id == parent_id]
    return [u for u in org.units.values() if u.parent_id == parent_id]


def members_below(org: Organization, node_id: str) -> list[str]:
    """Account IDs in ``node_id`` and every OU below it."""
    out = [m.id for m in org.accounts.values() if m.parent_id == node_id]
    for unit in children(org, node_id, "ORGANIZATIONAL_UNIT"):
        out += members_below(org, unit.id)
    return out


def invalidate(lab, accounts) -> None:
    """The IAM engine caches each caller's SCP levels: start a new IAM generation for
    every account whose guardrails may have changed."""
    for account in set(accounts):
        if account in lab.accounts:
            lab.state("iam", account).changed()
