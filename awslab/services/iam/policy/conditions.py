"""The Condition element: every operator family, with a reason for each outcome.

Reproduces aws-facts 9.3-9.4 and the IAM User Guide pages on condition operators and
multivalued context keys:

* String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,Like,NotLike} (``Like``:
  ``*``/``?`` wildcards, case-sensitive); Numeric{Equals,NotEquals,LessThan,
  LessThanEquals,GreaterThan,GreaterThanEquals}; Date{...} (ISO-8601 or epoch seconds);
  ``Bool``; ``BinaryEquals`` (base-64); ``IpAddress``/``NotIpAddress`` (CIDR, IPv4 and
  IPv6); Arn{Equals,Like,NotEquals,NotLike} (the six ARN segments matched separately;
  ``ArnEquals`` behaves like ``ArnLike``); ``Null`` (``"true"``: the key is absent).
* ``...IfExists`` on every operator but ``Null``: an absent key makes it true.
* ``ForAnyValue:`` (some request value matches; false on an absent or empty key) and
  ``ForAllValues:`` (every request value matches; **true** on an absent or empty key,
  which is why an Allow with ``ForAllValues`` is a trap).
* Several operators, or several keys under one operator: AND. Several values for one key:
  OR; for a negated operator (``StringNotEquals``...) the values act as a NOR: the
  request value must match none of them.
* An absent key: positive operators are false, negated ones true (aws-facts 9.3).
* Keys are case-insensitive; values follow their operator (``StringEquals`` is
  case-sensitive, ``Bool`` and ``StringEqualsIgnoreCase`` are not).

Known gaps: a multivalued request key under an operator with no set prefix is matched as
``ForAnyValue`` would (negated: as a NOR over all request values); a policy value that
the operator cannot read (``NumericEquals: "ten"``) never matches instead of being
rejected when the policy is saved.
"""
from __future__ import annotations

import binascii
from dataclasses import dataclass, field
from typing import Any, Optional

from awslab.services.iam.policy import errors
from awslab.services.iam.policy.context import Context, value_text
from awslab.services.iam.policy.index import MEMO_SIZE
from awslab.services.iam.policy.operators import OPERATORS, SET_PREFIXES, Family
from awslab.services.iam.policy.variables import (has_variables, parse_template, resolve,
                                                  unresolved)

# ---------------------------------------------------------------- parsed conditions


@dataclass(frozen=True)
class KeyCondition:
    """One ``operator -> key -> values`` entry of a Condition block."""

    operator: str                    # as written: "ForAnyValue:StringLikeIfExists"
    base: str                        # "StringLike" (or "Null")
    set_op: Optional[str]            # "ForAllValues", "ForAnyValue" or None
    if_exists: bool
    key: str
    key_lower: str
    values: tuple                    # policy values as text
    templates: Optional[tuple]       # per value, when it holds policy variables
    parsed: Optional[tuple]          # per value: comparable or an exception (no variables)
    family: Optional[Family] = field(default=None, compare=False, repr=False)  # of base
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # see check()


@dataclass(frozen=True)
class ConditionResult:
    """The outcome of one key condition, and why."""

    operator: str
    key: str
    matched: bool
    reason: str
    missing_keys: tuple = ()


def _split_operator(name: str) -> tuple[Optional[str], str, bool]:
    set_op = None
    if ":" in name:
        set_op, _, name = name.partition(":")
        if set_op not in SET_PREFIXES:
            raise errors.MalformedPolicyDocument(errors.SYNTAX)
    if_exists = name.endswith("IfExists")
    base = name[:-8] if if_exists else name
    if base == "Null":
        if if_exists or set_op:
            raise errors.MalformedPolicyDocument(errors.SYNTAX)
    elif base not in OPERATORS:
        raise errors.MalformedPolicyDocument(errors.SYNTAX)
    return set_op, base, if_exists


def _check_key(key: str) -> None:
    if not key or not isinstance(key, str):
        raise errors.MalformedPolicyDocument(errors.SYNTAX)
    if ":" not in key:            # an OIDC provider key may hold "/" before its colon
        raise errors.MalformedPolicyDocument(errors.VENDOR_PREFIX)
    head = key.split("/", 1)[0]
    if head.count(":") > 1:
        raise errors.MalformedPolicyDocument(errors.ONE_COLON)


def _read(family: Family, pieces) -> Any:
    try:
        return family.read_policy(pieces)
    except (ValueError, TypeError, binascii.Error) as exc:
        return exc


def _scalar(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise errors.MalformedPolicyDocument(errors.SYNTAX)
    return value_text(value)


def parse_condition_block(block: Any, variables: bool) -> tuple[KeyCondition, ...]:
    """Parse a statement's ``Condition`` element.

    Parameters
    ----------
    block
        The JSON value of ``Condition``.
    variables
        Whether policy variables are substituted (``Version`` 2012-10-17).

    Raises
    ------
    MalformedPolicyDocument
        "Syntax errors in policy." for a wrong shape or an unknown operator;
        "Actions/Conditions must be prefixed by a vendor, ..." for a key without one.
    """
    if not isinstance(block, dict):
        raise errors.MalformedPolicyDocument(errors.SYNTAX)
    out = []
    for name, keys in block.items():
        set_op, base, if_exists = _split_operator(name)
        if not isinstance(keys, dict):
            raise errors.MalformedPolicyDocument(errors.SYNTAX)
        for key, raw in keys.items():
            _check_key(key)
            values = tuple(_scalar(v) for v in raw) if isinstance(raw, list) else (_scalar(raw),)
            templates = parsed = None
            if base == "Null":
                parsed = tuple(v.lower() for v in values)
            elif variables and any(has_variables(v) for v in values):
                templates = tuple(parse_template(v) for v in values)
            else:
                family = OPERATORS[base]
                parsed = tuple(_read(family, ((v, False),)) for v in values)
            out.append(KeyCondition(name, base, set_op, if_exists, key, key.lower(), values,
                                    templates, parsed, OPERATORS.get(base)))
    return tuple(out)


# ---------------------------------------------------------------- evaluation


def _policy_values(cond: KeyCondition, ctx: Context):
    """Comparable policy values, or (None, unresolved keys) when a variable is missing."""
    if cond.templates is None:
        return cond.parsed, ()
    family = OPERATORS[cond.base]
    out = []
    for template in cond.templates:
        pieces = resolve(template, ctx.get)
        if pieces is None:
            return None, tuple(unresolved(template, ctx.get))
        out.append(_read(family, pieces))
    return tuple(out), ()


def _hits(family: Family, request_text: str, policy: tuple) -> Optional[int]:
    """Index of the first policy value the request value matches, else None."""
    try:
        req = family.read_request(request_text)
    except (ValueError, TypeError, binascii.Error):
        return None
    for i, pol in enumerate(policy):
        if not isinstance(pol, Exception):
            try:
                if family.compare(req, pol):
                    return i
            except TypeError:
                continue
    return None


def _null(cond: KeyCondition, values: Optional[tuple]) -> bool:
    absent = not values
    return any((p == "true" and absent) or (p == "false" and not absent)
               for p in cond.parsed)


def _decide(cond: KeyCondition, family: Family, values: tuple, policy: tuple) -> bool:
    neg = family.negated
    if cond.set_op is None:        # some request value matches (negated: none does)
        for v in values:
            if _hits(family, v, policy) is not None:
                return not neg
        return neg
    if cond.set_op == "ForAllValues":
        return all((_hits(family, v, policy) is None) == neg for v in values)
    return any((_hits(family, v, policy) is None) == neg for v in values)


def _absent_outcome(cond: KeyCondition, family: Family) -> tuple[bool, str]:
    if cond.if_exists:
        return True, "...IfExists is true when the key is absent"
    if cond.set_op == "ForAllValues":
        return True, "ForAllValues is true when the request has no values"
    if cond.set_op == "ForAnyValue":
        return False, "ForAnyValue is false when the request has no values"
    if family.negated:
        return True, f"the negated operator {cond.base} is true when the key is absent"
    return False, "the condition is false"


def check(cond: KeyCondition, ctx: Context) -> bool:
    """Whether one key condition holds (the fast path: no reason built).

    Without policy variables the outcome depends on the values of the key alone, so it
    is remembered per values (a caller's ``aws:SourceIp`` repeats from call to call).
    """
    values = ctx.get(cond.key_lower)
    if cond.templates is not None:
        return _holds(cond, ctx, values)
    memo = cond.memo
    found = memo.get(values)
    if found is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        found = memo[values] = _holds(cond, ctx, values)
    return found


def _holds(cond: KeyCondition, ctx: Context, values: Optional[tuple]) -> bool:
    if cond.base == "Null":
        return _null(cond, values)
    family = cond.family or OPERATORS[cond.base]
    policy = cond.parsed
    if policy is None:
        policy = _policy_values(cond, ctx)[0]
        if policy is None:
            return False
    if not values:
        return _absent_outcome(cond, family)[0]
    return _decide(cond, family, values, policy)


def explain(cond: KeyCondition, ctx: Context) -> ConditionResult:
    """One key condition with its outcome and the reason for it."""
    values = ctx.get(cond.key_lower)
    name = ctx.name(cond.key_lower) if values is not None else cond.key
    missing = () if values is not None else (cond.key,)
    if cond.base == "Null":
        ok = _null(cond, values)
        state = "absent" if not values else "present"
        want = " or ".join(f'"{v}"' for v in cond.values)
        return ConditionResult(cond.operator, cond.key, ok,
                               f"key {name} is {state}; Null wants {want}")
    family = OPERATORS[cond.base]
    policy, unres = _policy_values(cond, ctx)
    if policy is None:
        keys = ", ".join(unres)
        return ConditionResult(cond.operator, cond.key, False,
                               f"policy variable {keys} cannot be resolved, so the "
                               f"condition does not apply", missing + unres)
    if not values:
        ok, why = _absent_outcome(cond, family)
        what = "is missing" if values is None else "has no values"
        return ConditionResult(cond.operator, cond.key, ok,
                               f"key {cond.key} {what}; {why}", missing)
    ok = _decide(cond, family, values, policy)
    return ConditionResult(cond.operator, cond.key, ok,
                           _reason(cond, family, name, values, policy, ok))


def _shown(cond: KeyCondition, policy: tuple) -> list[str]:
    out = []
    for text, pol in zip(cond.values, policy):
        out.append(f"{text} (unreadable)" if isinstance(pol, Exception) else text)
    return out


def _reason(cond, family, name, values, policy, ok) -> str:
    shown = _shown(cond, policy)
    allp = " or ".join(shown)
    parts = []
    for v in values:
        i = _hits(family, v, policy)
        parts.append(f"{v} {family.says} {shown[i]}" if i is not None
                     else f"{v} {family.says_not} {allp}")
    body = "; ".join(parts)
    if cond.set_op:
        return f"{cond.set_op}: {name} values: {body}"
    return f"{name} {body}"


def conditions_hold(conds: tuple, ctx: Context) -> bool:
    """AND over a statement's key conditions (fast path)."""
    for cond in conds:
        if not check(cond, ctx):
            return False
    return True
