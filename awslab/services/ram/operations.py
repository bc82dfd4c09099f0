"""AWS RAM operations: resource shares, associations, invitations, organization sharing."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services import organizations as orgs
from awslab.services.ram import catalog, errors, sharing
from awslab.services.ram.state import Association, ResourceShare

OPERATIONS = Operations("ram", validation_code="InvalidParameterException")
PAGE = 500


def _now(call):
    return call.now.replace(microsecond=0)


def _page(items: list, p: dict, key: str, salt: str) -> dict:
    page, token = paginate(items, p.get("nextToken"), p.get("maxResults") or PAGE, salt,
                           errors.InvalidNextTokenException)
    out = {key: page}
    if token:
        out["nextToken"] = token
    return out


def _token(p: dict, out: dict) -> dict:
    if p.get("clientToken"):
        out["clientToken"] = p["clientToken"]
    return out


def share_dict(share: ResourceShare) -> dict:
    out = {"resourceShareArn": share.arn, "name": share.name,
           "owningAccountId": share.owner, "allowExternalPrincipals": share.allow_external,
           "status": share.status, "creationTime": share.created,
           "lastUpdatedTime": share.updated, "featureSet": "STANDARD"}
    if share.tags:
        out["tags"] = [{"key": k, "value": v} for k, v in share.tags.items()]
    return out


def association_dict(share: ResourceShare, a: Association) -> dict:
    out = {"resourceShareArn": share.arn, "resourceShareName": share.name,
           "associatedEntity": a.entity, "associationType": a.kind, "status": a.status,
           "creationTime": a.created, "lastUpdatedTime": a.updated,
           "external": a.external}
    if a.message:
        out["statusMessage"] = a.message
    return out


def _own_share(call, arn: str) -> ResourceShare:
    share = call.state().shares.get(arn)
    if share is None:
        raise errors.UnknownResourceException(f"ResourceShare {arn} could not be found.")
    if share.status != "ACTIVE":
        raise errors.OperationNotPermittedException(f"The resource share {arn} is "
                                                    f"{share.status}.")
    return share


def _associate(call, share: ResourceShare, resources: list, principals: list) -> list:
    """Add resources and principals, validated as a whole first (subnets stay in the
    organization...); returns the associations as RAM answers them."""
    lab, now = call.lab, _now(call)
    for arn in resources:
        catalog.find(lab, arn, share.owner, share.region)
    new_resources = {arn: Association(arn, "RESOURCE", now, now)
                     for arn in resources if arn not in share.resources}
    new_principals = {}
    for principal in principals:
        external = sharing.check_principal(lab, share, principal)
        found = share.principals.get(principal)
        if found is None or found.status in ("FAILED", "DISASSOCIATED"):
            new_principals[principal] = Association(principal, "PRINCIPAL", now, now,
                                                    external=external)
    sharing.check_share(ResourceShare(**{
        **share.__dict__, "resources": {**share.resources, **new_resources},
        "principals": {**share.principals, **new_principals}}))
    share.resources.update(new_resources)
    share.principals.update(new_principals)
    for principal, association in new_principals.items():
        if sharing.needs_invitation(lab, share, principal, association.external):
            sharing.invite(lab, share, principal, association)
    share.updated = now
    sharing.refresh(lab, share.region)
    return [association_dict(share, share.resources[a]) for a in resources] + \
        [association_dict(share, share.principals[p]) for p in principals]


@OPERATIONS("CreateResourceShare")
def create_resource_share(call, p):
    for key in ("permissionArns", "sources", "permissionTemplateParameters"):
        if p.get(key):
            raise errors.InvalidParameterException(
                f"awslab uses the default managed permission of each resource type; "
                f"{key} is not simulated.")
    state = call.state()
    now = _now(call)
    share = ResourceShare(f"arn:aws:ram:{call.region}:{call.account_id}:resource-share/"
                          f"{call.lab.ids.uuid()}", p["name"], call.account_id, call.region,
                          p.get("allowExternalPrincipals", True), now, now,
                          tags={t["key"]: t.get("value", "") for t in p.get("tags") or []})
    _associate(call, share, p.get("resourceArns") or [], p.get("principals") or [])
    state.shares[share.arn] = share
    sharing.refresh(call.lab, call.region)
    return _token(p, {"resourceShare": share_dict(share)})


@OPERATIONS("AssociateResourceShare")
def associate_resource_share(call, p):
    share = _own_share(call, p["resourceShareArn"])
    made = _associate(call, share, p.get("resourceArns") or [], p.get("principals") or [])
    return _token(p, {"resourceShareAssociations": made})


@OPERATIONS("DisassociateResourceShare")
def disassociate_resource_share(call, p):
    share = _own_share(call, p["resourceShareArn"])
    now, out = _now(call), []
    for entity, table in [*((r, share.resources) for r in p.get("resourceArns") or []),
                          *((x, share.principals) for x in p.get("principals") or [])]:
        found = table.get(entity)
        if found is None:
            raise errors.UnknownResourceException(f"{entity} is not associated with the "
                                                  f"resource share.")
        found.status, found.updated = "DISASSOCIATED", now
        out.append({**association_dict(share, found), "status": "DISASSOCIATING"})
        del table[entity]
    share.updated = now
    sharing.refresh(call.lab, call.region)
    return _token(p, {"resourceShareAssociations": out})


@OPERATIONS("DeleteResourceShare")
def delete_resource_share(call, p):
    share = _own_share(call, p["resourceShareArn"])
    share.status, share.updated = "DELETED", _now(call)
    for association in [*share.resources.values(), *share.principals.values()]:
        association.status = "DISASSOCIATED"
    sharing.refresh(call.lab, call.region)
    return _token(p, {"returnValue": True})


def shared_with_me(call) -> list[ResourceShare]:
    """Active shares of other accounts whose associated principals reach the caller."""
    out = []
    for (owner, region), state in call.lab.states("ram"):
        if region != call.region or owner == call.account_id:
            continue
        for share in state.shares.values():
            if share.status == "ACTIVE" and any(
                    p.status == "ASSOCIATED" and call.account_id in
                    sharing.principal_accounts(call.lab, share, p.entity)
                    for p in share.principals.values()):
                out.append(share)
    return out


def _shares(call, owner: str) -> list[ResourceShare]:
    if owner == "SELF":
        return list(call.state().shares.values())
    return shared_with_me(call)


@OPERATIONS("GetResourceShares")
def get_resource_shares(call, p):
    if p.get("permissionArn") or p.get("tagFilters"):
        raise errors.InvalidParameterException("awslab does not simulate these filters.")
    shares = _shares(call, p["resourceOwner"])
    wanted = p.get("resourceShareArns")
    shares = [s for s in shares if (not wanted or s.arn in wanted)
              and (not p.get("name") or s.name == p["name"])
              and (not p.get("resourceShareStatus") or s.status == p["resourceShareStatus"])]
    return _page([share_dict(s) for s in shares], p, "resourceShares",
                 f"shares/{p['resourceOwner']}/{wanted}/{p.get('name')}")


@OPERATIONS("ListResources")
def list_resources(call, p):
    owner = p["resourceOwner"]
    if owner == "OTHER-ACCOUNTS" and p.get("principal"):
        raise errors.InvalidParameterException(
            "principal can be given only with resourceOwner SELF.")
    items = []
    for share in _shares(call, owner):
        if share.status != "ACTIVE":
            continue
        if p.get("resourceShareArns") and share.arn not in p["resourceShareArns"]:
            continue
        if p.get("principal") and p["principal"] not in share.principals:
            continue
        for arn, a in share.resources.items():
            code = catalog.parse(arn)[0].code
            if a.status != "ASSOCIATED" or (p.get("resourceType") and
                                             p["resourceType"] != code) or (
                    p.get("resourceArns") and arn not in p["resourceArns"]):
                continue
            items.append({"arn": arn, "type": code, "resourceShareArn": share.arn,
                          "status": "AVAILABLE", "creationTime": a.created,
                          "lastUpdatedTime": a.updated, "resourceRegionScope": "REGIONAL"})
    return _page(items, p, "resources", f"resources/{owner}/{p.get('resourceType')}")


@OPERATIONS("ListPrincipals")
def list_principals(call, p):
    owner = p["resourceOwner"]
    items = []
    for share in _shares(call, owner):
        if share.status != "ACTIVE" or (p.get("resourceShareArns") and
                                        share.arn not in p["resourceShareArns"]):
            continue
        if p.get("resourceArn") and p["resourceArn"] not in share.resources:
            continue
        if p.get("resourceType") and not any(catalog.parse(r)[0].code == p["resourceType"]
                                             for r in share.resources):
            continue
        if owner == "OTHER-ACCOUNTS":
            items.append({"id": share.owner, "resourceShareArn": share.arn,
                          "creationTime": share.created, "lastUpdatedTime": share.updated,
                          "external": share.owner not in ((orgs.organization_of(
                              call.lab, call.account_id) or {}).get("accounts") or [])})
            continue
        for a in share.principals.values():
            if p.get("principals") and a.entity not in p["principals"]:
                continue
            items.append({"id": a.entity, "resourceShareArn": share.arn,
                          "creationTime": a.created, "lastUpdatedTime": a.updated,
                          "external": a.external})
    return _page(items, p, "principals", f"principals/{owner}")


@OPERATIONS("GetResourceShareAssociations")
def get_associations(call, p):
    kind = p["associationType"]
    if kind == "PRINCIPAL" and p.get("resourceArn") or kind == "RESOURCE" and p.get(
            "principal"):
        raise errors.InvalidParameterException(
            "resourceArn goes with associationType RESOURCE, principal with PRINCIPAL.")
    items = []
    for share in call.state().shares.values():
        if p.get("resourceShareArns") and share.arn not in p["resourceShareArns"]:
            continue
        table = share.principals if kind == "PRINCIPAL" else share.resources
        for a in table.values():
            wanted = p.get("principal") or p.get("resourceArn")
            if (wanted and a.entity != wanted) or (
                    p.get("associationStatus") and a.status != p["associationStatus"]):
                continue
            items.append(association_dict(share, a))
    return _page(items, p, "resourceShareAssociations", f"assoc/{kind}")


def invitation_dict(invitation) -> dict:
    return {"resourceShareInvitationArn": invitation.arn,
            "resourceShareName": invitation.share.name,
            "resourceShareArn": invitation.share.arn,
            "senderAccountId": invitation.sender, "receiverAccountId": invitation.receiver,
            "invitationTimestamp": invitation.sent, "status": invitation.status}


@OPERATIONS("GetResourceShareInvitations")
def get_invitations(call, p):
    found = list(call.state().invitations.values())
    arns = p.get("resourceShareInvitationArns")
    if arns:
        missing = [a for a in arns if a not in call.state().invitations]
        if missing:
            raise errors.ResourceShareInvitationArnNotFoundException()
        found = [i for i in found if i.arn in arns]
    if p.get("resourceShareArns"):
        found = [i for i in found if i.share.arn in p["resourceShareArns"]]
    return _page([invitation_dict(i) for i in found], p, "resourceShareInvitations",
                 f"invitations/{arns}")


def _invitation(call):
    found = call.state().invitations.get(call.params["resourceShareInvitationArn"])
    if found is None:
        raise errors.ResourceShareInvitationArnNotFoundException()
    if found.status == "ACCEPTED":
        raise errors.ResourceShareInvitationAlreadyAcceptedException()
    if found.status == "REJECTED":
        raise errors.ResourceShareInvitationAlreadyRejectedException()
    if found.status == "EXPIRED":
        raise errors.ResourceShareInvitationExpiredException()
    return found


@OPERATIONS("AcceptResourceShareInvitation")
def accept_invitation(call, p):
    invitation = _invitation(call)
    invitation.status = "ACCEPTED"
    invitation.job.cancel()
    sharing.answer(call.lab, invitation, "ASSOCIATED")
    return _token(p, {"resourceShareInvitation": invitation_dict(invitation)})


@OPERATIONS("RejectResourceShareInvitation")
def reject_invitation(call, p):
    invitation = _invitation(call)
    invitation.status = "REJECTED"
    invitation.job.cancel()
    sharing.answer(call.lab, invitation, "FAILED", "The invitation was rejected.")
    return _token(p, {"resourceShareInvitation": invitation_dict(invitation)})


@OPERATIONS("EnableSharingWithAwsOrganization")
def enable_sharing(call, p):
    org = orgs.organization_of(call.lab, call.account_id)
    if org is None or org["MasterAccountId"] != call.account_id:
        raise errors.OperationNotPermittedException(
            "Sharing with AWS Organizations can be enabled only from the management "
            "account of an organization.")
    from awslab.services.organizations.model import organization_for
    organization_for(call.lab, call.account_id).service_access.setdefault(
        sharing.RAM_PRINCIPAL, _now(call))
    return {"returnValue": True}


@OPERATIONS("ListResourceTypes")
def list_resource_types(call, p):
    """The resource types the lab's RAM shares (AWS lists many more)."""
    if p.get("resourceRegionScope") == "GLOBAL":
        return {"resourceTypes": []}
    items = [{"resourceType": code, "serviceName": code.split(":")[0],
              "resourceRegionScope": "REGIONAL"} for code in catalog.TYPES]
    return _page(items, p, "resourceTypes", "types")
