"""The metric store: datapoints per metric stream, kept compactly.

A metric is (namespace, name, dimension set); datapoints with different units are kept
apart, as CloudWatch aggregates them separately (aws-facts 1.1). Raw values live in
``array`` buffers (8-byte time + 8-byte value, weights only when a ``Counts`` entry is
not 1), so a stored datapoint costs about 16-18 bytes. Statistic sets keep their five
numbers. Statistics are computed by :mod:`.statistics` from numpy views of the buffers.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import NamedTuple

Dims = tuple  # sorted ((name, value), ...)


class MetricKey(NamedTuple):
    """Identity of a metric: namespace, name and the exact set of dimensions."""

    namespace: str
    name: str
    dims: Dims = ()

    def dimensions(self) -> list[dict]:
        return [{"Name": n, "Value": v} for n, v in self.dims]


def dims_key(dimensions) -> Dims:
    """``[{"Name","Value"}]`` or a ``{name: value}`` dict as a sorted tuple."""
    if isinstance(dimensions, dict):
        return tuple(sorted(dimensions.items()))
    return tuple(sorted((d["Name"], d["Value"]) for d in dimensions or ()))


@dataclass
class Stream:
    """The datapoints of one metric in one unit."""

    unit: str
    ts: array = field(default_factory=lambda: array("q"))       # epoch milliseconds
    val: array = field(default_factory=lambda: array("d"))
    wt: array | None = None                                      # counts, when not all 1
    sets: array = field(default_factory=lambda: array("d"))     # t, n, sum, min, max
    high_res: bool = False
    last_received_ms: int = 0

    def add_values(self, t_ms: int, values, counts=None) -> None:
        n = len(values)
        self.ts.extend([t_ms] * n)
        self.val.extend(values)
        if counts is not None and any(c != 1 for c in counts):
            if self.wt is None:
                self.wt = array("d", [1.0]) * (len(self.val) - n)
            self.wt.extend(counts)
        elif self.wt is not None:
            self.wt.extend([1.0] * n)

    def add_set(self, t_ms: int, count: float, total: float, lo: float, hi: float) -> None:
        self.sets.extend((t_ms, count, total, lo, hi))

    def __len__(self) -> int:
        return len(self.ts) + len(self.sets) // 5


class MetricStore:
    """All metric streams of one account and region."""

    def __init__(self):
        self.streams: dict[MetricKey, dict[str, Stream]] = {}

    def stream(self, key: MetricKey, unit: str) -> Stream:
        units = self.streams.setdefault(key, {})
        if unit not in units:
            units[unit] = Stream(unit)
        return units[unit]

    def find(self, key: MetricKey, unit: str | None = None) -> list[Stream]:
        """The streams of a metric: one unit, or every unit when ``unit`` is None."""
        units = self.streams.get(key, {})
        if unit is None:
            return [units[u] for u in sorted(units)]
        return [units[unit]] if unit in units else []

    def keys(self) -> list[MetricKey]:
        return sorted(self.streams)

    def last_received_ms(self, key: MetricKey) -> int:
        return max((s.last_received_ms for s in self.streams.get(key, {}).values()),
                   default=0)

    def datapoint_count(self) -> int:
        return sum(len(s) for units in self.streams.values() for s in units.values())
