"""Logs Insights functions, vectorised over pandas Series (pure).

Scalar functions take evaluated arguments (a Series per row, or a constant) and return a
Series; aggregation functions reduce a column per ``stats`` group. Time values are pandas
``datetime64`` (naive UTC). Known gaps: IPv6 subnet tests, ``unmask``, JSON functions.
Reference: aws-facts.md 3.8 ("Functions").
"""
from __future__ import annotations

import ipaddress
import math
from typing import Callable

# name -> (min args, max args); checked when the query compiles
SCALAR_ARITY = {
    "abs": (1, 1), "ceil": (1, 1), "floor": (1, 1), "log": (1, 1), "sqrt": (1, 1),
    "greatest": (1, 99), "least": (1, 99), "ispresent": (1, 1), "coalesce": (1, 99),
    "isempty": (1, 1), "isblank": (1, 1), "concat": (1, 99), "ltrim": (1, 2),
    "rtrim": (1, 2), "trim": (1, 2), "strlen": (1, 1), "toupper": (1, 1),
    "tolower": (1, 1), "substr": (2, 3), "replace": (3, 3), "strcontains": (2, 2),
    "bin": (1, 1), "datefloor": (2, 2), "dateceil": (2, 2), "frommillis": (1, 1),
    "tomillis": (1, 1), "isvalidip": (1, 1), "isvalidipv4": (1, 1),
    "isvalidipv6": (1, 1), "isipinsubnet": (2, 2), "isipv4insubnet": (2, 2),
}
AGGREGATE_ARITY = {
    "avg": (1, 1), "count": (0, 1), "count_distinct": (1, 1), "max": (1, 1),
    "min": (1, 1), "pct": (2, 2), "stddev": (1, 1), "sum": (1, 1), "earliest": (1, 1),
    "latest": (1, 1), "sortsfirst": (1, 1), "sortslast": (1, 1),
}
TIME_FUNCTIONS = ("bin", "datefloor", "dateceil", "frommillis")


def check_call(call) -> str | None:
    """What is wrong with a function call (unknown name, argument count), or None."""
    name = call.name.lower()
    arity = SCALAR_ARITY.get(name) or AGGREGATE_ARITY.get(name)
    if arity is None:
        return f"unknown function {call.name}"
    low, high = arity
    if not low <= len(call.args) <= high:
        want = str(low) if low == high else f"{low} to {high}"
        return f"{call.name} takes {want} arguments, not {len(call.args)}"
    if name in AGGREGATE_ARITY and any(has_aggregate(a) for a in call.args):
        return f"aggregation functions cannot be nested in {call.name}"
    if name == "pct" and not _is_number(call.args[1]):
        return "the percentile of pct must be a number from 0 to 100"
    if name == "bin" and type(call.args[0]).__name__ != "Span":
        return "bin needs a time period such as 5m"
    return None


def _is_number(expr) -> bool:
    value = getattr(expr, "value", None)
    return isinstance(value, (int, float)) and 0 <= value <= 100


def has_aggregate(expr) -> bool:
    """Whether an expression calls an aggregation function."""
    from awslab.services.logs.insights.parser import _children
    if type(expr).__name__ == "Call" and expr.name.lower() in AGGREGATE_ARITY:
        return True
    return any(has_aggregate(c) for c in _children(expr))


# -- scalar functions ---------------------------------------------------------------------
def numeric(value):
    """A value or Series as floats (non-numbers become NaN)."""
    import pandas as pd
    if isinstance(value, pd.Series):
        if value.dtype.kind in "if":
            return value.astype(float)
        if value.dtype.kind == "M":
            return value.astype("int64") // 1_000_000 * 1.0
        return pd.to_numeric(value, errors="coerce")
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def text(value):
    """A value or Series as strings (missing values stay missing)."""
    import pandas as pd
    if isinstance(value, pd.Series):
        if value.dtype == object:
            if all(isinstance(v, str) for v in value.head(50)):
                return value
            return value.map(format_value, na_action="ignore")
        return value.map(format_value, na_action="ignore")
    return None if value is None else format_value(value)


def format_value(value) -> str:
    """How GetQueryResults shows a value: numbers without a needless ``.0``, times as
    ``YYYY-MM-DD HH:MM:SS.mmm``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def _strings(fn: Callable) -> Callable:
    def run(frame, x, *rest):
        return text(_series(frame, x)).map(lambda s: fn(s, *rest), na_action="ignore")
    return run


def _series(frame, value):
    import pandas as pd
    if isinstance(value, pd.Series):
        return value
    return pd.Series([value] * len(frame), index=frame.index, dtype=object)


def _math(name: str) -> Callable:
    """A numpy function over the numbers of its argument (NaN outside its domain)."""
    def run(frame, x):
        import numpy as np
        values = numeric(_series(frame, x))
        if name in ("log", "sqrt"):
            values = values.where(values > 0 if name == "log" else values >= 0)
        with np.errstate(all="ignore"):
            return getattr(np, name)(values)
    return run


def _ip(kind):
    def valid(s: str) -> bool:
        try:
            ip = ipaddress.ip_address(s)
        except ValueError:
            return False
        return kind is None or ip.version == kind
    return valid


def _in_subnet(s: str, subnet: str) -> bool:
    try:
        return ipaddress.ip_address(s) in ipaddress.ip_network(subnet, strict=False)
    except ValueError:
        return False


def _bools(series):
    return series.eq(True)


def _pick(frame, args, largest: bool):
    import pandas as pd
    cols = pd.concat([numeric(_series(frame, a)) for a in args], axis=1)
    return cols.max(axis=1) if largest else cols.min(axis=1)


def _coalesce(frame, *args):
    out = _series(frame, args[0]).copy()
    for a in args[1:]:
        out = out.where(out.notna(), _series(frame, a))
    return out


def _concat(frame, *args):
    out = text(_series(frame, args[0])).fillna("")
    for a in args[1:]:
        out = out + text(_series(frame, a)).fillna("")
    return out


def _floor_time(frame, x, span):
    return _as_time(_series(frame, x)).dt.floor(f"{span}ms")


def _ceil_time(frame, x, span):
    return _as_time(_series(frame, x)).dt.ceil(f"{span}ms")


def _as_time(series):
    import pandas as pd
    if series.dtype.kind == "M":
        return series
    return pd.to_datetime(numeric(series), unit="ms")


SCALARS: dict[str, Callable] = {
    "abs": _math("abs"), "ceil": _math("ceil"), "floor": _math("floor"),
    "log": _math("log"), "sqrt": _math("sqrt"),
    "greatest": lambda f, *a: _pick(f, a, True),
    "least": lambda f, *a: _pick(f, a, False),
    "ispresent": lambda f, x: _series(f, x).notna(),
    "coalesce": _coalesce,
    "isempty": lambda f, x: text(_series(f, x)).fillna("").eq(""),
    "isblank": lambda f, x: text(_series(f, x)).fillna("").str.strip().eq(""),
    "concat": _concat,
    "ltrim": lambda f, x, c=None: _strings(lambda s: s.lstrip(c))(f, x),
    "rtrim": lambda f, x, c=None: _strings(lambda s: s.rstrip(c))(f, x),
    "trim": lambda f, x, c=None: _strings(lambda s: s.strip(c))(f, x),
    "strlen": lambda f, x: text(_series(f, x)).str.len(),
    "toupper": lambda f, x: text(_series(f, x)).str.upper(),
    "tolower": lambda f, x: text(_series(f, x)).str.lower(),
    "substr": lambda f, x, start, length=None: _strings(
        lambda s: s[int(start):] if length is None else s[int(start):int(start) + int(length)]
    )(f, x),
    "replace": lambda f, x, old, new: text(_series(f, x)).str.replace(str(old), str(new),
                                                                       regex=False),
    "strcontains": lambda f, x, part: text(_series(f, x)).str.contains(
        str(part), regex=False).eq(True).astype(int),
    "bin": lambda f, span: f["@timestamp"].dt.floor(f"{span}ms"),
    "datefloor": _floor_time,
    "dateceil": _ceil_time,
    "frommillis": lambda f, x: _as_time(_series(f, x)),
    "tomillis": lambda f, x: _as_time(_series(f, x)).astype("int64") // 1_000_000,
    "isvalidip": lambda f, x: _bools(text(_series(f, x)).map(_ip(None), na_action="ignore")),
    "isvalidipv4": lambda f, x: _bools(text(_series(f, x)).map(_ip(4), na_action="ignore")),
    "isvalidipv6": lambda f, x: _bools(text(_series(f, x)).map(_ip(6), na_action="ignore")),
    "isipinsubnet": lambda f, x, net: _bools(text(_series(f, x)).map(
        lambda s: _in_subnet(s, str(net)), na_action="ignore")),
    "isipv4insubnet": lambda f, x, net: _bools(text(_series(f, x)).map(
        lambda s: _ip(4)(s) and _in_subnet(s, str(net)), na_action="ignore")),
}


# -- aggregation functions ------------------------------------------------------------------
def percentile(values, pct: float) -> float:
    """Nearest-rank percentile of the numbers in ``values`` (NaN when there are none)."""
    import numpy as np
    v = np.sort(np.asarray(values, dtype=float))
    v = v[~np.isnan(v)]
    if not len(v):
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(v)))
    return float(v[rank - 1])


def _extreme(series, largest: bool):
    num = numeric(series)
    if num.notna().sum() == series.notna().sum() and num.notna().any():
        return num.max() if largest else num.min()
    if series.dtype.kind == "M":
        return series.max() if largest else series.min()
    vals = text(series).dropna()
    if not len(vals):
        return None
    return vals.max() if largest else vals.min()


def _by_time(series, times, first: bool):
    present = series.notna()
    if not present.any():
        return None
    t = times[present]
    return series[present].loc[t.idxmin() if first else t.idxmax()]


def aggregate(name: str, series, times, arg=None):
    """Reduce one group's column; ``series`` is None for ``count(*)``."""
    name = name.lower()
    if name == "count":
        return int(len(times) if series is None else series.notna().sum())
    if name == "count_distinct":
        return int(series.dropna().nunique())
    if name in ("sum", "avg", "stddev"):
        num = numeric(series).dropna()
        if not len(num):
            return None
        return {"sum": num.sum, "avg": num.mean, "stddev": num.std}[name]()
    if name in ("min", "max"):
        return _extreme(series, name == "max")
    if name == "pct":
        return percentile(numeric(series), float(arg))
    if name in ("earliest", "latest"):
        return _by_time(series, times, name == "earliest")
    if name in ("sortsfirst", "sortslast"):
        vals = text(series).dropna()
        return (vals.min() if name == "sortsfirst" else vals.max()) if len(vals) else None
    raise ValueError(name)
