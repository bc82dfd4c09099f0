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
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from awslab.services.iam.policy import errors
from awslab.services.iam.policy.conditions import parse_condition_block
from awslab.services.iam.policy.elements import (check_action, check_kind, check_resource,
                                                 parse_principals, position, statement_spans,
                                                 strings)
from awslab.services.iam.policy.index import PolicyIndex
from awslab.services.iam.policy.matching import ANYONE, APPLIES, Principals, any_of
from awslab.services.iam.policy.variables import has_variables, parse_template

KINDS = ("identity", "resource", "trust", "boundary", "session", "scp", "rcp")
VERSIONS = ("2012-10-17", "2008-10-17")
_TOP = {"Version", "Id", "Statement"}
_FIELDS = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
           "NotResource", "Condition"}
_SID = re.compile(r"[0-9A-Za-z]*")


@dataclass(frozen=True)
class Statement:
    """One compiled statement. ``index`` counts from 0 in document order.

    Compiled at parse time: ``action_re`` (``None``: the actions include ``"*"``),
    ``resource_re`` for the patterns without policy variables (``None``: ``"*"`` is among
    them) and ``resource_templates`` for those with. Derived from the elements: ``deny``
    (the effect), ``any_resource`` (``Resource`` holds ``"*"``: every resource matches)
    and ``unconditional``, the principal class (``applies``, or ``anyone`` for
    ``Principal: "*"``) when the statement applies to every request its Action element
    matches (any resource, any caller, no Condition), else ``None``.
    """

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
    deny: bool = field(init=False, repr=False, compare=False)
    any_resource: bool = field(init=False, repr=False, compare=False)
    unconditional: Optional[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        any_resource = self.resources is not None and "*" in self.resources
        unconditional = None
        if (any_resource or self.resources is None and self.not_resources is None) \
                and not self.conditions and self.not_principal is None:
            unconditional = APPLIES if self.principal is None else \
                ANYONE if self.principal.everyone else None
        for name, value in (("deny", self.effect == "Deny"), ("any_resource", any_resource),
                            ("unconditional", unconditional)):
            object.__setattr__(self, name, value)

    @property
    def label(self) -> str:
        """``#2 "AllowRead"``: the statement as traces name it."""
        return f'#{self.index + 1} "{self.sid}"' if self.sid else f"#{self.index + 1}"


@dataclass(frozen=True)
class Policy:
    """A parsed policy: what :func:`parse_policy` returns and :func:`.evaluate` reads.

    ``name`` and ``source`` say where it is attached (e.g. ``"ReadOnly"``, ``"group
    Admins managed"``); :meth:`named` gives a copy that shares the compiled statements
    and their :class:`.PolicyIndex` (``index``, built when the policy is created).
    ``cache`` holds what evaluation derives from this copy (its matched statements).
    """

    kind: str
    version: Optional[str]
    id: Optional[str]
    statements: tuple
    document: dict
    text: Optional[str] = None
    name: str = ""
    source: str = ""
    index: Optional[PolicyIndex] = field(default=None, compare=False, repr=False)
    cache: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self):
        if self.index is None or self.index.statements is not self.statements:
            object.__setattr__(self, "index", PolicyIndex(self.statements))

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
    check_kind(kind, stmt, effect)
    if ("Action" in stmt) == ("NotAction" in stmt):
        raise _fail(errors.MUST_CONTAIN_ACTIONS if "Action" not in stmt else errors.SYNTAX)
    if "Resource" in stmt and "NotResource" in stmt:
        raise _fail(errors.SYNTAX)
    actions = strings(stmt.get("Action", stmt.get("NotAction")), errors.MUST_CONTAIN_ACTIONS)
    for action in actions:
        check_action(action)
    resources = None
    if "Resource" in stmt or "NotResource" in stmt:
        resources = strings(stmt.get("Resource", stmt.get("NotResource")),
                             errors.MUST_CONTAIN_RESOURCES)
        for resource in resources:
            check_resource(resource, kind)
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
        statements = [dataclasses.replace(s, start=position(text, a), end=position(text, b))
                      for s, (a, b) in zip(statements, spans)]
    return Policy(kind, version, policy_id, tuple(statements), doc, text, name, source)


__all__ = ["KINDS", "VERSIONS", "Policy", "Statement", "parse_policy", "parse_principals"]
