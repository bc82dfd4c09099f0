"""Logs Insights over 1,000,000 events beside the equivalent pandas expression.

Issue 4: an Insights ``filter ... | stats count(*) by bin(5m)`` over 1,000,000 events stays
within 3x of pandas doing the same in the same run. Both read the same DataFrame (the one
StartQuery builds from a log group: ``@timestamp`` datetime64, ``@message`` strings): ours
parses the query and runs the engine (``awslab.services.logs.insights.run_query``), the
baseline is ``frame[frame["@message"].str.contains("ERROR", regex=False)]
.groupby(frame["@timestamp"].dt.floor("5min")).size()``. A second row times the same
query end to end through boto3 StartQuery (reading the events from a log group), beside
the same pandas baseline. Before timing, both answers are checked equal.

Not a test: it prints measurements. ``python bench/insights.py`` runs it alone.
"""
from __future__ import annotations

import statistics
import time

import numpy as np

EVENTS = 1_000_000
T0 = 1_767_571_200_000            # 2026-01-05T00:00:00Z
QUERY = 'filter @message like "ERROR" | stats count(*) by bin(5m)'
LEVELS = np.array(["INFO", "INFO", "INFO", "WARN", "ERROR"])


def messages(n: int = EVENTS, seed: int = 4) -> tuple[np.ndarray, list[str]]:
    """``n`` seeded application log lines over one day: timestamps (ms) and messages."""
    rng = np.random.default_rng(seed)
    stamps = np.sort(T0 + rng.integers(0, 86_400_000, n))
    level = LEVELS[rng.integers(0, len(LEVELS), n)]
    latency = rng.integers(1, 900, n)
    text = [f"{lv} request path=/pets/{i % 97} latency_ms={ms}"
            for i, (lv, ms) in enumerate(zip(level.tolist(), latency.tolist()))]
    return stamps, text


def pandas_baseline(frame):
    hit = frame[frame["@message"].str.contains("ERROR", regex=False)]
    return hit.groupby(hit["@timestamp"].dt.floor("5min")).size()


def timed(fn, repeat: int = 3) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _check(result, expected) -> None:
    got = {row["bin(5m)"]: int(row["count(*)"]) for row in result.rows}
    want = {f"{k:%Y-%m-%d %H:%M:%S}.000": int(v) for k, v in expected.items()}
    assert got == want, "the engine and pandas disagree"


def _lab_with(stamps, text):
    from awslab import Lab
    from awslab.services.logs import find_group
    lab = Lab(seed=1, start="2026-01-06T00:00:00Z")
    logs = lab.client("logs")
    logs.create_log_group(logGroupName="/bench/app")
    group = find_group(lab, "123456789012", "us-east-1", "/bench/app")
    group.created = int(T0)                       # the group existed all day
    logs.create_log_stream(logGroupName="/bench/app", logStreamName="app")
    for i in range(0, len(text), 10_000):         # PutLogEvents' batch limit
        logs.put_log_events(logGroupName="/bench/app", logStreamName="app", logEvents=[
            {"timestamp": int(t), "message": m}
            for t, m in zip(stamps[i:i + 10_000].tolist(), text[i:i + 10_000])])
    return lab, logs


def _start_and_wait(lab, logs) -> dict:
    qid = logs.start_query(logGroupName="/bench/app", startTime=T0 // 1000,
                           endTime=T0 // 1000 + 86_400, queryString=QUERY,
                           limit=10_000)["queryId"]
    lab.advance(seconds=5)
    return logs.get_query_results(queryId=qid)


def measure() -> dict:
    from awslab.services.logs.insights import events_frame, run_query
    stamps, text = messages()
    frame = events_frame(stamps, text, ["app"] * len(text), ["/bench/app"] * len(text))
    size = sum(map(len, text))        # StartQuery counts it while reading the group
    _check(run_query(QUERY, frame, limit=10_000), pandas_baseline(frame))
    ours = timed(lambda: run_query(QUERY, frame, limit=10_000, bytes_scanned=size))
    base = timed(lambda: pandas_baseline(frame))
    lab, logs = _lab_with(stamps, text)
    answer = _start_and_wait(lab, logs)
    assert answer["status"] == "Complete" and answer["statistics"]["recordsScanned"] == EVENTS
    end_to_end = timed(lambda: _start_and_wait(lab, logs), repeat=1)
    return {"engine": ours, "pandas": base, "start_query": end_to_end}


def rows() -> list:
    """Rows for ``bench/run.py``'s table ``(name, awslab, baseline, unit)`` in ms."""
    m = measure()
    return [
        (f"Insights filter|stats count(*) by bin(5m), 1M events: {m['engine'] / m['pandas']:.1f}x"
         " pandas, target <= 3x", m["engine"] * 1e3, m["pandas"] * 1e3, "ms"),
        (f"  same query through StartQuery (reads the log group): "
         f"{m['start_query'] / m['pandas']:.1f}x pandas", m["start_query"] * 1e3,
         m["pandas"] * 1e3, "ms"),
    ]


def main() -> None:
    m = measure()
    print(f"{QUERY!r} over {EVENTS:,} events")
    print(f"engine      {m['engine'] * 1e3:9.1f} ms   ({m['engine'] / m['pandas']:.2f}x pandas)")
    print(f"StartQuery  {m['start_query'] * 1e3:9.1f} ms   "
          f"({m['start_query'] / m['pandas']:.2f}x pandas)")
    print(f"pandas      {m['pandas'] * 1e3:9.1f} ms")
    print("target: the engine within 3x of pandas")


if __name__ == "__main__":
    main()
