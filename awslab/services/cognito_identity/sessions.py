"""What Cognito does with STS for an identity: the enhanced flow's credentials
(GetCredentialsForIdentity) and the basic flow's OpenID token (GetOpenIdToken).

Cognito assumes the pool's role as the web identity provider
``cognito-identity.amazonaws.com``: the role's trust policy must allow
``sts:AssumeRoleWithWebIdentity`` for ``"Federated": "cognito-identity.amazonaws.com"``,
and usually checks ``cognito-identity.amazonaws.com:aud`` (the pool ID) and
``cognito-identity.amazonaws.com:amr`` (``authenticated`` or ``unauthenticated``). The
session keeps those keys and ``cognito-identity.amazonaws.com:sub`` (the identity ID), so
permission policies can use ``${cognito-identity.amazonaws.com:sub}`` as a per-user
prefix.
"""
from __future__ import annotations

from typing import Callable, Optional

from awslab.identity import Credentials
from awslab.services.cognito_identity import errors
from awslab.services.iam import directory
from awslab.services.iam.policy import PolicySet, Request, evaluate
from awslab.services.sts import sessions as sts_sessions
from awslab.services.sts.tokens import web_identity_token

HOST = "cognito-identity.amazonaws.com"
ISSUER = f"https://{HOST}"
SESSION_NAME = "CognitoIdentityCredentials"
SESSION_SECONDS = 3600          # credentials of the enhanced flow last one hour
TOKEN_SECONDS = 600             # GetOpenIdToken: the token is valid for 10 minutes


def state_with(lab, test: Callable) -> Optional[object]:
    """The Cognito state (any account, any region) for which ``test(state)`` holds."""
    return next((s for _, s in lab.states("cognito-identity") if test(s)), None)


def amr(identity) -> list:
    """The ``amr`` claim: how the identity signed in."""
    if not identity.logins:
        return ["unauthenticated"]
    return ["authenticated", *sorted(identity.logins)]


def claims(pool, identity) -> dict:
    """The condition keys of the identity's session (``cognito-identity.amazonaws.com:*``)."""
    return {f"{HOST}:aud": pool.pool_id, f"{HOST}:sub": identity.identity_id,
            f"{HOST}:amr": amr(identity)}


def _trusts(role, context: dict) -> bool:
    account = role.arn.split(":")[4]
    request = Request(HOST, "sts:AssumeRoleWithWebIdentity", role.arn,
                      principal_type="WebIdentity", principal_account=account,
                      context=context)
    return evaluate(request, PolicySet(resource=role.trust, resource_policy_required=True),
                    trace=False).allowed


def credentials_for(lab, state, pool, identity) -> Credentials:
    """The role session of the enhanced flow, or Cognito's configuration error."""
    key = "authenticated" if identity.logins else "unauthenticated"
    role = directory.role_by_arn(lab, pool.roles.get(key, ""))
    context = claims(pool, identity)
    if role is None or role.arn.split(":")[4] != state.account_id or \
            not _trusts(role, context):
        raise errors.InvalidIdentityPoolConfigurationException(errors.ROLES_MESSAGE)
    seconds = min(SESSION_SECONDS, role.max_session_duration)
    return sts_sessions.role_session(lab, role, SESSION_NAME, seconds, {
        "type": "AssumeRoleWithWebIdentity", "provider": HOST, "context": context,
        "identity_id": identity.identity_id})


def open_id_token(lab, pool, identity) -> str:
    """The OpenID Connect token of the basic flow (for AssumeRoleWithWebIdentity)."""
    return web_identity_token(lab, ISSUER, pool.pool_id, identity.identity_id,
                              valid_for=TOKEN_SECONDS, claims={"amr": amr(identity)})
