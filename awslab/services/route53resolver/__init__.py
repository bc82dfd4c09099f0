"""Amazon Route 53 Resolver (minimal): forwarding rules and their VPC associations, which
AWS RAM shares with other accounts (``route53resolver:ResolverRule``).

The owner keeps its rules in ``state.rules``; RAM puts a shared rule into a participant's
``state.shared_rules``: the participant lists it (``ShareStatus`` ``SHARED_WITH_ME``) and
may associate it with its own VPCs, but cannot delete it. Endpoints and query logging are
not simulated.
"""
from awslab.services.route53resolver.operations import OPERATIONS
from awslab.services.route53resolver.state import State

GLOBAL = False

__all__ = ["GLOBAL", "OPERATIONS", "State"]
