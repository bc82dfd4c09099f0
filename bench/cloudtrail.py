"""CloudTrail: what recording costs a call, and event history over a busy account.

Two measures (issue 6):

* **Recording overhead** -- one boto3 write call (``PutBucketTagging``, a change Config
  records) in a lab with CloudTrail watching every call (the record sent to EventBridge
  as "AWS API Call via CloudTrail", a trail logging) and AWS Config recording, against the
  same call in a bare lab, interleaved in one run. Target: under 25 % added.
* **LookupEvents over 90 days of a busy account** -- 1,000,000 seeded management events;
  one LookupEvents call (a lookup attribute, 90-day window, first page of 50) through
  boto3. Target: under 0.5 s. The baseline column is pandas doing the same filter and
  top-50 on a DataFrame of the same events (no JSON records built).

Not a test: it prints measurements. ``python bench/cloudtrail.py`` runs it alone.
"""
from __future__ import annotations

import statistics
import time
from datetime import timedelta

EVENTS = 1_000_000


def _lab(recording: bool):
    from awslab import Lab
    from awslab.services import cloudtrail
    lab = Lab(seed=5)
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="bench-data")
    if recording:
        lab.service("config").enable(lab)
        cloudtrail.enable(lab)
        bucket = "bench-trail"
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_policy(Bucket=bucket, Policy=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
            '{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":'
            f'"arn:aws:s3:::{bucket}/AWSLogs/123456789012/*"}}]}}'))
        ct = lab.client("cloudtrail")
        ct.create_trail(Name="bench", S3BucketName=bucket, IsMultiRegionTrail=True)
        ct.start_logging(Name="bench")
    return lab, s3


def recording_overhead(calls: int = 400, rounds: int = 7) -> tuple[float, float]:
    """Seconds per call (recording on, off), best rounds' median, interleaved."""
    on_lab, on = _lab(True)
    off_lab, off = _lab(False)
    tags = {"TagSet": [{"Key": "team", "Value": "web"}]}

    def run(client) -> float:
        t = time.perf_counter()
        for _ in range(calls):
            client.put_bucket_tagging(Bucket="bench-data", Tagging=tags)
        return (time.perf_counter() - t) / calls

    run(on), run(off)
    ons, offs = [], []
    for _ in range(rounds):
        ons.append(run(on))
        offs.append(run(off))
    assert on_lab.state("events").events and on_lab.service("config") is not None
    return statistics.median(sorted(ons)[:4]), statistics.median(sorted(offs)[:4])


def busy_account():
    """A lab whose account has 1,000,000 management events over the last 90 days."""
    from awslab import Lab
    from awslab.services import cloudtrail
    lab = Lab(seed=5)
    act = cloudtrail.seed_activity(lab, days_before=90, days_after=0, anomalies=False,
                                   rate=EVENTS / (90 * 1440 * 5.8))
    return lab, act


def lookup_time(lab, repeat: int = 5) -> float:
    ct = lab.client("cloudtrail")
    attr = [{"AttributeKey": "EventName", "AttributeValue": "CreateTags"}]
    start = lab.now - timedelta(days=90)
    ct.lookup_events(LookupAttributes=attr, StartTime=start, EndTime=lab.now)
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        page = ct.lookup_events(LookupAttributes=attr, StartTime=start, EndTime=lab.now,
                                MaxResults=50)
        runs.append(time.perf_counter() - t)
        assert len(page["Events"]) == 50 and page["NextToken"]
    return statistics.median(runs)


def pandas_time(act, repeat: int = 5) -> float:
    import pandas as pd

    from awslab.services.cloudtrail.activity import OPS, op_index
    frame = pd.DataFrame({"t": act.t, "op": act.op, "res": act.res})
    names = pd.Series([o.operation for o in OPS])
    code = op_index("ec2", "CreateTags")
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        hit = frame[(names.iloc[frame.op.to_numpy()].to_numpy() == "CreateTags")]
        top = hit.nlargest(50, "t")
        runs.append(time.perf_counter() - t)
        assert len(top) == 50 and (top.op == code).all()
    return statistics.median(runs)


def rows() -> list:
    """Rows for ``bench/run.py``'s table ``(name, awslab, baseline, unit)``."""
    on, off = recording_overhead()
    lab, act = busy_account()
    ours, base = lookup_time(lab), pandas_time(act)
    return [(f"Recording overhead, boto3 PutBucketTagging with CloudTrail + Config on vs "
             f"off: +{(on / off - 1) * 100:.0f}% (target < 25%)", on * 1e6, off * 1e6, "us"),
            (f"LookupEvents over 90 days of {len(act):,} events, first page of 50 "
             f"({ours:.3f} s, target < 0.5 s) vs pandas filter+top-50", ours * 1e6,
             base * 1e6, "us")]


def main() -> None:
    for name, ours, base, unit in rows():
        print(f"{name:<100} {ours:>10.1f}{unit} {base:>10.1f}{unit}")


if __name__ == "__main__":
    main()
