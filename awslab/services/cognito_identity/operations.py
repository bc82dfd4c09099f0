"""Identity pool operations: the pool (Create/Describe/List/Delete, roles) and the three
unsigned calls an app makes (GetId, GetCredentialsForIdentity, GetOpenIdToken).

Not simulated, and refused with a message: role mappings (``RoleMappings``,
``CustomRoleArn``), developer-authenticated identities, identity merging.
"""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.cognito_identity import errors, logins, sessions
from awslab.services.cognito_identity.state import Identity, IdentityPool

OPERATIONS = Operations("cognito-identity", validation_code="InvalidParameterException")
ROLE_KEYS = ("authenticated", "unauthenticated")


def find_pool(state, pool_id: str) -> IdentityPool:
    pool = state.pools.get(pool_id)
    if pool is None:
        raise errors.ResourceNotFoundException(f"IdentityPool '{pool_id}' not found.")
    return pool


def find_identity(state, identity_id: str) -> Identity:
    identity = state.identities.get(identity_id)
    if identity is None:
        raise errors.ResourceNotFoundException(f"Identity '{identity_id}' not found.")
    return identity


def pool_dict(pool: IdentityPool) -> dict:
    out = {"IdentityPoolId": pool.pool_id, "IdentityPoolName": pool.name,
           "AllowUnauthenticatedIdentities": pool.allow_unauthenticated,
           "AllowClassicFlow": pool.allow_classic_flow,
           "SupportedLoginProviders": dict(pool.login_providers),
           "OpenIdConnectProviderARNs": list(pool.oidc_providers),
           "CognitoIdentityProviders": [dict(c) for c in pool.cognito_providers],
           "SamlProviderARNs": list(pool.saml_providers),
           "IdentityPoolTags": dict(pool.tags)}
    if pool.developer_provider:
        out["DeveloperProviderName"] = pool.developer_provider
    return out


def _configure(pool: IdentityPool, p: dict) -> None:
    pool.allow_unauthenticated = p["AllowUnauthenticatedIdentities"]
    pool.allow_classic_flow = p.get("AllowClassicFlow", pool.allow_classic_flow)
    pool.login_providers = dict(p.get("SupportedLoginProviders") or {})
    pool.developer_provider = p.get("DeveloperProviderName", pool.developer_provider)
    pool.oidc_providers = list(p.get("OpenIdConnectProviderARNs") or [])
    pool.cognito_providers = [dict(c) for c in p.get("CognitoIdentityProviders") or []]
    pool.saml_providers = list(p.get("SamlProviderARNs") or [])


@OPERATIONS("CreateIdentityPool")
def create_identity_pool(call, p):
    state = call.state()
    pool = IdentityPool(f"{call.region}:{call.lab.ids.uuid()}", p["IdentityPoolName"],
                        p["AllowUnauthenticatedIdentities"],
                        tags=dict(p.get("IdentityPoolTags") or {}))
    _configure(pool, p)
    state.pools[pool.pool_id] = pool
    return pool_dict(pool)


@OPERATIONS("DescribeIdentityPool")
def describe_identity_pool(call, p):
    return pool_dict(find_pool(call.state(), p["IdentityPoolId"]))


@OPERATIONS("UpdateIdentityPool")
def update_identity_pool(call, p):
    pool = find_pool(call.state(), p["IdentityPoolId"])
    pool.name = p["IdentityPoolName"]
    _configure(pool, p)
    if p.get("IdentityPoolTags") is not None:
        pool.tags = dict(p["IdentityPoolTags"])
    return pool_dict(pool)


@OPERATIONS("ListIdentityPools")
def list_identity_pools(call, p):
    pools = list(call.state().pools.values())
    page, token = paginate(pools, p.get("NextToken"), p["MaxResults"], "ListIdentityPools",
                           errors.InvalidParameterException)
    out = {"IdentityPools": [{"IdentityPoolId": x.pool_id, "IdentityPoolName": x.name}
                             for x in page]}
    if token:
        out["NextToken"] = token
    return out


@OPERATIONS("DeleteIdentityPool")
def delete_identity_pool(call, p):
    state = call.state()
    pool = find_pool(state, p["IdentityPoolId"])
    del state.pools[pool.pool_id]
    for key in [k for k, i in state.identities.items() if i.pool_id == pool.pool_id]:
        del state.identities[key]
    return {}


@OPERATIONS("SetIdentityPoolRoles")
def set_identity_pool_roles(call, p):
    pool = find_pool(call.state(), p["IdentityPoolId"])
    if p.get("RoleMappings"):
        raise errors.InvalidParameterException(
            "awslab does not simulate RoleMappings (rules- or token-based role choice); "
            "use the authenticated and unauthenticated roles")
    for key, arn in p["Roles"].items():
        if key not in ROLE_KEYS:
            raise errors.InvalidParameterException(
                f"1 validation error detected: Value '{key}' at 'roles' failed to satisfy "
                "constraint: Map keys must satisfy constraint: [Member must satisfy enum "
                "value set: [authenticated, unauthenticated]]")
        if not (arn.startswith("arn:aws:iam::") and ":role/" in arn):
            raise errors.InvalidParameterException(f"Invalid role ARN: {arn}")
    pool.roles = dict(p["Roles"])
    return {}


@OPERATIONS("GetIdentityPoolRoles")
def get_identity_pool_roles(call, p):
    pool = find_pool(call.state(), p["IdentityPoolId"])
    return {"IdentityPoolId": pool.pool_id, "Roles": dict(pool.roles)}


def _pool_of(call, p):
    """The pool of GetId (in ``AccountId`` when given; apps call without credentials)."""
    state = sessions.state_with(call.lab, lambda s: p["IdentityPoolId"] in s.pools)
    if state is None or p.get("AccountId") not in (None, state.account_id):
        raise errors.ResourceNotFoundException(
            f"IdentityPool '{p['IdentityPoolId']}' not found.")
    return state, state.pools[p["IdentityPoolId"]]


@OPERATIONS("GetId")
def get_id(call, p):
    state, pool = _pool_of(call, p)
    subjects = logins.subjects(call.lab, pool, p.get("Logins"))
    if not subjects and not pool.allow_unauthenticated:
        raise errors.NotAuthorizedException(errors.GUESTS_MESSAGE)
    for provider, subject in subjects.items():
        found = state.find_login(pool.pool_id, provider, subject)
        if found is not None:
            found.logins.update(subjects)
            return {"IdentityId": found.identity_id}
    identity = Identity(f"{pool.pool_id.split(':')[0]}:{call.lab.ids.uuid()}",
                        pool.pool_id, call.now.replace(microsecond=0), dict(subjects))
    state.identities[identity.identity_id] = identity
    return {"IdentityId": identity.identity_id}


def _identity_and_pool(call, p):
    state = sessions.state_with(call.lab, lambda s: p["IdentityId"] in s.identities)
    identity = find_identity(state or call.state(), p["IdentityId"])
    pool = find_pool(state, identity.pool_id)
    subjects = logins.subjects(call.lab, pool, p.get("Logins"))
    if identity.logins and not any(identity.logins.get(k) == v for k, v in subjects.items()):
        raise errors.NotAuthorizedException(errors.LOGINS_MESSAGE)
    if not identity.logins and subjects:
        raise errors.NotAuthorizedException(errors.LOGINS_MESSAGE)
    if not identity.logins and not pool.allow_unauthenticated:
        raise errors.NotAuthorizedException(errors.GUESTS_MESSAGE)
    return state, identity, pool


@OPERATIONS("GetCredentialsForIdentity")
def get_credentials_for_identity(call, p):
    if p.get("CustomRoleArn"):
        raise errors.InvalidParameterException(
            "awslab does not simulate CustomRoleArn (token-based role mappings)")
    state, identity, pool = _identity_and_pool(call, p)
    creds = sessions.credentials_for(call.lab, state, pool, identity)
    return {"IdentityId": identity.identity_id, "Credentials": {
        "AccessKeyId": creds.access_key_id, "SecretKey": creds.secret_access_key,
        "SessionToken": creds.session_token, "Expiration": creds.expiration}}


@OPERATIONS("GetOpenIdToken")
def get_open_id_token(call, p):
    _, identity, pool = _identity_and_pool(call, p)
    return {"IdentityId": identity.identity_id,
            "Token": sessions.open_id_token(call.lab, pool, identity)}
