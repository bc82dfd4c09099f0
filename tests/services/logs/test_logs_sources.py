"""Seeded log sources: conventional groups, realistic formats, determinism, live feed."""
import re

from awslab import Lab, log_lines
from awslab.services.logs.sources import batches, seed_petshop


def test_every_source_writes_its_conventional_group():
    lab = Lab(seed=5)
    groups = seed_petshop(lab, hours=2)
    logs = lab.client("logs")
    names = {g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]}
    assert names == set(groups.values())
    assert groups["Lambda"] == "/aws/lambda/petshop-checkout"
    assert groups["Route 53"].startswith("/aws/route53/")
    assert all(logs.filter_log_events(logGroupName=g, limit=1)["events"]
               for g in names)


def test_formats_are_what_the_services_write():
    lab = Lab(seed=5)
    groups = seed_petshop(lab, hours=1)
    logs = lab.client("logs")

    def first(name, pattern=""):
        return logs.filter_log_events(logGroupName=groups[name], filterPattern=pattern,
                                      limit=1)["events"][0]["message"]
    assert re.match(r"REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms"
                    r"\tMemory Size: 256 MB\tMax Memory Used: \d+ MB", first("Lambda",
                                                                              "REPORT"))
    flow = first("VPC Flow Logs").split()
    assert len(flow) == 14 and flow[0] == "2" and flow[12] in ("ACCEPT", "REJECT")
    assert first("API Gateway").startswith('{"requestId": ')
    assert first("Route 53").startswith("1.0 ")
    assert logs.filter_log_events(
        logGroupName=groups["VPC Flow Logs"],
        filterPattern="[version, account, eni, src, dst, srcport, dstport = 22, protocol, "
                      "packets, bytes, start, end, action = REJECT, status]")["events"]


def test_same_seed_same_lines_any_window():
    from datetime import datetime, timedelta, timezone
    t = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    whole = log_lines.app_lines(3, "h", t, 10)
    parts = log_lines.app_lines(3, "h", t, 4) + log_lines.app_lines(
        3, "h", t + timedelta(minutes=4), 6)
    assert whole == parts
    assert whole != log_lines.app_lines(4, "h", t, 10)


def test_incident_raises_errors_in_its_window():
    seed = 9
    first, end = log_lines.incident_window(seed, 20458)
    bad = [r["status"] for m in range(first, end)
           for r in log_lines.requests(seed, "x", m)]
    calm = [r["status"] for m in range(first - 200, first - 180)
            for r in log_lines.requests(seed, "x", m)]
    assert sum(s >= 500 for s in bad) > 3 * max(1, sum(s >= 500 for s in calm))


def test_live_sources_keep_writing():
    lab = Lab(seed=5)
    groups = seed_petshop(lab, hours=1, live=True, only=("API Gateway",))
    logs = lab.client("logs")
    before = logs.describe_log_groups()["logGroups"][0]["storedBytes"]
    lab.advance(minutes=10)
    assert logs.describe_log_groups()["logGroups"][0]["storedBytes"] > before
    assert list(groups) == ["API Gateway"]


def test_batches_respect_putlogevents_limits():
    lines = [(i, "x" * 200) for i in range(30_000)]
    sizes = [len(b) for b in batches(lines)]
    assert sum(sizes) == 30_000 and max(sizes) <= 10_000
    assert all(sum(len(e["message"]) + 26 for e in b) <= 1_048_576
               for b in batches(lines))
