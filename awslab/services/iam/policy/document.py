"""The IAM policy language: parse and validate a document into a compiled :class:`Policy`.

Reproduces aws-facts 9.3, 9.5 and 10.2/10.5 and IAM's ``MalformedPolicyDocument``
answers. The wordings are AWS's wire texts as quoted in public error reports:
"This policy contains invalid Json", "Syntax errors in policy.", "The policy failed legacy
parsing" (an Effect other than ``Allow``/``Deny``, an unknown Version, a malformed ARN),
"Policy document should not specify a principal.", "Missing required field Principal",
"Has prohibited field Resource", "Invalid principal in policy: "AWS":"..."", "Policy
statement must contain actions.", "Policy statement must contain resources.", "Statement
IDs (SID) in a single policy must be unique.", "Statement IDs (SID) must be
alpha-numeric...", "Actions/Conditions must be prefixed by a vendor, e.g., iam, sdb, ec2,
etc.", "Actions/Condition can contain only one colon.", "Resource X must be in ARN format
or "*".", "IAM resource X cannot contain region information."; for SCPs and RCPs,
Organizations' "The provided policy document does not meet the requirements of the
specified policy type.".

The kinds and what they allow:

========== ========================== ================== =======================
kind       Principal / NotPrincipal   Resource           other
========== ========================== ================== =======================
identity   no                         required           (user, group, role)
boundary   no                         required
session    no                         required           (AssumeRole Policy=...)
resource   required (NotPrincipal     required           any Sid text
           only with Deny)
trust      Principal required         prohibited         role trust policy
scp        no                         required           full language (2025)
rcp        ``"*"`` only               required           no NotAction; Allow only
                                                         as ``RCPFullAWSAccess``
========== ========================== ================== =======================

Known gaps: whether a named principal exists is the caller's check (IAM answers
"Invalid principal in policy" for a role that does not exist); the characters allowed in
a policy (tab, LF, CR, U+0020-U+00FF) are checked by the API's parameter pattern, not
here.
"""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any, Optional, Union

from awslab.services.iam.policy import errors
from awslab.services.iam.policy.conditions import KeyCondition, parse_condition_block
from awslab.services.iam.policy.matching import Principals, account_root, any_of, is_arn
from awslab.services.iam.policy.variables import has_variables, parse_template

KINDS = ("identity", "resource", "trust", "boundary", "session", "scp", "rcp")
VERSIONS = ("2012-10-17", "2008-10-17")
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
              "aws-iso-f", "aws-eusc")
_TOP = {"Version", "Id", "Statement"}
_FIELDS = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
           "NotResource", "Condition"}
_NO_PRINCIPAL = ("identity", "boundary", "session", "scp")
_ORG = ("scp", "rcp")
_SID = re.compile(r"[0-9A-Za-z]*")
_ACCOUNT = re.compile(r"\d{12}")
_AWS_PRINCIPAL = re.compile(
    r"arn:[a-z-]+:(iam::\d{12}:(root|user/.+|role/.+|federated-user/.+)"
    r"|sts::\d{12}:(assumed-role/.+/.+|federated-user/.+))")
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Statement:
    """One compiled statement. ``index`` counts from 0 in document order."""

    index: int
    sid: Optional[str]
    effect: str
    principal: Optional[Principals]
    not_principal: Optional[Principals]
    actions: Optional[tuple]
    not_actions: Optional[tuple]
    resources: Optional[tuple]
    not_resources: Optional[tuple]
    conditions: tuple
    start: Optional[tuple] = None          # (line, column), both from 1, when parsed from text
    end: Optional[tuple] = None
    action_re: Any = None                  # None: matches every action ("*")
    resource_re: Any = None                # static patterns; None: "*" among them
    resource_templates: tuple = ()         # (text, template) of patterns with variables
    has_static_resources: bool = True

    @property
    def label(self) -> str:
        """``#2 "AllowRead"``: the statement as traces name it."""
        return f'#{self.index + 1} "{self.sid}"' if self.sid else f"#{self.index + 1}"


@dataclass(frozen=True)
class Policy:
    """A parsed policy: what :func:`parse_policy` returns and :func:`.evaluate` reads.

    ``name`` and ``source`` say where it is attached (e.g. ``"ReadOnly"``, ``"group
    Admins managed"``); :meth:`named` gives a copy that shares the compiled statements.
    """

    kind: str
    version: Optional[str]
    id: Optional[str]
    statements: tuple
    document: dict
    text: Optional[str] = None
    name: str = ""
    source: str = ""

    @property
    def variables(self) -> bool:
        """Whether policy variables are substituted (only under 2012-10-17)."""
        return self.version == "2012-10-17"

    def named(self, name: str, source: str = "") -> "Policy":
        """This policy under a name (ARN or policy name) and a source description."""
        return dataclasses.replace(self, name=name, source=source or self.source)


def _fail(message: str) -> errors.MalformedPolicyDocument:
    return errors.MalformedPolicyDocument(message)


def _reject_constant(name: str):
    raise ValueError(name)


def _load(text_or_dict: Union[str, bytes, dict]) -> tuple[Any, Optional[str]]:
    if isinstance(text_or_dict, dict):
        return text_or_dict, None
    if isinstance(text_or_dict, bytes):
        try:
            text_or_dict = text_or_dict.decode("utf-8")
        except UnicodeDecodeError:
            raise _fail(errors.INVALID_JSON) from None
    if not isinstance(text_or_dict, str):
        raise _fail(errors.INVALID_JSON)
    try:
        return json.loads(text_or_dict, parse_constant=_reject_constant), text_or_dict
    except (ValueError, RecursionError):
        raise _fail(errors.INVALID_JSON) from None


def _strings(value: Any, empty: str) -> tuple:
    """A string or a non-empty list of strings, as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if not value:
            raise _fail(empty)
        return tuple(value)
    raise _fail(errors.SYNTAX)


def _check_action(action: str) -> None:
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


def _check_resource(resource: str, kind: str) -> None:
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


def _check_kind(kind: str, stmt: dict, effect: str) -> None:
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


def _compile_resources(resources: tuple, variables: bool) -> dict:
    static = [r for r in resources if not (variables and has_variables(r))]
    templates = tuple((r, parse_template(r)) for r in resources
                      if variables and has_variables(r))
    regex = None if "*" in static else any_of(tuple(static), arn=True)
    return {"resource_re": regex, "resource_templates": templates,
            "has_static_resources": bool(static)}


def _statement(index: int, stmt: Any, kind: str, variables: bool) -> Statement:
    if not isinstance(stmt, dict) or set(stmt) - _FIELDS:
        raise _fail(errors.SYNTAX)
    if "Effect" not in stmt:
        raise errors.missing_field("Effect")
    effect = stmt["Effect"]
    if not isinstance(effect, str):
        raise _fail(errors.SYNTAX)
    if effect not in ("Allow", "Deny"):
        raise _fail(errors.LEGACY)
    sid = stmt.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise _fail(errors.SYNTAX)
    if sid and kind != "resource" and not _SID.fullmatch(sid):
        raise _fail(errors.SID_ALNUM)
    if "Principal" in stmt and "NotPrincipal" in stmt:
        raise _fail(errors.SYNTAX)
    _check_kind(kind, stmt, effect)
    if ("Action" in stmt) == ("NotAction" in stmt):
        raise _fail(errors.MUST_CONTAIN_ACTIONS if "Action" not in stmt else errors.SYNTAX)
    if "Resource" in stmt and "NotResource" in stmt:
        raise _fail(errors.SYNTAX)
    actions = _strings(stmt.get("Action", stmt.get("NotAction")), errors.MUST_CONTAIN_ACTIONS)
    for action in actions:
        _check_action(action)
    resources = None
    if "Resource" in stmt or "NotResource" in stmt:
        resources = _strings(stmt.get("Resource", stmt.get("NotResource")),
                             errors.MUST_CONTAIN_RESOURCES)
        for resource in resources:
            _check_resource(resource, kind)
    principal = not_principal = None
    if "Principal" in stmt:
        principal = parse_principals(stmt["Principal"])
    if "NotPrincipal" in stmt:
        not_principal = parse_principals(stmt["NotPrincipal"])
    conditions = parse_condition_block(stmt["Condition"], variables) if "Condition" in stmt \
        else ()
    compiled = _compile_resources(resources, variables) if resources else {}
    is_action = "Action" in stmt
    is_resource = "Resource" in stmt
    return Statement(
        index, sid or None, effect, principal, not_principal,
        actions if is_action else None, None if is_action else actions,
        resources if is_resource else None, None if is_resource or resources is None
        else resources, conditions,
        action_re=None if "*" in actions else any_of(actions, ignore_case=True), **compiled)


def _position(text: str, offset: int) -> tuple:
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


def parse_policy(text_or_dict: Union[str, bytes, dict], kind: str = "identity", *,
                 name: str = "", source: str = "") -> Policy:
    """Parse and validate a policy document as IAM (or Organizations) does.

    Parameters
    ----------
    text_or_dict
        The JSON text (as sent to the API) or an already-decoded dict.
    kind
        One of ``identity``, ``resource``, ``trust``, ``boundary``, ``session``, ``scp``,
        ``rcp`` (see the module docstring for what each allows).
    name, source
        Where the policy is attached, for decisions and traces (see :meth:`Policy.named`).

    Returns
    -------
    Policy
        With compiled statements; parse once, evaluate many times.

    Raises
    ------
    MalformedPolicyDocument
        With AWS's reason; never any other exception, whatever the input.
    """
    if kind not in KINDS:
        from awslab.errors import AwslabError
        raise AwslabError(f"unknown policy kind {kind!r}; expected one of {KINDS}")
    doc, text = _load(text_or_dict)
    if not isinstance(doc, dict) or set(doc) - _TOP or "Statement" not in doc:
        raise _fail(errors.SYNTAX)
    version = doc.get("Version")
    if version is not None and version not in VERSIONS:
        raise _fail(errors.LEGACY)
    if kind == "rcp" and version != "2012-10-17":
        raise _fail(errors.ORG_POLICY_TYPE)
    policy_id = doc.get("Id")
    if policy_id is not None and not isinstance(policy_id, str):
        raise _fail(errors.SYNTAX)
    raw = doc["Statement"]
    raw = [raw] if isinstance(raw, dict) else raw
    if not isinstance(raw, list) or not raw:
        raise _fail(errors.SYNTAX)
    variables = version == "2012-10-17"
    statements = [_statement(i, s, kind, variables) for i, s in enumerate(raw)]
    sids = [s.sid for s in statements if s.sid]
    if kind != "resource" and len(sids) != len(set(sids)):
        raise _fail(errors.SID_UNIQUE)
    spans = statement_spans(text) if text is not None else None
    if spans and len(spans) == len(statements):
        statements = [dataclasses.replace(s, start=_position(text, a), end=_position(text, b))
                      for s, (a, b) in zip(statements, spans)]
    return Policy(kind, version, policy_id, tuple(statements), doc, text, name, source)


__all__ = ["KINDS", "Policy", "Statement", "KeyCondition", "parse_policy",
           "parse_principals", "statement_spans", "is_arn"]
