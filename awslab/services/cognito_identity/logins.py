"""Reading the ``Logins`` map of an app: which provider vouches for which user.

Keys name the provider as Cognito does: ``accounts.google.com``, ``graph.facebook.com``,
``www.amazon.com``, ``appleid.apple.com`` (social providers of ``SupportedLoginProviders``),
``cognito-idp.<region>.amazonaws.com/<user pool id>`` (user pools), the host of an IAM
OIDC provider, or a SAML provider ARN. Values are the provider's token: an OpenID Connect
ID token (JWT) from the simulated providers of :mod:`awslab.services.sts.tokens`, or a
base64 SAML response. Tokens are unsigned in the lab: issuer, audience, subject and expiry
are checked, not a signature.
"""
from __future__ import annotations

from datetime import datetime, timezone

from awslab.services.cognito_identity import errors
from awslab.services.sts import tokens

UNSUPPORTED = "Token is not from a supported provider of this identity pool."


def _audiences(pool, lab, provider: str) -> set | None:
    """The audiences (app or client IDs) the pool accepts from ``provider``; None when
    the pool does not accept it at all."""
    if provider in pool.login_providers:
        return {pool.login_providers[provider]}
    clients = {c["ClientId"] for c in pool.cognito_providers
               if c.get("ProviderName") == provider}
    if clients:
        return clients
    for arn in pool.oidc_providers:
        if arn.split(":oidc-provider/", 1)[-1] == provider:
            found = lab.state("iam", arn.split(":")[4]).oidc_providers.get(arn)
            return set(found.client_ids) if found else None
    return None


def _jwt_subject(lab, pool, provider: str, token: str) -> str:
    claims = tokens.parse_jwt(token)
    if claims is None:
        raise errors.NotAuthorizedException("Invalid login token. Not a valid OpenId "
                                            "Connect identity token.")
    issuer = str(claims.get("iss", "")).removeprefix("https://").rstrip("/")
    audiences = _audiences(pool, lab, provider)
    if audiences is None or issuer != provider:
        raise errors.NotAuthorizedException(UNSUPPORTED)
    aud = claims.get("aud")
    if not set(aud if isinstance(aud, list) else [aud]) & audiences:
        raise errors.NotAuthorizedException("Invalid login token. Incorrect token "
                                            "audience.")
    expires = datetime.fromtimestamp(int(claims.get("exp", 0)), timezone.utc)
    if expires <= lab.now:
        raise errors.NotAuthorizedException(f"Invalid login token. Token expired: "
                                            f"{int(expires.timestamp())} >= "
                                            f"{int(lab.now.timestamp())}")
    return str(claims.get("sub"))


def _saml_subject(pool, provider: str, token: str) -> str:
    if provider not in pool.saml_providers:
        raise errors.NotAuthorizedException(UNSUPPORTED)
    facts = tokens.parse_saml(token)
    if facts is None or not facts["subject"]:
        raise errors.NotAuthorizedException("Invalid login token. Not a valid SAML "
                                            "response.")
    return facts["subject"]


def subjects(lab, pool, logins: dict) -> dict:
    """``{provider: subject}`` for every login, or Cognito's error for a bad one."""
    out = {}
    for provider, token in (logins or {}).items():
        if provider.startswith("arn:") and ":saml-provider/" in provider:
            out[provider] = _saml_subject(pool, provider, token)
        else:
            out[provider] = _jwt_subject(lab, pool, provider, token)
    return out
