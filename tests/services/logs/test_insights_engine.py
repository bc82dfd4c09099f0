"""The Logs Insights engine without boto3: parsing, errors, and every command."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslab.services.logs.insights import (
    MalformedQueryException, events_frame, parse_query, run_query)
from awslab.services.logs.insights.discovery import discover, flatten
from awslab.services.logs.insights.execute import glob_regex
from awslab.services.logs.insights.functions import percentile

T0 = 1_767_571_200_000          # 2026-01-05T00:00:00Z
REQUESTS = [(200, "/cart", 12, "10.0.0.1"), (500, "/cart", 100, "10.0.0.2"),
            (404, "/pets", 5, "10.0.0.1"), (200, "/pets", 30, "10.0.0.3"),
            (200, "/pets", 45, "10.0.0.1")]
TEXT = ["ERROR payment failed user=bob", "INFO checkout ok user=alice",
        "REPORT RequestId: r-1\tDuration: 12.5 ms\tBilled Duration: 13 ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 60 MB"]


@pytest.fixture(scope="module")
def frame():
    messages = [json.dumps({"status": s, "path": p, "latency": l, "ip": ip})
                for s, p, l, ip in REQUESTS] + TEXT
    stamps = [T0 + i * 120_000 for i in range(len(messages))]
    return events_frame(stamps, messages, ["web-1"] * len(messages),
                        ["/petshop/app"] * len(messages))


def rows(query, frame, **kw):
    return run_query(query, frame, **kw).rows


def test_default_fields_newest_first(frame):
    result = run_query("filter @message like 'user='", frame)
    assert result.fields == ["@timestamp", "@message"]
    assert [r["@message"][:4] for r in result.rows] == ["INFO", "ERRO"]
    assert result.rows[0]["@timestamp"] == "2026-01-05 00:12:00.000"
    assert (result.records_scanned, result.records_matched) == (8, 2)


@pytest.mark.parametrize("query, expected", [
    ("filter status >= 400 | fields status", ["404", "500"]),
    ("filter status = 200 and path = '/pets' | fields status", ["200", "200"]),
    ("filter status != 200 | fields status", ["404", "500"]),
    ("filter not (status = 200) | fields status", ["404", "500"]),
    ("filter status in [404, 500] | fields status", ["404", "500"]),
    ("filter path not in ['/pets'] | fields path", ["/cart", "/cart"]),
    ("filter path like /^\\/c/ | fields path", ["/cart", "/cart"]),
    ("filter path =~ /(?i)PETS/ | fields path", ["/pets"] * 3),
    ("filter @message not like 'status' | fields @type", ["REPORT"]),
    ("filter status = 500 or latency < 10 | fields status", ["404", "500"]),
])
def test_filter(frame, query, expected):
    got = [next(iter(r.values())) for r in rows(query, frame) if r]
    assert sorted(got) == sorted(expected)


def test_stats_by_field_sorted_groups(frame):
    result = run_query("stats count(*) as n, avg(latency) as mean, pct(latency, 50), "
                       "max(latency), min(latency), sum(latency) by path", frame)
    assert result.fields == ["path", "n", "mean", "pct(latency, 50)", "max(latency)",
                             "min(latency)", "sum(latency)"]
    cart, pets = result.rows[0], result.rows[1]
    assert cart == {"path": "/cart", "n": "2", "mean": "56", "pct(latency, 50)": "12",
                    "max(latency)": "100", "min(latency)": "12", "sum(latency)": "112"}
    assert pets["n"] == "3" and pets["mean"] == "26.666666666666668"
    assert result.rows[2] == {"n": "3"}          # events without a path form a null group
    assert result.aggregated and result.records_matched == 8


def test_stats_by_bin(frame):
    result = run_query("filter ispresent(status) | stats count(*) by bin(5m)", frame)
    assert result.rows == [{"bin(5m)": "2026-01-05 00:00:00.000", "count(*)": "3"},
                           {"bin(5m)": "2026-01-05 00:05:00.000", "count(*)": "2"}]
    assert result.records_matched == 5


def test_stats_arithmetic_count_distinct_and_time_functions(frame):
    got = rows("filter ispresent(ip) | stats count_distinct(ip) as ips, "
               "sum(latency) / count(*) as mean, earliest(path), latest(path)", frame)
    assert got == [{"ips": "3", "mean": "38.4", "earliest(path)": "/cart",
                    "latest(path)": "/pets"}]


def test_sort_limit_and_display(frame):
    got = rows("fields latency, path | sort latency desc | limit 2 | display path", frame)
    assert got == [{"path": "/cart"}, {"path": "/pets"}]
    assert rows("fields latency | sort latency asc | limit 1", frame) == [
        {"latency": "5"}]


def test_limit_argument_caps_rows(frame):
    assert len(rows("fields @message", frame, limit=3)) == 3


def test_parse_glob_and_regex(frame):
    assert rows("filter @message like 'user=' | parse @message '* * * user=*' as level, "
                "a, b, user | display level, user", frame) == [
        {"level": "INFO", "user": "alice"}, {"level": "ERROR", "user": "bob"}]
    assert rows("parse @message /user=(?<who>\\w+)/ | filter ispresent(who) | "
                "stats count(*) by who", frame) == [
        {"who": "alice", "count(*)": "1"}, {"who": "bob", "count(*)": "1"}]


def test_dedup_keeps_first_and_null_rows(frame):
    got = rows("fields ip | dedup ip", frame)
    assert [r.get("ip") for r in got] == [None, None, None, "10.0.0.1", "10.0.0.3",
                                          "10.0.0.2"]


def test_lambda_report_fields(frame):
    assert rows("filter @type = 'REPORT' | stats max(@maxMemoryUsed / 1000 / 1000) as mb,"
                " avg(@billedDuration) as billed", frame) == [{"mb": "60", "billed": "13"}]


@pytest.mark.parametrize("query, fragment", [
    ("fieldz @message", "unexpected symbol found fieldz at line 1 and position 1"),
    ("filter x =", "unexpected symbol found <EOF> at line 1 and position 11"),
    ("fields @message | dedup a | sort a", "unexpected symbol found sort"),
    ("fields a\n| filter (", "at line 2 and position 11"),
    ("stats x by y", "stats needs an aggregation function"),
    ("filter count(*) > 1", "aggregation functions are only allowed in stats"),
    ("limit 0", "limit must be between 1 and 10000"),
    ("limit 10001", "limit must be between 1 and 10000"),
    ("filter nosuch(x)", "unknown function nosuch"),
    ("stats count(*) by bin(5)", "bin needs a time period"),
    ("stats pct(x)", "pct takes 2 arguments, not 1"),
    ("parse @message '* *' as a", "parse has 2 wildcards but 1 field names"),
    ("parse @message /no groups/", "needs named groups"),
    ("fields 'open", "unterminated string"),
    ("filter a like /(/", "invalid regular expression"),
    ("pattern @message", "does not simulate the pattern command"),
    ("", "the query is empty"),
    ("fields a ; b", "unexpected symbol found ;"),
])
def test_malformed_queries(query, fragment):
    with pytest.raises(MalformedQueryException) as err:
        parse_query(query)
    assert fragment in err.value.message
    location = err.value.extra["queryCompileError"]["location"]
    assert 0 <= location["startCharOffset"] <= location["endCharOffset"]


def test_comments_and_backticks():
    query = parse_query("# a comment\nfields `user-agent` # another\n| limit 5")
    assert query.fields_used == {"user-agent"}
    assert [c.name for c in query.commands] == ["fields", "limit"]


def test_discovery():
    assert flatten({"a": {"b": [1, {"c": True}]}}) == {"a.b.0": 1, "a.b.1.c": "true"}
    flow = "2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 5000 6 10 840 1 2 REJECT OK"
    assert discover(flow)["action"] == "REJECT" and discover(flow)["dstPort"] == 5000
    assert discover("START RequestId: r-9 Version: $LATEST")["@requestId"] == "r-9"
    assert discover("{not json") == {} and discover("plain text") == {}


def test_glob_regex_and_percentile():
    assert glob_regex("[*] *", ["a", "b"]) == r"\[(?P<g0>.*?)\]\ (?P<g1>.*)"
    assert percentile([1, 2, 3, 4], 50) == 2 and percentile([1, 2, 3, 4], 95) == 4


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_compiles_or_is_malformed(text):
    try:
        parse_query(text)
    except MalformedQueryException as err:
        assert err.message


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 3_600_000), min_size=1, max_size=50),
       st.sampled_from(["1m", "5m", "1h"]))
def test_bin_counts_add_up(offsets, span):
    stamps = [T0 + o for o in offsets]
    frame = events_frame(stamps, ["m"] * len(stamps), ["s"] * len(stamps),
                         ["g"] * len(stamps))
    result = run_query(f"stats count(*) by bin({span})", frame)
    assert sum(int(r["count(*)"]) for r in result.rows) == len(stamps)
