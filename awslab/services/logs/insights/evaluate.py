"""Evaluate Logs Insights expressions over a pandas DataFrame of events (pure).

Every expression becomes a Series aligned with the frame (or a constant). A missing field
is a column of nulls; comparisons with a null are false. ``=``/``!=``/``<``... compare as
numbers when either side is a number literal (or both sides hold numbers), else as text;
``like "text"`` is a case-sensitive substring test, ``like /re/`` and ``=~ /re/`` a regex
search (``(?i)`` for case-insensitive). Aggregation calls are looked up as the columns
``stats`` computed for them.
"""
from __future__ import annotations

import operator
import re
from functools import lru_cache

from awslab.services.logs.insights import functions
from awslab.services.logs.insights.lexer import _python_regex
from awslab.services.logs.insights.parser import (
    Binary, Call, Field, In, Literal, Regex, Span, Star, Unary)

AGGREGATE_PREFIX = "\x00agg:"
_COMPARE = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul,
               "/": operator.truediv, "%": operator.mod, "^": operator.pow}


@lru_cache(maxsize=256)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(_python_regex(pattern))


def evaluate(expr, frame):
    """The value of ``expr`` for every row of ``frame`` (a Series or a constant)."""
    import pandas as pd
    if isinstance(expr, Field):
        if expr.name in frame.columns:
            return frame[expr.name]
        return pd.Series(None, index=frame.index, dtype=object)
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Span):
        return expr.ms
    if isinstance(expr, Regex):
        return compiled(expr.pattern)
    if isinstance(expr, Star):
        return 1
    if isinstance(expr, Unary):
        value = evaluate(expr.operand, frame)
        if expr.op == "not":
            return ~truthy(value, frame)
        return -functions.numeric(value)
    if isinstance(expr, In):
        return _in(expr, frame)
    if isinstance(expr, Binary):
        return _binary(expr, frame)
    if isinstance(expr, Call):
        return _call(expr, frame)
    raise TypeError(expr)


def truthy(value, frame):
    """A boolean Series: true values, non-zero numbers and non-empty strings."""
    import pandas as pd
    if not isinstance(value, pd.Series):
        return pd.Series(bool(value), index=frame.index)
    if value.dtype == bool:
        return value
    if value.dtype.kind in "if":
        return value.fillna(0).ne(0)
    return value.notna() & value.ne("") & value.ne("false") & value.ne(0)


def _binary(expr: Binary, frame):
    if expr.op in ("and", "or"):
        left = truthy(evaluate(expr.left, frame), frame)
        right = truthy(evaluate(expr.right, frame), frame)
        return (left & right) if expr.op == "and" else (left | right)
    left, right = evaluate(expr.left, frame), evaluate(expr.right, frame)
    if expr.op == "like":
        return _like(left, expr.right, frame)
    if expr.op in _COMPARE:
        return compare(left, right, expr.op, frame)
    import numpy as np
    with np.errstate(all="ignore"):
        result = _ARITHMETIC[expr.op](functions.numeric(left), functions.numeric(right))
    return result


def _like(left, pattern, frame):
    import pandas as pd
    values = functions.text(functions._series(frame, left))
    if isinstance(pattern, Regex):
        found = values.str.contains(compiled(pattern.pattern), regex=True)
    else:
        found = values.str.contains(str(pattern.value), regex=False)
    if found.dtype == bool:
        return found
    return pd.Series(found, index=frame.index).eq(True)


def compare(left, right, op: str, frame):
    """``left op right`` per row; null on either side gives false."""
    import pandas as pd
    fn = _COMPARE[op]
    left_series = isinstance(left, pd.Series)
    right_series = isinstance(right, pd.Series)
    if not left_series and not right_series:
        return pd.Series(bool(fn(left, right)), index=frame.index)
    scalar = right if left_series else left
    if not (left_series and right_series):
        if isinstance(scalar, (int, float)):
            return _masked(fn, functions.numeric(left), functions.numeric(right))
        return _masked(fn, functions.text(left), functions.text(right))
    ln, rn = functions.numeric(left), functions.numeric(right)
    both = ln.notna() & rn.notna()
    by_number = _masked(fn, ln, rn)
    by_text = _masked(fn, functions.text(left), functions.text(right))
    return by_number.where(both, by_text).astype(bool)


def _masked(fn, left, right):
    import pandas as pd
    present = [s.notna() for s in (left, right) if isinstance(s, pd.Series)]
    mask = present[0] if len(present) == 1 else present[0] & present[1]
    try:
        result = fn(left, right)
    except TypeError:
        index = mask.index
        return pd.Series(False, index=index)
    return (result & mask).astype(bool)


def _in(expr: In, frame):
    values = [evaluate(v, frame) for v in expr.values]
    left = evaluate(expr.operand, frame)
    if all(isinstance(v, (int, float)) for v in values):
        found = functions.numeric(functions._series(frame, left)).isin(values)
    else:
        found = functions.text(functions._series(frame, left)).isin(
            [functions.format_value(v) for v in values])
    return ~found if expr.negated else found


def _call(expr: Call, frame):
    name = expr.name.lower()
    if name in functions.AGGREGATE_ARITY:
        return frame[AGGREGATE_PREFIX + expr.text]
    args = [evaluate(a, frame) for a in expr.args]
    return functions.SCALARS[name](frame, *args)
