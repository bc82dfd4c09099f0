"""A simulated identity provider: SAML 2.0 metadata and assertions, OpenID Connect tokens.

The lab has no real IdP, so these helpers play one. Notebooks build what a corporate
IdP or a web identity provider would hand the learner's browser or app, and pass it to
``sts.assume_role_with_saml`` / ``sts.assume_role_with_web_identity``:

>>> meta = saml_metadata()                                # for iam.create_saml_provider
>>> assertion = saml_assertion(lab, role_arn, provider_arn, subject="alice")
>>> token = web_identity_token(lab, "https://token.example.com", "my-app", "user-1")

What is simulated and what is not: assertions and tokens are **unsigned** (STS checks
their issuer, audience, subject and lifetime against the provider registered in IAM, not a
signature), and the JWT's signature segment is a fixed placeholder. Everything else --
attribute names, the ``RoleArn,PrincipalArn`` pairs, ``SessionNotOnOrAfter``,
``PrincipalTag`` attributes, ``aud``/``sub``/``exp`` claims -- follows AWS's documented
formats. Introduced in ``11_sts_and_cross_account.ipynb``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Optional
from xml.sax.saxutils import escape, quoteattr

DEFAULT_ISSUER = "https://idp.awslab.example/saml"
AWS_AUDIENCE = "https://signin.aws.amazon.com/saml"
ATTR = "https://aws.amazon.com/SAML/Attributes/"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
# A placeholder certificate body: metadata must carry one (and be >= 1,000 characters).
_CERT = base64.b64encode(hashlib.sha512(b"awslab simulated IdP").digest() * 12).decode()


def _stamp(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def saml_metadata(entity_id: str = DEFAULT_ISSUER,
                  sso_url: str = "https://idp.awslab.example/sso") -> str:
    """The SAML metadata document of the simulated IdP (for ``create_saml_provider``)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(entity_id)}>\n'
        '  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\n'
        '    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
        f'{_CERT}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n'
        f'    <md:NameIDFormat>{PERSISTENT}</md:NameIDFormat>\n'
        '    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:'
        f'HTTP-Redirect" Location={quoteattr(sso_url)}/>\n'
        '  </md:IDPSSODescriptor>\n</md:EntityDescriptor>\n')


def _attribute(name: str, values: list) -> str:
    vals = "".join(f"<saml:AttributeValue>{escape(str(v))}</saml:AttributeValue>"
                   for v in values)
    return f"<saml:Attribute Name={quoteattr(name)}>{vals}</saml:Attribute>"


def saml_assertion(lab, role_arn: str, provider_arn: str, subject: str = "alice",
                   session_name: Optional[str] = None, issuer: str = DEFAULT_ISSUER,
                   audience: str = AWS_AUDIENCE, session_seconds: Optional[int] = None,
                   tags: Optional[dict] = None, transitive: tuple = (),
                   source_identity: Optional[str] = None, valid_for: int = 300,
                   extra_roles: tuple = ()) -> str:
    """A base64-encoded SAML response the simulated IdP issues for ``subject``, letting
    them pick ``role_arn`` through ``provider_arn`` (what the browser POSTs to AWS).

    ``valid_for`` is how long (s) the assertion may be redeemed; ``session_seconds`` sets
    the ``SessionDuration`` attribute; ``tags`` become ``PrincipalTag:<key>`` attributes.
    """
    now = lab.now.replace(microsecond=0)
    until = _stamp(now + timedelta(seconds=valid_for))
    attrs = [_attribute(ATTR + "Role", [f"{role_arn},{provider_arn}", *extra_roles]),
             _attribute(ATTR + "RoleSessionName", [session_name or subject])]
    if session_seconds:
        attrs.append(_attribute(ATTR + "SessionDuration", [session_seconds]))
    for key, value in (tags or {}).items():
        attrs.append(_attribute(f"{ATTR}PrincipalTag:{key}", [value]))
    if transitive:
        attrs.append(_attribute(ATTR + "TransitiveTagKeys", list(transitive)))
    if source_identity:
        attrs.append(_attribute(ATTR + "SourceIdentity", [source_identity]))
    xml = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Version="2.0" '
        f'IssueInstant="{_stamp(now)}" Destination={quoteattr(audience)}>'
        f"<saml:Issuer>{escape(issuer)}</saml:Issuer>"
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:'
        'Success"/></samlp:Status>'
        f'<saml:Assertion Version="2.0" IssueInstant="{_stamp(now)}">'
        f"<saml:Issuer>{escape(issuer)}</saml:Issuer>"
        f'<saml:Subject><saml:NameID Format="{PERSISTENT}">{escape(subject)}</saml:NameID>'
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData NotOnOrAfter="{until}" '
        f"Recipient={quoteattr(audience)}/></saml:SubjectConfirmation></saml:Subject>"
        f'<saml:Conditions NotBefore="{_stamp(now)}" NotOnOrAfter="{until}">'
        f"<saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience>"
        "</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{_stamp(now)}" '
        f'SessionNotOnOrAfter="{_stamp(now + timedelta(hours=12))}"/>'
        f"<saml:AttributeStatement>{''.join(attrs)}</saml:AttributeStatement>"
        "</saml:Assertion></samlp:Response>")
    return base64.b64encode(xml.encode()).decode()


def parse_saml(text: str) -> Optional[dict]:
    """The facts STS reads from a base64 SAML response, or None if it is not one."""
    try:
        root = ET.fromstring(base64.b64decode(text, validate=True))
    except (ValueError, ET.ParseError):
        return None
    assertion = root.find(f"{SAML}Assertion")
    if assertion is None:
        return None
    name_id = assertion.find(f"{SAML}Subject/{SAML}NameID")
    conditions = assertion.find(f"{SAML}Conditions")
    authn = assertion.find(f"{SAML}AuthnStatement")
    attrs: dict = {}
    for attr in assertion.iter(f"{SAML}Attribute"):
        attrs[attr.get("Name", "")] = [v.text or "" for v in
                                       attr.findall(f"{SAML}AttributeValue")]
    audience = assertion.find(f".//{SAML}Audience")
    return {"issuer": (assertion.findtext(f"{SAML}Issuer") or "").strip(),
            "subject": name_id.text if name_id is not None else None,
            "subject_format": name_id.get("Format") if name_id is not None else None,
            "audience": audience.text if audience is not None else None,
            "not_on_or_after": conditions.get("NotOnOrAfter") if conditions is not None
            else None,
            "session_not_on_or_after": authn.get("SessionNotOnOrAfter")
            if authn is not None else None,
            "attributes": attrs}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def web_identity_token(lab, issuer: str, audience: str, subject: str,
                       valid_for: int = 3600, claims: Optional[dict] = None,
                       tags: Optional[dict] = None, transitive: tuple = ()) -> str:
    """An OpenID Connect ID token (JWT) from the simulated provider ``issuer``.

    ``tags`` become the ``https://aws.amazon.com/tags`` claim (principal tags of the
    session). The signature is a placeholder: the token is **not signed**.
    """
    now = int(lab.now.timestamp())
    body = {"iss": issuer, "sub": subject, "aud": audience, "iat": now,
            "exp": now + valid_for, **(claims or {})}
    if tags:
        body["https://aws.amazon.com/tags"] = {
            "principal_tags": {k: [v] for k, v in tags.items()},
            "transitive_tag_keys": list(transitive)}
    header = {"alg": "RS256", "kid": "awslab-simulated", "typ": "JWT"}
    return ".".join([_b64url(json.dumps(header).encode()),
                     _b64url(json.dumps(body, sort_keys=True).encode()),
                     _b64url(b"awslab-unsigned")])


def parse_jwt(token: str) -> Optional[dict]:
    """The claims of a JWT, or None if it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None
