"""Policy size limits (aws-facts 9.6 and 10.3) with IAM's ``LimitExceeded`` wording.

* Managed policy: 6,144 characters ("Cannot exceed quota for PolicySize: 6144").
* Inline policies, the sum over one identity: user 2,048, group 5,120, role 10,240
  ("Maximum policy size of 10240 bytes exceeded for role NAME").
* Role trust policy: 2,048 by default, adjustable to 4,096
  ("Cannot exceed quota for ACLSizePerRole: 2048").
* IAM does not count white space: characters outside JSON strings that are spaces, tabs
  or line breaks are left out of the count.
* SCPs and RCPs: 5,120 characters, **every** character counts (Organizations says to
  delete white space to save room); Organizations answers
  ``ConstraintViolationException`` with reason ``POLICY_CONTENT_LIMIT_EXCEEDED``, which
  this engine raises as :class:`LimitExceeded` with ``reason`` set so that the
  Organizations operation can map it.
"""
from __future__ import annotations

from typing import Iterable, Optional, Union

from awslab.services.iam.policy.errors import LimitExceeded

LIMITS = {"managed": 6144, "user": 2048, "group": 5120, "role": 10240, "trust": 2048,
          "scp": 5120, "rcp": 5120}


def policy_size(text: str, count_whitespace: bool = False) -> int:
    """The size IAM charges a policy text: white space outside strings is free.

    >>> policy_size('{ "a" : "b c" }')
    11
    """
    if count_whitespace:
        return len(text)
    size = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            size += 1
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch in " \t\r\n":
            continue
        else:
            size += 1
            in_string = ch == '"'
    return size


def check_size(texts: Union[str, Iterable[str]], limit_kind: str, name: str = "",
               limit: Optional[int] = None) -> int:
    """Raise ``LimitExceeded`` if a policy (or a set of inline policies) is too large.

    Parameters
    ----------
    texts
        One policy text, or all inline policy texts of one identity (their sizes add up).
    limit_kind
        ``managed``, ``user``, ``group``, ``role`` (inline), ``trust``, ``scp`` or ``rcp``.
    name
        The user, group or role name, for the inline-policy message.
    limit
        Overrides the default (e.g. a trust-policy quota raised to 4,096).

    Returns
    -------
    int
        The size counted.

    Raises
    ------
    LimitExceeded
        In IAM's wording (see the module docstring).
    """
    if limit_kind not in LIMITS:
        from awslab.errors import AwslabError
        raise AwslabError(f"unknown size limit {limit_kind!r}; expected one of {list(LIMITS)}")
    texts = [texts] if isinstance(texts, str) else list(texts)
    org = limit_kind in ("scp", "rcp")
    size = sum(policy_size(t, count_whitespace=org) for t in texts)
    cap = LIMITS[limit_kind] if limit is None else limit
    if size <= cap:
        return size
    if limit_kind == "managed":
        raise LimitExceeded(f"Cannot exceed quota for PolicySize: {cap}")
    if limit_kind == "trust":
        raise LimitExceeded(f"Cannot exceed quota for ACLSizePerRole: {cap}")
    if org:
        raise LimitExceeded(f"The {limit_kind.upper()} is {size} characters; the maximum "
                            f"size is {cap} characters.",
                            reason="POLICY_CONTENT_LIMIT_EXCEEDED")
    raise LimitExceeded(f"Maximum policy size of {cap} bytes exceeded for {limit_kind} {name}")
