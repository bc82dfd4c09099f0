"""Simulated time and the scheduler of due work.

Nothing in awslab reads the wall clock: every timestamp comes from a :class:`Clock`, and
work that AWS does "later" (alarm evaluation, scheduled rules, deliveries, expiry) is put
on the clock with :meth:`Clock.at` or :meth:`Clock.every` and runs, in time order, when
``Lab.advance`` moves time past it.
"""
from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from awslab.errors import AwslabError

UTC = timezone.utc


def to_utc(value: str | datetime) -> datetime:
    """An ISO-8601 string or an aware datetime as an aware UTC datetime."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise AwslabError(f"not an ISO-8601 time: {value!r}") from exc
    if not isinstance(value, datetime):
        raise AwslabError(f"expected an ISO-8601 string or a datetime, got {value!r}")
    if value.tzinfo is None:
        raise AwslabError("a datetime given to awslab must be timezone-aware (e.g. UTC)")
    return value.astimezone(UTC)


@dataclass(order=True)
class _Job:
    due: datetime
    seq: int
    action: Callable[[datetime], None] = field(compare=False)
    every: timedelta | None = field(compare=False, default=None)
    name: str = field(compare=False, default="")
    cancelled: bool = field(compare=False, default=False)

    def cancel(self) -> None:
        """Stop this job from running (again)."""
        self.cancelled = True


class Clock:
    """A simulated UTC clock with a queue of due work."""

    def __init__(self, start: datetime):
        self._now = to_utc(start)
        self._queue: list[_Job] = []
        self._seq = itertools.count()

    @property
    def now(self) -> datetime:
        return self._now

    def at(self, due: datetime, action: Callable[[datetime], None], name: str = "") -> _Job:
        """Run ``action(due)`` once when the clock reaches ``due``."""
        job = _Job(max(to_utc(due), self._now), next(self._seq), action, None, name)
        heapq.heappush(self._queue, job)
        return job

    def every(self, interval: timedelta, action: Callable[[datetime], None],
              first: datetime | None = None, name: str = "") -> _Job:
        """Run ``action(t)`` at ``first`` (default: one interval from now), then every ``interval``."""
        if interval <= timedelta(0):
            raise AwslabError("a repeating job needs a positive interval")
        due = to_utc(first) if first is not None else self._now + interval
        job = _Job(due, next(self._seq), action, interval, name)
        heapq.heappush(self._queue, job)
        return job

    def advance_to(self, target: datetime) -> int:
        """Move time to ``target``, running every job due on the way in time order.

        Returns how many jobs ran. Time never goes backwards.
        """
        target = to_utc(target)
        if target < self._now:
            raise AwslabError("the simulated clock cannot go backwards")
        ran = 0
        while self._queue and self._queue[0].due <= target:
            job = heapq.heappop(self._queue)
            if job.cancelled:
                continue
            self._now = job.due
            if job.every is not None:
                job.due = job.due + job.every
                job.seq = next(self._seq)
                heapq.heappush(self._queue, job)
            job.action(self._now)
            ran += 1
        self._now = target
        return ran

    def pending(self) -> list[tuple[datetime, str]]:
        """The jobs still due, soonest first, as ``(due, name)``."""
        return [(j.due, j.name) for j in sorted(self._queue) if not j.cancelled]
