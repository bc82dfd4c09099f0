"""AssumeRoleWithSAML and AssumeRoleWithWebIdentity: callers without AWS credentials.

The caller is the identity provider's user, so the only policy that can let them in is the
role's trust policy, evaluated with the provider as the principal (``"Federated":
"arn:aws:iam::A:saml-provider/P"`` or ``".../oidc-provider/HOST"``) and the claims as
condition keys: ``SAML:aud``, ``SAML:iss``, ``SAML:sub``, ``SAML:sub_type``,
``SAML:namequalifier``; ``HOST:aud``, ``HOST:sub`` (and ``HOST:amr``). Session tags from
``PrincipalTag`` attributes (or the token's ``https://aws.amazon.com/tags`` claim) also
need ``sts:TagSession`` in the trust policy. The provider must be registered in IAM; the
assertion or token comes from :mod:`awslab.services.sts.tokens` (unsigned, see there).
"""
from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime, timezone

from botocore.utils import parse_to_aware_datetime

from awslab.identity import Principal
from awslab.services.iam import directory
from awslab.services.iam.policy import PolicySet, Request, evaluate
from awslab.services.sts import errors, sessions, tokens
from awslab.services.sts.operations import OPERATIONS

_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}")


def _trusts(role, provider_arn: str, kind: str, action: str, context: dict,
            tagged: bool, source_identity: bool) -> bool:
    """Whether the role's trust policy lets the provider's user in (and tag the session)."""
    account = role.arn.split(":")[4]
    policies = PolicySet(resource=role.trust, resource_policy_required=True)
    actions = [action] + (["sts:TagSession"] if tagged else []) + (
        ["sts:SetSourceIdentity"] if source_identity else [])
    return all(evaluate(Request(provider_arn, name, role.arn, principal_type=kind,
                                principal_account=account, context=context), policies,
                        trace=False).allowed for name in actions)


def _duration(p: dict, role, default: int = 3600) -> int:
    return sessions.role_duration({"DurationSeconds": p.get("DurationSeconds") or default},
                                  role, chained=False)


def _audit_as(call, kind: str, account: str, arn: str, principal_id: str, name: str):
    """CloudTrail records the identity provider's user as the caller."""
    call.caller = Principal(kind, account, arn, principal_id, name)


def _read_saml(lab, p: dict, now) -> tuple:
    """``(facts, provider, role, session name)`` of a SAML request, or AWS's error."""
    role_arn, provider_arn = p["RoleArn"], p["PrincipalArn"]
    facts = tokens.parse_saml(p["SAMLAssertion"])
    if facts is None:
        raise errors.InvalidIdentityToken("Invalid SAML response: the SAMLAssertion is not "
                                          "a base64-encoded SAML 2.0 response")
    provider = directory.saml_provider(lab, provider_arn)
    if provider is None:
        raise errors.InvalidIdentityToken(f"SAML provider {provider_arn} does not exist "
                                          "in the role's account")
    from awslab.services.iam.operations.providers import parse_metadata
    if facts["issuer"] != parse_metadata(provider.metadata)[0]:
        raise errors.InvalidIdentityToken("Issuer not present in specified provider's "
                                          "metadata")
    until = facts["not_on_or_after"]
    if until and parse_to_aware_datetime(until) <= now:
        raise errors.ExpiredTokenException("The SAML assertion has expired (NotOnOrAfter "
                                           f"{until})")
    attrs = facts["attributes"]
    pairs = {frozenset(v.replace(" ", "").split(",")) for v in attrs.get(
        tokens.ATTR + "Role", [])}
    role = directory.role_by_arn(lab, role_arn)
    if frozenset((role_arn, provider_arn)) not in pairs or role is None:
        raise errors.not_authorized("sts:AssumeRoleWithSAML")
    names = attrs.get(tokens.ATTR + "RoleSessionName")
    if not names:
        raise errors.InvalidIdentityToken("RoleSessionName is required in AuthnResponse")
    if not _SESSION_NAME.fullmatch(names[0]):
        raise errors.InvalidIdentityToken(
            "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}")
    return facts, provider, role, names[0]


def _saml_context(facts: dict, account: str, provider) -> tuple:
    """``(condition keys, NameQualifier, SubjectType, session tags)`` of an assertion."""
    qualifier = base64.b64encode(hashlib.sha1(
        f"{facts['issuer']}{account}/{provider.name}".encode()).digest()).decode()
    sub_type = (facts["subject_format"] or "").rsplit(":", 1)[-1] or "persistent"
    context = {"SAML:aud": facts["audience"], "SAML:iss": facts["issuer"],
               "SAML:sub": facts["subject"], "SAML:sub_type": sub_type,
               "SAML:namequalifier": qualifier}
    tags = {k.split("PrincipalTag:", 1)[1]: v[0] for k, v in facts["attributes"].items()
            if "PrincipalTag:" in k and v}
    for key, value in tags.items():
        context[f"aws:RequestTag/{key}"] = value
    return context, qualifier, sub_type, tags


def _saml_seconds(p: dict, facts: dict, role, now) -> int:
    """DurationSeconds, else the SessionDuration attribute, capped by SessionNotOnOrAfter."""
    asked = facts["attributes"].get(tokens.ATTR + "SessionDuration")
    seconds = _duration(p, role, int(asked[0]) if asked else 3600)
    session_end = facts["session_not_on_or_after"]
    if session_end:
        left = int((parse_to_aware_datetime(session_end) - now).total_seconds())
        seconds = max(min(seconds, left), 0)
    return seconds


@OPERATIONS("AssumeRoleWithSAML")
def assume_role_with_saml(call, p):
    lab, provider_arn = call.lab, p["PrincipalArn"]
    facts, provider, role, session_name = _read_saml(lab, p, call.now)
    account = role.arn.split(":")[4]
    context, qualifier, sub_type, tags = _saml_context(facts, account, provider)
    attrs = facts["attributes"]
    source = (attrs.get(tokens.ATTR + "SourceIdentity") or [None])[0]
    _audit_as(call, "SAMLUser", account, provider_arn, f"{qualifier}:{facts['subject']}",
              facts["subject"] or "")
    if not _trusts(role, provider_arn, "SAML", "sts:AssumeRoleWithSAML", context,
                   bool(tags), bool(source)):
        raise errors.not_authorized("sts:AssumeRoleWithSAML")
    creds = sessions.role_session(lab, role, session_name, _saml_seconds(
        p, facts, role, call.now), {
        "type": "AssumeRoleWithSAML", "policies": sessions.session_policies(lab, p, account),
        "tags": tags, "transitive": tuple(attrs.get(tokens.ATTR + "TransitiveTagKeys", ())),
        "provider": provider_arn, "source_identity": source})
    return {"Credentials": sessions.credentials_dict(creds),
            "AssumedRoleUser": sessions.assumed_role_user(creds),
            "PackedPolicySize": sessions.packed_size(p, tags),
            "Subject": facts["subject"], "SubjectType": sub_type,
            "Issuer": facts["issuer"], "Audience": facts["audience"],
            "NameQualifier": qualifier, "SourceIdentity": source}


def _token_tags(claims: dict) -> tuple[dict, tuple]:
    block = claims.get("https://aws.amazon.com/tags") or {}
    tags = {k: (v[0] if isinstance(v, list) else v)
            for k, v in (block.get("principal_tags") or {}).items()}
    return tags, tuple(block.get("transitive_tag_keys") or ())


class _BuiltInProvider:
    """An identity provider IAM knows without a registered OIDC provider: Amazon Cognito
    (``"Federated": "cognito-identity.amazonaws.com"`` in trust policies)."""

    def __init__(self, host: str, audiences: list):
        self.url = self.arn = host
        self.client_ids = audiences


BUILT_IN_ISSUERS = ("cognito-identity.amazonaws.com",)


def _provider(lab, account: str, issuer: str, audiences: list):
    host = issuer.removeprefix("https://").rstrip("/")
    if host in BUILT_IN_ISSUERS:
        return _BuiltInProvider(host, audiences)
    return directory.oidc_provider(lab, account, issuer)


def _read_token(lab, p: dict, now) -> tuple:
    """``(claims, provider, audiences)`` of a web identity token, or AWS's error."""
    claims = tokens.parse_jwt(p["WebIdentityToken"])
    if claims is None or not claims.get("iss"):
        raise errors.InvalidIdentityToken("Couldn't parse web identity token.")
    issuer = claims["iss"]
    audiences = claims.get("aud")
    audiences = audiences if isinstance(audiences, list) else [audiences]
    provider = _provider(lab, p["RoleArn"].split(":")[4], issuer, audiences)
    if provider is None:
        raise errors.InvalidIdentityToken(
            f"No OpenIDConnect provider found in your account for {issuer}")
    if not set(audiences) & set(provider.client_ids):
        raise errors.InvalidIdentityToken("Incorrect token audience")
    expires = datetime.fromtimestamp(int(claims.get("exp", 0)), timezone.utc)
    if expires <= now:
        raise errors.ExpiredTokenException(
            f"Token expired: current date/time {now:%Y-%m-%dT%H:%M:%SZ} must be before the "
            f"expiration date/time {expires:%Y-%m-%dT%H:%M:%SZ}")
    return claims, provider, audiences


@OPERATIONS("AssumeRoleWithWebIdentity")
def assume_role_with_web_identity(call, p):
    lab, role_arn = call.lab, p["RoleArn"]
    claims, provider, audiences = _read_token(lab, p, call.now)
    account, host = role_arn.split(":")[4], provider.url
    context = {f"{host}:aud": audiences[0], f"{host}:sub": claims.get("sub")}
    if claims.get("amr"):
        context[f"{host}:amr"] = claims["amr"]
    tags, transitive = _token_tags(claims)
    for key, value in tags.items():
        context[f"aws:RequestTag/{key}"] = value
    _audit_as(call, "WebIdentityUser", account, provider.arn,
              f"{host}:{audiences[0]}:{claims.get('sub')}", str(claims.get("sub")))
    role = directory.role_by_arn(lab, role_arn)
    if role is None or not _trusts(role, provider.arn, "WebIdentity",
                                   "sts:AssumeRoleWithWebIdentity", context, bool(tags),
                                   False):
        raise errors.not_authorized("sts:AssumeRoleWithWebIdentity")
    creds = sessions.role_session(lab, role, p["RoleSessionName"], _duration(p, role), {
        "type": "AssumeRoleWithWebIdentity",
        "policies": sessions.session_policies(lab, p, account), "tags": tags,
        "transitive": transitive, "provider": provider.arn,
        "context": {k: v for k, v in context.items() if not k.startswith("aws:")}})
    return {"Credentials": sessions.credentials_dict(creds),
            "SubjectFromWebIdentityToken": str(claims.get("sub")),
            "AssumedRoleUser": sessions.assumed_role_user(creds),
            "PackedPolicySize": sessions.packed_size(p, tags),
            "Provider": claims["iss"], "Audience": audiences[0]}
