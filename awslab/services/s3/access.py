"""Who may use a bucket: bucket policies, ACLs, object ownership, Block Public Access,
and what makes a bucket public (AWS's "meaning of public")."""
from __future__ import annotations

import json
from fnmatch import fnmatchcase

from awslab.errors import AwsError
from awslab.services.s3.errors import (
    AccessControlListNotSupported, AccessDenied, InvalidArgument, MalformedPolicy,
    NoSuchBucketPolicy, NoSuchPublicAccessBlockConfiguration)
from awslab.services.s3.lookup import bucket_or_error, canonical_id, owner
from awslab.services.s3.operations import OPERATIONS

GROUPS = "http://acs.amazonaws.com/groups/global/"
PUBLIC_GROUPS = {GROUPS + "AllUsers": "everyone (AllUsers)",
                 GROUPS + "AuthenticatedUsers": "any AWS account (AuthenticatedUsers)"}
CANNED = {"private": [], "public-read": [("AllUsers", "READ")],
          "public-read-write": [("AllUsers", "READ"), ("AllUsers", "WRITE")],
          "authenticated-read": [("AuthenticatedUsers", "READ")],
          "log-delivery-write": []}
READS = ("s3:GetObject", "s3:ListBucket")
WRITES = ("s3:PutObject", "s3:DeleteObject")
# Condition keys that pin a "*" principal down to known callers (not public).
PINNING_KEYS = {"aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner",
                "aws:sourceaccount", "aws:userid", "aws:principalaccount", "aws:principalarn",
                "aws:principalorgid", "aws:sourceip", "s3:x-amz-server-side-encryption-aws-kms-key-id"}


# -- what is public ---------------------------------------------------------------------
def _statements(policy_text: str) -> list:
    doc = json.loads(policy_text)
    stmts = doc.get("Statement", [])
    return stmts if isinstance(stmts, list) else [stmts]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _public_principal(stmt: dict) -> bool:
    who = stmt.get("Principal")
    if who == "*":
        return True
    return isinstance(who, dict) and "*" in _as_list(who.get("AWS", []))


def _pinned(stmt: dict) -> bool:
    keys = {k.lower() for block in (stmt.get("Condition") or {}).values()
            if isinstance(block, dict) for k in block}
    return bool(keys & PINNING_KEYS)


def _grants(stmt: dict, actions: tuple) -> bool:
    wanted = [a.lower() for a in actions]
    return any(fnmatchcase(w, a.lower()) for a in _as_list(stmt.get("Action", []))
               for w in wanted)


def public_policy_statements(policy_text: str | None, actions=READS + WRITES) -> list:
    """The Allow statements of a bucket policy that open ``actions`` to anyone."""
    if not policy_text:
        return []
    return [s for s in _statements(policy_text)
            if s.get("Effect") == "Allow" and _public_principal(s) and not _pinned(s)
            and _grants(s, actions)]


def public_access(lab, name: str) -> dict:
    """Whether bucket ``name`` can be read or written by the public, and why:
    ``{"read": bool, "write": bool, "why": [str, ...]}`` (after Block Public Access)."""
    bucket = bucket_or_error(lab, name)
    pab = bucket.public_access_block or {}
    out = {"read": False, "write": False, "why": []}
    if not pab.get("IgnorePublicAcls") and bucket.object_ownership != "BucketOwnerEnforced":
        for grant in bucket.acl:
            uri = grant["Grantee"].get("URI")
            if uri in PUBLIC_GROUPS:
                perm = grant["Permission"]
                out["read"] |= perm in ("READ", "FULL_CONTROL")
                out["write"] |= perm in ("WRITE", "FULL_CONTROL")
                out["why"].append(f"the ACL grants {perm} to {PUBLIC_GROUPS[uri]}")
    if not pab.get("RestrictPublicBuckets"):
        for stmt in public_policy_statements(bucket.policy):
            out["read"] |= _grants(stmt, READS)
            out["write"] |= _grants(stmt, WRITES)
            sid = stmt.get("Sid")
            out["why"].append("the bucket policy" + (f" statement {sid!r}" if sid else "")
                              + " allows " + ", ".join(_as_list(stmt.get("Action")))
                              + ' to Principal "*"')
    return out


# -- bucket policy ------------------------------------------------------------------------
def _check_policy(call, bucket, text: str) -> None:
    from awslab.services.iam.policy import MalformedPolicyDocument, parse_policy
    try:
        parse_policy(text, "resource")
        stmts = _statements(text)
    except (MalformedPolicyDocument, ValueError, AttributeError) as exc:
        raise MalformedPolicy(getattr(exc, "message", None) or str(exc)) from None
    for stmt in stmts:
        for res in _as_list(stmt.get("Resource", [])):
            if not (res == bucket.arn or res.startswith(bucket.arn + "/")):
                raise MalformedPolicy("Policy has invalid resource")
    pab = bucket.public_access_block or {}
    if pab.get("BlockPublicPolicy") and public_policy_statements(text):
        raise AccessDenied(
            f"User: {call.caller.arn} is not authorized to perform: s3:PutBucketPolicy on "
            f"resource: \"{bucket.arn}\" because public policies are blocked by the "
            "BlockPublicPolicy block public access setting.")


@OPERATIONS("PutBucketPolicy")
def put_bucket_policy(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    _check_policy(call, bucket, p["Policy"])
    bucket.policy = p["Policy"]
    return {}


@OPERATIONS("GetBucketPolicy")
def get_bucket_policy(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    if not bucket.policy:
        raise NoSuchBucketPolicy()
    return {"Policy": bucket.policy}


@OPERATIONS("DeleteBucketPolicy")
def delete_bucket_policy(call, p):
    bucket_or_error(call.lab, p["Bucket"]).policy = None
    return {}


@OPERATIONS("GetBucketPolicyStatus")
def get_bucket_policy_status(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    if not bucket.policy:
        raise NoSuchBucketPolicy()
    return {"PolicyStatus": {"IsPublic": bool(public_policy_statements(bucket.policy))}}


# -- Block Public Access ------------------------------------------------------------------
@OPERATIONS("PutPublicAccessBlock")
def put_public_access_block(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    conf = p["PublicAccessBlockConfiguration"]
    bucket.public_access_block = {k: bool(conf.get(k, False)) for k in (
        "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")}
    return {}


@OPERATIONS("GetPublicAccessBlock")
def get_public_access_block(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    if bucket.public_access_block is None:
        raise NoSuchPublicAccessBlockConfiguration()
    return {"PublicAccessBlockConfiguration": dict(bucket.public_access_block)}


@OPERATIONS("DeletePublicAccessBlock")
def delete_public_access_block(call, p):
    bucket_or_error(call.lab, p["Bucket"]).public_access_block = None
    return {}


# -- ACLs and object ownership --------------------------------------------------------
def _group_grant(group: str, permission: str) -> dict:
    return {"Grantee": {"Type": "Group", "URI": GROUPS + group}, "Permission": permission}


def _requested_grants(p) -> list:
    if p.get("ACL"):
        if p["ACL"] not in CANNED:
            raise InvalidArgument(f"The canned ACL {p['ACL']} is not valid for a bucket")
        return [_group_grant(g, perm) for g, perm in CANNED[p["ACL"]]]
    grants = (p.get("AccessControlPolicy") or {}).get("Grants") or []
    return [g for g in grants if g["Grantee"].get("Type") != "CanonicalUser"]


@OPERATIONS("PutBucketAcl")
def put_bucket_acl(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    grants = _requested_grants(p)
    if bucket.object_ownership == "BucketOwnerEnforced" and (grants or p.get("ACL") not in
                                                             (None, "private")):
        raise AccessControlListNotSupported()
    public = [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GROUPS]
    if public and (bucket.public_access_block or {}).get("BlockPublicAcls"):
        raise AccessDenied()
    bucket.acl = grants
    return {}


@OPERATIONS("GetBucketAcl")
def get_bucket_acl(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    me = {"Type": "CanonicalUser", "ID": canonical_id(bucket.account_id)}
    return {"Owner": owner(bucket.account_id),
            "Grants": [{"Grantee": me, "Permission": "FULL_CONTROL"}] + list(bucket.acl)}


@OPERATIONS("PutBucketOwnershipControls")
def put_bucket_ownership_controls(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    rules = p["OwnershipControls"]["Rules"]
    if len(rules) != 1:
        raise AwsError("The XML you provided was not well-formed or did not validate "
                       "against our published schema", code="MalformedXML")
    bucket.object_ownership = rules[0]["ObjectOwnership"]
    if bucket.object_ownership == "BucketOwnerEnforced":
        bucket.acl = []
    return {}


@OPERATIONS("GetBucketOwnershipControls")
def get_bucket_ownership_controls(call, p):
    bucket = bucket_or_error(call.lab, p["Bucket"])
    return {"OwnershipControls": {"Rules": [{"ObjectOwnership": bucket.object_ownership}]}}
