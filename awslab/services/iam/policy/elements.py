"""Checks of the statement elements (Action, Resource, Principal) and of what each policy
kind allows, with IAM's and Organizations' messages (see :mod:`.document`)."""
from __future__ import annotations

import json
import re
from typing import Any, Optional

from awslab.services.iam.policy import errors
from awslab.services.iam.policy.matching import Principals, account_root

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
              "aws-iso-f", "aws-eusc")
_NO_PRINCIPAL = ("identity", "boundary", "session", "scp")
_ORG = ("scp", "rcp")
_ACCOUNT = re.compile(r"\d{12}")
_AWS_PRINCIPAL = re.compile(
    r"arn:[a-z-]+:(iam::\d{12}:(root|user/.+|role/.+|federated-user/.+)"
    r"|sts::\d{12}:(assumed-role/.+/.+|federated-user/.+))")
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _fail(message: str) -> errors.MalformedPolicyDocument:
    return errors.MalformedPolicyDocument(message)


def strings(value: Any, empty: str) -> tuple:
    """A string or a non-empty list of strings, as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if not value:
            raise _fail(empty)
        return tuple(value)
    raise _fail(errors.SYNTAX)


def check_action(action: str) -> None:
    """Raise for an Action that IAM rejects (no vendor, two colons, wildcard vendor)."""
    if action == "*":
        return
    if ":" not in action:
        raise _fail(errors.VENDOR_PREFIX)
    if action.count(":") > 1:
        raise _fail(errors.ONE_COLON)
    vendor, name = action.split(":")
    if not vendor:
        raise _fail(errors.VENDOR_PREFIX)
    if "*" in vendor or "?" in vendor:
        raise _fail(errors.VENDOR_WILDCARD)
    if not name:
        raise _fail(errors.SYNTAX)


def check_resource(resource: str, kind: str) -> None:
    """Raise for a Resource that is neither ``*`` nor an ARN IAM accepts."""
    if resource == "*":
        return
    if not resource.startswith("arn:"):
        raise errors.bad_resource(resource)
    if resource.count(":") < 5:
        if "*" in resource:
            return
        raise _fail(errors.LEGACY)
    _, partition, service, region, _ = resource.split(":", 4)
    if partition not in PARTITIONS and "*" not in partition and "?" not in partition:
        raise _fail(f'Partition "{partition}" is not valid for resource "{resource}".')
    if kind not in ("resource", "rcp") and service == "iam" and region and "*" not in region:
        raise _fail(f"IAM resource {resource} cannot contain region information.")


def _principal_values(kind: str, value: Any) -> tuple:
    if isinstance(value, str):
        values = (value,)
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        values = tuple(value)
    else:
        raise _fail(errors.SYNTAX)
    for v in values:
        if not v or (v != "*" and ("*" in v or "?" in v)):
            raise errors.invalid_principal(kind, v)
    return values


def _aws_principal(value: str) -> str:
    if _ACCOUNT.fullmatch(value):
        return account_root(value)
    if value == "*" or _AWS_PRINCIPAL.fullmatch(value):
        return value
    raise errors.invalid_principal("AWS", value)


def parse_principals(value: Any) -> Principals:
    """Parse a ``Principal``/``NotPrincipal`` value (account IDs become root ARNs).

    Raises
    ------
    MalformedPolicyDocument
        "Invalid principal in policy: ..." for a value IAM does not take (a partial
        wildcard, an ARN that is not an IAM or STS principal ARN).
    """
    if value == "*":
        return Principals(everyone=True)
    if not isinstance(value, dict) or not value:
        raise _fail(errors.SYNTAX)
    sets: dict[str, frozenset] = {}
    for key, raw in value.items():
        if key not in ("AWS", "Service", "Federated", "CanonicalUser"):
            raise _fail(errors.SYNTAX)
        values = _principal_values(key, raw)
        if key == "AWS":
            values = tuple(_aws_principal(v) for v in values)
        sets[key] = frozenset(values)
    if "*" in sets.get("AWS", ()):
        return Principals(everyone=True)
    return Principals(False, sets.get("AWS", frozenset()), sets.get("Service", frozenset()),
                      sets.get("Federated", frozenset()),
                      sets.get("CanonicalUser", frozenset()))


def check_kind(kind: str, stmt: dict, effect: str) -> None:
    """Raise when a statement uses an element its policy kind does not allow."""
    has_p, has_np = "Principal" in stmt, "NotPrincipal" in stmt
    has_r = "Resource" in stmt or "NotResource" in stmt
    if kind in _ORG:
        bad = (has_np or "NotAction" in stmt) if kind == "rcp" else (has_p or has_np)
        if kind == "rcp" and (not has_p or stmt.get("Principal") != "*"):
            bad = True
        if kind == "rcp" and effect == "Allow" and (
                stmt.get("Action") not in ("*", ["*"]) or stmt.get("Resource") not in
                ("*", ["*"]) or "Condition" in stmt):
            bad = True
        if bad or not has_r:
            raise _fail(errors.ORG_POLICY_TYPE)
        return
    if kind in _NO_PRINCIPAL and (has_p or has_np):
        raise _fail(errors.SHOULD_NOT_SPECIFY_PRINCIPAL)
    if kind == "trust":
        if has_np:
            raise errors.prohibited_field("NotPrincipal")
        if not has_p:
            raise errors.missing_field("Principal")
        for field in ("Resource", "NotResource"):
            if field in stmt:
                raise errors.prohibited_field(field)
    if kind == "resource":
        if not has_p and not has_np:
            raise errors.missing_field("Principal")
        if has_np and effect != "Deny":
            raise _fail(errors.SYNTAX)
        if not has_r:
            raise errors.missing_field("Resource")
    if kind in ("identity", "boundary", "session") and not has_r:
        raise _fail(errors.MUST_CONTAIN_RESOURCES)


def position(text: str, offset: int) -> tuple:
    """``(line, column)`` of a character offset, both counted from 1."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _skip(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def statement_spans(text: str) -> Optional[list]:
    """Character offsets ``(start, end)`` of each statement in ``text`` (``None`` if unsure)."""
    try:
        i = _skip(text, 0)
        if text[i] != "{":
            return None
        i += 1
        while True:
            i = _skip(text, i)
            if text[i] == "}":
                return None
            key, i = _DECODER.raw_decode(text, i)
            i = _skip(text, i)
            if text[i] != ":":
                return None
            i = _skip(text, i + 1)
            if key == "Statement":
                if text[i] != "[":
                    start = i
                    return [(start, _DECODER.raw_decode(text, i)[1])]
                spans, i = [], i + 1
                while True:
                    i = _skip(text, i)
                    if text[i] == "]":
                        return spans
                    start = i
                    _, i = _DECODER.raw_decode(text, i)
                    spans.append((start, i))
                    i = _skip(text, i)
                    i += text[i] == ","
            _, i = _DECODER.raw_decode(text, i)
            i = _skip(text, i)
            i += text[i] == ","
    except (ValueError, IndexError, RecursionError):
        return None
