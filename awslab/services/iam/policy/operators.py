"""Condition operator families: how each reads policy and request values and compares
them (aws-facts 9.4).

Each base operator (without ``IfExists`` or a set prefix) is a :class:`Family`: a reader
for policy values (given as pieces, so that text substituted from a policy variable stays
literal in ``StringLike``/``ArnLike`` patterns), a reader for request values, a comparison
and whether the operator is negated. :mod:`.conditions` applies the IfExists, set-operator
and absent-key rules on top.
"""
from __future__ import annotations

import base64
import ipaddress
import operator as op
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable

from awslab.services.iam.policy.matching import compile_pieces

def _number(text: str) -> float:
    value = float(text)
    if value != value:                       # NaN never compares
        raise ValueError(text)
    return value


@lru_cache(maxsize=4096)
def _date(text: str) -> datetime:
    text = text.strip()
    try:
        return datetime.fromtimestamp(float(text), tz=timezone.utc)
    except ValueError:
        pass
    value = datetime.fromisoformat(text.replace("z", "Z"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _binary(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


@lru_cache(maxsize=4096)
def _network(text: str):
    return ipaddress.ip_network(text.strip(), strict=False)


@lru_cache(maxsize=4096)
def _address(text: str):
    return ipaddress.ip_address(text.strip())


def _in_network(addr, net) -> bool:
    return addr.version == net.version and addr in net


def _like(pieces) -> Any:
    return compile_pieces(pieces, False, False)


def _arn_like(pieces) -> Any:
    return compile_pieces(pieces, True, False)


@dataclass(frozen=True)
class Family:
    """How one base operator reads and compares values."""

    read_policy: Callable[[Any], Any]     # pieces -> comparable (ValueError if unreadable)
    read_request: Callable[[str], Any]    # request text -> comparable
    compare: Callable[[Any, Any], bool]   # (request, policy) -> bool
    negated: bool
    says: str                             # "equals", "is in", ...
    says_not: str


def _text(pieces) -> str:
    return "".join(t for t, _ in pieces)


def _fam(read_policy, read_request, compare, negated, says, says_not) -> Family:
    return Family(read_policy, read_request, compare, negated, says, says_not)


_STR = (lambda p: _text(p), str)
_STR_CI = (lambda p: _text(p).lower(), lambda t: t.lower())
_LIKE = (_like, str, lambda r, p: p.fullmatch(r) is not None)
_NUM = (lambda p: _number(_text(p)), _number)
_DATE = (lambda p: _date(_text(p)), _date)
_ARN = (_arn_like, str, lambda r, p: r.startswith("arn:") and p.fullmatch(r) is not None)
_EQ = ("equals", "does not equal")
_NUMERIC_OPS = {"Equals": (op.eq, "equals", "does not equal"),
                "LessThan": (op.lt, "is less than", "is not less than"),
                "LessThanEquals": (op.le, "is at most", "is greater than"),
                "GreaterThan": (op.gt, "is greater than", "is not greater than"),
                "GreaterThanEquals": (op.ge, "is at least", "is less than")}

OPERATORS: dict[str, Family] = {
    "StringEquals": _fam(*_STR, op.eq, False, *_EQ),
    "StringNotEquals": _fam(*_STR, op.eq, True, *_EQ),
    "StringEqualsIgnoreCase": _fam(*_STR_CI, op.eq, False, "equals (ignoring case)",
                                   "does not equal (ignoring case)"),
    "StringNotEqualsIgnoreCase": _fam(*_STR_CI, op.eq, True, "equals (ignoring case)",
                                      "does not equal (ignoring case)"),
    "StringLike": _fam(*_LIKE, False, "matches", "does not match"),
    "StringNotLike": _fam(*_LIKE, True, "matches", "does not match"),
    "Bool": _fam(*_STR_CI, op.eq, False, "is", "is not"),
    "BinaryEquals": _fam(lambda p: _binary(_text(p)), _binary, op.eq, False, *_EQ),
    "IpAddress": _fam(lambda p: _network(_text(p)), _address, _in_network, False,
                      "is in", "is not in"),
    "NotIpAddress": _fam(lambda p: _network(_text(p)), _address, _in_network, True,
                         "is in", "is not in"),
    "ArnEquals": _fam(*_ARN, False, "matches", "does not match"),
    "ArnLike": _fam(*_ARN, False, "matches", "does not match"),
    "ArnNotEquals": _fam(*_ARN, True, "matches", "does not match"),
    "ArnNotLike": _fam(*_ARN, True, "matches", "does not match"),
}
for _name, (_cmp, _yes, _no) in _NUMERIC_OPS.items():
    OPERATORS["Numeric" + _name] = _fam(*_NUM, _cmp, False, _yes, _no)
    OPERATORS["Date" + _name] = _fam(*_DATE, _cmp, False, _yes, _no)
OPERATORS["NumericNotEquals"] = _fam(*_NUM, op.eq, True, *_EQ)
OPERATORS["DateNotEquals"] = _fam(*_DATE, op.eq, True, *_EQ)

SET_PREFIXES = ("ForAllValues", "ForAnyValue")
