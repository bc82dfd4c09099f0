"""Invitations (INVITE handshakes): invite, accept, decline, cancel, describe, list.

An invitation is OPEN for 15 days on the lab's clock, then EXPIRED (aws-facts 10.4).
"""
from __future__ import annotations

from datetime import timedelta

from awslab.services.organizations import errors, views
from awslab.services.organizations.model import (
    MAX_ACCOUNTS, managed_org, org_state, organization_for)
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.common import page
from awslab.services.organizations.operations.organization import account_email, member_for
from awslab.services.organizations.state import Handshake

EXPIRY = timedelta(days=15)
RATE_WINDOW, RATE_LIMIT = timedelta(days=1), 20
LIVE = ("OPEN", "REQUESTED")


def _already_member() -> errors.HandshakeConstraintViolationException:
    return errors.HandshakeConstraintViolationException(
        "ALREADY_IN_AN_ORGANIZATION", "The handshake request is invalid because the "
        "invited account is already a member of an organization.")


def _target_account(lab, target: dict) -> str:
    if target["Type"] == "ACCOUNT":
        if target["Id"] not in lab.accounts:
            raise errors.AccountNotFoundException()
        return target["Id"]
    if target["Type"] == "EMAIL":
        for account in lab.accounts:
            if account_email(lab, account).lower() == target["Id"].lower():
                return account
        raise errors.AccountNotFoundException()
    raise errors.InvalidInputException("INVALID_PARTY_TYPE_TARGET",
                                       "You specified the wrong type for the target.")


@OPERATIONS("InviteAccountToOrganization")
def invite(call, p):
    org = managed_org(call)
    lab = call.lab
    account = _target_account(lab, p["Target"])
    if organization_for(lab, account) is not None:
        raise _already_member()
    live = [h for h in org.handshakes.values() if h.state in LIVE and h.action == "INVITE"]
    if any(h.state in LIVE and h.action == "ENABLE_ALL_FEATURES"
           for h in org.handshakes.values()):
        raise errors.HandshakeConstraintViolationException(
            "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES", "You can't issue new invitations "
            "to join an organization while it's in the process of enabling all features.")
    if any(h.target == account for h in live):
        raise errors.DuplicateHandshakeException()
    if len(org.accounts) + len(live) >= MAX_ACCOUNTS:
        raise errors.HandshakeConstraintViolationException(
            "ACCOUNT_NUMBER_LIMIT_EXCEEDED", "You have reached the limit on the number of "
            "accounts in an organization (invitations count until they are answered).")
    recent = [h for h in org.handshakes.values()
              if h.action == "INVITE" and call.now - h.requested < RATE_WINDOW]
    if len(recent) >= RATE_LIMIT:
        raise errors.HandshakeConstraintViolationException(
            "HANDSHAKE_RATE_LIMIT_EXCEEDED", errors.CONSTRAINTS["HANDSHAKE_RATE_LIMIT_EXCEEDED"])
    shake = new_handshake(lab, org, "INVITE", account, EXPIRY, p.get("Notes", ""))
    return {"Handshake": views.handshake(shake)}


def new_handshake(lab, org, action: str, target: str, lasts: timedelta, notes: str = "",
                  parent: str | None = None) -> Handshake:
    """A handshake of ``org`` with ``target``, OPEN until it expires on the lab's clock,
    kept by the organization and by the target account."""
    hid = f"h-{lab.ids.hex(10)}"
    now = lab.now.replace(microsecond=0)
    kind = {"INVITE": "invite", "ENABLE_ALL_FEATURES": "enable_all_features",
            "APPROVE_ALL_FEATURES": "approve_all_features"}[action]
    shake = Handshake(id=hid, arn=f"arn:aws:organizations::{org.management}:handshake/"
                                  f"{org.id}/{kind}/{hid}",
                      action=action, organization_id=org.id, management=org.management,
                      target=target, notes=notes, requested=now, expires=now + lasts,
                      master_email=org.management_email,
                      master_name=lab.accounts[org.management]["Name"],
                      feature_set=org.feature_set, parent=parent)
    shake.job = lab.clock.at(shake.expires, lambda t: _expire(shake),
                             name=f"organizations handshake {hid} expiry")
    org.handshakes[hid] = shake
    org_state(lab, target).handshakes[hid] = shake
    return shake


def _expire(shake: Handshake) -> None:
    if shake.state in LIVE:
        shake.state = "EXPIRED"


def _received(call) -> Handshake:
    shake = call.state().handshakes.get(call.params["HandshakeId"])
    if shake is None:
        raise errors.HandshakeNotFoundException()
    return shake


def transition(shake: Handshake, new: str) -> None:
    if shake.state == new:
        raise errors.HandshakeAlreadyInStateException()
    if shake.state not in LIVE:
        raise errors.InvalidHandshakeTransitionException()
    shake.state = new
    if shake.job is not None:
        shake.job.cancel()


@OPERATIONS("AcceptHandshake")
def accept(call, p):
    shake = _received(call)
    if shake.action != "INVITE":
        from awslab.services.organizations.operations.all_features import approve
        return {"Handshake": views.handshake(approve(call, shake))}
    lab = call.lab
    if shake.state in LIVE and organization_for(lab, call.account_id) is not None:
        raise _already_member()
    org = org_state(lab, shake.management).organization
    if shake.state in LIVE and (org is None or org.id != shake.organization_id):
        shake.state = "CANCELED"          # the inviting organization no longer exists
    transition(shake, "ACCEPTED")
    member_for(lab, org, call.account_id, org.root.id, "INVITED")
    return {"Handshake": views.handshake(shake)}


@OPERATIONS("DeclineHandshake")
def decline(call, p):
    shake = _received(call)
    transition(shake, "DECLINED")
    return {"Handshake": views.handshake(shake)}


@OPERATIONS("CancelHandshake")
def cancel(call, p):
    org = managed_org(call)
    shake = org.handshakes.get(p["HandshakeId"])
    if shake is None:
        raise errors.HandshakeNotFoundException()
    transition(shake, "CANCELED")
    return {"Handshake": views.handshake(shake)}


@OPERATIONS("DescribeHandshake")
def describe(call, p):
    shake = call.state().handshakes.get(p["HandshakeId"])
    org = organization_for(call.lab, call.account_id)
    if shake is None and org is not None and org.management == call.account_id:
        shake = org.handshakes.get(p["HandshakeId"])
    if shake is None:
        raise errors.HandshakeNotFoundException()
    return {"Handshake": views.handshake(shake)}


def _filtered(shakes, p: dict) -> list[dict]:
    action = (p.get("Filter") or {}).get("ActionType")
    return [views.handshake(h) for h in shakes if action is None or h.action == action]


@OPERATIONS("ListHandshakesForAccount")
def list_for_account(call, p):
    return page(_filtered(call.state().handshakes.values(), p), p, "Handshakes",
                f"handshakes/{call.account_id}")


@OPERATIONS("ListHandshakesForOrganization")
def list_for_organization(call, p):
    org = managed_org(call)
    return page(_filtered(org.handshakes.values(), p), p, "Handshakes",
                f"handshakes/{org.id}")
