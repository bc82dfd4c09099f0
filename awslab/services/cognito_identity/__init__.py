"""Amazon Cognito identity pools (botocore ``cognito-identity``): exchange a sign-in with
a social, OIDC, SAML or Cognito user pool provider -- or no sign-in at all, for guests --
for temporary AWS credentials of the pool's authenticated or unauthenticated role.

Operations: CreateIdentityPool, DescribeIdentityPool, UpdateIdentityPool,
ListIdentityPools, DeleteIdentityPool, SetIdentityPoolRoles, GetIdentityPoolRoles, and the
app's unsigned calls GetId, GetCredentialsForIdentity (enhanced flow) and GetOpenIdToken
(basic flow: then ``sts.assume_role_with_web_identity``). Sessions carry
``cognito-identity.amazonaws.com:sub``, so a role policy can give every user their own S3
prefix. Introduced in ``12_federation_and_directories.ipynb``.
"""
from awslab.services.cognito_identity.operations import OPERATIONS
from awslab.services.cognito_identity.sessions import HOST, claims
from awslab.services.cognito_identity.state import State

GLOBAL = False


def _pool_arn(call) -> list:
    pool = call.params.get("IdentityPoolId")
    return [f"arn:aws:cognito-identity:{call.region}:{call.account_id}:identitypool/{pool}"
            if pool else "*"]


#: IAM resources of the management operations (the identity pool).
RESOURCES = {op: _pool_arn for op in (
    "DescribeIdentityPool", "UpdateIdentityPool", "DeleteIdentityPool",
    "SetIdentityPoolRoles", "GetIdentityPoolRoles")}

__all__ = ["GLOBAL", "HOST", "OPERATIONS", "RESOURCES", "State", "claims"]
