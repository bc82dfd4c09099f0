"""CloudWatch state for one account and region, and work handed over by other services."""
from __future__ import annotations

from awslab.services.cloudwatch.ingest import ingest
from awslab.services.cloudwatch.store import MetricStore


class State:
    """Metrics and alarms of one account in one region; dashboards (global) live in
    us-east-1's."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.metrics = MetricStore()
        self.dashboards: dict = {}
        self.alarms: dict = {}            # name -> MetricAlarm | CompositeAlarm (alarms.model)
        self.alarm_history: list = []     # HistoryItem, oldest first; outlives its alarm
        self.alarm_jobs: dict = {}        # the alarm evaluator's clock jobs, by cadence


def receive(lab, state: State, kind: str, payload: dict) -> None:
    """Take metrics published by an AWS service (EC2, the CloudWatch agent, ...).

    ``payload`` is ``{"Namespace": ..., "MetricData": [MetricDatum, ...]}`` exactly as
    PutMetricData takes it; AWS services may publish into ``AWS/`` namespaces.
    """
    if kind != "metrics":
        raise ValueError(f"CloudWatch cannot receive {kind!r}")
    ingest(state.metrics, payload["Namespace"], payload["MetricData"], lab.now,
           aws_service=True)
