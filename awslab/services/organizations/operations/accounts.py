"""Accounts: CreateAccount (asynchronous), describe and list, move, remove and leave."""
from __future__ import annotations

from datetime import timedelta

from awslab.services.organizations import errors, views
from awslab.services.organizations.access_role import create_access_role
from awslab.services.organizations.model import (
    MAX_ACCOUNTS, caller_org, children, invalidate, managed_org, member_or, node_or,
    org_state)
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.common import page, tags_of
from awslab.services.organizations.operations.organization import member_for
from awslab.services.organizations.state import CreateAccountStatus, Organization

CREATE_DELAY = timedelta(minutes=2)       # CreateAccount finishes after this long
REMOVAL_WAIT = timedelta(days=7)          # a created account cannot leave before this age
DEFAULT_ROLE = "OrganizationAccountAccessRole"


def _new_account_id(lab) -> str:
    while True:
        candidate = f"{int(lab.ids.hex(10), 16) % 10**12:012d}"
        if candidate not in lab.accounts and candidate[0] != "0":
            return candidate


def _emails(lab) -> set:
    from awslab.services.organizations.operations.organization import account_email
    return {account_email(lab, a) for a in lab.accounts}


@OPERATIONS("CreateAccount")
def create_account(call, p):
    org = managed_org(call)
    lab = call.lab
    pending = sum(s.state == "IN_PROGRESS" for s in org.statuses.values())
    if len(org.accounts) + pending >= MAX_ACCOUNTS:
        raise errors.constraint("ACCOUNT_NUMBER_LIMIT_EXCEEDED")
    status = CreateAccountStatus(id=f"car-{lab.ids.hex(32)}", name=p["AccountName"],
                                 requested=call.now.replace(microsecond=0))
    org.statuses[status.id] = status
    email = p["Email"]
    failure = "EMAIL_ALREADY_EXISTS" if email in _emails(lab) else None
    lab.clock.at(call.now + CREATE_DELAY,
                 lambda t: _finish(lab, org, status, email, p.get("RoleName", DEFAULT_ROLE),
                                   tags_of(p), failure),
                 name=f"organizations CreateAccount {status.name}")
    return {"CreateAccountStatus": views.status(status)}


def _finish(lab, org: Organization, status: CreateAccountStatus, email: str, role: str,
            tags: dict, failure) -> None:
    status.completed = lab.now.replace(microsecond=0)
    if failure or org_state(lab, org.management).organization is not org:
        status.state, status.failure = "FAILED", failure or "INTERNAL_FAILURE"
        return
    account_id = _new_account_id(lab)
    info = lab.add_account(account_id, status.name)
    info.update({"Email": email, "Created": status.completed})
    member = member_for(lab, org, account_id, org.root.id, "CREATED",
                        created=status.completed)
    member.tags.update(tags)
    create_access_role(lab, account_id, org.management, role)
    status.state, status.account_id = "SUCCEEDED", account_id


@OPERATIONS("DescribeCreateAccountStatus")
def describe_create_status(call, p):
    org = managed_org(call)
    status = org.statuses.get(p["CreateAccountRequestId"])
    if status is None:
        raise errors.CreateAccountStatusNotFoundException()
    return {"CreateAccountStatus": views.status(status)}


@OPERATIONS("ListCreateAccountStatus")
def list_create_status(call, p):
    org = managed_org(call)
    wanted = set(p.get("States") or ("IN_PROGRESS", "SUCCEEDED", "FAILED"))
    items = [views.status(s) for s in org.statuses.values() if s.state in wanted]
    return page(items, p, "CreateAccountStatuses", f"car/{sorted(wanted)}")


@OPERATIONS("DescribeAccount")
def describe_account(call, p):
    org = managed_org(call)
    return {"Account": views.account(org, member_or(org, p["AccountId"]))}


@OPERATIONS("ListAccounts")
def list_accounts(call, p):
    org = managed_org(call)
    return page([views.account(org, m) for m in org.accounts.values()], p, "Accounts",
                "accounts")


@OPERATIONS("ListAccountsForParent")
def list_accounts_for_parent(call, p):
    org = managed_org(call)
    parent = node_or(org, p["ParentId"], errors.ParentNotFoundException)
    items = [views.account(org, m) for m in children(org, parent.id, "ACCOUNT")]
    return page(items, p, "Accounts", f"accounts/{parent.id}")


@OPERATIONS("MoveAccount")
def move_account(call, p):
    org = managed_org(call)
    member = member_or(org, p["AccountId"])
    source = node_or(org, p["SourceParentId"], errors.SourceParentNotFoundException)
    dest = node_or(org, p["DestinationParentId"], errors.DestinationParentNotFoundException)
    if member.parent_id != source.id:
        raise errors.SourceParentNotFoundException()
    if dest.id == source.id:
        raise errors.DuplicateAccountException()
    member.parent_id = dest.id
    invalidate(call.lab, [member.id])
    return {}


def remove_member(lab, org: Organization, account_id: str) -> None:
    """Take ``account_id`` out of ``org`` once AWS's rules allow it (aws-facts 10.4)."""
    member = org.accounts[account_id]
    if member.joined_method == "CREATED" and lab.now - member.created < REMOVAL_WAIT:
        raise errors.constraint("WAIT_PERIOD_ACTIVE")
    if not member.standalone_ready:
        raise errors.constraint("ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA")
    del org.accounts[account_id]
    org.attachments.pop(account_id, None)
    state = org_state(lab, account_id)
    state.management = None
    state.left.append((org.id, lab.now))
    invalidate(lab, [account_id])
    _revoke_org_shares(lab)


def _revoke_org_shares(lab) -> None:
    """Resources shared with the organization (or within it) stop reaching an account
    that left: RAM recomputes what every participant sees."""
    regions = {region for (_, region), _ in lab.states("ram")}
    if regions:
        from awslab.services.ram.sharing import refresh
        for region in sorted(regions):
            refresh(lab, region)


@OPERATIONS("RemoveAccountFromOrganization")
def remove_account(call, p):
    org = managed_org(call)
    member_or(org, p["AccountId"])
    if p["AccountId"] == org.management:
        raise errors.MasterCannotLeaveOrganizationException()
    remove_member(call.lab, org, p["AccountId"])
    return {}


@OPERATIONS("LeaveOrganization")
def leave_organization(call, p):
    org = caller_org(call)
    if call.account_id == org.management:
        raise errors.constraint("ACCOUNT_CANNOT_LEAVE_ORGANIZATION")
    remove_member(call.lab, org, call.account_id)
    return {}


def complete_standalone_signup(lab, account_id: str) -> None:
    """What the account's root user does in the console before a created account can
    leave: add a payment method and contact details, verify the phone, accept the AWS
    Customer Agreement. The lab has no console, so this helper stands in for it."""
    from awslab.services.organizations.model import organization_for
    org = organization_for(lab, account_id)
    if org is not None and account_id in org.accounts:
        org.accounts[account_id].standalone_ready = True
