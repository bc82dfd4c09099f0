"""Alarm evaluation over a year of one-minute data, beside a plain vectorised numpy baseline.

DESIGN.md 6: evaluating one alarm over a year of 1-minute data (525,600 points) for each
TreatMissingData mode stays within 3x of a vectorised numpy baseline. Ours is
``awslab.services.cloudwatch.alarms.series.states_over_time``: the state after every
one of the 525,600 evaluation ranges, with CloudWatch's rules (the 5-period evaluation
range, newest N real points, fills, the premature-alarm guard, ``ignore`` keeping the
state). The baseline is the textbook numpy M-of-N (fill missing points, count the last N
with one cumulative sum, compare): less work than CloudWatch's rules, so the ratio is an
upper bound on what those rules cost.

Three years of data (seeded): a CPU-like series with outages and dropped minutes (0.4 %
missing, the headline), the same with 5 % of minutes missing at random, and a sparse
metric published in 10 % of minutes (an error count). Before timing, each mode is checked
against the pure engine applied range by range on the first 3,000 minutes.

Not a test: it prints measurements. ``python bench/alarms.py`` runs it alone.
"""
from __future__ import annotations

import statistics
import time

import numpy as np

MINUTES = 525_600
N, M, THRESHOLD = 5, 3, 70.0
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")


def cpu_year(seed: int = 6) -> np.ndarray:
    """A year of one-minute CPU (%): daily cycle, noise, bursts; NaN where missing."""
    rng = np.random.default_rng(seed)
    t = np.arange(MINUTES)
    values = 45 + 20 * np.sin(2 * np.pi * t / 1440) + rng.normal(0, 6, MINUTES)
    for start in rng.integers(0, MINUTES - 90, 120):
        values[start:start + rng.integers(5, 90)] += 25          # load bursts
    values[rng.random(MINUTES) < 0.003] = np.nan                 # dropped minutes
    for start in rng.integers(0, MINUTES - 60, 20):
        values[start:start + rng.integers(5, 60)] = np.nan       # outages
    return values


def gappy_year(seed: int = 7) -> np.ndarray:
    values = cpu_year(seed)
    values[np.random.default_rng(seed).random(MINUTES) < 0.05] = np.nan
    return values


def sparse_year(seed: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = np.where(rng.random(MINUTES) < 0.1, rng.gamma(2.0, 40.0, MINUTES), np.nan)
    return values


DATASETS = [("CPU-like, 0.4% missing", cpu_year), ("5% missing at random", gappy_year),
            ("sparse metric, 10% present", sparse_year)]
SHORT = {"CPU-like, 0.4% missing": "CPU-like", "5% missing at random": "5% gaps",
         "sparse metric, 10% present": "sparse"}


def check(values: np.ndarray, treat: str, length: int = 3000) -> None:
    """Ours equals the pure engine, range by range, on the first ``length`` minutes."""
    from awslab.services.cloudwatch import alarm_state
    from awslab.services.cloudwatch.alarms.series import CODES, series_states
    head = values[:length]
    got = series_states(head, "GreaterThanThreshold", THRESHOLD, N, M, treat)
    state, size = "INSUFFICIENT_DATA", N + 2
    for t in range(length):
        window = [None if np.isnan(head[i]) else bool(head[i] > THRESHOLD)
                  for i in range(max(0, t - size + 1), t + 1)]
        state = alarm_state([None] * (size - len(window)) + window, N, M, treat, state)
        assert CODES[int(got[t])] == state, (treat, t)


def best_of(fn, repeat: int = 25) -> float:
    """Median of the fastest half of ``repeat`` runs, in seconds."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(sorted(runs)[:repeat // 2 + 1])


def measure() -> list[tuple[str, str, float, float]]:
    """``(dataset, treatment, ours seconds, baseline seconds)`` for every case."""
    from awslab.services.cloudwatch.alarms.series import baseline_states, states_over_time
    out = []
    for label, make in DATASETS:
        values = make()
        present = ~np.isnan(values)
        with np.errstate(invalid="ignore"):
            breaching = values > THRESHOLD
        for treat in TREATMENTS:
            check(values, treat)
            ours = best_of(lambda: states_over_time(breaching, present, N, M, treat))
            base = best_of(lambda: baseline_states(breaching, present, N, M, treat))
            out.append((label, treat, ours, base))
    return out


def rows() -> list:
    """Rows for ``bench/run.py``'s table ``(name, awslab, baseline, unit)`` in us; its ratio
    column reads baseline/awslab (1/3 = 0.33x is the target's edge)."""
    out = []
    for label, treat, ours, base in measure():
        target = ", target <= 3x" if label == DATASETS[0][0] else " (stress case)"
        out.append((f"Alarm states, a year of 1-min data ({SHORT[label]}, {treat}): "
                    f"{ours / base:.1f}x numpy{target}", ours * 1e6, base * 1e6, "us"))
    return out


def main() -> None:
    print(f"One alarm ({M} out of {N}, > {THRESHOLD}) over a year of one-minute data, "
          f"{MINUTES:,} evaluations")
    print(f"{'data':<30} {'TreatMissingData':<16} {'awslab':>10} {'numpy':>10} "
          f"{'awslab/numpy':>13}")
    for label, treat, ours, base in measure():
        print(f"{label:<30} {treat:<16} {ours * 1e3:>8.2f}ms {base * 1e3:>8.2f}ms "
              f"{ours / base:>12.2f}x")
    print("target: within 3x of the numpy baseline (the CPU-like year)")


if __name__ == "__main__":
    main()
