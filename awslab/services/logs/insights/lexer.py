"""Tokens of the Logs Insights query language (pure).

Strings in single or double quotes, regular expressions between slashes (where an operand
is expected), backtick-quoted field names, numbers and time spans (``5m``, ``1h``),
``#`` comments to the end of the line, operators and words. Reference: aws-facts.md 3.8.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from awslab.services.logs.insights.errors import malformed, unexpected

OPERATORS = ("!=", "<=", ">=", "=~", "=", "<", ">", "+", "-", "*", "/", "%", "^", "(", ")",
             "[", "]", ",", "|")
_WORD = re.compile(r"[@A-Za-z_$][\w@$.]*(?<!\.)")
_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPAN = re.compile(r"(\d+)(ms|mo|s|m|h|d|w|q|y)(?![\w])")
# after these a "/" starts a regular expression, not a division
_REGEX_AFTER = {"like", "=~", "(", "[", ",", "=", "!=", "and", "or", "not", "|", None}


@dataclass(frozen=True)
class Token:
    kind: str        # word, number, span, string, regex, field (backticks), op, end
    text: str        # the value (unquoted for strings, regex body for regex)
    start: int       # offset in the query
    end: int         # offset just past the token
    flags: str = ""  # regex flags

    @property
    def source(self) -> str:
        return self.text


def tokenize(query: str) -> list[Token]:
    """Split ``query`` into tokens; raise ``MalformedQueryException`` on a bad one."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            i = _quoted(query, i, c, tokens)
        elif c == "`":
            j = query.find("`", i + 1)
            if j < 0:
                raise malformed(query, "unterminated field name", i)
            tokens.append(Token("field", query[i + 1:j], i, j + 1))
            i = j + 1
        elif c == "/" and _expects_operand(tokens):
            i = _regex(query, i, tokens)
        elif (m := _SPAN.match(query, i)):
            tokens.append(Token("span", m.group(0), i, m.end()))
            i = m.end()
        elif (m := _NUMBER.match(query, i)):
            tokens.append(Token("number", m.group(0), i, m.end()))
            i = m.end()
        elif (m := _WORD.match(query, i)):
            tokens.append(Token("word", m.group(0), i, m.end()))
            i = m.end()
        else:
            op = next((o for o in OPERATORS if query.startswith(o, i)), None)
            if op is None:
                raise unexpected(query, c, i)
            tokens.append(Token("op", op, i, i + len(op)))
            i += len(op)
    tokens.append(Token("end", "", n, n))
    return tokens


def _expects_operand(tokens: list[Token]) -> bool:
    if not tokens:
        return True
    last = tokens[-1]
    key = last.text.lower() if last.kind in ("word", "op") else "?"
    if key in _REGEX_AFTER:
        return True
    # parse [field] /regex/: the word "parse", optionally one field, then the regex
    words = [t.text.lower() for t in tokens[-2:]]
    return words[-1] == "parse" or (len(words) == 2 and words[0] == "parse"
                                    and last.kind in ("word", "field"))


def _quoted(query: str, i: int, quote: str, tokens: list[Token]) -> int:
    j, out = i + 1, []
    while j < len(query) and query[j] != quote:
        if query[j] == "\\" and j + 1 < len(query):
            out.append(query[j:j + 2] if query[j + 1] not in (quote, "\\") else query[j + 1])
            j += 2
            continue
        out.append(query[j])
        j += 1
    if j >= len(query):
        raise malformed(query, "unterminated string", i)
    tokens.append(Token("string", "".join(out), i, j + 1))
    return j + 1


def _regex(query: str, i: int, tokens: list[Token]) -> int:
    j = i + 1
    while j < len(query) and query[j] != "/":
        j += 2 if query[j] == "\\" else 1
    if j >= len(query):
        raise malformed(query, "unterminated regular expression", i)
    body = query[i + 1:j]
    try:
        re.compile(_python_regex(body))
    except re.error:
        raise malformed(query, f"invalid regular expression /{body}/", i, j - i + 1) \
            from None
    tokens.append(Token("regex", body, i, j + 1))
    return j + 1


def _python_regex(body: str) -> str:
    """Insights regexes are Java-style: ``(?<name>...)`` named groups."""
    return re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", body)
