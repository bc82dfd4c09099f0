"""Who a share reaches: principal checks, invitations, and what participants see.

Rules (aws-facts 11.1, 11.2): with sharing enabled for the organization (from the
management account), accounts, OUs and the organization itself are associated at once;
an account outside the organization (or any account when sharing is not enabled) gets an
invitation that expires after 12 hours. Subnets stay inside the organization. After every
change :func:`refresh` recomputes what each participant sees in EC2, Route 53 Resolver and
License Manager.
"""
from __future__ import annotations

from datetime import timedelta

from awslab.services import organizations as orgs
from awslab.services.ram import catalog, errors
from awslab.services.ram.state import Association, Invitation, ResourceShare

INVITATION_TTL = timedelta(hours=12)
RAM_PRINCIPAL = "ram.amazonaws.com"


def org_sharing(lab, account_id: str):
    """The owner's organization dict when RAM sharing with it is enabled, else None."""
    org = orgs.organization_of(lab, account_id)
    return org if org is not None and RAM_PRINCIPAL in org["service_access"] else None


def principal_accounts(lab, share: ResourceShare, principal: str) -> list[str]:
    """The accounts a principal (account ID, organization or OU ARN) stands for now."""
    if principal.isdigit():
        return [principal]
    org = orgs.organization_of(lab, share.owner)
    if org is None:
        return []
    if principal.split(":")[5].startswith("organization/"):
        found = [a for a in org["accounts"] if a != share.owner]
    else:
        found = orgs.accounts_below(lab, share.owner, principal.rsplit("/", 1)[-1]) or []
    return [a for a in found if a != share.owner]


def check_principal(lab, share: ResourceShare, principal: str) -> bool:
    """Validate ``principal`` for ``share``; returns whether it is external (outside the
    owner's organization)."""
    if principal.isdigit():
        if len(principal) != 12:
            raise errors.InvalidParameterException(f"{principal} is not an account ID.")
        if principal == share.owner:
            raise errors.InvalidParameterException(
                "The resource share owner cannot be a principal of its own share.")
        org = orgs.organization_of(lab, share.owner)
        return org is None or principal not in org["accounts"]
    parts = principal.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise errors.MalformedArnException()
    if parts[2] == "iam":
        raise errors.InvalidParameterException(
            "The resource types awslab shares (subnets, transit gateways, Resolver rules, "
            "License Manager configurations) cannot be shared with IAM users or roles.")
    if parts[2] != "organizations":
        raise errors.InvalidParameterException(f"{principal} is not a valid principal.")
    org = org_sharing(lab, share.owner)
    if org is None:
        raise errors.OperationNotPermittedException(
            "To share with an organization or an OU, enable sharing with AWS Organizations "
            "(EnableSharingWithAwsOrganization from the management account) first.")
    target = parts[5].rsplit("/", 1)[-1]
    if parts[5].startswith("organization/") and target == org["Id"]:
        return False
    if parts[5].startswith("ou/") and target in org["ous"]:
        return False
    raise errors.UnknownResourceException(f"The principal {principal} is not in your "
                                          f"organization.")


def check_share(share: ResourceShare) -> None:
    """Subnets cannot leave the organization; a share that disallows external principals
    keeps them out."""
    external = [a.entity for a in share.principals.values() if a.external]
    if not external:
        return
    if not share.allow_external:
        raise errors.OperationNotPermittedException(
            f"The resource share {share.name} does not allow principals outside your "
            f"organization ({', '.join(external)}).")
    for arn in share.resources:
        rtype, _, _ = catalog.parse(arn)
        if not rtype.outside_org:
            raise errors.OperationNotPermittedException(
                f"Resources of type {rtype.code} can be shared only with principals in "
                f"your organization; {', '.join(external)} is outside it.")


def needs_invitation(lab, share: ResourceShare, principal: str, external: bool) -> bool:
    return principal.isdigit() and (external or org_sharing(lab, share.owner) is None)


def invite(lab, share: ResourceShare, account: str, association: Association) -> None:
    """Send (or reuse) the invitation of ``account`` to ``share``."""
    state = lab.state("ram", account, share.region)
    if any(i.share is share and i.status == "PENDING" for i in state.invitations.values()):
        return
    association.status = "ASSOCIATING"
    arn = f"arn:aws:ram:{share.region}:{share.owner}:resource-share-invitation/" \
          f"{lab.ids.uuid()}"
    invitation = Invitation(arn, share, share.owner, account, lab.now.replace(microsecond=0))
    invitation.job = lab.clock.at(invitation.sent + INVITATION_TTL,
                                  lambda t: expire(lab, invitation),
                                  name=f"ram invitation {arn} expiry")
    state.invitations[arn] = invitation


def expire(lab, invitation: Invitation) -> None:
    if invitation.status == "PENDING":
        invitation.status = "EXPIRED"
        answer(lab, invitation, "FAILED", "The invitation expired.")


def answer(lab, invitation: Invitation, status: str, message: str = "") -> None:
    """Set the principal association of an answered invitation, then refresh."""
    found = invitation.share.principals.get(invitation.receiver)
    if found is not None:
        found.status, found.message = status, message
        found.updated = lab.now.replace(microsecond=0)
    refresh(lab, invitation.share.region)


def grants(lab, region: str) -> dict:
    """``{(account, type code): [resource, ...]}`` every participant sees in ``region``."""
    out: dict = {}
    for (_, where), state in lab.states("ram"):
        if where != region:
            continue
        for share in state.shares.values():
            if share.status != "ACTIVE":
                continue
            accounts = {a for p in share.principals.values() if p.status == "ASSOCIATED"
                        for a in principal_accounts(lab, share, p.entity)}
            for arn, assoc in share.resources.items():
                if assoc.status != "ASSOCIATED":
                    continue
                rtype, _, _ = catalog.parse(arn)
                resource = rtype.owned(lab.state(rtype.service, share.owner, region), arn)
                if resource is None:
                    continue
                for account in accounts:
                    out.setdefault((account, rtype.code), []).append(resource)
    return out


def refresh(lab, region: str) -> None:
    """Recompute what every participant sees in ``region`` (the shared_* dictionaries of
    EC2, Route 53 Resolver and License Manager, and the owners' SHARED_BY_ME marks)."""
    given = grants(lab, region)
    for rtype in catalog.TYPES.values():
        for (account, where), state in lab.states(rtype.service):
            if where == region:
                getattr(state, rtype.shared_attr).clear()
    for (_, where), state in lab.states("route53resolver"):
        if where == region:
            state.shared_out.clear()
    for (account, code), resources in given.items():
        rtype = catalog.TYPES[code]
        target = getattr(lab.state(rtype.service, account, region), rtype.shared_attr)
        for resource in resources:
            target[rtype.key(resource)] = resource
            if code == "route53resolver:ResolverRule":
                lab.state("route53resolver", resource.owner, region).shared_out.add(
                    resource.id)
