"""IAM Identity Center administration (botocore ``sso-admin``; formerly AWS SSO, renamed
26 July 2022 -- the API namespaces kept their names).

Operations: CreateInstance (account instances), ListInstances, DescribeInstance;
Create/Describe/Update/List/DeletePermissionSet, Attach/Detach/ListManagedPolicies...,
Put/Get/DeleteInlinePolicy...; Create/Delete/ListAccountAssignments with their status;
ProvisionPermissionSet with its status; ListAccountsForProvisionedPermissionSet,
ListPermissionSetsProvisionedToAccount. An assignment provisions the role
``AWSReservedSSO_<PermissionSet>_<hash>`` in the member account
(:mod:`.provisioning`).

Console settings as functions: :func:`enable` (the organization instance) and
:func:`set_identity_source`; the access portal's sign-in: :func:`sign_in` (then the
``sso`` client). Introduced in ``12_federation_and_directories.ipynb``.
"""
from awslab.services.sso_admin.instances import enable, find_instance, set_identity_source
from awslab.services.sso_admin.operations import OPERATIONS
from awslab.services.sso_admin.portal import sign_in
from awslab.services.sso_admin.provisioning import role_name
from awslab.services.sso_admin.state import State

GLOBAL = False


def _resources(call) -> list:
    p = call.params
    return [a for a in (p.get("InstanceArn"), p.get("PermissionSetArn")) if a] or ["*"]


#: IAM resources: the instance and, where the call names one, the permission set.
RESOURCES = {op: _resources for op in OPERATIONS.names()}

__all__ = ["GLOBAL", "OPERATIONS", "RESOURCES", "State", "enable", "find_instance",
           "role_name", "set_identity_source", "sign_in"]
