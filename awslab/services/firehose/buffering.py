"""Firehose's buffering rule as a pure function, for charts and explorers.

A buffer is written when it holds ``SizeInMBs`` or when ``IntervalInSeconds`` have passed
since its first record, whichever comes first (the same rule ``operations.accept`` and
``operations.flush`` apply on the lab's clock). Introduced in
``05_logs_export_and_subscriptions.ipynb``.
"""
from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Flush:
    """One object written: when (seconds), how many records and bytes, and why."""

    time: float
    records: int
    size: int
    reason: str                  # "size" or "interval"
    first: float                 # arrival of its oldest record


def schedule(arrivals, size_mb: int, interval_s: int) -> list[Flush]:
    """The objects a delivery stream writes for ``arrivals`` (``(seconds, bytes)``, in
    time order) with the given buffering hints; the last buffer flushes at its interval."""
    flushes: list[Flush] = []
    limit = size_mb * MIB
    count = size = 0
    first = None
    for t, nbytes in arrivals:
        if first is not None and t >= first + interval_s:
            flushes.append(Flush(first + interval_s, count, size, "interval", first))
            count = size = 0
            first = None
        if first is None:
            first = t
        count += 1
        size += nbytes
        if size >= limit:
            flushes.append(Flush(t, count, size, "size", first))
            count = size = 0
            first = None
    if first is not None:
        flushes.append(Flush(first + interval_s, count, size, "interval", first))
    return flushes
