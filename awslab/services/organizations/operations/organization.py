"""The organization itself: create, describe, delete; policy types; trusted service access."""
from __future__ import annotations

from datetime import timedelta

from awslab.services.organizations import errors, policies, views
from awslab.services.organizations.model import (
    caller_org, invalidate, managed_org, org_state)
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.common import new_id, page
from awslab.services.organizations.state import Member, Node, Organization

#: an account that existed before the lab started is treated as this old
PREEXISTING_AGE = timedelta(days=365)


def account_email(lab, account_id: str) -> str:
    """The root email of a lab account (``<name>@example.com`` unless one was given)."""
    info = lab.accounts[account_id]
    return info.setdefault("Email", f"{info['Name'].lower().replace(' ', '-')}"
                                    f"+{account_id}@example.com")


def account_created(lab, account_id: str):
    info = lab.accounts[account_id]
    return info.get("Created", lab.start - PREEXISTING_AGE)


def member_for(lab, org: Organization, account_id: str, parent_id: str, method: str,
               created=None) -> Member:
    """Add ``account_id`` to ``org`` below ``parent_id`` with the default policies."""
    member = Member(id=account_id, name=lab.accounts[account_id]["Name"],
                    arn=f"arn:aws:organizations::{org.management}:account/{org.id}/"
                        f"{account_id}",
                    email=account_email(lab, account_id), parent_id=parent_id,
                    joined_method=method, joined=lab.now.replace(microsecond=0),
                    created=created or account_created(lab, account_id),
                    standalone_ready=method == "INVITED")
    org.accounts[account_id] = member
    policies.new_target(org, account_id)
    org_state(lab, account_id).management = org.management
    invalidate(lab, [account_id])
    return member


@OPERATIONS("CreateOrganization")
def create_organization(call, p):
    state = call.state()
    if state.management is not None:
        raise errors.AlreadyInOrganizationException()
    lab, me = call.lab, call.account_id
    org_id = new_id(lab, "o-", 10)
    root_id = new_id(lab, "r-", 4)
    root = Node(root_id, f"arn:aws:organizations::{me}:root/{org_id}/{root_id}", "Root",
                None)
    org = Organization(id=org_id, arn=f"arn:aws:organizations::{me}:organization/{org_id}",
                       management=me, management_email=account_email(lab, me),
                       feature_set=p.get("FeatureSet", "ALL"), root=root,
                       created=call.now.replace(microsecond=0))
    org.attachments[root_id] = []
    state.organization = org
    member_for(lab, org, me, root_id, "CREATED")
    return {"Organization": views.organization(org)}


@OPERATIONS("DescribeOrganization")
def describe_organization(call, p):
    return {"Organization": views.organization(caller_org(call))}


@OPERATIONS("DeleteOrganization")
def delete_organization(call, p):
    org = managed_org(call)
    if len(org.accounts) > 1:
        raise errors.OrganizationNotEmptyException()
    for shake in org.handshakes.values():
        if shake.state in ("OPEN", "REQUESTED"):
            shake.state = "CANCELED"
    state = call.state()
    state.organization, state.management = None, None
    state.left.append((org.id, call.now))
    invalidate(call.lab, [call.account_id])
    return {}


def _root(org: Organization, root_id: str):
    if root_id != org.root.id:
        raise errors.RootNotFoundException()
    return org.root


def _policy_type(org: Organization, ptype: str) -> str:
    if org.feature_set != "ALL":
        raise errors.PolicyTypeNotAvailableForOrganizationException()
    if ptype not in policies.KINDS:
        raise errors.InvalidInputException(
            "INVALID_ENUM_POLICY_TYPE",
            f"awslab simulates the policy types {', '.join(policies.KINDS)} only.")
    return ptype


@OPERATIONS("EnablePolicyType")
def enable_policy_type(call, p):
    org = managed_org(call)
    _root(org, p["RootId"])
    ptype = _policy_type(org, p["PolicyType"])
    if ptype in org.enabled:
        raise errors.PolicyTypeAlreadyEnabledException()
    policies.enable_type(org, ptype)
    invalidate(call.lab, org.accounts)
    return {"Root": views.root(org)}


@OPERATIONS("DisablePolicyType")
def disable_policy_type(call, p):
    org = managed_org(call)
    _root(org, p["RootId"])
    ptype = _policy_type(org, p["PolicyType"])
    if ptype not in org.enabled:
        raise errors.PolicyTypeNotEnabledException()
    policies.disable_type(org, ptype)
    invalidate(call.lab, org.accounts)
    return {"Root": views.root(org)}


@OPERATIONS("ListRoots")
def list_roots(call, p):
    org = managed_org(call)
    return page([views.root(org)], p, "Roots", "roots")


@OPERATIONS("EnableAWSServiceAccess")
def enable_service_access(call, p):
    org = managed_org(call)
    org.service_access.setdefault(p["ServicePrincipal"], call.now.replace(microsecond=0))
    return {}


@OPERATIONS("DisableAWSServiceAccess")
def disable_service_access(call, p):
    managed_org(call).service_access.pop(p["ServicePrincipal"], None)
    return {}


@OPERATIONS("ListAWSServiceAccessForOrganization")
def list_service_access(call, p):
    org = managed_org(call)
    items = [{"ServicePrincipal": k, "DateEnabled": v}
             for k, v in sorted(org.service_access.items())]
    return page(items, p, "EnabledServicePrincipals", "service-access")
