"""Metric filters: CloudWatch metrics from matching log events (aws-facts 3.5)."""
from __future__ import annotations


def apply(lab, group, events) -> None:
    """Publish the metrics of ``group``'s metric filters for newly accepted ``events``."""
    if not group.metric_filters:
        return
