"""Subscription filters: real-time delivery of a log group's new events (aws-facts 3.6).

:func:`deliver` is called by ingestion (``ingest.py``) with the events a log group just
accepted, in timestamp order. This initial version delivers nothing unless the group has
subscription filters; the destinations (Kinesis Data Streams, Firehose, Lambda,
cross-account destinations) are built on top of it.
"""
from __future__ import annotations


def deliver(lab, state, group, stream, events) -> None:
    """Hand ``events`` (just accepted into ``stream`` of ``group``) to the group's
    subscription filters."""
    if not group.subscription_filters:
        return
