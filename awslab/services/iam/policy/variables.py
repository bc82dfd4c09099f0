"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team, 'company-wide'}``, ...

Reproduces aws-facts 9.5 and the IAM User Guide page "IAM policy elements: Variables and
tags":

* A variable is ``${key}`` where ``key`` is any request context key, matched without
  regard to case (``${aws:username}``, ``${aws:userid}``, ``${aws:PrincipalTag/key}``,
  ``${aws:SourceIp}``, ``${aws:CurrentTime}``, ``${s3:prefix}``,
  ``${cognito-identity.amazonaws.com:sub}``...). ``${key, 'default'}`` gives a default.
* ``${*}``, ``${?}`` and ``${$}`` stand for a literal ``*``, ``?`` and ``$``.
* Substituted text is literal: a ``*`` in a user name is not a wildcard.
* Variables are substituted in ``Resource``/``NotResource`` and in condition values (not
  in ``Action``, not in ``Null`` values), and only when ``Version`` is ``2012-10-17``;
  under ``2008-10-17`` (or no Version) ``${...}`` is plain text.
* A variable that cannot be resolved (key absent or multivalued, no default) resolves
  the whole value to *nothing*: a Resource pattern that holds it matches no resource,
  and a condition key block that holds it is false whatever its operator, so the statement
  does not apply (AWS: "this might cause the entire statement to be invalid").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Union

from awslab.services.iam.policy.matching import Pieces

_VAR = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,\s][^,]*?)\s*,\s*'([^']*)'\s*$")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True)
class Var:
    """One ``${key}`` or ``${key, 'default'}`` in a policy value."""

    key: str
    default: Optional[str] = None

    @property
    def lower(self) -> str:
        return self.key.lower()


Part = Union[str, tuple, Var]   # str: pattern text; ("lit", text): literal text; Var
Template = tuple


def has_variables(text: str) -> bool:
    """Whether ``text`` holds a ``${...}`` (of any kind)."""
    return "${" in text and _VAR.search(text) is not None


def parse_template(text: str) -> Template:
    """Split ``text`` into pattern text, literal text and :class:`Var` parts."""
    parts: list = []
    last = 0
    for m in _VAR.finditer(text):
        if m.start() > last:
            parts.append(text[last:m.start()])
        inner = m.group(1)
        if inner in _SPECIAL:
            parts.append(("lit", _SPECIAL[inner]))
        else:
            d = _DEFAULT.match(inner)
            parts.append(Var(d.group(1), d.group(2)) if d else Var(inner.strip()))
        last = m.end()
    if last < len(text):
        parts.append(text[last:])
    return tuple(parts)


def variables_in(template: Template) -> list[Var]:
    """The variables of a template, in order."""
    return [p for p in template if isinstance(p, Var)]


Lookup = Callable[[str], Optional[tuple]]


def resolve(template: Template, lookup: Lookup) -> Optional[Pieces]:
    """Substitute the variables of ``template``; ``None`` if one cannot be resolved.

    Parameters
    ----------
    template
        From :func:`parse_template`.
    lookup
        Maps a lower-cased context key to its values (a tuple of strings) or ``None``.

    Returns
    -------
    tuple or None
        Pieces ``(text, literal)`` for :func:`.matching.compile_pieces`, or ``None``.
    """
    pieces: list = []
    for part in template:
        if isinstance(part, str):
            pieces.append((part, False))
        elif isinstance(part, Var):
            values = lookup(part.lower)
            if values is not None and len(values) == 1:
                pieces.append((values[0], True))
            elif part.default is not None:
                pieces.append((part.default, True))
            else:
                return None
        else:
            pieces.append((part[1], True))
    return tuple(pieces)


def unresolved(template: Template, lookup: Lookup) -> list[str]:
    """The keys of the variables of ``template`` that cannot be resolved."""
    out = []
    for var in variables_in(template):
        values = lookup(var.lower)
        if (values is None or len(values) != 1) and var.default is None:
            out.append(var.key)
    return out


def text_of(pieces: Pieces) -> str:
    """The plain text of resolved pieces."""
    return "".join(text for text, _ in pieces)
