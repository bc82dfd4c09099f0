"""CloudTrail: what recording costs a call, and event history over a busy account.

Two measures (issue 6):

* **Recording overhead** -- one boto3 write call (``PutBucketTagging``, a call Config
  must look at) in a lab with a CloudTrail trail logging (each call's record offered to
  EventBridge as "AWS API Call via CloudTrail") and AWS Config recording, against the
  same call in a bare lab, interleaved in one run. Three cases: the same tags each time
  (Config looks and keeps no item), tags changing each time (a configuration item per
  call), and an EventBridge rule matching S3's API-call events (the record made and
  matched at every call; otherwise EventBridge makes it only when its history is read).
  Target: under 25 % added.
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


def _lab(recording: bool, rule: bool = False):
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
    if rule:
        lab.client("events").put_rule(Name="s3-api-calls", EventPattern=(
            '{"source": ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"]}'))
    return lab, s3


def recording_overhead(calls: int = 100, rounds: int = 30, *, change: bool = False,
                       rule: bool = False) -> tuple[float, float]:
    """Seconds per call (recording on, off): the fastest of rounds run in turn, in
    alternating order (the machine's noise only ever adds time).

    ``change``: the tags differ from call to call (Config keeps an item per call);
    ``rule``: both labs have an EventBridge rule matching S3's API-call events (so each
    call's record is made and matched at once)."""
    on_lab, on = _lab(True, rule)
    off_lab, off = _lab(False, rule)
    tag_sets = [{"TagSet": [{"Key": "team", "Value": v}]}
                for v in (("web", "db") if change else ("web",))]

    def run(client) -> float:
        t = time.perf_counter()
        for i in range(calls):
            client.put_bucket_tagging(Bucket="bench-data", Tagging=tag_sets[i % len(tag_sets)])
        return (time.perf_counter() - t) / calls

    run(on), run(off)
    ons, offs = [], []
    for i in range(rounds):
        for client, times in ((on, ons), (off, offs))[::1 if i % 2 else -1]:
            times.append(run(client))
    history = on_lab.state("events").events
    assert sum(e["detail"].get("eventName") == "PutBucketTagging" for e in history) >= calls
    items = on_lab.state("config").items[("AWS::S3::Bucket", "bench-data")]
    assert (len(items) > calls) == change           # an item per call only when it changes
    return min(ons), min(offs)


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
    out = []
    for what, kw in (("same tags: Config looks, keeps no item", {}),
                     ("tags change: a Config item per call", {"change": True}),
                     ("+ an EventBridge rule on S3 API calls", {"rule": True})):
        on, off = recording_overhead(**kw)
        out.append((f"Recording overhead, boto3 PutBucketTagging with CloudTrail + Config on "
                    f"vs off ({what}): +{(on / off - 1) * 100:.0f}% (target < 25%)",
                    on * 1e6, off * 1e6, "us"))
    lab, act = busy_account()
    ours, base = lookup_time(lab), pandas_time(act)
    return out + [(f"LookupEvents over 90 days of {len(act):,} events, first page of 50 "
                   f"({ours:.3f} s, target < 0.5 s) vs pandas filter+top-50", ours * 1e6,
                   base * 1e6, "us")]


def main() -> None:
    for name, ours, base, unit in rows():
        print(f"{name:<100} {ours:>10.1f}{unit} {base:>10.1f}{unit}")


if __name__ == "__main__":
    main()
