"""A subset of CloudWatch metric math, for GetMetricData expressions.

Arithmetic (``+ - * / ^``, unary minus, parentheses) between time series and scalars,
arrays ``[m1, m2]``, ``METRICS()`` / ``METRICS('label-part')``, and the functions
``SUM``, ``AVG``, ``MIN``, ``MAX`` (over an array: one series, per timestamp; over a
single series: one scalar, drawn as a flat line), ``ABS`` and ``FILL(m, value)``.
Series combine only at timestamps both have, as in CloudWatch. Unknown syntax raises
``ValidationError`` naming the expression. Gaps: SEARCH, ANOMALY_DETECTION_BAND, RATE,
DIFF, PERIOD, IF and the other functions are refused with a clear message.
"""
from __future__ import annotations

import re

import pandas as pd

from awslab.services.cloudwatch.errors import ValidationError

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|('[^']*')|(.))")
_AGG = {"SUM": "sum", "AVG": "mean", "MIN": "min", "MAX": "max"}


def evaluate(expression: str, qid: str, results: dict[str, pd.Series],
             labels: dict[str, str]):
    """Evaluate ``expression`` over earlier query ``results`` (by Id).

    Returns a Series (or a float for a scalar result).
    """
    return _Parser(expression, qid, results, labels).run()


class _Parser:
    def __init__(self, text, qid, results, labels):
        self.qid, self.results, self.labels = qid, results, labels
        self.tokens, pos = [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                break
            pos = m.end()
            num, name, quoted, sym = m.groups()
            if num or name or quoted or (sym and not sym.isspace()):
                self.tokens.append(("num", float(num)) if num else ("name", name) if name
                                   else ("str", quoted[1:-1]) if quoted else ("sym", sym))
        self.i = 0

    def fail(self, why: str):
        raise ValidationError(f"Error in expression {self.qid}: {why}")

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", None)

    def take(self, sym=None):
        tok = self.peek()
        if sym is not None and tok != ("sym", sym):
            self.fail(f"expected '{sym}'" + (f" near '{tok[1]}'" if tok[1] is not None
                                             else " at the end"))
        self.i += 1
        return tok

    def run(self):
        if not self.tokens:
            self.fail("the expression is empty")
        value = self.expr()
        if self.peek()[0] != "end":
            self.fail(f"unexpected '{self.peek()[1]}'")
        if isinstance(value, list):
            self.fail("an expression must return one time series or a number, not an array")
        return value

    def expr(self):
        value = self.term()
        while self.peek() in (("sym", "+"), ("sym", "-")):
            op = self.take()[1]
            value = self.combine(value, self.term(), op)
        return value

    def term(self):
        value = self.unary()
        while self.peek() in (("sym", "*"), ("sym", "/")):
            op = self.take()[1]
            value = self.combine(value, self.unary(), op)
        return value

    def unary(self):
        if self.peek() == ("sym", "-"):
            self.take()
            return self.combine(-1.0, self.unary(), "*")
        value = self.atom()
        if self.peek() == ("sym", "^"):
            self.take()
            value = self.combine(value, self.unary(), "^")
        return value

    def atom(self):
        kind, val = self.take()
        if kind == "num":
            return val
        if (kind, val) == ("sym", "("):
            value = self.expr()
            self.take(")")
            return value
        if (kind, val) == ("sym", "["):
            items = [self.expr()]
            while self.peek() == ("sym", ","):
                self.take()
                items.append(self.expr())
            self.take("]")
            return [s for item in items for s in (item if isinstance(item, list) else [item])]
        if kind == "name" and self.peek() == ("sym", "("):
            return self.call(val)
        if kind == "name":
            if val not in self.results:
                self.fail(f"unknown metric id '{val}'")
            return self.results[val]
        self.fail(f"unexpected '{val}'" if val is not None else "the expression ends early")

    def call(self, name: str):
        self.take("(")
        args = []
        while self.peek() != ("sym", ")"):
            args.append(self.take()[1] if self.peek()[0] == "str" else self.expr())
            if self.peek() == ("sym", ","):
                self.take()
            elif self.peek() != ("sym", ")"):
                self.fail(f"expected ',' or ')' in {name}()")
        self.take(")")
        if name == "METRICS":
            part = args[0] if args else ""
            return [s for k, s in self.results.items() if part in self.labels.get(k, k)]
        if name in _AGG and len(args) == 1:
            return self.aggregate(name, args[0])
        if name == "ABS" and len(args) == 1:
            return abs(args[0]) if not isinstance(args[0], list) else [abs(s) for s in args[0]]
        if name == "FILL" and len(args) == 2 and isinstance(args[1], float):
            return args[0].fillna(args[1]) if isinstance(args[0], pd.Series) else args[0]
        self.fail(f"unsupported function or arguments {name}() "
                  "(awslab simulates SUM, AVG, MIN, MAX, ABS, FILL and METRICS)")

    def aggregate(self, name, arg):
        how = _AGG[name]
        if isinstance(arg, list):
            if not arg:
                return pd.Series(dtype=float)
            frame = pd.concat(arg, axis=1)
            return getattr(frame, how)(axis=1, skipna=True) if how != "sum" else \
                frame.sum(axis=1, min_count=1)
        if isinstance(arg, pd.Series):
            return float(getattr(arg.dropna(), how)()) if arg.notna().any() else float("nan")
        return float(arg)

    def combine(self, a, b, op):
        if isinstance(a, list) or isinstance(b, list):
            other = b if isinstance(a, list) else a
            seq = a if isinstance(a, list) else b
            return [self.combine(s, other, op) if seq is a else self.combine(other, s, op)
                    for s in seq]
        if isinstance(a, pd.Series) and isinstance(b, pd.Series):
            a, b = a.align(b, join="inner")
        if op == "/" and not isinstance(b, pd.Series) and b == 0:
            b = float("nan")
        out = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
               "/": lambda: a / b, "^": lambda: a ** b}[op]()
        if isinstance(out, pd.Series):
            out = out.replace([float("inf"), float("-inf")], float("nan")).dropna()
        return out
