"""The resource types the lab's RAM shares (aws-facts 11.1): how to find a resource from
its ARN, whether it may leave the organization, and where a participant sees it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from awslab.services.ram import errors


@dataclass(frozen=True)
class ResourceType:
    code: str                         # ec2:Subnet ...
    service: str                      # the lab service holding it
    owned: Callable                   # (service state, arn) -> resource or None
    shared_attr: str                  # participant's state attribute RAM fills
    key: Callable                     # resource -> key in that dict
    outside_org: bool                 # may be shared with accounts outside the org


def _subnet(state, arn):
    return state.vpc_subnets.get(arn.rsplit("/", 1)[-1])


def _tgw(state, arn):
    return state.transit_gateways.get(arn.rsplit("/", 1)[-1])


def _rule(state, arn):
    return state.rules.get(arn.rsplit("/", 1)[-1])


def _license(state, arn):
    return state.configurations.get(arn)


TYPES = {
    "ec2:Subnet": ResourceType("ec2:Subnet", "ec2", _subnet, "shared_subnets",
                               lambda r: r.subnet_id, False),
    "ec2:TransitGateway": ResourceType("ec2:TransitGateway", "ec2", _tgw,
                                       "shared_transit_gateways", lambda r: r.gateway_id,
                                       True),
    "route53resolver:ResolverRule": ResourceType(
        "route53resolver:ResolverRule", "route53resolver", _rule, "shared_rules",
        lambda r: r.id, True),
    "license-manager:LicenseConfiguration": ResourceType(
        "license-manager:LicenseConfiguration", "license-manager", _license,
        "shared_configurations", lambda r: r.arn, True),
}
_BY_ARN = {("ec2", "subnet"): "ec2:Subnet", ("ec2", "transit-gateway"): "ec2:TransitGateway",
           ("route53resolver", "resolver-rule"): "route53resolver:ResolverRule",
           ("license-manager", "license-configuration"): "license-manager:LicenseConfiguration"}


def parse(arn: str) -> tuple[ResourceType, str, str]:
    """``(type, account, region)`` of a resource ARN, or RAM's error."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[5]:
        raise errors.MalformedArnException()
    kind = parts[5].replace(":", "/").split("/", 1)[0]
    code = _BY_ARN.get((parts[2], kind))
    if code is None:
        raise errors.InvalidParameterException(
            f"awslab's RAM shares {', '.join(TYPES)} only; {arn} is not one of them.")
    return TYPES[code], parts[4], parts[3]


def find(lab, arn: str, owner: str, region: str) -> tuple[ResourceType, object]:
    """The resource ``arn`` owned by ``owner`` in ``region``; UnknownResourceException if
    there is none (or it belongs to someone else)."""
    rtype, account, where = parse(arn)
    found: Optional[object] = None
    if account == owner and where == region:
        found = rtype.owned(lab.state(rtype.service, owner, region), arn)
    if found is None:
        if rtype.code == "ec2:Subnet" and account == owner and arn.rsplit("/", 1)[-1] in \
                lab.state("ec2", owner, region).subnets:
            raise errors.InvalidParameterException(
                f"The subnet {arn.rsplit('/', 1)[-1]} belongs to the default VPC: subnets "
                f"of a default VPC cannot be shared.")
        raise errors.UnknownResourceException(f"The resource {arn} does not exist or is "
                                              f"not owned by account {owner}.")
    return rtype, found
