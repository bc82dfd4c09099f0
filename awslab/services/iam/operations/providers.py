"""Identity providers the account trusts: SAML 2.0 (metadata documents) and OpenID
Connect (issuer URL, client IDs, thumbprints)."""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import timedelta

from botocore.utils import parse_to_aware_datetime

from awslab.services.iam import errors
from awslab.services.iam.entities import OIDCProvider, SAMLProvider
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import tag_list, tags_of

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"


def parse_metadata(text: str) -> tuple:
    """``(entityID, validUntil or None)`` of an IdP's SAML metadata document.

    Raises
    ------
    InvalidInput
        ``Could not parse metadata`` for anything that is not IdP metadata.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise errors.InvalidInput("Could not parse metadata") from None
    if root.tag != f"{MD}EntityDescriptor" or not root.get("entityID") or \
            root.find(f"{MD}IDPSSODescriptor") is None:
        raise errors.InvalidInput("Could not parse metadata")
    until = root.get("validUntil")
    try:
        return root.get("entityID"), parse_to_aware_datetime(until) if until else None
    except (ValueError, TypeError):
        raise errors.InvalidInput("Could not parse metadata") from None


def _saml(state, arn: str) -> SAMLProvider:
    provider = state.saml_providers.get(arn)
    if provider is None:
        raise errors.NoSuchEntity(f"Manifest not found for arn {arn}")
    return provider


@OPERATIONS("CreateSAMLProvider")
def create_saml_provider(call, p):
    state = call.state()
    name = p["Name"]
    arn = f"arn:aws:iam::{call.account_id}:saml-provider/{name}"
    if arn in state.saml_providers:
        raise errors.EntityAlreadyExists(f"SAMLProvider {name} already exists.")
    _, until = parse_metadata(p["SAMLMetadataDocument"])
    now = call.now.replace(microsecond=0)
    digest = hashlib.sha256(arn.encode()).hexdigest()
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    provider = SAMLProvider(name, arn, p["SAMLMetadataDocument"], uuid, now,
                            until or now + timedelta(days=36500), tags_of(p))
    state.saml_providers[arn] = provider
    out = {"SAMLProviderArn": arn}
    if provider.tags:
        out["Tags"] = tag_list(provider.tags)
    return out


@OPERATIONS("GetSAMLProvider")
def get_saml_provider(call, p):
    provider = _saml(call.state(), p["SAMLProviderArn"])
    out = {"SAMLProviderUUID": provider.uuid, "SAMLMetadataDocument": provider.metadata,
           "CreateDate": provider.create_date, "ValidUntil": provider.valid_until,
           "AssertionEncryptionMode": "Allowed"}
    if provider.tags:
        out["Tags"] = tag_list(provider.tags)
    return out


@OPERATIONS("UpdateSAMLProvider")
def update_saml_provider(call, p):
    provider = _saml(call.state(), p["SAMLProviderArn"])
    if p.get("SAMLMetadataDocument"):
        _, until = parse_metadata(p["SAMLMetadataDocument"])
        provider.metadata = p["SAMLMetadataDocument"]
        provider.valid_until = until or provider.valid_until
    return {"SAMLProviderArn": provider.arn}


@OPERATIONS("ListSAMLProviders")
def list_saml_providers(call, p):
    return {"SAMLProviderList": [
        {"Arn": x.arn, "ValidUntil": x.valid_until, "CreateDate": x.create_date}
        for x in call.state().saml_providers.values()]}


@OPERATIONS("DeleteSAMLProvider")
def delete_saml_provider(call, p):
    state = call.state()
    del state.saml_providers[_saml(state, p["SAMLProviderArn"]).arn]
    return {}


def _oidc(state, arn: str) -> OIDCProvider:
    provider = state.oidc_providers.get(arn)
    if provider is None:
        raise errors.NoSuchEntity(f"OpenIDConnect Provider not found for arn {arn}")
    return provider


@OPERATIONS("CreateOpenIDConnectProvider")
def create_open_id_connect_provider(call, p):
    state = call.state()
    url = p["Url"]
    if not url.startswith("https://") or len(url) <= len("https://"):
        raise errors.InvalidInput("Invalid URL")
    host = url.removeprefix("https://").rstrip("/")
    arn = f"arn:aws:iam::{call.account_id}:oidc-provider/{host}"
    if arn in state.oidc_providers:
        raise errors.EntityAlreadyExists(f"Provider with url {url} already exists.")
    for thumb in p.get("ThumbprintList") or []:
        if len(thumb) != 40 or any(c not in "0123456789abcdefABCDEF" for c in thumb):
            raise errors.InvalidInput(f"Thumbprint {thumb} must be 40 hexadecimal "
                                      "characters.")
    provider = OIDCProvider(host, arn, list(p.get("ClientIDList") or []),
                            list(p.get("ThumbprintList") or []),
                            call.now.replace(microsecond=0), tags_of(p))
    state.oidc_providers[arn] = provider
    out = {"OpenIDConnectProviderArn": arn}
    if provider.tags:
        out["Tags"] = tag_list(provider.tags)
    return out


@OPERATIONS("GetOpenIDConnectProvider")
def get_open_id_connect_provider(call, p):
    provider = _oidc(call.state(), p["OpenIDConnectProviderArn"])
    out = {"Url": provider.url, "ClientIDList": provider.client_ids,
           "ThumbprintList": provider.thumbprints, "CreateDate": provider.create_date}
    if provider.tags:
        out["Tags"] = tag_list(provider.tags)
    return out


@OPERATIONS("ListOpenIDConnectProviders")
def list_open_id_connect_providers(call, p):
    return {"OpenIDConnectProviderList": [
        {"Arn": arn} for arn in call.state().oidc_providers]}


@OPERATIONS("DeleteOpenIDConnectProvider")
def delete_open_id_connect_provider(call, p):
    call.state().oidc_providers.pop(p["OpenIDConnectProviderArn"], None)
    return {}
