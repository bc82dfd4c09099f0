"""AWS's side of console federation: the SAML sign-in endpoint and the federation
endpoint a custom broker uses.

* :func:`saml_sign_in` -- what ``https://signin.aws.amazon.com/saml`` does with the SAML
  response the browser posts: show the role picker if the assertion offers several roles,
  call ``AssumeRoleWithSAML`` for the chosen one (``SessionDuration`` attribute included)
  and open a console session.
* :func:`get_signin_token`, :func:`login_url`, :func:`open_console` -- the federation
  endpoint ``https://signin.aws.amazon.com/federation``: ``Action=getSigninToken`` turns
  temporary credentials into a sign-in token (valid 15 minutes), ``Action=login`` with
  that token opens the console. ``SessionDuration`` (900-43,200 s) is accepted with role
  credentials only; a role session that was itself obtained with role credentials (role
  chaining) is refused, as AWS documents. Without ``SessionDuration`` the lab keeps the
  console session for the credentials' remaining life.
"""
from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional
from urllib.parse import parse_qs, quote_plus, urlencode, urlparse

from awslab.errors import AwslabError
from awslab.services.sts import tokens

FEDERATION = "https://signin.aws.amazon.com/federation"
CONSOLE = "https://console.aws.amazon.com/"
TOKEN_MINUTES = 15
_TOKENS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # lab -> tokens


@dataclass
class ConsoleSession:
    """A console session: who the learner is in the console, until when, and keys that
    act as that session (``lab.client(name, **session.keys)``)."""

    arn: str
    expires: datetime
    url: str
    via: str
    keys: dict = field(repr=False, default_factory=dict)


def roles_in(saml_response: str) -> list[tuple[str, str]]:
    """``[(role ARN, provider ARN)]`` a SAML response offers (the role picker's list)."""
    facts = tokens.parse_saml(saml_response)
    if facts is None:
        raise AwslabError("Your request included an invalid SAML response.")
    out = []
    for value in facts["attributes"].get(tokens.ATTR + "Role", []):
        parts = [p.strip() for p in value.split(",")]
        role = next((p for p in parts if ":role/" in p), None)
        provider = next((p for p in parts if ":saml-provider/" in p), None)
        if role and provider:
            out.append((role, provider))
    return out


def saml_sign_in(lab, saml_response: str, role_arn: Optional[str] = None,
                 region: str = "us-east-1") -> ConsoleSession:
    """Sign in to the console with an IdP's SAML response (the POST to AWS)."""
    offered = roles_in(saml_response)
    if not offered:
        raise AwslabError("Your request included an invalid SAML response: there is no "
                          "https://aws.amazon.com/SAML/Attributes/Role attribute.")
    if role_arn is None:
        if len(offered) > 1:
            raise AwslabError("Select a role: the assertion offers "
                              + ", ".join(r for r, _ in offered))
        role_arn = offered[0][0]
    provider = dict(offered).get(role_arn)
    if provider is None:
        raise AwslabError(f"{role_arn} is not one of the roles the assertion offers")
    answer = lab.client("sts", region_name=region).assume_role_with_saml(
        RoleArn=role_arn, PrincipalArn=provider, SAMLAssertion=saml_response)
    creds = answer["Credentials"]
    return ConsoleSession(answer["AssumedRoleUser"]["Arn"], creds["Expiration"],
                          f"https://{region}.console.aws.amazon.com/console/home?"
                          f"region={region}", "SAML", _keys(creds))


def _keys(creds: dict) -> dict:
    return {"aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"]}


def get_signin_token(lab, credentials: dict, session_duration: Optional[int] = None) -> str:
    """``Action=getSigninToken``: a sign-in token for temporary ``credentials`` (the
    ``Credentials`` member of an STS answer)."""
    found = lab.credentials.get(credentials.get("AccessKeyId"))
    if found is None or found.session_token != credentials.get("SessionToken") or \
            found.expiration is None or found.expiration <= lab.now:
        raise AwslabError("federation endpoint: 400 Bad Request (the session credentials "
                          "are invalid or expired)")
    session = found.principal.session or {}
    kind = session.get("type")
    if session_duration is not None:
        if kind == "GetFederationToken":
            raise AwslabError("federation endpoint: SessionDuration applies to role "
                              "credentials; a federated user's console session lasts as "
                              "long as its credentials")
        if not 900 <= session_duration <= 43200:
            raise AwslabError("federation endpoint: SessionDuration must be 900 to 43200")
    if kind == "AssumeRole" and session.get("chained"):
        raise AwslabError("federation endpoint: credentials from role chaining cannot sign "
                          "in to the console; assume the role with an IAM user's long-term "
                          "credentials")
    ends = found.expiration if session_duration is None else \
        lab.now.replace(microsecond=0) + timedelta(seconds=session_duration)
    token = "sgn" + lab.ids.secret(64).replace("/", "_").replace("+", "-")
    _TOKENS.setdefault(lab, {})[token] = {"creds": found, "issued": lab.now, "ends": ends}
    return token


def login_url(token: str, issuer: str, destination: str = CONSOLE) -> str:
    """``Action=login``: the URL the broker sends the user's browser to."""
    return FEDERATION + "?" + urlencode({"Action": "login", "Issuer": issuer,
                                         "Destination": destination, "SigninToken": token},
                                        quote_via=quote_plus)


def open_console(lab, url: str) -> ConsoleSession:
    """What the browser gets when it opens a ``login_url``."""
    query = parse_qs(urlparse(url).query)
    token = (query.get("SigninToken") or [""])[0]
    found = _TOKENS.get(lab, {}).get(token)
    if found is None or lab.now > found["issued"] + timedelta(minutes=TOKEN_MINUTES):
        raise AwslabError("federation endpoint: the sign-in token is invalid or expired "
                          f"(tokens last {TOKEN_MINUTES} minutes)")
    del _TOKENS[lab][token]
    creds = found["creds"]
    return ConsoleSession(creds.principal.arn, found["ends"],
                          (query.get("Destination") or [CONSOLE])[0], "federation",
                          creds.as_client_kwargs())


def session_json(credentials: dict) -> str:
    """The ``Session`` parameter of getSigninToken (what a broker URL-encodes)."""
    return json.dumps({"sessionId": credentials["AccessKeyId"],
                       "sessionKey": credentials["SecretAccessKey"],
                       "sessionToken": credentials["SessionToken"]})
