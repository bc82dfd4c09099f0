"""AWS Resource Access Manager: resource shares of subnets, transit gateways, Route 53
Resolver rules and License Manager configurations, with principals inside the
organization (no invitation once sharing with AWS Organizations is enabled) or outside it
(invitations that expire after 12 hours); VPC subnet sharing stays inside the organization
and refuses default-VPC subnets (aws-facts 11).

What participants see is kept in the other services' states (``sharing.refresh``):
DescribeSubnets/DescribeTransitGateways, ListResolverRules and ListLicenseConfigurations
of a participant show the shared resources; ``visibility_matrix`` tells who sees what in
a shared VPC. Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from awslab.services.ram.operations import OPERATIONS
from awslab.services.ram.state import State
from awslab.services.ram.visibility import visibility_matrix

GLOBAL = False

__all__ = ["GLOBAL", "OPERATIONS", "State", "visibility_matrix"]
