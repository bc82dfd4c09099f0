"""Logs Insights: the query language and its engine, pure (no lab state).

``parse_query(text) -> Query`` compiles (or raises ``MalformedQueryException``);
``run_query(query, frame, limit) -> Result`` runs it over a DataFrame built by
``events_frame(...)``. The StartQuery/GetQueryResults operations
(``awslab.services.logs.operations.queries``) build the frame from the log groups and put
the query on the lab's clock. Reference: aws-facts.md 3.8.
"""
from awslab.services.logs.insights.errors import MalformedQueryException
from awslab.services.logs.insights.execute import Result, events_frame, run_query
from awslab.services.logs.insights.parser import Query, parse_query, split_sources

__all__ = ["MalformedQueryException", "Query", "Result", "events_frame", "parse_query",
           "run_query", "split_sources"]
