"""Run a compiled Logs Insights query over a DataFrame of events (pure, pandas).

The frame holds one row per event with the system fields (``@timestamp`` and
``@ingestionTime`` as datetime64, ``@message``, ``@logStream``, ``@log``) in the default
order, newest first. Commands run in order: ``filter`` keeps rows, ``fields`` adds columns,
``parse`` extracts columns, ``stats`` aggregates (groups sorted ascending), ``sort``
reorders (nulls last), ``dedup`` keeps the first row per value, ``limit`` cuts. The
result shows the fields of the last ``display``, else of ``stats`` and later ``fields``,
else of every ``fields`` command, else ``@timestamp`` and ``@message``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from awslab.services.logs.insights import discovery, functions
from awslab.services.logs.insights.evaluate import AGGREGATE_PREFIX, evaluate, truthy
from awslab.services.logs.insights.parser import (
    Call, Dedup, Display, Fields, Filter, Limit, Parse, Query, Sort, Stats, _children,
    parse_query)

DEFAULT_FIELDS = ("@timestamp", "@message")


@dataclass
class Result:
    """What a query produced: rows (dicts of shown fields, nulls left out) and counts."""

    fields: list[str]
    rows: list[dict] = field(default_factory=list)
    records_scanned: int = 0
    records_matched: int = 0
    bytes_scanned: int = 0
    aggregated: bool = False
    frame: object = None             # the final DataFrame (all columns)
    groups: list[str] = field(default_factory=list)   # the last stats command's "by"

    def to_frame(self):
        """The result as a DataFrame with the shown fields as columns (strings)."""
        import pandas as pd
        return pd.DataFrame(self.rows, columns=self.fields)


def events_frame(timestamps, messages, streams, groups, ingestion_times=None):
    """A frame of events (epoch-ms timestamps) in Insights' default order, newest first.

    Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    import numpy as np
    import pandas as pd
    ts = np.asarray(timestamps, dtype="int64")
    ing = ts if ingestion_times is None else np.asarray(ingestion_times, dtype="int64")
    frame = pd.DataFrame({
        "@timestamp": ts.astype("datetime64[ms]"), "@message": pd.Series(messages,
                                                                          dtype=object),
        "@logStream": pd.Series(streams, dtype=object),
        "@log": pd.Series(groups, dtype=object),
        "@ingestionTime": ing.astype("datetime64[ms]")})
    order = np.argsort(-ts, kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def run_query(query: Query | str, frame, limit: int = 1000,
              bytes_scanned: int | None = None) -> Result:
    """Run ``query`` over ``frame`` (see :func:`events_frame`), keeping ``limit`` rows.

    ``bytes_scanned`` (the size of the messages read) is measured from the frame unless
    the caller knows it. Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    query = parse_query(query) if isinstance(query, str) else query
    frame = _with_discovered(query, frame)
    scanned = len(frame)
    if bytes_scanned is None:
        bytes_scanned = int(frame["@message"].str.len().sum()) if scanned else 0
    shown: list[str] = []
    display = None
    aggregated = False
    matched = None
    groups: list[str] = []
    for cmd in query.commands:
        if isinstance(cmd, Filter):
            frame = frame[truthy(evaluate(cmd.condition, frame), frame)]
        elif isinstance(cmd, Fields):
            frame = frame.copy()
            for expr, name in cmd.items:
                frame[name] = evaluate(expr, frame)
                shown.append(name)
        elif isinstance(cmd, Display):
            display = list(cmd.names)
        elif isinstance(cmd, Parse):
            frame = _parse(cmd, frame)
        elif isinstance(cmd, Stats):
            if not aggregated:
                matched = len(frame)
            frame, shown, aggregated = _stats(cmd, frame), \
                [n for _, n in cmd.groups + cmd.aggregations], True
            groups = [n for _, n in cmd.groups]
        elif isinstance(cmd, Sort):
            frame = _sort(cmd, frame)
        elif isinstance(cmd, Dedup):
            frame = _dedup(cmd, frame)
        elif isinstance(cmd, Limit):
            limit = min(limit, cmd.count)
    if matched is None:
        matched = len(frame)
    names = display or _unique(shown) or list(DEFAULT_FIELDS)
    final = frame.head(limit)
    rows = _rows(final, names)
    return Result(names, rows, scanned, matched, bytes_scanned, aggregated, final, groups)


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _with_discovered(query: Query, frame):
    made = set()
    for cmd in query.commands:
        if isinstance(cmd, Parse):
            made.update(cmd.names)
        pairs = {Fields: "items", Stats: "groups"}.get(type(cmd))
        if pairs:
            made.update(n for e, n in getattr(cmd, pairs) if getattr(e, "name", None) != n)
    wanted = [n for n in sorted(query.fields_used - made) if n not in frame.columns]
    if not wanted:
        return frame
    import pandas as pd
    columns = discovery.extract(frame["@message"], wanted)
    extra = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()},
                         index=frame.index)
    return pd.concat([frame, extra], axis=1)


def glob_regex(pattern: str, names) -> str:
    """The regex of a glob ``parse`` pattern: each ``*`` a named lazy group (the last one
    greedy when it ends the pattern)."""
    parts = pattern.split("*")
    out = [re.escape(parts[0])]
    for i, (name, literal) in enumerate(zip(names, parts[1:])):
        last = i == len(names) - 1 and literal == ""
        out.append(f"(?P<{_group(i)}>.*)" if last else f"(?P<{_group(i)}>.*?)")
        out.append(re.escape(literal))
    return "".join(out)


def _group(i: int) -> str:
    return f"g{i}"


def _parse(cmd: Parse, frame):
    from awslab.services.logs.insights.evaluate import compiled
    source = functions.text(functions._series(frame, evaluate(cmd.source, frame)))
    if cmd.is_regex:
        regex = compiled(cmd.pattern)
        mapping = {n: n for n in cmd.names}
    else:
        regex = re.compile(glob_regex(cmd.pattern, cmd.names), re.S)
        mapping = {_group(i): n for i, n in enumerate(cmd.names)}
    found = source.str.extract(regex, expand=True) if len(frame) else None
    frame = frame.copy()
    for group, name in mapping.items():
        frame[name] = found[group].astype(object) if found is not None else []
    return frame


def _aggregate_calls(expr, out: dict) -> None:
    if isinstance(expr, Call) and expr.name.lower() in functions.AGGREGATE_ARITY:
        out.setdefault(expr.text, expr)
        return
    for child in _children(expr):
        _aggregate_calls(child, out)


def _stats(cmd: Stats, frame):
    import pandas as pd
    keys = {}
    for i, (expr, name) in enumerate(cmd.groups):
        value = evaluate(expr, frame)
        keys[f"\x00k{i}"] = functions._series(frame, value)
    calls: dict[str, Call] = {}
    for expr, _ in cmd.aggregations:
        _aggregate_calls(expr, calls)
    work = pd.DataFrame(keys, index=frame.index)
    times = frame["@timestamp"] if "@timestamp" in frame.columns else pd.Series(
        range(len(frame)), index=frame.index)
    inputs = {}
    for text, call in calls.items():
        star = not call.args or type(call.args[0]).__name__ == "Star"
        inputs[text] = None if star else functions._series(frame, evaluate(call.args[0],
                                                                          frame))
    table = _grouped(work, list(keys), calls, inputs, times)
    out = pd.DataFrame(index=table.index)
    for i, (_, name) in enumerate(cmd.groups):
        out[name] = table[f"\x00k{i}"]
    for expr, name in cmd.aggregations:
        out[name] = evaluate(expr, table)
    return out.reset_index(drop=True)


def _grouped(work, keys: list, calls: dict, inputs: dict, times):
    """One row per group: the key columns and one column per aggregation call."""
    import pandas as pd
    if not keys:
        row = {AGGREGATE_PREFIX + t: functions.aggregate(
            c.name, inputs[t], times, _pct(c)) for t, c in calls.items()}
        return pd.DataFrame([row])
    grouped = work.groupby(keys, dropna=False, sort=True)
    result = grouped.size().rename("\x00size").reset_index()
    for text, call in calls.items():
        name, column = call.name.lower(), AGGREGATE_PREFIX + text
        series = inputs[text]
        if name == "count" and series is None:
            result[column] = result["\x00size"].to_numpy()
        elif name in ("sum", "avg", "count") and series is not None:
            values = (series.notna() if name == "count" else functions.numeric(series))
            how = {"sum": "sum", "avg": "mean", "count": "sum"}[name]
            agg = values.groupby([work[k] for k in keys], dropna=False, sort=True).agg(how)
            if name == "sum":
                present = functions.numeric(series).notna().groupby(
                    [work[k] for k in keys], dropna=False, sort=True).any()
                agg = agg.where(present.to_numpy())
            result[column] = agg.to_numpy()
        else:
            pairs = series.groupby([work[k] for k in keys], dropna=False, sort=True)
            result[column] = [functions.aggregate(name, part, times.loc[part.index],
                                                  _pct(call)) for _, part in pairs]
    return result


def _pct(call: Call):
    return call.args[1].value if call.name.lower() == "pct" else None


def _sort(cmd: Sort, frame):
    import pandas as pd
    if not len(frame):
        return frame
    cols, ascending = {}, []
    for i, (expr, descending) in enumerate(cmd.keys):
        value = functions._series(frame, evaluate(expr, frame))
        number = functions.numeric(value)
        use_number = value.dtype.kind in "ifM" or (number.notna().sum() ==
                                                    value.notna().sum())
        cols[f"\x00s{i}"] = (number if value.dtype.kind != "M" else value) if use_number \
            else functions.text(value)
        ascending.append(not descending)
    keyed = pd.DataFrame(cols, index=frame.index)
    order = keyed.sort_values(list(cols), ascending=ascending, kind="mergesort",
                              na_position="last").index
    return frame.loc[order]


def _dedup(cmd: Dedup, frame):
    import pandas as pd
    cols = [functions.text(functions._series(frame, evaluate(
        _field(n), frame))) for n in cmd.names]
    keyed = pd.concat(cols, axis=1, keys=range(len(cols)))
    has_null = keyed.isna().any(axis=1)
    first = ~keyed.duplicated(keep="first")
    return frame[first | has_null]


def _field(name: str):
    from awslab.services.logs.insights.parser import Field
    return Field(name, name)


def _rows(frame, names: list[str]) -> list[dict]:
    rows = []
    columns = {n: frame[n].tolist() if n in frame.columns else [None] * len(frame)
               for n in names}
    for i in range(len(frame)):
        row = {}
        for n in names:
            v = columns[n][i]
            if v is None or (isinstance(v, float) and v != v) or v is getattr(
                    __import__("pandas"), "NaT"):
                continue
            row[n] = functions.format_value(v)
        rows.append(row)
    return rows
