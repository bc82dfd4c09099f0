"""AWS Organizations (global): the organization, OUs, accounts (CreateAccount with
OrganizationAccountAccessRole, invitations and handshakes, remove/leave, migration between
organizations), SCPs and RCPs enforced by the IAM engine, consolidated billing.

Beside the boto3 operations (``OPERATIONS``), other services and notebooks use the seams
(:mod:`.seams`): ``policy_levels``, ``is_management_account``, ``organization_id``
(``aws:PrincipalOrgID``), ``organization_of`` and ``accounts_below``; and
``complete_standalone_signup`` (the console steps a created account needs before it can
leave); ``describe_tree`` and ``effective_permissions`` (:mod:`.effective`, for charts);
``build_organization`` and ``client_as`` (:mod:`.setup`) stand up an organization
through the API and act in a member account. Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from awslab.services.organizations.effective import describe_tree, effective_permissions
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.accounts import complete_standalone_signup
from awslab.services.organizations.seams import (
    accounts_below, is_management_account, organization_id, organization_of, policy_levels)
from awslab.services.organizations.setup import OrgTree, build_organization, client_as
from awslab.services.organizations.state import State

GLOBAL = True

__all__ = ["GLOBAL", "OPERATIONS", "OrgTree", "State", "accounts_below",
           "build_organization", "client_as", "complete_standalone_signup",
           "describe_tree", "effective_permissions",
           "is_management_account", "organization_id", "organization_of", "policy_levels"]
