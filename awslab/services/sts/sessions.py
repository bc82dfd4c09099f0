"""Temporary credentials: durations, session policies, session tags, and issuing keys.

Reproduces aws-facts 8.1-8.2:

* durations -- AssumeRole*: 900 s up to the role's ``MaxSessionDuration`` (default 3,600);
  role chaining (a role session assuming a role) at most 3,600 s, asking for more fails;
  GetSessionToken/GetFederationToken: 900-129,600 s (default 43,200), the root user's
  silently cut to 3,600;
* session policies -- an inline ``Policy`` (at most 2,048 characters) and up to 10
  ``PolicyArns``, checked by the policy engine; the session's permissions are the
  intersection of the role's (or user's) and these;
* session tags -- at most 50, keys unique without regard to case, ``TransitiveTagKeys``
  among them; transitive tags pass on through role chaining;
* credentials -- ``ASIA`` access keys, a session token and an ``Expiration`` on the lab's
  clock (the bridge answers ``ExpiredToken`` after it).

The session facts travel with the credentials in ``Principal.session``: ``type`` (the STS
operation), ``key`` (the access key ID), ``temporary``, ``issued``, ``role_arn``,
``policies`` (compiled session policies), ``tags``, ``transitive``, ``mfa_time``,
``source_identity``, ``user_name`` (GetSessionToken/GetFederationToken), ``provider``
(SAML/OIDC provider), ``chained``.

``PackedPolicySize`` is an approximation: AWS's packing format is not public; here it is
the compressed size of the session policies and tags against a 1 KiB budget.
"""
from __future__ import annotations

import json
import zlib
from datetime import timedelta
from typing import Optional

from awslab.bridge.shapes import Violation, validation_message
from awslab.identity import Credentials, Principal
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.policy import MalformedPolicyDocument, parse_policy
from awslab.services.sts import errors

MAX_POLICY_CHARS = 2048
MAX_POLICY_ARNS = 10
PACKED_BUDGET = 1024
CHAIN_LIMIT = 3600
ROOT_LIMIT = 3600


def validation(path: str, limit: int, value) -> errors.ValidationError:
    return errors.ValidationError(validation_message([Violation("length", (path,), limit,
                                                                 value)]))


def role_duration(p: dict, role, chained: bool) -> int:
    """The session length of AssumeRole* for ``role`` (aws-facts 8.1)."""
    asked = p.get("DurationSeconds")
    if asked is None:
        return 3600
    if chained and asked > CHAIN_LIMIT:
        raise errors.ValidationError(errors.CHAINED_DURATION)
    if asked > role.max_session_duration:
        raise errors.ValidationError(errors.MAX_DURATION)
    return asked


def token_duration(p: dict, root: bool) -> int:
    """GetSessionToken/GetFederationToken: default 12 h; the root user's at most 1 h."""
    asked = p.get("DurationSeconds") or 43200
    return min(asked, ROOT_LIMIT) if root else asked


def session_policies(lab, p: dict, account_id: str) -> tuple:
    """The compiled session policies of a request (inline ``Policy`` and ``PolicyArns``)."""
    out = []
    text = p.get("Policy")
    if text is not None:
        if len(text) > MAX_POLICY_CHARS:
            raise validation("Policy", MAX_POLICY_CHARS, text)
        try:
            out.append(parse_policy(text, "session", name="session policy",
                                    source="inline session policy"))
        except MalformedPolicyDocument as err:
            raise errors.MalformedPolicyDocument(err.message) from None
    arns = [a["arn"] for a in p.get("PolicyArns") or []]
    if len(arns) > MAX_POLICY_ARNS:
        raise validation("PolicyArns", MAX_POLICY_ARNS, arns)
    state = lab.state("iam", account_id)
    for arn in arns:
        aws = MANAGED_POLICIES.get(arn)
        customer = state.customer_policy(arn)
        compiled = aws.compiled if aws else customer.default.policy if customer else None
        if compiled is None:
            raise errors.MalformedPolicyDocument(f"Policy {arn} does not exist or is not "
                                                 "attachable.")
        out.append(compiled.named(arn, "managed session policy"))
    return tuple(out)


def session_tags(p: dict, inherited: Optional[dict] = None,
                 inherited_transitive: tuple = ()) -> tuple[dict, tuple]:
    """``(tags, transitive keys)`` of a new session; transitive tags of the calling
    session carry over (role chaining)."""
    tags = {k: v for k, v in (inherited or {}).items() if k in inherited_transitive}
    seen = {k.lower() for k in tags}
    for tag in p.get("Tags") or []:
        if tag["Key"].lower() in seen and tag["Key"] not in tags:
            raise errors.ValidationError("Duplicate tag keys found. Please note that Tag "
                                         "keys are case insensitive.")
        seen.add(tag["Key"].lower())
        tags[tag["Key"]] = tag["Value"]
    transitive = list(inherited_transitive)
    for key in p.get("TransitiveTagKeys") or []:
        if key.lower() not in {t.lower() for t in tags}:
            raise errors.ValidationError("The specified transitive tag key must be "
                                         "included in the requested tags.")
        transitive.append(key)
    return tags, tuple(dict.fromkeys(transitive))


def packed_size(p: dict, tags: dict) -> Optional[int]:
    """``PackedPolicySize`` (percent of the budget), or None when nothing was passed."""
    if not (p.get("Policy") or p.get("PolicyArns") or tags):
        return None
    raw = json.dumps([p.get("Policy") or "", [a["arn"] for a in p.get("PolicyArns") or []],
                      sorted(tags.items())], separators=(",", ":")).encode()
    percent = -(-len(zlib.compress(raw, 9)) * 100 // PACKED_BUDGET)
    if percent > 100:
        raise errors.PackedPolicyTooLarge(f"Packed policy consumes {percent}% of allotted "
                                          "space, please use smaller policy.")
    return percent


def issue(lab, kind: str, account_id: str, arn: str, principal_id: str, name: str,
          seconds: int, session: dict) -> Credentials:
    """New temporary credentials (``ASIA...``) registered with the lab."""
    key = lab.ids.access_key(temporary=True)
    secret = lab.ids.secret()
    token = "IQoJb3JpZ2luX2VjE" + lab.ids.secret(356)
    now = lab.now.replace(microsecond=0)
    info = {**session, "key": key, "temporary": True, "issued": now}
    principal = Principal(kind, account_id, arn, principal_id, name, info)
    return lab.credentials.add(Credentials(key, secret, principal, token,
                                           now + timedelta(seconds=seconds)))


def credentials_dict(creds: Credentials) -> dict:
    return {"AccessKeyId": creds.access_key_id, "SecretAccessKey": creds.secret_access_key,
            "SessionToken": creds.session_token, "Expiration": creds.expiration}


def role_session(lab, role, session_name: str, seconds: int, session: dict) -> Credentials:
    """Credentials of a role session ``assumed-role/ROLE/SESSION`` (aws-facts 8.2)."""
    account = role.arn.split(":")[4]
    return issue(lab, "AssumedRole", account,
                 f"arn:aws:sts::{account}:assumed-role/{role.name}/{session_name}",
                 f"{role.role_id}:{session_name}", session_name, seconds,
                 {"role_arn": role.arn, "session_name": session_name, **session})


def assumed_role_user(creds: Credentials) -> dict:
    return {"AssumedRoleId": creds.principal.principal_id, "Arn": creds.principal.arn}
