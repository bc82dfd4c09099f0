"""STS operations of callers with credentials: AssumeRole, GetSessionToken,
GetFederationToken, GetCallerIdentity, DecodeAuthorizationMessage, GetAccessKeyInfo.

Authorisation happens before a handler runs (:mod:`awslab.services.iam.enforce`): for
AssumeRole the role's trust policy is the resource policy and the caller's identity
policies must allow ``sts:AssumeRole`` on the role (cross-account: both), with
``sts:ExternalId``, ``aws:MultiFactorAuthPresent`` (SerialNumber + TokenCode) and session
tag keys in the request context (:mod:`awslab.services.sts.access`).
"""
from __future__ import annotations

import base64
import binascii
import json

from awslab.bridge.registry import Operations
from awslab.services.iam import directory
from awslab.services.sts import errors, sessions

OPERATIONS = Operations("sts")


@OPERATIONS("GetCallerIdentity")
def get_caller_identity(call, p):
    c = call.caller
    return {"UserId": c.principal_id, "Account": c.account_id, "Arn": c.arn}


def _mfa_time(call, p):
    """When the new session authenticated with MFA: now (SerialNumber + TokenCode, checked
    before the call ran), or when the calling session did."""
    if p.get("SerialNumber") and p.get("TokenCode"):
        return call.now.replace(microsecond=0)
    return (call.caller.session or {}).get("mfa_time")


@OPERATIONS("AssumeRole")
def assume_role(call, p):
    role = directory.role_by_arn(call.lab, p["RoleArn"])
    if role is None:        # enforcement denies first; kept for direct callers
        raise errors.AccessDenied(f"User: {call.caller.arn} is not authorized to perform: "
                                  f"sts:AssumeRole on resource: {p['RoleArn']}")
    caller = call.caller.session or {}
    chained = call.caller.kind == "AssumedRole"
    seconds = sessions.role_duration(p, role, chained)
    account = role.arn.split(":")[4]
    policies = sessions.session_policies(call.lab, p, account)
    tags, transitive = sessions.session_tags(p, caller.get("tags"),
                                             caller.get("transitive", ()))
    packed = sessions.packed_size(p, {k: v for k, v in tags.items()
                                      if k not in caller.get("tags", {})})
    source = caller.get("source_identity") or p.get("SourceIdentity")
    creds = sessions.role_session(call.lab, role, p["RoleSessionName"], seconds, {
        "type": "AssumeRole", "policies": policies, "tags": tags, "transitive": transitive,
        "mfa_time": _mfa_time(call, p), "source_identity": source, "chained": chained,
        "external_id": p.get("ExternalId"), "caller": call.caller.arn})
    return {"Credentials": sessions.credentials_dict(creds),
            "AssumedRoleUser": sessions.assumed_role_user(creds),
            "PackedPolicySize": packed, "SourceIdentity": source}


@OPERATIONS("GetSessionToken")
def get_session_token(call, p):
    caller = call.caller
    mfa_time = None
    if p.get("SerialNumber") or p.get("TokenCode"):
        reason = directory.mfa_valid(call.lab, caller, p.get("SerialNumber", ""),
                                     p.get("TokenCode", ""))
        if reason:
            raise errors.AccessDenied(reason)
        mfa_time = call.now.replace(microsecond=0)
    seconds = sessions.token_duration(p, caller.kind == "Root")
    user = directory.user_of(call.lab, caller)
    creds = sessions.issue(call.lab, caller.kind, caller.account_id, caller.arn,
                           caller.principal_id, caller.name, seconds,
                           {"type": "GetSessionToken", "mfa_time": mfa_time,
                            "user_name": user.name if user else None})
    return {"Credentials": sessions.credentials_dict(creds)}


@OPERATIONS("GetFederationToken")
def get_federation_token(call, p):
    caller = call.caller
    name, account = p["Name"], caller.account_id
    seconds = sessions.token_duration(p, caller.kind == "Root")
    policies = sessions.session_policies(call.lab, p, account)
    tags, _ = sessions.session_tags(p)
    packed = sessions.packed_size(p, tags)
    user = directory.user_of(call.lab, caller)
    arn = f"arn:aws:sts::{account}:federated-user/{name}"
    creds = sessions.issue(call.lab, "FederatedUser", account, arn, f"{account}:{name}",
                           name, seconds,
                           {"type": "GetFederationToken", "policies": policies,
                            "tags": tags, "user_name": user.name if user else None,
                            "root": caller.kind == "Root"})
    return {"Credentials": sessions.credentials_dict(creds),
            "FederatedUser": {"FederatedUserId": creds.principal.principal_id, "Arn": arn},
            "PackedPolicySize": packed}


@OPERATIONS("DecodeAuthorizationMessage")
def decode_authorization_message(call, p):
    text = p["EncodedMessage"]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error):
        raise errors.InvalidAuthorizationMessageException(
            "Message is not valid: it was not produced by an authorization failure in "
            "this lab") from None
    return {"DecodedMessage": json.dumps(decoded, sort_keys=True)}


@OPERATIONS("GetAccessKeyInfo")
def get_access_key_info(call, p):
    creds = call.lab.credentials.get(p["AccessKeyId"])
    return {"Account": creds.principal.account_id if creds else call.account_id}
