"""Retention: the allowed values and their enforcement on the simulated clock
(aws-facts 3.2).

A new log group keeps its events forever. ``PutRetentionPolicy`` accepts only the values of
:data:`ALLOWED` (1 day to 10 years). Once a group of an account and region has a
retention, an hourly sweep on the lab's clock deletes that account's expired events
(timestamp older than the retention); AWS deletes them "usually within 72 hours", the lab
at the next whole hour. Ingestion already rejects events older than the retention
(``expiredLogEventEndIndex``).
"""
from __future__ import annotations

from datetime import timedelta

from awslab.services.logs.ingest import DAY_MS, epoch_ms

ALLOWED = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
           2192, 2557, 2922, 3288, 3653)
SWEEP = timedelta(hours=1)


def sweep(lab, state) -> int:
    """Delete the expired events of every group of ``state``; returns how many."""
    now = epoch_ms(lab.now)
    deleted = 0
    for group in state.groups.values():
        if group.retention_days is None:
            continue
        cutoff = now - group.retention_days * DAY_MS
        removed = sum(s.drop_before(cutoff) for s in group.streams.values())
        if removed:
            group.changed()
            deleted += removed
    return deleted


def ensure_sweeping(lab, state) -> None:
    """Put the hourly sweep of ``state`` on the clock (once)."""
    if state.retention_job is not None:
        return
    now = lab.now
    first = now.replace(minute=0, second=0, microsecond=0) + SWEEP
    state.retention_job = lab.clock.every(
        SWEEP, lambda t: sweep(lab, state), first=first,
        name=f"logs retention {state.account_id}/{state.region}")


def nearest_allowed(days: int) -> int:
    """The smallest allowed retention of at least ``days`` (3653 at most)."""
    return next((d for d in ALLOWED if d >= days), ALLOWED[-1])
