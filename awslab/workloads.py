"""Seeded synthetic signals: what an instance is "really" doing, minute by minute.

Everything here is pure: the same ``(seed, key)`` gives the same numbers on every machine,
whatever window is asked for and in whatever order, because values are generated in
whole UTC days from a generator seeded by ``(seed, key, day, stream)``. ``key`` names one
workload, e.g. ``"123456789012/us-east-1/0"`` for the first instance an account launched
in a region.

The signals (one value per minute):

* ``cpu`` -- CPU utilisation in percent: a daily curve peaking in the (UTC) afternoon,
  quieter weekends, smooth and white noise, and a few seeded short spikes (2-4 minutes)
  per day that a 5-minute average flattens;
* network bytes and packets, EBS and instance-store operations and bytes -- per-minute
  totals correlated with CPU;
* memory used percent (daily curve, correlated with CPU), and the agent's extras
  (TCP connections, processes).

:func:`disk_used_percent` grows since an origin (the instance's launch), with a nightly
log-rotation dip. :class:`Spike` lets a notebook add a spike of chosen start and length
(the NB01 widget). pandas is imported only by :func:`as_series`.

**Load sharing** (Auto Scaling groups, NB06): a :class:`GroupLoad` is the demand a group
serves, in percent of one instance: its seeded CPU curve times the capacity it was sized
for, plus any surges. The instances in service share it evenly (:func:`shared_cpu`), so
adding capacity lowers each instance's CPU and removing capacity raises it (capped at
100 %: demand beyond the group's capacity is not served). An instance out of service idles
at a few percent.

Introduced in ``01_cloudwatch_metrics.ipynb``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from awslab.errors import AwslabError

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MINUTES_PER_DAY = 1440

#: Signals generated per minute, in row order of :func:`day_block`.
SIGNALS = (
    "cpu", "network_in", "network_out", "packets_in", "packets_out",
    "ebs_read_ops", "ebs_write_ops", "ebs_read_bytes", "ebs_write_bytes",
    "disk_read_ops", "disk_write_ops", "disk_read_bytes", "disk_write_bytes",
    "mem_used_percent", "tcp_established", "tcp_time_wait", "processes_total",
    "processes_running",
)
ROW = {name: i for i, name in enumerate(SIGNALS)}


@dataclass(frozen=True)
class Spike:
    """Extra CPU load: ``height`` percentage points for ``minutes`` minutes from ``start``."""

    start: datetime
    minutes: int
    height: float = 50.0


@dataclass(frozen=True)
class Profile:
    """The seeded character of one workload (how busy, when, how noisy)."""

    base: float
    amplitude: float
    peak_hour: float
    weekend_factor: float
    noise_sd: float
    spikes_per_day: float
    net_in_per_pct: float
    out_ratio: float
    ebs_read_per_pct: float
    ebs_write_per_pct: float
    mem_base: float
    disk_start: float
    disk_growth_per_day: float


@dataclass
class GroupLoad:
    """The demand of an Auto Scaling group, shared by its instances in service.

    ``capacity`` instances at the seeded CPU curve of ``key``; each :class:`Spike` in
    ``surges`` adds ``height`` percent of one instance (150 = one and a half instances'
    worth of work) for its minutes.
    """

    key: str
    capacity: int
    surges: list = field(default_factory=list)


# -- seeding -------------------------------------------------------------------
def _key_ints(key: str | int) -> list[int]:
    digest = hashlib.sha256(str(key).encode()).digest()
    return [int.from_bytes(digest[i:i + 4], "big") for i in range(0, 16, 4)]


def rng_for(seed: int, key: str | int, *stream: int | str) -> np.random.Generator:
    """A numpy Generator seeded from ``seed``, a workload ``key`` and a stream label."""
    words = [seed % 2**32, (seed // 2**32) % 2**32, *_key_ints(key)]
    for s in stream:
        words.extend(_key_ints(s) if isinstance(s, str) else [int(s) % 2**32])
    return np.random.default_rng(np.random.SeedSequence(words))


@lru_cache(maxsize=1024)
def profile(seed: int, key: str | int) -> Profile:
    """The seeded :class:`Profile` of workload ``key``."""
    r = rng_for(seed, key, "profile")
    u = r.uniform
    return Profile(
        base=u(8, 22), amplitude=u(12, 30), peak_hour=u(12, 18),
        weekend_factor=u(0.55, 0.85), noise_sd=u(1.5, 3.5), spikes_per_day=u(3, 7),
        net_in_per_pct=u(1.5e5, 4.0e5), out_ratio=u(1.5, 4.0),
        ebs_read_per_pct=u(4, 15), ebs_write_per_pct=u(8, 25),
        mem_base=u(32, 55), disk_start=u(18, 35), disk_growth_per_day=u(0.1, 0.8))


# -- time helpers --------------------------------------------------------------
def minute_index(t: datetime) -> int:
    """Whole minutes since the Unix epoch (floored) of an aware datetime."""
    return int((t - EPOCH).total_seconds() // 60)


def minute_time(m: int) -> datetime:
    """The aware UTC datetime at the start of epoch minute ``m``."""
    return EPOCH + timedelta(minutes=m)


# -- generation ----------------------------------------------------------------
def _smooth(white: np.ndarray, span: int = 20) -> np.ndarray:
    kernel = np.exp(-np.arange(span) / (span / 3))
    kernel /= np.sqrt((kernel ** 2).sum())
    return np.convolve(white, kernel, mode="same")


def _natural_spikes(seed: int, key, day: int) -> list[tuple[int, int, float]]:
    """Seeded spikes of one day as ``(minute of day, length, height)``."""
    p = profile(seed, key)
    r = rng_for(seed, key, day, "spikes")
    n = int(r.poisson(p.spikes_per_day))
    starts = np.sort(r.integers(0, MINUTES_PER_DAY - 4, n))
    lengths = r.integers(2, 5, n)
    heights = r.uniform(35, 60, n)
    return [(int(s), int(k), float(h)) for s, k, h in zip(starts, lengths, heights)]


@lru_cache(maxsize=512)
def day_block(seed: int, key: str | int, day: int) -> np.ndarray:
    """All :data:`SIGNALS` for one UTC day (epoch day ``day``): shape ``(len(SIGNALS), 1440)``.

    The result is cached and read-only.
    """
    p = profile(seed, key)
    r = rng_for(seed, key, day, "block")
    hours = np.arange(MINUTES_PER_DAY) / 60.0
    daily = 0.5 + 0.5 * np.cos(2 * np.pi * (hours - p.peak_hour) / 24)
    weekday = (day + 3) % 7              # 1970-01-01 was a Thursday; 0 = Monday
    activity = p.weekend_factor if weekday >= 5 else 1.0
    cpu = (p.base + p.amplitude * daily * activity
           + p.noise_sd * _smooth(r.normal(size=MINUTES_PER_DAY))
           + 0.6 * p.noise_sd * r.normal(size=MINUTES_PER_DAY))
    for start, length, height in _natural_spikes(seed, key, day):
        cpu[start:start + length] += height
    cpu = np.clip(cpu, 0.3, 100.0)

    jitter = lambda sd: np.exp(r.normal(0, sd, MINUTES_PER_DAY))  # noqa: E731
    net_in = (cpu * p.net_in_per_pct + 4e4) * jitter(0.15)
    net_out = net_in * p.out_ratio * jitter(0.1)
    pk_in = net_in / r.uniform(700, 1100)
    pk_out = net_out / r.uniform(1000, 1400)
    ebs_r = cpu * p.ebs_read_per_pct * jitter(0.3) + 5
    ebs_w = cpu * p.ebs_write_per_pct * jitter(0.2) + 40
    ebs_rb = ebs_r * 32768 * jitter(0.2)
    ebs_wb = ebs_w * 16384 * jitter(0.2)
    disk_r, disk_w = ebs_r * 0.6 * jitter(0.3), ebs_w * 0.4 * jitter(0.3)
    disk_rb, disk_wb = disk_r * 65536 * jitter(0.2), disk_w * 32768 * jitter(0.2)
    mem = np.clip(p.mem_base + 7 * daily * activity + 0.08 * cpu
                  + 1.2 * _smooth(r.normal(size=MINUTES_PER_DAY), 60), 5, 97)
    tcp_est = np.round(cpu * r.uniform(2, 5) * jitter(0.1) + 6)
    tcp_tw = np.round(tcp_est * r.uniform(0.5, 2.0) * jitter(0.2))
    procs = np.round(130 + cpu / 5 + 3 * _smooth(r.normal(size=MINUTES_PER_DAY), 60))
    running = np.clip(np.round(1 + cpu / 25 + r.normal(0, 0.5, MINUTES_PER_DAY)), 1, None)
    counts = [np.round(v) for v in (pk_in, pk_out, ebs_r, ebs_w, disk_r, disk_w)]
    block = np.vstack([cpu, np.round(net_in), np.round(net_out), counts[0], counts[1],
                       counts[2], counts[3], np.round(ebs_rb), np.round(ebs_wb),
                       counts[4], counts[5], np.round(disk_rb), np.round(disk_wb),
                       mem, tcp_est, tcp_tw, procs, running])
    block.setflags(write=False)
    return block


@lru_cache(maxsize=512)
def day_rows(seed: int, key: str | int, day: int) -> list[list[float]]:
    """:func:`day_block` transposed into Python floats: ``rows[minute_of_day][signal]``."""
    return day_block(seed, key, day).T.tolist()


def _window(seed: int, key, first: int, minutes: int) -> np.ndarray:
    """Signals for epoch minutes ``[first, first + minutes)``: shape ``(len(SIGNALS), n)``."""
    if minutes <= 0:
        return np.zeros((len(SIGNALS), 0))
    d0, d1 = first // MINUTES_PER_DAY, (first + minutes - 1) // MINUTES_PER_DAY
    joined = np.hstack([day_block(seed, key, d) for d in range(d0, d1 + 1)])
    off = first - d0 * MINUTES_PER_DAY
    return joined[:, off:off + minutes]


def _spike_offsets(spikes: Iterable[Spike], first: int, minutes: int) -> np.ndarray:
    extra = np.zeros(max(minutes, 0))
    for s in spikes:
        a = minute_index(s.start) - first
        lo, hi = max(a, 0), min(a + int(s.minutes), minutes)
        if hi > lo:
            extra[lo:hi] += s.height
    return extra


def signals(seed: int, key: str | int, start: datetime, minutes: int,
            spikes: Sequence[Spike] = ()) -> dict[str, np.ndarray]:
    """Every signal of workload ``key`` for ``minutes`` minutes from ``start`` (floored).

    Parameters
    ----------
    seed : int
        The lab's seed.
    key : str or int
        The workload's stable key (e.g. account/region/launch order).
    start : datetime
        Aware UTC start; floored to the minute.
    minutes : int
        Number of one-minute values.
    spikes : sequence of Spike
        Extra CPU spikes to add on top of the seeded ones.

    Returns
    -------
    dict of str to numpy.ndarray
        One array per name in :data:`SIGNALS`.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    first = minute_index(start)
    win = _window(seed, key, first, minutes)
    out = {name: win[i].copy() for i, name in enumerate(SIGNALS)}
    if spikes:
        out["cpu"] = np.clip(out["cpu"] + _spike_offsets(spikes, first, minutes), 0, 100)
    return out


def cpu(seed: int, key: str | int, start: datetime, minutes: int,
        spikes: Sequence[Spike] = ()) -> np.ndarray:
    """True per-minute CPU utilisation (percent) of workload ``key``.

    Parameters
    ----------
    seed, key, start, minutes, spikes
        As for :func:`signals`.

    Returns
    -------
    numpy.ndarray
        ``minutes`` values in ``[0, 100]``.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    return signals(seed, key, start, minutes, spikes)["cpu"]


def seeded_spikes(seed: int, key: str | int, start: datetime, minutes: int) -> list[Spike]:
    """The seeded (natural) CPU spikes of workload ``key`` that start in the window.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    first = minute_index(start)
    last = first + minutes
    found = []
    for day in range(first // MINUTES_PER_DAY, (last - 1) // MINUTES_PER_DAY + 1):
        for m, length, height in _natural_spikes(seed, key, day):
            at = day * MINUTES_PER_DAY + m
            if first <= at < last:
                found.append(Spike(minute_time(at), length, round(height, 2)))
    return found


def disk_used_percent(seed: int, key: str | int, start: datetime, minutes: int,
                      origin: datetime) -> np.ndarray:
    """Root filesystem used percent: growth since ``origin`` with a nightly log rotation.

    Introduced in ``03_cloudwatch_logs_and_agents.ipynb``.
    """
    p = profile(seed, key)
    m = minute_index(start) + np.arange(max(minutes, 0))
    since = np.maximum(m - minute_index(origin), 0) / MINUTES_PER_DAY
    rotation = ((m - 180) % MINUTES_PER_DAY) / MINUTES_PER_DAY   # logrotate at 03:00 UTC
    return np.clip(p.disk_start + p.disk_growth_per_day * since + 0.4 * rotation, 0, 99.5)


def as_series(values: np.ndarray, start: datetime, name: str):
    """A per-minute pandas Series (UTC index) of ``values`` starting at ``start`` (floored)."""
    import pandas as pd
    first = minute_time(minute_index(start))
    index = pd.date_range(first, periods=len(values), freq="min", tz="UTC", name="Timestamp")
    return pd.Series(np.asarray(values, dtype=float), index=index, name=name)


def true_series(seed: int, key: str | int, start: datetime, end: datetime,
                signal: str = "cpu", spikes: Sequence[Spike] = ()):
    """The true per-minute ``signal`` of workload ``key`` in ``[start, end)`` as a Series.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    if signal not in ROW:
        raise AwslabError(f"unknown signal {signal!r}; choose from {', '.join(SIGNALS)}")
    first, last = minute_index(start), minute_index(end)
    if end > minute_time(last):
        last += 1
    values = signals(seed, key, start, last - first, spikes)[signal]
    return as_series(values, start, signal)


# -- load sharing (Auto Scaling groups) ------------------------------------------
IDLE_CPU = 1.5          # percent: an instance booting or out of service


@lru_cache(maxsize=512)
def _share_noise(seed: int, instance_key: str, day: int) -> np.ndarray:
    noise = rng_for(seed, instance_key, day, "share").normal(0.0, 1.2, MINUTES_PER_DAY)
    noise.setflags(write=False)
    return noise


def group_demand(seed: int, load: GroupLoad, start: datetime, minutes: int) -> np.ndarray:
    """Total demand of a group per minute, in percent of one instance.

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    first = minute_index(start)
    demand = _window(seed, load.key, first, minutes)[ROW["cpu"]] * load.capacity
    if load.surges:
        demand = demand + _spike_offsets(load.surges, first, minutes)
    return demand


def shared_cpu(seed: int, load: GroupLoad, instance_key: str, start: datetime,
               sharers: np.ndarray) -> np.ndarray:
    """Per-minute CPU (%) of one instance that shares ``load`` with ``sharers[i] - 1``
    others in minute ``i`` from ``start`` (0 sharers: out of service, idle).

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    sharers = np.asarray(sharers, dtype=float)
    first, n = minute_index(start), len(sharers)
    demand = group_demand(seed, load, start, n)
    d0, d1 = first // MINUTES_PER_DAY, (first + n - 1) // MINUTES_PER_DAY
    noise = (np.hstack([_share_noise(seed, instance_key, d) for d in range(d0, d1 + 1)])
             [first - d0 * MINUTES_PER_DAY:][:n] if n else np.zeros(0))
    busy = demand / np.maximum(sharers, 1) + noise
    idle = IDLE_CPU + 0.3 * np.abs(noise)
    return np.clip(np.where(sharers > 0, busy, idle), 0.3, 100.0)


def shared_cpu_at(seed: int, load: GroupLoad, instance_key: str, m: int,
                  sharers: int) -> float:
    """:func:`shared_cpu` for one epoch minute ``m`` (what EC2 publishes each minute)."""
    day, i = divmod(m, MINUTES_PER_DAY)
    noise = float(_share_noise(seed, instance_key, day)[i])
    if sharers <= 0:
        return max(0.3, IDLE_CPU + 0.3 * abs(noise))
    demand = day_rows(seed, load.key, day)[i][0] * load.capacity
    for s in load.surges:
        if 0 <= m - minute_index(s.start) < s.minutes:
            demand += s.height
    return min(100.0, max(0.3, demand / sharers + noise))
