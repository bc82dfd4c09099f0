"""Logs Insights operations: StartQuery, GetQueryResults, StopQuery, DescribeQueries and
GetLogRecord (aws-facts 3.8).

StartQuery compiles the query (a bad one gets ``MalformedQueryException``), reads the
events of the chosen log groups with ``startTime <= timestamp <= endTime`` (epoch
seconds, both inclusive) and runs the pure engine (:mod:`..insights`) on them. The query
is ``Scheduled``, ``Running`` :data:`SCHEDULED_FOR` later and ``Complete`` after a scan
time that grows with the bytes scanned, all on the simulated clock; GetQueryResults shows
rows only once it is ``Complete`` (``Running`` would give partial results on AWS; the lab
shows none). Rows: ``limit`` from the query or StartQuery (default :data:`DEFAULT_LIMIT`),
each non-aggregated row with an ``@ptr`` that GetLogRecord resolves. At most
:data:`MAX_CONCURRENT` queries run at once per account and Region; results are kept for
7 days. Not simulated: OpenSearch SQL/PPL, field indexes, saved query definitions.
"""
from __future__ import annotations

import base64
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from awslab.bridge.pagination import paginate
from awslab.services.logs.errors import (
    InvalidParameterException, LimitExceededException, ResourceNotFoundException)
from awslab.services.logs.ingest import epoch_ms
from awslab.services.logs.insights import (
    MalformedQueryException, Result, events_frame, parse_query, run_query, split_sources)
from awslab.services.logs.insights.discovery import discover
from awslab.services.logs.operations import OPERATIONS

DEFAULT_LIMIT = 1000
MAX_GROUPS = 50
MAX_CONCURRENT = 100
SCHEDULED_FOR = timedelta(milliseconds=500)
SCAN_RATE = 50_000_000                # bytes per simulated second
KEPT_FOR = timedelta(days=7)
ACTIVE = ("Scheduled", "Running")
OUT_OF_RANGE = ("Query's end date and time is either before the log groups creation time "
                "or exceeds the log groups log retention settings")


@dataclass
class QueryRun:
    """One query: what was asked, its status on the clock, and its result."""

    query_id: str
    text: str
    groups: list[str]
    created: datetime
    result: Result
    limit: int
    pointers: list[str | None] = field(default_factory=list)
    status: str = "Scheduled"
    jobs: list[Any] = field(default_factory=list)

    @property
    def duration_ms(self) -> float:
        return 1000 * self.result.bytes_scanned / SCAN_RATE


_QUERIES: "weakref.WeakKeyDictionary[Any, dict[str, QueryRun]]" = weakref.WeakKeyDictionary()


def queries_of(state) -> dict[str, QueryRun]:
    """The queries started in one account and Region (newest last)."""
    return _QUERIES.setdefault(state, {})


# -- the frame of events a query reads ---------------------------------------------------
def query_frame(groups, start_ms: int, end_ms: int):
    """A DataFrame of the events of ``groups`` with ``start_ms <= timestamp <= end_ms`` in
    Insights' default order, the bytes of their messages, and ``pointer(position)``, the
    ``@ptr`` of a row of the frame.

    Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    import numpy as np
    spans, parts = [], []
    for group in groups:
        stamps, messages, streams, ingested, running = group.columns()
        lo = int(np.searchsorted(stamps, start_ms, side="left"))
        hi = int(np.searchsorted(stamps, end_ms, side="right"))
        spans.append((group, lo, hi, int(running[hi] - running[lo])))
        label = np.empty(hi - lo, dtype=object)
        label[:] = f"{group.account_id}:{group.name}"      # (np.full is slow for objects)
        parts.append((stamps[lo:hi], messages[lo:hi], streams[lo:hi], ingested[lo:hi], label))
    size = sum(span[3] for span in spans)
    stamps, messages, streams, ingested, logs = (
        np.concatenate([p[i] for p in parts]) if parts else np.array([], dtype=kind)
        for i, kind in enumerate(("int64", object, object, "int64", object)))
    frame = events_frame(stamps, messages, streams, logs, ingested)
    order = np.argsort(-stamps, kind="stable")
    starts = np.cumsum([0] + [hi - lo for _, lo, hi, _ in spans])

    def pointer(position: int) -> str:
        original = int(order[position])
        k = int(np.searchsorted(starts, original, side="right")) - 1
        group, lo, _, _ = spans[k]
        return _pointer(group, group.timeline()[lo + original - starts[k]])
    return frame, size, pointer


def _pointer(group, event) -> str:
    raw = f"{group.account_id}|{group.region}|{group.name}|{event.stream}|{event.seq}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def logs_query(lab, query: str, start, end, *, groups=(), account: str = "123456789012",
               region: str = "us-east-1", limit: int = DEFAULT_LIMIT) -> Result:
    """Run a Logs Insights query on the lab's groups between two aware datetimes, as
    StartQuery would, without the clock (for charts, explorers and dashboards).

    ``groups`` are group names; a query may also name them with leading ``SOURCE
    '<group>' |`` clauses (a dashboard log widget's form). Missing groups are skipped.
    Introduced in ``04_metric_filters_and_insights.ipynb``.
    """
    named, text = split_sources(query)
    state = lab.state("logs", account, region)
    chosen = [state.groups[g] for g in dict.fromkeys([*groups, *named]) if g in state.groups]
    frame, size, _ = query_frame(chosen, epoch_ms(start), epoch_ms(end))
    return run_query(parse_query(text), frame, limit=limit, bytes_scanned=size)


# -- StartQuery --------------------------------------------------------------------------
def _chosen_groups(call, p: dict) -> list:
    given = [k for k in ("logGroupName", "logGroupNames", "logGroupIdentifiers") if p.get(k)]
    if len(given) != 1:
        raise InvalidParameterException(
            "Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be "
            "specified.")
    refs = p[given[0]] if given[0] != "logGroupName" else [p["logGroupName"]]
    if len(refs) > MAX_GROUPS:
        raise InvalidParameterException(f"A query can include at most {MAX_GROUPS} log "
                                        "groups.")
    groups = []
    for ref in refs:
        account, region, name = call.account_id, call.region, ref
        if ref.startswith("arn:"):
            parts = ref.removesuffix(":*").split(":", 6)
            if len(parts) != 7 or parts[5] != "log-group":
                raise InvalidParameterException(f"Invalid log group identifier: {ref}")
            account, region, name = parts[4], parts[3], parts[6]
        group = call.lab.state("logs", account, region).groups.get(name)
        if group is None:
            raise ResourceNotFoundException(
                f"Log group '{name}' does not exist for account ID '{account}'")
        groups.append(group)
    return groups


@OPERATIONS("StartQuery")
def start_query(call, p):
    if (p.get("queryLanguage") or "CWLI") != "CWLI":
        raise InvalidParameterException(
            f"awslab simulates Logs Insights QL (CWLI) only, not {p['queryLanguage']}")
    groups = _chosen_groups(call, p)
    start, end = p["startTime"], p["endTime"]
    if end < start:
        raise InvalidParameterException("endTime must be greater than or equal to "
                                        "startTime")
    query = parse_query(p["queryString"])
    if end * 1000 < min(g.created for g in groups):
        raise MalformedQueryException(OUT_OF_RANGE)
    state = call.state()
    runs = queries_of(state)
    if sum(r.status in ACTIVE for r in runs.values()) >= MAX_CONCURRENT:
        raise LimitExceededException(f"Account maximum query concurrency limit of "
                                     f"[{MAX_CONCURRENT}] reached.")
    frame, size, pointer = query_frame(groups, start * 1000, end * 1000 + 999)
    limit = p.get("limit") or DEFAULT_LIMIT
    result = run_query(query, frame, limit=limit, bytes_scanned=size)
    pointers = [] if result.aggregated else [pointer(i) for i in _row_positions(result)]
    run = QueryRun(call.lab.ids.uuid(), p["queryString"], [g.name for g in groups],
                   call.now, result, limit, pointers)
    runs[run.query_id] = run
    _schedule(call.lab, run)
    return {"queryId": run.query_id}


def _row_positions(result: Result) -> list[int]:
    """Positions (in the default-ordered frame) of the rows a result shows."""
    return [int(i) for i in result.frame.index[:len(result.rows)]]


def _schedule(lab, run: QueryRun) -> None:
    running_at = run.created + SCHEDULED_FOR
    done_at = running_at + timedelta(milliseconds=max(500.0, run.duration_ms))

    def to(status):
        def step(t):
            if run.status in ACTIVE:
                run.status = status
        return step
    run.jobs = [lab.clock.at(running_at, to("Running"), name=f"query {run.query_id}"),
                lab.clock.at(done_at, to("Complete"), name=f"query {run.query_id}")]


def _find(call, query_id: str) -> QueryRun:
    runs = queries_of(call.state())
    run = runs.get(query_id)
    if run is not None and call.now - run.created > KEPT_FOR:
        del runs[query_id]
        run = None
    if run is None:
        raise ResourceNotFoundException("Query does not exist.")
    return run


# -- GetQueryResults, StopQuery, DescribeQueries ----------------------------------------------
def wire_rows(run: QueryRun) -> list[list[dict]]:
    """The result rows as GetQueryResults lists them (``@ptr`` on event rows)."""
    rows = []
    for i, row in enumerate(run.result.rows):
        cells = [{"field": k, "value": v} for k, v in row.items()]
        if run.pointers:
            cells.append({"field": "@ptr", "value": run.pointers[i]})
        rows.append(cells)
    return rows


@OPERATIONS("GetQueryResults")
def get_query_results(call, p):
    run = _find(call, p["queryId"])
    done = run.status == "Complete"
    rows = wire_rows(run) if done else []
    token = None
    if p.get("maxItems"):
        rows, token = paginate(rows, p.get("nextToken"), p["maxItems"],
                               f"query/{run.query_id}", InvalidParameterException)
    res = run.result
    stats = {"recordsMatched": float(res.records_matched if done else 0),
             "recordsScanned": float(res.records_scanned if done else 0),
             "bytesScanned": float(res.bytes_scanned if done else 0)}
    return {"queryLanguage": "CWLI", "results": rows, "statistics": stats,
            "status": run.status, "nextToken": token}


@OPERATIONS("StopQuery")
def stop_query(call, p):
    run = _find(call, p["queryId"])
    if run.status not in ACTIVE:
        return {"success": False}
    run.status = "Cancelled"
    for job in run.jobs:
        job.cancel()
    return {"success": True}


@OPERATIONS("DescribeQueries")
def describe_queries(call, p):
    if (p.get("queryLanguage") or "CWLI") != "CWLI":
        return {"queries": []}
    runs = [r for r in reversed(list(queries_of(call.state()).values()))
            if call.now - r.created <= KEPT_FOR
            and (not p.get("logGroupName") or p["logGroupName"] in r.groups)
            and (not p.get("status") or r.status == p["status"])]
    infos = [{"queryLanguage": "CWLI", "queryId": r.query_id, "queryString": r.text,
              "status": r.status, "createTime": epoch_ms(r.created),
              "logGroupName": r.groups[0]} for r in runs]
    page, token = paginate(infos, p.get("nextToken"), p.get("maxResults") or 1000,
                           f"queries/{p.get('logGroupName')}/{p.get('status')}",
                           InvalidParameterException)
    return {"queries": page, "nextToken": token}


@OPERATIONS("GetLogRecord")
def get_log_record(call, p):
    pointer = p["logRecordPointer"]
    try:
        raw = base64.urlsafe_b64decode(pointer + "=" * (-len(pointer) % 4)).decode()
        account, region, name, stream_name, seq = raw.split("|")
        seq = int(seq)
    except ValueError:
        raise InvalidParameterException("Invalid logRecordPointer.") from None
    group = call.lab.state("logs", account, region).groups.get(name)
    stream = group.streams.get(stream_name) if group is not None else None
    event = next((e for e in (stream.events if stream else []) if e.seq == seq), None)
    if event is None:
        raise ResourceNotFoundException("The specified log record does not exist.")
    record = {"@timestamp": str(event.timestamp), "@message": event.message,
              "@logStream": stream_name, "@log": f"{account}:{name}",
              "@ingestionTime": str(event.ingestion_time)}
    record.update({k: str(v) for k, v in discover(event.message).items()})
    return {"logRecord": record}


def _query_groups(call) -> list:
    p = call.params
    names = [p["logGroupName"]] if p.get("logGroupName") else list(
        p.get("logGroupNames") or p.get("logGroupIdentifiers") or [])
    return [n.removesuffix(":*") if n.startswith("arn:") else
            f"arn:aws:logs:{call.region}:{call.account_id}:log-group:{n}"
            for n in names] or ["*"]


#: IAM resources of the Insights operations (StartQuery names its log groups; the others
#: act on a query ID, which IAM does not scope).
RESOURCES = {"StartQuery": _query_groups}
