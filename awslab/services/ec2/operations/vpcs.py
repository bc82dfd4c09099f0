"""VPCs and subnets: the default VPC, CreateVpc/CreateSubnet, Describe*, Delete*, and
subnets shared through AWS RAM (aws-facts 11.2).

Each account and region has the default VPC (172.31.0.0/16, one default /20 subnet per
zone; ``state.vpc_id``/``state.subnets``). Custom VPCs and subnets live in
``state.vpcs``/``state.vpc_subnets``. A subnet shared with a participant account is put
into the participant's ``state.shared_subnets`` by RAM: the participant sees it in
DescribeSubnets (with the owner's ``OwnerId``, without the owner's tags), can launch
instances into it, and cannot modify or delete it; the owner cannot delete it while
anyone's instances run in it.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from awslab.bridge.pagination import paginate
from awslab.errors import error_class
from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, tag_list

InvalidVpcIDNotFound = error_class("InvalidVpcID.NotFound")
InvalidVpcRange = error_class("InvalidVpc.Range")
InvalidSubnetRange = error_class("InvalidSubnet.Range")
InvalidSubnetConflict = error_class("InvalidSubnet.Conflict")
DependencyViolation = error_class("DependencyViolation")
UnauthorizedOperation = error_class("UnauthorizedOperation", 403)
DEFAULT_CIDR = "172.31.0.0/16"
RESERVED = 5                         # addresses AWS reserves in every subnet


@dataclass
class Vpc:
    """A VPC (the default one is described from the state's fixed fields)."""

    vpc_id: str
    cidr: str
    owner: str
    is_default: bool = False
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class VpcSubnet:
    """A subnet of a custom VPC (shareable through RAM)."""

    subnet_id: str
    vpc_id: str
    availability_zone: str
    cidr: str
    owner: str
    region: str
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:ec2:{self.region}:{self.owner}:subnet/{self.subnet_id}"

    def address(self, host: int) -> str:
        """The ``host``-th usable address (AWS reserves the first four and the last)."""
        net = ipaddress.ip_network(self.cidr)
        return str(net[4 + host % (net.num_addresses - RESERVED)])


def spec_tags(p: dict, kind: str) -> dict:
    """Tags of ``TagSpecifications`` for resource type ``kind``."""
    return {t["Key"]: t.get("Value", "") for spec in p.get("TagSpecifications") or []
            if spec.get("ResourceType") == kind for t in spec.get("Tags") or []}


def page_of(items: list, p: dict, key: str, salt: str) -> dict:
    """One page of ``items`` under ``key`` (``MaxResults``/``NextToken``, 1,000 by
    default)."""
    page, token = paginate(items, p.get("NextToken"), p.get("MaxResults") or 1000, salt,
                           errors.InvalidNextToken)
    return {key: page, **({"NextToken": token} if token else {})}


def zone_id(zone: str) -> str:
    """``use1-az1`` for ``us-east-1a`` (the lab uses one mapping for every account)."""
    region, letter = zone[:-1], zone[-1]
    parts = region.split("-")
    return f"{parts[0]}{parts[1][0]}{parts[2]}-az{'abcdef'.index(letter) + 1}"


def launchable(state, subnet_id: str):
    """A custom or shared subnet the account may launch into, or None (RunInstances)."""
    return state.vpc_subnets.get(subnet_id) or state.shared_subnets.get(subnet_id)


def in_use(lab, region: str, subnet_id: str) -> list:
    """Live instances of any account in ``subnet_id``."""
    return [i for (_, r), st in lab.states("ec2") if r == region
            for i in st.instances.values()
            if i.subnet.subnet_id == subnet_id and i.state != "terminated"]


# -- VPCs ------------------------------------------------------------------------------
def _default_vpc(state) -> Vpc:
    return Vpc(state.vpc_id, DEFAULT_CIDR, state.account_id, True)


def _visible_vpcs(call) -> list[Vpc]:
    state = call.state()
    shared = {}
    for subnet in state.shared_subnets.values():
        owner = call.lab.state("ec2", subnet.owner, call.region)
        vpc = owner.vpcs.get(subnet.vpc_id)
        if vpc is not None:
            shared[vpc.vpc_id] = Vpc(vpc.vpc_id, vpc.cidr, vpc.owner)   # tags not shared
    return [_default_vpc(state), *state.vpcs.values(), *shared.values()]


def vpc_dict(vpc: Vpc) -> dict:
    out = {"VpcId": vpc.vpc_id, "CidrBlock": vpc.cidr, "State": "available",
           "OwnerId": vpc.owner, "InstanceTenancy": "default", "IsDefault": vpc.is_default,
           "DhcpOptionsId": "dopt-0" + vpc.owner[:8] + "5eed0f1",
           "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0" + vpc.vpc_id[5:],
                                        "CidrBlock": vpc.cidr,
                                        "CidrBlockState": {"State": "associated"}}]}
    if vpc.tags:
        out["Tags"] = tag_list(vpc.tags)
    return out


def _network(cidr: str, error, low: int, high: int):
    try:
        net = ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        raise errors.InvalidParameterValue(f"Value ({cidr}) for parameter cidrBlock is "
                                           f"invalid. This is not a valid CIDR block.")
    if net.version != 4 or not low <= net.prefixlen <= high:
        raise error(f"The CIDR '{cidr}' is invalid.")
    return net


@OPERATIONS("CreateVpc")
def create_vpc(call, p):
    dry_run(p)
    if "CidrBlock" not in p:
        raise errors.MissingParameter("The request must contain the parameter cidrBlock")
    net = _network(p["CidrBlock"], InvalidVpcRange, 16, 28)
    vpc = Vpc(call.lab.ids.resource("vpc"), str(net), call.account_id,
              tags=spec_tags(p, "vpc"))
    call.state().vpcs[vpc.vpc_id] = vpc
    return {"Vpc": {**vpc_dict(vpc), "State": "pending"}}


def _vpc_getters():
    return {"vpc-id": lambda v: [v.vpc_id], "cidr": lambda v: [v.cidr],
            "cidr-block-association.cidr-block": lambda v: [v.cidr],
            "is-default": lambda v: [str(v.is_default).lower()],
            "owner-id": lambda v: [v.owner], "state": lambda v: ["available"]}


@OPERATIONS("DescribeVpcs")
def describe_vpcs(call, p):
    vpcs = _visible_vpcs(call)
    wanted = p.get("VpcIds") or []
    missing = [v for v in wanted if v not in {x.vpc_id for x in vpcs}]
    if missing:
        raise InvalidVpcIDNotFound(f"The vpc ID '{missing[0]}' does not exist")
    match = compile_filters(p.get("Filters"), _vpc_getters(), lambda v: v.tags)
    found = [vpc_dict(v) for v in vpcs if (not wanted or v.vpc_id in wanted) and match(v)]
    return page_of(found, p, "Vpcs", f"vpcs/{wanted}/{p.get('Filters')}")


def _not_owner(kind: str, rid: str, owner: str) -> UnauthorizedOperation:
    return UnauthorizedOperation(
        f"You are not authorized to perform this operation. The {kind} {rid} belongs to "
        f"account {owner} and is shared with you through AWS RAM: only its owner can "
        f"modify or delete it.")


@OPERATIONS("DeleteVpc")
def delete_vpc(call, p):
    dry_run(p)
    state, vpc_id = call.state(), p["VpcId"]
    if vpc_id == state.vpc_id:
        raise errors.UnsupportedOperation("awslab keeps the default VPC of every account "
                                          "and region; it cannot be deleted here.")
    if vpc_id not in state.vpcs:
        shared = [s for s in state.shared_subnets.values() if s.vpc_id == vpc_id]
        if shared:
            raise _not_owner("VPC", vpc_id, shared[0].owner)
        raise InvalidVpcIDNotFound(f"The vpc ID '{vpc_id}' does not exist")
    if any(s.vpc_id == vpc_id for s in state.vpc_subnets.values()):
        raise DependencyViolation(f"The vpc '{vpc_id}' has dependencies and cannot be "
                                  f"deleted.")
    del state.vpcs[vpc_id]
    return {}


# -- subnets ---------------------------------------------------------------------------
def _default_subnet_dict(subnet, state) -> dict:
    return {"SubnetId": subnet.subnet_id, "VpcId": subnet.vpc_id, "State": "available",
            "AvailabilityZone": subnet.availability_zone,
            "AvailabilityZoneId": zone_id(subnet.availability_zone),
            "CidrBlock": subnet.cidr, "AvailableIpAddressCount": 4091,
            "DefaultForAz": True, "MapPublicIpOnLaunch": True, "OwnerId": state.account_id,
            "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
            "SubnetArn": f"arn:aws:ec2:{state.region}:{state.account_id}:subnet/"
                         f"{subnet.subnet_id}"}


def subnet_dict(subnet: VpcSubnet, used: int, viewer: str) -> dict:
    size = ipaddress.ip_network(subnet.cidr).num_addresses
    out = {"SubnetId": subnet.subnet_id, "VpcId": subnet.vpc_id, "State": "available",
           "AvailabilityZone": subnet.availability_zone,
           "AvailabilityZoneId": zone_id(subnet.availability_zone), "CidrBlock": subnet.cidr,
           "AvailableIpAddressCount": size - RESERVED - used, "DefaultForAz": False,
           "MapPublicIpOnLaunch": False, "OwnerId": subnet.owner,
           "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
           "SubnetArn": subnet.arn}
    if subnet.tags and viewer == subnet.owner:          # tags are not shared
        out["Tags"] = tag_list(subnet.tags)
    return out


@OPERATIONS("CreateSubnet")
def create_subnet(call, p):
    dry_run(p)
    state = call.state()
    vpc = state.vpcs.get(p["VpcId"])
    if vpc is None:
        if p["VpcId"] == state.vpc_id:
            raise errors.UnsupportedOperation("awslab's default VPC has its default "
                                              "subnets only; create a VPC for yours.")
        raise InvalidVpcIDNotFound(f"The vpc ID '{p['VpcId']}' does not exist")
    if "CidrBlock" not in p:
        raise errors.MissingParameter("The request must contain the parameter cidrBlock")
    net = _network(p["CidrBlock"], InvalidSubnetRange, 16, 28)
    if not net.subnet_of(ipaddress.ip_network(vpc.cidr)):
        raise InvalidSubnetRange(f"The CIDR '{net}' is invalid.")
    for other in state.vpc_subnets.values():
        if other.vpc_id == vpc.vpc_id and net.overlaps(ipaddress.ip_network(other.cidr)):
            raise InvalidSubnetConflict(f"The CIDR '{net}' conflicts with another subnet")
    zone = p.get("AvailabilityZone") or f"{call.region}a"
    if not (zone.startswith(call.region) and zone[-1] in "abcdef" and
            len(zone) == len(call.region) + 1):
        raise errors.InvalidParameterValue(f"Value ({zone}) for parameter availabilityZone "
                                           f"is invalid. Subnets can currently only be "
                                           f"created in the following availability zones: "
                                           + ", ".join(f"{call.region}{c}" for c in "abcdef")
                                           + ".")
    subnet = VpcSubnet(call.lab.ids.resource("subnet"), vpc.vpc_id, zone, str(net),
                       call.account_id, call.region, spec_tags(p, "subnet"))
    state.vpc_subnets[subnet.subnet_id] = subnet
    return {"Subnet": subnet_dict(subnet, 0, call.account_id)}


def _subnet_getters():
    return {"subnet-id": lambda s: [s["SubnetId"]], "vpc-id": lambda s: [s["VpcId"]],
            "availability-zone": lambda s: [s["AvailabilityZone"]],
            "availability-zone-id": lambda s: [s["AvailabilityZoneId"]],
            "cidr-block": lambda s: [s["CidrBlock"]], "owner-id": lambda s: [s["OwnerId"]],
            "default-for-az": lambda s: [str(s["DefaultForAz"]).lower()],
            "state": lambda s: [s["State"]]}


def visible_subnets(call) -> list[dict]:
    """Every subnet the caller sees: default, own, and shared with it."""
    state = call.state()
    out = [_default_subnet_dict(s, state) for s in state.subnets.values()]
    for subnet in [*state.vpc_subnets.values(), *state.shared_subnets.values()]:
        used = len(in_use(call.lab, call.region, subnet.subnet_id))
        out.append(subnet_dict(subnet, used, call.account_id))
    return out


@OPERATIONS("DescribeSubnets")
def describe_subnets(call, p):
    subnets = visible_subnets(call)
    wanted = p.get("SubnetIds") or []
    known = {s["SubnetId"] for s in subnets}
    missing = [s for s in wanted if s not in known]
    if missing:
        raise errors.InvalidSubnetIDNotFound(f"The subnet ID '{missing[0]}' does not exist")
    match = compile_filters(p.get("Filters"), _subnet_getters(),
                            lambda s: {t["Key"]: t["Value"] for t in s.get("Tags", [])})
    found = [s for s in subnets if (not wanted or s["SubnetId"] in wanted) and match(s)]
    return page_of(found, p, "Subnets", f"subnets/{wanted}/{p.get('Filters')}")


@OPERATIONS("DeleteSubnet")
def delete_subnet(call, p):
    dry_run(p)
    state, subnet_id = call.state(), p["SubnetId"]
    if subnet_id in state.shared_subnets:
        raise _not_owner("subnet", subnet_id, state.shared_subnets[subnet_id].owner)
    if subnet_id in state.subnets:
        raise errors.UnsupportedOperation("awslab keeps the default subnets of the "
                                          "default VPC; they cannot be deleted here.")
    if subnet_id not in state.vpc_subnets:
        raise errors.InvalidSubnetIDNotFound(f"The subnet ID '{subnet_id}' does not exist")
    if in_use(call.lab, call.region, subnet_id):
        raise DependencyViolation(f"The subnet '{subnet_id}' has dependencies and cannot "
                                  f"be deleted.")
    del state.vpc_subnets[subnet_id]
    return {}
