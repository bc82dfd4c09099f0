"""Elastic IP addresses: AllocateAddress, AssociateAddress, DisassociateAddress,
ReleaseAddress and DescribeAddresses (VPC domain only).

Associating an Elastic IP replaces the instance's auto-assigned public IPv4 address (AWS
releases it); disassociating gives a running instance a new auto-assigned one. The Elastic
IP stays with the instance through stop/start and recovery and is disassociated, not
released, when the instance terminates (``lifecycle.py``). NB06 shows it surviving a
recovery.
"""
from __future__ import annotations

from awslab.services.ec2 import errors, lifecycle
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import (
    check_instance_ids, dry_run, tag_list)
from awslab.services.ec2.state import Address

ADDRESS_LIMIT = 5                  # Elastic IP addresses per Region (default quota)

ADDRESS_FILTERS = {
    "allocation-id": lambda a: [a.allocation_id],
    "association-id": lambda a: [a.association_id],
    "instance-id": lambda a: [a.instance_id],
    "public-ip": lambda a: [a.public_ip],
    "private-ip-address": lambda a: [a.private_ip],
    "domain": lambda a: ["vpc"],
}


def address_dict(address: Address, state) -> dict:
    """One element of ``Addresses``."""
    out = {"AllocationId": address.allocation_id, "PublicIp": address.public_ip,
           "Domain": "vpc", "PublicIpv4Pool": "amazon", "NetworkBorderGroup": state.region}
    if address.association_id:
        inst = state.any_instance(address.instance_id)
        out.update({"AssociationId": address.association_id, "InstanceId": address.instance_id,
                    "PrivateIpAddress": address.private_ip,
                    "NetworkInterfaceId": _eni(address.instance_id),
                    "NetworkInterfaceOwnerId": inst.owner_id if inst else state.account_id})
    if address.tags:
        out["Tags"] = tag_list(address.tags)
    return out


def _eni(instance_id: str) -> str:
    return "eni-" + instance_id[2:]


def _tags(p: dict) -> dict:
    return {t["Key"]: t.get("Value", "") for spec in p.get("TagSpecifications") or []
            if spec.get("ResourceType") == "elastic-ip" for t in spec.get("Tags") or []}


@OPERATIONS("AllocateAddress")
def allocate_address(call, p):
    dry_run(p)
    state = call.state()
    if p.get("Domain", "vpc") != "vpc":
        raise errors.InvalidParameterValue(
            f"Invalid value '{p['Domain']}' for domain.")
    if len(state.addresses) >= ADDRESS_LIMIT:
        raise errors.AddressLimitExceeded(
            "The maximum number of addresses has been reached.")
    h = call.lab.ids.hex(6)
    public_ip = f"52.{int(h[:2], 16) % 200 + 1}.{int(h[2:4], 16)}.{int(h[4:6], 16) % 254 + 1}"
    address = Address(call.lab.ids.resource("eipalloc"), public_ip, _tags(p))
    state.addresses[address.allocation_id] = address
    return {"AllocationId": address.allocation_id, "PublicIp": public_ip, "Domain": "vpc",
            "PublicIpv4Pool": "amazon", "NetworkBorderGroup": state.region}


def _address(state, p: dict) -> Address:
    """The address named by ``AllocationId`` or ``PublicIp``."""
    if p.get("AllocationId"):
        found = state.addresses.get(p["AllocationId"])
        if found is None:
            raise errors.InvalidAllocationIDNotFound(
                f"The allocation ID '{p['AllocationId']}' does not exist")
        return found
    if p.get("PublicIp"):
        for address in state.addresses.values():
            if address.public_ip == p["PublicIp"]:
                return address
        raise errors.InvalidAddressNotFound(f"Address '{p['PublicIp']}' not found.")
    raise errors.MissingParameter("Either public IP or allocation id must be specified")


@OPERATIONS("AssociateAddress")
def associate_address(call, p):
    dry_run(p)
    state = call.state()
    address = _address(state, p)
    if not p.get("InstanceId"):
        raise errors.MissingParameter(
            "Either instance ID or network interface id must be specified")
    check_instance_ids([p["InstanceId"]])
    inst = state.find(p["InstanceId"])
    if inst is None:
        raise errors.instances_not_found([p["InstanceId"]])
    if inst.state not in ("pending", "running", "stopping", "stopped"):
        raise errors.IncorrectInstanceState(
            f"The instance '{inst.instance_id}' is not in a valid state for this operation.")
    if address.association_id and p.get("AllowReassociation") is False:
        raise errors.ResourceAlreadyAssociated(
            f"resource {address.allocation_id} is already associated with associate-id "
            f"{address.association_id}")
    if address.instance_id and address.instance_id != inst.instance_id:
        _disassociate(call.lab, state, address)
    if inst.address is not None and inst.address is not address:
        _disassociate(call.lab, state, inst.address)
    if address.instance_id != inst.instance_id:
        address.association_id = call.lab.ids.resource("eipassoc")
    address.instance_id, address.private_ip = inst.instance_id, inst.private_ip
    inst.address, inst.public_ip = address, None
    return {"AssociationId": address.association_id}


def _disassociate(lab, state, address: Address) -> None:
    inst = state.any_instance(address.instance_id)
    if inst is not None and inst.address is address:
        inst.address = None
    address.association_id = address.instance_id = address.private_ip = None
    if inst is not None and inst.state == "running" and inst.public_ip is None:
        inst.public_ip = lifecycle._public_ip(lab)


@OPERATIONS("DisassociateAddress")
def disassociate_address(call, p):
    dry_run(p)
    state = call.state()
    if p.get("AssociationId"):
        found = [a for a in state.addresses.values()
                 if a.association_id == p["AssociationId"]]
        if not found:
            raise errors.InvalidAssociationIDNotFound(
                f"The association ID '{p['AssociationId']}' does not exist")
        address = found[0]
    else:
        address = _address(state, p)
    if address.association_id:
        _disassociate(call.lab, state, address)
    return {}


@OPERATIONS("ReleaseAddress")
def release_address(call, p):
    dry_run(p)
    state = call.state()
    address = _address(state, p)
    if address.association_id:
        raise errors.InvalidIPAddressInUse(
            f"Address with allocation id [{address.allocation_id}] is in use.")
    del state.addresses[address.allocation_id]
    return {}


@OPERATIONS("DescribeAddresses")
def describe_addresses(call, p):
    dry_run(p)
    state = call.state()
    found = list(state.addresses.values())
    if p.get("AllocationIds"):
        found = [_address(state, {"AllocationId": i}) for i in p["AllocationIds"]]
    if p.get("PublicIps"):
        found = [a for a in found if a.public_ip in p["PublicIps"]]
        missing = set(p["PublicIps"]) - {a.public_ip for a in found}
        if missing:
            raise errors.InvalidAddressNotFound(
                f"Address '{sorted(missing)[0]}' not found.")
    keep = compile_filters(p.get("Filters"), ADDRESS_FILTERS, tags=lambda a: a.tags)
    return {"Addresses": [address_dict(a, state) for a in found if keep(a)]}
