"""EnableAllFeatures: an organization with consolidated billing only moves to all features
once every invited member approves (APPROVE_ALL_FEATURES handshakes, 90 days) and the
management account accepts its ENABLE_ALL_FEATURES handshake (aws-facts 10.1, 10.4).
Accounts created in the organization approve implicitly."""
from __future__ import annotations

from datetime import timedelta

from awslab.services.organizations import errors, views
from awslab.services.organizations.model import invalidate, managed_org
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.handshakes import (
    LIVE, new_handshake, transition)
from awslab.services.organizations.state import Handshake

EXPIRY = timedelta(days=90)


@OPERATIONS("EnableAllFeatures")
def enable_all_features(call, p):
    org = managed_org(call)
    if org.feature_set == "ALL":
        raise errors.HandshakeConstraintViolationException(
            "ORGANIZATION_ALREADY_HAS_ALL_FEATURES",
            "The handshake request is invalid because the organization has already "
            "enabled all features.")
    if any(h.action == "ENABLE_ALL_FEATURES" and h.state in LIVE
           for h in org.handshakes.values()):
        raise errors.HandshakeConstraintViolationException(
            "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
            "The handshake request is invalid because the organization has already "
            "started the process to enable all features.")
    parent = new_handshake(call.lab, org, "ENABLE_ALL_FEATURES", org.management, EXPIRY)
    for member in org.accounts.values():
        if member.id != org.management and member.joined_method == "INVITED":
            new_handshake(call.lab, org, "APPROVE_ALL_FEATURES", member.id, EXPIRY,
                          parent=parent.id)
    return {"Handshake": views.handshake(parent)}


def approve(call, shake: Handshake) -> Handshake:
    """AcceptHandshake of an APPROVE_ALL_FEATURES (a member) or ENABLE_ALL_FEATURES (the
    management account, once every member approved) handshake."""
    if shake.action == "APPROVE_ALL_FEATURES":
        transition(shake, "ACCEPTED")
        return shake
    org = managed_org(call)
    waiting = [h.target for h in org.handshakes.values()
               if h.parent == shake.id and h.state != "ACCEPTED"]
    if waiting and shake.state in LIVE:
        raise errors.InvalidHandshakeTransitionException(
            "You can't finalize enabling all features until every invited member account "
            f"approves (still waiting for {', '.join(waiting)}).")
    transition(shake, "ACCEPTED")
    org.feature_set = "ALL"
    invalidate(call.lab, org.accounts)
    return shake
