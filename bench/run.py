"""`make bench`: the figures DESIGN.md names, each beside its baseline, in one run.

Not a test: it prints measurements. Baselines: moto (``mock_aws``) answering the same
boto3 calls, and tracemalloc-measured memory of both metric stores.
"""
from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
DIMS = [{"Name": "InstanceId", "Value": "i-0123456789abcdef0"}]


def per_call(fn, repeat: int = 5, number: int = 50) -> float:
    """Median seconds per call over ``repeat`` batches of ``number`` calls."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t) / number)
    return statistics.median(runs)


def twenty_datums():
    return [{"MetricName": f"Metric{i}", "Dimensions": DIMS, "Value": float(i),
             "Unit": "Count"} for i in range(20)]


def load_day(cw, end: datetime) -> None:
    """One day of one-minute CPU data, in batches of 1,000 datums."""
    data = [{"MetricName": "CPUUtilization", "Dimensions": DIMS, "Unit": "Percent",
             "Value": float(20 + (m * 7919) % 61), "Timestamp": end - timedelta(minutes=m)}
            for m in range(1, 1441)]
    for i in range(0, len(data), 1000):
        cw.put_metric_data(Namespace="Bench", MetricData=data[i:i + 1000])


def stats_calls(cw, end: datetime):
    window = dict(Namespace="Bench", MetricName="CPUUtilization", Dimensions=DIMS,
                  StartTime=end - timedelta(days=1), EndTime=end, Period=300)

    def call():
        cw.get_metric_statistics(Statistics=["Average", "Maximum"], **window)
        cw.get_metric_statistics(ExtendedStatistics=["p99"], **window)
    return call


def bench_awslab():
    from awslab import Lab
    lab = Lab(seed=1, start="2026-01-05T00:00:00Z")
    cw = lab.client("cloudwatch")
    put = per_call(lambda: cw.put_metric_data(Namespace="Bench", MetricData=twenty_datums()))
    load_day(cw, lab.now)
    get = per_call(stats_calls(cw, lab.now), number=20)
    return put, get


def bench_moto():
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                      AWS_DEFAULT_REGION="us-east-1")
    import boto3
    from moto import mock_aws
    with mock_aws():
        cw = boto3.client("cloudwatch", region_name="us-east-1")
        put = per_call(lambda: cw.put_metric_data(Namespace="Bench",
                                                  MetricData=twenty_datums()), number=20)
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        load_day(cw, now)
        get = per_call(stats_calls(cw, now), repeat=3, number=5)
    return put, get


def retained_bytes(load, points: int) -> float:
    """Bytes still allocated per datapoint after ``load()`` stored ``points`` datapoints."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    keep = load()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del keep
    return (after - before) / points


def awslab_store(points: int):
    from awslab import Lab
    lab = Lab(seed=2)
    per_metric = 10_000
    for m in range(points // per_metric):
        data = [{"MetricName": f"M{m}", "Dimensions": DIMS, "Value": float(i % 97),
                 "Timestamp": lab.now - timedelta(seconds=60 * i)}
                for i in range(per_metric)]
        for i in range(0, per_metric, 1000):
            lab.send("cloudwatch", "metrics", "123456789012", "us-east-1",
                     {"Namespace": "Bench", "MetricData": data[i:i + 1000]})
    assert lab.state("cloudwatch").metrics.datapoint_count() == points
    return lab


def moto_store(points: int):
    from moto.cloudwatch.models import cloudwatch_backends
    backend = cloudwatch_backends["123456789012"]["us-east-1"]
    now = datetime.now(UTC)
    for start in range(0, points, 1000):
        data = [{"MetricName": f"M{(start + i) // 10_000}", "Value": float(i % 97),
                 "Dimensions": DIMS, "Timestamp": now - timedelta(seconds=60 * i)}
                for i in range(1000)]
        backend.put_metric_data("Bench", data)
    return backend


def fresh(code: str) -> float:
    """Seconds a snippet takes in a new interpreter (best of three)."""
    best = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        best.append(float(out.stdout.strip()))
    return min(best)


def main() -> None:
    rows = []
    a_put, a_get = bench_awslab()
    m_put, m_get = bench_moto()
    rows.append(("PutMetricData, 20 datums (per call)", a_put * 1e6, m_put * 1e6, "us"))
    rows.append(("GetMetricStatistics, 1 day of 1-min data, period 300, "
                 "Average+Maximum and p99 (2 calls)", a_get * 1e6, m_get * 1e6, "us"))
    n_awslab, n_moto = 1_000_000, 100_000
    a_mem = retained_bytes(lambda: awslab_store(n_awslab), n_awslab)
    m_mem = retained_bytes(lambda: moto_store(n_moto), n_moto)
    rows.append((f"Metric store, bytes retained per datapoint (awslab {n_awslab:,} points, "
                 f"moto {n_moto:,})", a_mem, m_mem, "B"))
    rows.extend(__import__("iam").rows())  # bench/iam.py: IAM decisions vs principalmapper
    rows.extend(__import__("events").rows())  # bench/events.py: pattern matching vs moto
    rows.extend(__import__("alarms").rows())  # bench/alarms.py: alarm states vs numpy M-of-N
    rows.extend(__import__("handouts").rows())  # bench/handouts.py: class handouts vs CLI loop
    rows.extend(__import__("logs").rows())  # bench/logs.py: FilterLogEvents vs pandas
    rows.extend(__import__("insights").rows())  # bench/insights.py: Insights vs pandas
    rows.extend(__import__("config").rows())  # bench/config.py: Config recording overhead
    rows.extend(__import__("cloudtrail").rows())  # bench/cloudtrail.py: recording, LookupEvents
    rows.extend(__import__("organizations").rows())  # bench/organizations.py: org calls vs moto
    rows.extend(__import__("identity").rows())  # bench/identity.py: Cognito, SAML vs moto
    imp = fresh("import time; t=time.perf_counter(); import awslab; "
                "print(time.perf_counter()-t)")
    first = fresh("import time; t=time.perf_counter(); from awslab import Lab; "
                  "Lab().client('cloudwatch'); print(time.perf_counter()-t)")
    print(f"{'measure':<92} {'awslab':>10} {'baseline':>10} {'ratio':>7}")
    for name, ours, theirs, unit in rows:
        print(f"{name:<92} {ours:>8.1f}{unit:>2} {theirs:>8.1f}{unit:>2} "
              f"{theirs / ours:>6.1f}x")
    print(f"{'import awslab (fresh interpreter, best of 3)':<92} {imp:>9.3f}s  target < 0.3 s")
    print(f"{'import + Lab() + first client (fresh interpreter, best of 3)':<92} "
          f"{first:>9.3f}s  target < 0.5 s")
    print("botocore floor: a boto3 call answered by an empty before-call handler costs "
          f"{botocore_floor() * 1e6:.1f} us for the same 20-datum PutMetricData")


def botocore_floor() -> float:
    """What botocore's own validation and serialisation cost before any answer."""
    import boto3
    from botocore.awsrequest import AWSResponse
    client = boto3.client("cloudwatch", region_name="us-east-1", aws_access_key_id="x",
                          aws_secret_access_key="x")
    client.meta.events.register_first(
        "before-call.*.*", lambda **_: (AWSResponse("", 200, {}, None), {}),
        unique_id="bench-floor")
    return per_call(lambda: client.put_metric_data(Namespace="Bench",
                                                   MetricData=twenty_datums()))


if __name__ == "__main__":
    main()
