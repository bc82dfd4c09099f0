"""Logs Insights scans a columnar view of each group, rebuilt when the group changes."""
from awslab import Lab


def test_insights_sees_events_ingested_after_an_earlier_query():
    """The columnar view a query scans is rebuilt when the group changes."""
    lab = Lab(seed=8)
    logs = lab.client("logs")
    logs.create_log_group(logGroupName="/app/web")
    logs.create_log_stream(logGroupName="/app/web", logStreamName="a")
    now_ms = int(lab.now.timestamp() * 1000)

    def put(n, offset):
        logs.put_log_events(logGroupName="/app/web", logStreamName="a", logEvents=[
            {"timestamp": now_ms - 60_000 + offset + i, "message": f"ERROR {i}"}
            for i in range(n)])

    def count():
        now = int(lab.now.timestamp())
        qid = logs.start_query(logGroupName="/app/web", startTime=now - 3600, endTime=now,
                               queryString="stats count(*) as n")["queryId"]
        lab.advance(seconds=5)
        return logs.get_query_results(queryId=qid)["results"][0][0]["value"]

    put(3, 0)
    assert count() == "3"
    put(2, 100)
    assert count() == "5"
