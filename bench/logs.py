"""FilterLogEvents over 1,000,000 events beside the equivalent pandas expression.

Two log groups of 1,000,000 seeded events each are ingested through
``lab.send("logs", "put", ...)`` (PutLogEvents' path, 5,000 events per batch):

* ``/bench/app``: space-delimited application lines
  ``2026-01-05T00:00:00.000Z INFO 10.0.3.7 GET /api/pets 200 512 23``;
* ``/bench/api``: API Gateway-style JSON access logs
  ``{"requestId": ..., "ip": ..., "httpMethod": ..., "status": 200, ...}``.

Each pattern is run as a learner runs it, through a boto3 client and its paginator until
the last page, and compared with the pandas expression that selects the same rows from a
DataFrame of the same messages (asserted equal before timing):

* term ``ERROR`` -- ``str.contains`` with the same whole-word regex;
* JSON ``{ $.status >= 500 && $.latency > 1000 }`` -- ``json.loads`` per message into
  ``pd.DataFrame.from_records``, then the boolean mask;
* space-delimited ``[ts, level, ip, method, path, status = 5*, bytes, latency > 1000]`` --
  ``str.split(" ", expand=True)``, then the mask on two columns.

Best of three runs each (the first awslab run also builds the group's time-ordered
index, as the first FilterLogEvents after ingestion does). Not a test: ``python
bench/logs.py`` prints the table alone.
"""
from __future__ import annotations

import json
import random
import time

N = 1_000_000
BATCH = 5_000
ACCOUNT, REGION = "123456789012", "us-east-1"
PATHS = ("/api/pets", "/api/orders", "/api/cart", "/health", "/api/pets/7")
TERM = "ERROR"
JSON_PATTERN = "{ $.status >= 500 && $.latency > 1000 }"
SPACE_PATTERN = "[ts, level, ip, method, path, status = 5*, bytes, latency > 1000]"


def _rows(seed: int):
    rng = random.Random(seed)
    for i in range(N):
        status = 200 if rng.random() < 0.95 else rng.choice((404, 500, 502, 503))
        latency = int(rng.expovariate(1 / 120)) + (1500 if status >= 500 and i % 3 else 0)
        level = "ERROR" if status >= 500 else ("WARN" if status == 404 else "INFO")
        yield (i, level, f"10.0.{rng.randrange(8)}.{rng.randrange(1, 250)}",
               "GET" if rng.random() < 0.8 else "POST", rng.choice(PATHS), status,
               rng.randrange(100, 9000), latency)


def app_lines(seed: int, start_ms: int) -> list[tuple[int, str]]:
    """``(timestamp_ms, line)`` of the space-delimited group, one event per 50 ms."""
    out = []
    for i, level, ip, method, path, status, size, latency in _rows(seed):
        t = start_ms + i * 50
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t // 1000))
        out.append((t, f"{stamp}.{t % 1000:03d}Z {level} {ip} {method} {path} {status} "
                       f"{size} {latency}"))
    return out


def api_lines(seed: int, start_ms: int) -> list[tuple[int, str]]:
    """``(timestamp_ms, json)`` of the JSON group, one event per 50 ms."""
    dumps = json.dumps
    return [(start_ms + i * 50, dumps({
        "requestId": f"{seed:04x}{i:012x}", "ip": ip, "httpMethod": method,
        "resourcePath": path, "status": status, "responseLength": size,
        "latency": latency})) for i, _, ip, method, path, status, size, latency in
        _rows(seed)]


def build(lab, group: str, lines: list[tuple[int, str]]) -> None:
    for i in range(0, len(lines), BATCH):
        lab.send("logs", "put", ACCOUNT, REGION, {
            "logGroupName": group, "logStreamName": f"s{i // 100_000}",
            "events": [{"timestamp": t, "message": m} for t, m in lines[i:i + BATCH]]})


def filter_all(logs, group: str, pattern: str) -> list[str]:
    pages = logs.get_paginator("filter_log_events").paginate(
        logGroupName=group, filterPattern=pattern)
    return [e["message"] for page in pages for e in page["events"]]


def pandas_term(df) -> list[str]:
    mask = df["message"].str.contains(r"(?<![A-Za-z0-9])ERROR(?![A-Za-z0-9])", regex=True)
    return df["message"][mask].tolist()


def pandas_json(df) -> list[str]:
    import pandas as pd
    rows = pd.DataFrame.from_records([json.loads(m) for m in df["message"]])
    mask = (rows["status"] >= 500) & (rows["latency"] > 1000)
    return df["message"][mask].tolist()


def pandas_space(df) -> list[str]:
    import pandas as pd
    parts = df["message"].str.split(" ", expand=True)
    mask = parts[5].str.startswith("5") & (pd.to_numeric(parts[7]) > 1000)
    return df["message"][mask].tolist()


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def measure() -> list[tuple[str, float, float, int]]:
    """``(case, awslab seconds, pandas seconds, matches)`` for the three patterns."""
    import pandas as pd

    from awslab import Lab
    lab = Lab(seed=3)
    logs = lab.client("logs")
    start = int(lab.now.timestamp() * 1000) - 14 * 3600 * 1000
    out = []
    for group, lines, cases in (
            ("/bench/app", app_lines(1, start), (("term ERROR", TERM, pandas_term),
                                                 ("space-delimited", SPACE_PATTERN,
                                                  pandas_space))),
            ("/bench/api", api_lines(2, start), (("JSON", JSON_PATTERN, pandas_json),))):
        build(lab, group, lines)
        df = pd.DataFrame({"timestamp": [t for t, _ in lines],
                           "message": [m for _, m in lines]})
        del lines
        for name, pattern, baseline in cases:
            ours_s, ours = best(lambda: filter_all(logs, group, pattern))
            theirs_s, theirs = best(lambda: baseline(df))
            assert ours == theirs, f"{name}: {len(ours)} vs pandas {len(theirs)} matches"
            out.append((name, ours_s, theirs_s, len(ours)))
        lab.state("logs", ACCOUNT, REGION).groups.pop(group)
    return out


def rows() -> list:
    """Rows for ``bench/run.py``: ``(name, awslab, baseline, unit)`` in ms per full
    FilterLogEvents scan (all pages) of 1,000,000 events."""
    return [(f"FilterLogEvents {name} over 1M events, all pages ({n:,} matches) vs pandas",
             ours * 1e3, theirs * 1e3, "ms") for name, ours, theirs, n in measure()]


def main() -> None:
    print(f"{'measure':<92} {'awslab':>10} {'pandas':>10} {'ratio':>7}")
    for name, ours, theirs, unit in rows():
        print(f"{name:<92} {ours:>8.1f}{unit:>2} {theirs:>8.1f}{unit:>2} "
              f"{theirs / ours:>6.2f}x")


if __name__ == "__main__":
    main()
