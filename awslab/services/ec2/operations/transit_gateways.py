"""Transit gateways and their VPC attachments, shareable through AWS RAM.

The owner keeps the gateway (``state.transit_gateways``); RAM puts a shared gateway into
a participant's ``state.shared_transit_gateways``. A participant sees it in
DescribeTransitGateways (with the owner's ``OwnerId``), can attach its own VPCs to it
(``pendingAcceptance`` until the owner accepts, unless the gateway auto-accepts shared
attachments) and cannot modify or delete it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from awslab.errors import error_class
from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, tag_list
from awslab.services.ec2.operations.vpcs import (
    InvalidVpcIDNotFound, UnauthorizedOperation, page_of, spec_tags)

InvalidTransitGatewayIDNotFound = error_class("InvalidTransitGatewayID.NotFound")
InvalidTransitGatewayAttachmentIDNotFound = error_class(
    "InvalidTransitGatewayAttachmentID.NotFound")
IncorrectState = errors.IncorrectState
DEFAULT_ASN = 64512


@dataclass
class Attachment:
    """A VPC attached to a transit gateway (kept with the gateway)."""

    attachment_id: str
    gateway_id: str
    vpc_id: str
    vpc_owner: str
    subnet_ids: list[str]
    created: datetime
    state: str = "available"
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class TransitGateway:
    """A transit gateway of one account and region."""

    gateway_id: str
    owner: str
    region: str
    created: datetime
    description: str = ""
    asn: int = DEFAULT_ASN
    auto_accept: bool = False
    state: str = "available"
    tags: dict[str, str] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:ec2:{self.region}:{self.owner}:transit-gateway/{self.gateway_id}"


def gateway_dict(tgw: TransitGateway, viewer: str) -> dict:
    enable = {True: "enable", False: "disable"}
    out = {"TransitGatewayId": tgw.gateway_id, "TransitGatewayArn": tgw.arn,
           "State": tgw.state, "OwnerId": tgw.owner, "Description": tgw.description,
           "CreationTime": tgw.created,
           "Options": {"AmazonSideAsn": tgw.asn,
                       "AutoAcceptSharedAttachments": enable[tgw.auto_accept],
                       "DefaultRouteTableAssociation": "enable",
                       "DefaultRouteTablePropagation": "enable",
                       "VpnEcmpSupport": "enable", "DnsSupport": "enable",
                       "MulticastSupport": "disable"}}
    if tgw.tags and viewer == tgw.owner:
        out["Tags"] = tag_list(tgw.tags)
    return out


def attachment_dict(a: Attachment) -> dict:
    out = {"TransitGatewayAttachmentId": a.attachment_id, "TransitGatewayId": a.gateway_id,
           "VpcId": a.vpc_id, "VpcOwnerId": a.vpc_owner, "State": a.state,
           "SubnetIds": list(a.subnet_ids), "CreationTime": a.created,
           "Options": {"DnsSupport": "enable", "Ipv6Support": "disable",
                       "ApplianceModeSupport": "disable"}}
    if a.tags:
        out["Tags"] = tag_list(a.tags)
    return out


def _visible(state) -> list[TransitGateway]:
    return [*state.transit_gateways.values(), *state.shared_transit_gateways.values()]


@OPERATIONS("CreateTransitGateway")
def create_transit_gateway(call, p):
    dry_run(p)
    options = p.get("Options") or {}
    tgw = TransitGateway(call.lab.ids.resource("tgw"), call.account_id, call.region,
                         call.now.replace(microsecond=0), p.get("Description", ""),
                         options.get("AmazonSideAsn", DEFAULT_ASN),
                         options.get("AutoAcceptSharedAttachments") == "enable",
                         tags=spec_tags(p, "transit-gateway"))
    call.state().transit_gateways[tgw.gateway_id] = tgw
    return {"TransitGateway": {**gateway_dict(tgw, call.account_id), "State": "pending"}}


@OPERATIONS("DescribeTransitGateways")
def describe_transit_gateways(call, p):
    gateways = [g for g in _visible(call.state()) if g.state != "deleted"]
    wanted = p.get("TransitGatewayIds") or []
    missing = [g for g in wanted if g not in {x.gateway_id for x in gateways}]
    if missing:
        raise InvalidTransitGatewayIDNotFound(
            f"Transit Gateway {missing[0]} was deleted or does not exist.")
    match = compile_filters(p.get("Filters"), {
        "transit-gateway-id": lambda g: [g.gateway_id], "owner-id": lambda g: [g.owner],
        "state": lambda g: [g.state]}, lambda g: g.tags)
    found = [gateway_dict(g, call.account_id) for g in gateways
             if (not wanted or g.gateway_id in wanted) and match(g)]
    return page_of(found, p, "TransitGateways", f"tgws/{wanted}/{p.get('Filters')}")


def _owned(call, gateway_id: str) -> TransitGateway:
    state = call.state()
    if gateway_id in state.shared_transit_gateways:
        tgw = state.shared_transit_gateways[gateway_id]
        raise UnauthorizedOperation(
            f"You are not authorized to perform this operation. The transit gateway "
            f"{gateway_id} belongs to account {tgw.owner} and is shared with you through "
            f"AWS RAM: only its owner can modify or delete it.")
    tgw = state.transit_gateways.get(gateway_id)
    if tgw is None or tgw.state == "deleted":
        raise InvalidTransitGatewayIDNotFound(
            f"Transit Gateway {gateway_id} was deleted or does not exist.")
    return tgw


@OPERATIONS("DeleteTransitGateway")
def delete_transit_gateway(call, p):
    dry_run(p)
    tgw = _owned(call, p["TransitGatewayId"])
    if any(a.state != "deleted" for a in tgw.attachments.values()):
        raise IncorrectState(f"tgw {tgw.gateway_id} has non-deleted Transit Gateway "
                             f"Attachments")
    tgw.state = "deleted"
    del call.state().transit_gateways[tgw.gateway_id]
    return {"TransitGateway": {**gateway_dict(tgw, call.account_id), "State": "deleting"}}


@OPERATIONS("CreateTransitGatewayVpcAttachment")
def create_attachment(call, p):
    dry_run(p)
    state = call.state()
    tgw = next((g for g in _visible(state) if g.gateway_id == p["TransitGatewayId"]), None)
    if tgw is None:
        raise InvalidTransitGatewayIDNotFound(
            f"Transit Gateway {p['TransitGatewayId']} was deleted or does not exist.")
    if p["VpcId"] not in state.vpcs:
        raise InvalidVpcIDNotFound(f"The vpc ID '{p['VpcId']}' does not exist")
    for sid in p["SubnetIds"]:
        subnet = state.vpc_subnets.get(sid)
        if subnet is None or subnet.vpc_id != p["VpcId"]:
            raise errors.InvalidSubnetIDNotFound(f"The subnet ID '{sid}' does not exist")
    cross = tgw.owner != call.account_id
    attachment = Attachment(call.lab.ids.resource("tgw-attach"), tgw.gateway_id,
                            p["VpcId"], call.account_id, list(p["SubnetIds"]),
                            call.now.replace(microsecond=0),
                            "pendingAcceptance" if cross and not tgw.auto_accept
                            else "available",
                            spec_tags(p, "transit-gateway-attachment"))
    tgw.attachments[attachment.attachment_id] = attachment
    return {"TransitGatewayVpcAttachment": attachment_dict(attachment)}


def _attachments(call) -> list[Attachment]:
    """Attachments the caller sees: to its gateways, and of its VPCs."""
    state, me = call.state(), call.account_id
    return [a for g in _visible(state) for a in g.attachments.values()
            if (g.owner == me or a.vpc_owner == me) and a.state != "deleted"]


def _attachment(call, attachment_id: str) -> Attachment:
    found = next((a for a in _attachments(call) if a.attachment_id == attachment_id), None)
    if found is None:
        raise InvalidTransitGatewayAttachmentIDNotFound(
            f"Transit Gateway Attachment {attachment_id} was deleted or does not exist.")
    return found


@OPERATIONS("DescribeTransitGatewayVpcAttachments")
def describe_attachments(call, p):
    wanted = p.get("TransitGatewayAttachmentIds") or []
    for aid in wanted:
        _attachment(call, aid)
    match = compile_filters(p.get("Filters"), {
        "transit-gateway-id": lambda a: [a.gateway_id], "vpc-id": lambda a: [a.vpc_id],
        "state": lambda a: [a.state],
        "transit-gateway-attachment-id": lambda a: [a.attachment_id]}, lambda a: a.tags)
    found = [attachment_dict(a) for a in _attachments(call)
             if (not wanted or a.attachment_id in wanted) and match(a)]
    return page_of(found, p, "TransitGatewayVpcAttachments",
                   f"tgw-attach/{wanted}/{p.get('Filters')}")


@OPERATIONS("AcceptTransitGatewayVpcAttachment")
def accept_attachment(call, p):
    dry_run(p)
    attachment = _attachment(call, p["TransitGatewayAttachmentId"])
    _owned(call, attachment.gateway_id)
    if attachment.state != "pendingAcceptance":
        raise IncorrectState(f"tgw-attachment {attachment.attachment_id} is in invalid "
                             f"state {attachment.state}")
    attachment.state = "available"
    return {"TransitGatewayVpcAttachment": attachment_dict(attachment)}


@OPERATIONS("DeleteTransitGatewayVpcAttachment")
def delete_attachment(call, p):
    dry_run(p)
    attachment = _attachment(call, p["TransitGatewayAttachmentId"])
    attachment.state = "deleted"
    return {"TransitGatewayVpcAttachment": {**attachment_dict(attachment),
                                            "State": "deleting"}}
