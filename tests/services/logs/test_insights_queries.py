"""StartQuery / GetQueryResults / StopQuery / DescribeQueries / GetLogRecord via boto3."""
import pytest

from logs_insights_helpers import aws_error, seeded_group


def run(lab, logs, query, first, **kw):
    qid = logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                           endTime=first // 1000 + 7200, queryString=query, **kw)["queryId"]
    lab.advance(seconds=2)
    return logs.get_query_results(queryId=qid)


def table(result):
    return [{c["field"]: c["value"] for c in row} for row in result["results"]]


def test_status_moves_on_the_clock(lab, logs):
    first = seeded_group(lab)
    qid = logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                           endTime=first // 1000 + 7200,
                           queryString="stats count(*) by status")["queryId"]
    got = logs.get_query_results(queryId=qid)
    assert got["status"] == "Scheduled" and got["results"] == []
    lab.advance(seconds=0.5)
    assert logs.get_query_results(queryId=qid)["status"] == "Running"
    lab.advance(seconds=1)
    done = logs.get_query_results(queryId=qid)
    assert done["status"] == "Complete"
    assert table(done) == [{"status": "200", "count(*)": "20"},
                           {"status": "404", "count(*)": "20"},
                           {"status": "500", "count(*)": "20"}]
    assert done["statistics"]["recordsScanned"] == 60.0
    assert done["statistics"]["recordsMatched"] == 60.0
    assert done["statistics"]["bytesScanned"] > 0


def test_filter_sort_limit_rows_carry_ptr(lab, logs):
    first = seeded_group(lab)
    got = run(lab, logs, "filter status = 500 | fields latency, path | sort latency desc "
              "| limit 3", first)
    rows = table(got)
    assert [r["latency"] for r in rows] == ["59", "56", "53"]
    assert all("@ptr" in r for r in rows)
    record = logs.get_log_record(logRecordPointer=rows[0]["@ptr"])["logRecord"]
    assert record["latency"] == "59" and record["@log"] == "123456789012:/petshop/api"
    assert got["statistics"]["recordsMatched"] == 20.0


def test_time_range_is_inclusive_and_in_seconds(lab, logs):
    first = seeded_group(lab)
    qid = logs.start_query(logGroupName="/petshop/api", startTime=first // 1000 + 60,
                           endTime=first // 1000 + 180,
                           queryString="stats count(*) as n")["queryId"]
    lab.advance(seconds=2)
    assert table(logs.get_query_results(queryId=qid)) == [{"n": "3"}]


def test_default_and_requested_limits(lab, logs):
    first = seeded_group(lab, count=60)
    assert len(run(lab, logs, "fields @message", first, limit=7)["results"]) == 7
    assert len(run(lab, logs, "fields @message", first)["results"]) == 60


def test_max_items_pages(lab, logs):
    first = seeded_group(lab)
    qid = logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                           endTime=first // 1000 + 7200, queryString="fields @message")[
        "queryId"]
    lab.advance(seconds=2)
    page = logs.get_query_results(queryId=qid, maxItems=25)
    assert len(page["results"]) == 25 and page["nextToken"]
    rest = logs.get_query_results(queryId=qid, maxItems=50, nextToken=page["nextToken"])
    assert len(rest["results"]) == 35 and "nextToken" not in rest


def test_bin_chart_query(lab, logs):
    first = seeded_group(lab)
    rows = table(run(lab, logs, "filter status >= 500 | stats count(*) as errors by "
                     "bin(15m)", first))
    assert sum(int(r["errors"]) for r in rows) == 20 and len(rows) == 4


def test_stop_and_describe(lab, logs):
    first = seeded_group(lab)
    qid = logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                           endTime=first // 1000 + 7200, queryString="fields @message")[
        "queryId"]
    assert logs.stop_query(queryId=qid)["success"] is True
    lab.advance(seconds=5)
    assert logs.get_query_results(queryId=qid)["status"] == "Cancelled"
    assert logs.stop_query(queryId=qid)["success"] is False
    (info,) = logs.describe_queries(logGroupName="/petshop/api")["queries"]
    assert info["status"] == "Cancelled" and info["queryString"] == "fields @message"
    assert logs.describe_queries(status="Complete")["queries"] == []


@pytest.mark.parametrize("kwargs, code, fragment", [
    ({"queryString": "fields a | sortt a"}, "MalformedQueryException",
     "unexpected symbol found sortt at line 1 and position 12"),
    ({"logGroupName": "/nope"}, "ResourceNotFoundException",
     "Log group '/nope' does not exist for account ID '123456789012'"),
    ({"startTime": 0, "endTime": 10}, "MalformedQueryException",
     "before the log groups creation time"),
    ({"startTime": 2_000_000_000}, "InvalidParameterException", "endTime"),
    ({"queryLanguage": "SQL"}, "InvalidParameterException", "CWLI"),
])
def test_start_query_errors(lab, logs, kwargs, code, fragment):
    first = seeded_group(lab)
    call = {"logGroupName": "/petshop/api", "startTime": first // 1000,
            "endTime": first // 1000 + 7200, "queryString": "fields @message", **kwargs}
    got_code, message = aws_error(logs.start_query, **call)
    assert got_code == code and fragment in message


def test_compile_error_location(lab, logs):
    import botocore.exceptions
    first = seeded_group(lab)
    with pytest.raises(botocore.exceptions.ClientError) as err:
        logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                         endTime=first // 1000 + 60, queryString="fields a\n| sortt a")
    location = err.value.response["queryCompileError"]["location"]
    assert location == {"startCharOffset": 11, "endCharOffset": 15}


def test_unknown_query_and_concurrency_limit(lab, logs, monkeypatch):
    from awslab.services.logs.operations import queries
    assert aws_error(logs.get_query_results, queryId="nope")[0] == \
        "ResourceNotFoundException"
    first = seeded_group(lab)
    monkeypatch.setattr(queries, "MAX_CONCURRENT", 2)
    for _ in range(2):
        logs.start_query(logGroupName="/petshop/api", startTime=first // 1000,
                         endTime=first // 1000 + 60, queryString="fields @message")
    assert aws_error(logs.start_query, logGroupName="/petshop/api",
                     startTime=first // 1000, endTime=first // 1000 + 60,
                     queryString="fields @message") == (
        "LimitExceededException", "Account maximum query concurrency limit of [2] reached.")


def test_several_groups_and_log_field(lab, logs):
    first = seeded_group(lab)
    seeded_group(lab, name="/petshop/worker", count=6)
    qid = logs.start_query(logGroupNames=["/petshop/api", "/petshop/worker"],
                           startTime=first // 1000, endTime=first // 1000 + 7200,
                           queryString="stats count(*) as n by @log")["queryId"]
    lab.advance(seconds=2)
    assert table(logs.get_query_results(queryId=qid)) == [
        {"@log": "123456789012:/petshop/api", "n": "60"},
        {"@log": "123456789012:/petshop/worker", "n": "6"}]
