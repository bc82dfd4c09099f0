"""Elastic Load Balancing v2, minimal: Application Load Balancers with security groups,
target groups and listeners (HTTP, or HTTPS with an ACM certificate).

Enough for AWS Config to record load balancers and listeners and check their certificates
(NB09, NB10). Load balancers are ``provisioning`` for two minutes, then ``active``. Known
gaps: no traffic, target health, rules, network or gateway load balancers.
"""
from awslab.services.elbv2.operations import OPERATIONS
from awslab.services.elbv2.state import State

GLOBAL = False

__all__ = ["OPERATIONS", "State"]
