"""The composite-alarm rule language: parse an ``AlarmRule`` and evaluate it (aws-facts 2.6).

Functions ``ALARM(x)``, ``OK(x)`` and ``INSUFFICIENT_DATA(x)`` are true when alarm ``x``
(a name or an ARN, double quotes optional) is in that state; ``TRUE`` and ``FALSE`` are
constants; ``NOT``, ``AND`` and ``OR`` combine them (in that order of precedence) and
parentheses group. A rule may name up to 100 child alarms and hold up to 500 elements
(child alarms, TRUE/FALSE and parentheses).

The parser is iterative (shunting-yard into reverse Polish notation), so no nesting depth
can exhaust Python's stack, and every malformed rule raises CloudWatch's
``ValidationError`` in AWS's wording, ``Error in AlarmRule [Unsupported token ')' at
char 1]`` (quoted in github.com/aws/aws-cdk/issues/34662 and /13953). Known gap: the
``AT_LEAST`` function (added in 2025) is refused as not simulated.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from awslab.services.cloudwatch.alarms.errors import ValidationError, not_simulated

FUNCTIONS = ("ALARM", "OK", "INSUFFICIENT_DATA")
_PRECEDENCE = {"OR": 1, "AND": 2, "NOT": 3}
MAX_CHILDREN, MAX_ELEMENTS = 100, 500


@dataclass(frozen=True)
class Rule:
    """A parsed rule: reverse Polish notation plus the alarms it names.

    ``program`` items are ``("const", bool)``, ``("state", STATE, reference)`` and
    ``("op", "AND"|"OR"|"NOT")``; ``children`` are the distinct references in order of
    first appearance, exactly as written (names or ARNs).
    """

    text: str
    program: tuple
    children: tuple[str, ...]
    elements: int

    def evaluate(self, states: Mapping[str, str]) -> bool:
        """The rule's value when each child reference is in ``states[reference]``."""
        stack: list[bool] = []
        for item in self.program:
            if item[0] == "const":
                stack.append(item[1])
            elif item[0] == "state":
                stack.append(states.get(item[2]) == item[1])
            elif item[1] == "NOT":
                stack.append(not stack.pop())
            else:
                right, left = stack.pop(), stack.pop()
                stack.append(left and right if item[1] == "AND" else left or right)
        return stack[0]


def _error(detail: str) -> ValidationError:
    return ValidationError(f"Error in AlarmRule [{detail}]")


def _tokens(text: str):
    """``(kind, value, position)``: kinds ``(``, ``)``, ``word`` and ``quoted``."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            yield c, c, i
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise _error(f"Unterminated quoted alarm name at char {i}")
            yield "quoted", text[i + 1:end], i
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"':
                i += 1
            yield "word", text[start:i], start


def parse_rule(text: str) -> Rule:
    """Parse an AlarmRule, or raise ``ValidationError`` as CloudWatch does.

    Parameters
    ----------
    text : str
        The rule, e.g. ``ALARM(CPUHigh) AND NOT ALARM("Deploy in progress")``.

    Returns
    -------
    Rule
    """
    tokens = list(_tokens(text))
    out: list[tuple] = []
    ops: list[tuple[str, int]] = []          # operators and open parentheses, with positions
    children: dict[str, None] = {}
    elements, expect_operand, i = 0, True, 0
    while i < len(tokens):
        kind, value, pos = tokens[i]
        i += 1
        if expect_operand:
            if kind == "(":
                ops.append(("(", pos))
                elements += 1
            elif kind == "word" and value == "NOT":
                ops.append(("NOT", pos))
            elif kind == "word" and value in ("TRUE", "FALSE"):
                out.append(("const", value == "TRUE"))
                elements += 1
                expect_operand = False
            elif kind == "word" and value in FUNCTIONS:
                reference, i = _call(tokens, i, pos + len(value), len(text))
                out.append(("state", value, reference))
                children.setdefault(reference)
                elements += 1
                expect_operand = False
            elif kind == "word" and value == "AT_LEAST":
                raise not_simulated("the AT_LEAST function of composite alarm rules")
            else:
                raise _error(f"Unsupported token '{value}' at char {pos}")
        elif kind == "word" and value in ("AND", "OR"):
            while ops and ops[-1][0] != "(" and _PRECEDENCE[ops[-1][0]] >= _PRECEDENCE[value]:
                out.append(("op", ops.pop()[0]))
            ops.append((value, pos))
            expect_operand = True
        elif kind == ")":
            while ops and ops[-1][0] != "(":
                out.append(("op", ops.pop()[0]))
            if not ops:
                raise _error(f"Unsupported token ')' at char {pos}")
            ops.pop()
        else:
            raise _error(f"Unsupported token '{value}' at char {pos}")
        if elements > MAX_ELEMENTS:
            raise ValidationError(f"AlarmRule can have at most {MAX_ELEMENTS} elements "
                                  "(child alarms, TRUE or FALSE, and parentheses).")
    if expect_operand:
        raise _error(f"Unexpected end of rule at char {len(text)}")
    while ops:
        op, pos = ops.pop()
        if op == "(":
            raise _error(f"Unexpected end of rule at char {len(text)}, must be: ')'")
        out.append(("op", op))
    if len(children) > MAX_CHILDREN:
        raise ValidationError(f"AlarmRule can reference at most {MAX_CHILDREN} alarms; "
                              f"this rule references {len(children)}.")
    return Rule(text, tuple(out), tuple(children), elements)


def _call(tokens, i: int, end_of_name: int, length: int) -> tuple[str, int]:
    """The ``( reference )`` after a state function; returns (reference, next index)."""
    if i >= len(tokens) or tokens[i][0] != "(":
        where = tokens[i][2] if i < len(tokens) else end_of_name
        shown = tokens[i][1] if i < len(tokens) else ""
        raise _error(f"Unsupported token '{shown}' at char {where}, must be: '('")
    if i + 1 >= len(tokens) or tokens[i + 1][0] not in ("word", "quoted") \
            or not tokens[i + 1][1]:
        where = tokens[i + 1][2] if i + 1 < len(tokens) else length
        shown = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        raise _error(f"Unsupported token '{shown}' at char {where}, must be: alarm name")
    reference = tokens[i + 1][1]
    if i + 2 >= len(tokens) or tokens[i + 2][0] != ")":
        where = tokens[i + 2][2] if i + 2 < len(tokens) else length
        shown = tokens[i + 2][1] if i + 2 < len(tokens) else ""
        raise _error(f"Unsupported token '{shown}' at char {where}, must be: ')'")
    return reference, i + 3
