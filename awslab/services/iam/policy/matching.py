"""Matching the request against Action, Resource and Principal (aws-facts 9.3).

* **Actions** match case-insensitively; ``*`` is any run of characters and ``?`` one
  character (``iam:*AccessKey*``, ``IAM:listaccesskeys`` == ``iam:ListAccessKeys``).
* **ARNs** are matched segment by segment (``arn:partition:service:region:account:resource``):
  a wildcard in the first five segments never crosses a ``:``, an empty segment is matched
  by ``*`` (``arn:aws:s3:*:*:b`` matches ``arn:aws:s3:::b``) but not by ``?``, and in the
  resource segment ``*`` runs across ``/`` and ``:``. Matching is case-sensitive. A pattern
  with fewer than six segments is matched as a whole string.
* **Principals** (resource-based policies) are classified, because the same-account rules of
  aws-facts 9.1 step 5 depend on *which* ARN the policy names: the caller itself (``self``:
  the IAM user, the role session, the federated-user session, the root user, a service),
  its parent (``parent``: the role of a session, the IAM user behind a GetFederationToken
  session), only its account (``account``: ``arn:aws:iam::ID:root`` or the bare ID, which
  delegates to the account's own identity policies) or everyone (``anyone``: ``"*"``).

Patterns are compiled once and cached, so a decision costs a few regex matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

SELF, PARENT, ACCOUNT, ANYONE = "self", "parent", "account", "anyone"
APPLIES = "applies"          # a statement with no Principal element that applies
EXCEPT = "notprincipal"      # a NotPrincipal statement that applies to the caller
#: Strength of a principal match: which one counts when several statements match.
RANK = {ANYONE: 3, SELF: 3, PARENT: 2, ACCOUNT: 1}

Pieces = tuple[tuple[str, bool], ...]
"""A pattern as pieces ``(text, literal)``: literal text (from a policy variable or
``${*}``) has no wildcards in it."""


def _translate(pieces: Pieces, arn: bool) -> str:
    out: list[str] = []
    colons = 0
    for text, literal in pieces:
        for ch in text:
            if ch == ":":
                colons += 1
                out.append(":")
            elif ch == "*" and not literal:
                out.append("[^:]*" if arn and colons < 5 else ".*")
            elif ch == "?" and not literal:
                out.append("[^:]" if arn and colons < 5 else ".")
            else:
                out.append(re.escape(ch))
    return "".join(out)


def _source(pieces: Pieces, arn: bool) -> str:
    segmented = arn and sum(text.count(":") for text, _ in pieces) >= 5
    return _translate(pieces, segmented)


@lru_cache(maxsize=8192)
def compile_pieces(pieces: Pieces, arn: bool = False, ignore_case: bool = False) -> re.Pattern:
    """The regex for a wildcard pattern given as pieces (see :data:`Pieces`).

    With ``arn=True`` and at least six segments the per-segment ARN rules apply.
    """
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(_source(pieces, arn), flags)


@lru_cache(maxsize=4096)
def any_of(patterns: tuple, arn: bool = False, ignore_case: bool = False) -> re.Pattern:
    """One regex that ``fullmatch``-es whatever any of ``patterns`` matches."""
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("|".join(f"(?:{_source(((p, False),), arn)})" for p in patterns),
                      flags)


def wildcard(pattern: str, ignore_case: bool = False) -> re.Pattern:
    """The regex for a ``*``/``?`` pattern (``fullmatch`` it)."""
    return compile_pieces(((pattern, False),), False, ignore_case)


def arn_pattern(pattern: str) -> re.Pattern:
    """The regex for an ARN pattern with the per-segment rules (``fullmatch`` it)."""
    return compile_pieces(((pattern, False),), True, False)


def action_matches(pattern: str, action: str) -> bool:
    """Whether an Action pattern covers ``action`` (case-insensitive wildcards).

    >>> action_matches("iam:*AccessKey*", "IAM:listaccesskeys")
    True
    """
    return wildcard(pattern, ignore_case=True).fullmatch(action) is not None


def arn_matches(pattern: str, arn: str) -> bool:
    """Whether a Resource (or ``ArnLike``) pattern covers ``arn``.

    >>> arn_matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.txt")
    True
    >>> arn_matches("arn:aws:ec2:*:111122223333:instance/*",
    ...             "arn:aws:ec2:us-east-1:111122223333:volume/vol-1")
    False
    """
    if pattern == "*":
        return True
    return arn_pattern(pattern).fullmatch(arn) is not None


def is_arn(value: str) -> bool:
    """Whether ``value`` has the six segments of an ARN."""
    return value.startswith("arn:") and value.count(":") >= 5


def account_root(account: str, partition: str = "aws") -> str:
    """The ARN that names a whole account: ``arn:aws:iam::ID:root``."""
    return f"arn:{partition}:iam::{account}:root"


def partition_of(arn: str) -> str:
    """The partition of an ARN (``aws`` when ``arn`` is not one)."""
    parts = arn.split(":", 2)
    return parts[1] if len(parts) > 2 and parts[0] == "arn" and parts[1] else "aws"


@dataclass(frozen=True)
class Principals:
    """A parsed ``Principal``/``NotPrincipal`` element.

    ``everyone`` is ``"*"`` (or ``{"AWS": "*"}``); ``aws`` holds normalised ARNs (account
    IDs become ``arn:aws:iam::ID:root``); the others hold the values as written.
    """

    everyone: bool = False
    aws: frozenset = frozenset()
    service: frozenset = frozenset()
    federated: frozenset = frozenset()
    canonical: frozenset = frozenset()

    def describe(self) -> str:
        """A short text of the element, for traces."""
        if self.everyone:
            return '"*"'
        parts = [f"{k} {', '.join(sorted(v))}" for k, v in
                 (("AWS", self.aws), ("Service", self.service),
                  ("Federated", self.federated), ("CanonicalUser", self.canonical)) if v]
        return "; ".join(parts) or "nobody"


class Caller(NamedTuple):
    """Who is asking, as principal matching needs it (one is made per request)."""

    arn: str                  # user/session/federated-user/root ARN, or a service name
    account: str | None
    kind: str                 # Root, IAMUser, AssumedRole, FederatedUser, Service, ...
    parent_arn: str | None    # role ARN of a session; IAM user ARN of a federated user

    @property
    def root_arn(self) -> str | None:
        return _root_arn(self.account, self.arn) if self.account else None


@lru_cache(maxsize=1024)
def _root_arn(account: str, arn: str) -> str:
    return account_root(account, partition_of(arn))


def principal_match(principals: Principals, caller: Caller) -> str | None:
    """How ``principals`` names ``caller``: :data:`SELF`, :data:`PARENT`, :data:`ACCOUNT`,
    :data:`ANYONE`, or ``None`` when it does not name it at all."""
    if principals.everyone:
        return ANYONE
    if caller.kind == "Service":
        return SELF if caller.arn in principals.service else None
    if caller.kind in ("WebIdentity", "SAML"):
        return SELF if caller.arn in principals.federated else None
    aws = principals.aws
    if not aws:
        return None
    if caller.arn in aws:
        return SELF
    if caller.parent_arn and caller.parent_arn in aws:
        return PARENT
    root = caller.root_arn
    if root and root in aws and caller.kind != "Anonymous":
        return ACCOUNT
    return None


def not_principal_excludes(principals: Principals, caller: Caller) -> bool:
    """Whether a ``NotPrincipal`` element exempts ``caller`` from its Deny.

    AWS checks the account first, then the user (or the role, then the session): a caller
    is exempt only if its account *and* its own ARN (or its role's ARN) are listed. Listing
    only ``arn:aws:iam::ID:user/Bob`` still denies Bob, as the IAM User Guide warns.
    """
    if principals.everyone:
        return True
    if caller.kind == "Service":
        return caller.arn in principals.service
    if caller.kind in ("WebIdentity", "SAML"):
        return caller.arn in principals.federated
    root = caller.root_arn
    if caller.kind == "Root":
        return root in principals.aws
    named = caller.arn in principals.aws or (caller.parent_arn or "") in principals.aws
    return named and root in principals.aws
