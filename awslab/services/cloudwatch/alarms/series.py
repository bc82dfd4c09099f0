"""The alarm state at every point of a long series, vectorised (for charts and the bench).

:func:`states_over_time` applies the rules of :mod:`.evaluation` to the evaluation range
ending at every datapoint of a series at once (a year of one-minute data is 525,600
ranges). The result equals calling :func:`~.evaluation.alarm_state` on each range in
turn, each state fed into the next evaluation (a test checks this on random series).

How it stays fast: one cumulative sum counts real points (low 11 bits) and breaching
points (the bits above) together, so a range whose newest N periods are all real, the
common case, is settled by one subtraction and one comparison; only the ranges with
missing periods among their newest N are looked at again (on that subset, or by
streaming passes when most ranges have gaps). Every count is a difference over at most
one range, so the series is cut into blocks of 262,144 periods that are computed alone
(each block re-reads the range before it): the working arrays stay small, in cache and
reused. ``bench/alarms.py`` times it beside a plain numpy M-of-N.
"""
from __future__ import annotations

import numpy as np

from awslab.errors import AwslabError
from awslab.services.cloudwatch.alarms.evaluation import (
    OPERATORS, STATES, TREATMENTS, evaluation_range)

OK_CODE, ALARM_CODE, INSUFFICIENT_CODE, KEEP = 0, 1, 2, -1
CODES = dict(enumerate(STATES))      # 0 OK, 1 ALARM, 2 INSUFFICIENT_DATA
_BITS = 11                           # real-point counts live below bit 11 (ranges < 2048)
_LOW = (1 << _BITS) - 1
_BLOCK = 1 << 18                     # periods per block


def states_over_time(breaching, present, evaluation_periods: int,
                     datapoints_to_alarm: int, treat_missing_data: str,
                     range_size: int | None = None,
                     initial_state: str = "INSUFFICIENT_DATA") -> np.ndarray:
    """The state after evaluating the range that ends at each point of a series.

    Parameters
    ----------
    breaching, present : array of bool
        Per period: whether its datapoint breaches, and whether it has one at all
        (``breaching`` is ignored where ``present`` is False).
    evaluation_periods, datapoints_to_alarm : int
        N and M.
    treat_missing_data : str
        ``missing``, ``ignore``, ``breaching`` or ``notBreaching``.
    range_size : int, optional
        Periods per evaluation range (default N + 2); periods before the series are missing.
    initial_state : str
        The state before the first evaluation (what ``ignore`` keeps until it can decide).

    Returns
    -------
    numpy.ndarray of int8
        State codes: 0 OK, 1 ALARM, 2 INSUFFICIENT_DATA (see :data:`CODES`).
    """
    n, m, treat = evaluation_periods, datapoints_to_alarm, treat_missing_data
    size = evaluation_range(n) if range_size is None else range_size
    if treat not in TREATMENTS or not 1 <= m <= n <= size < 2 ** _BITS:
        raise AwslabError("need 1 <= datapoints_to_alarm <= evaluation_periods <= "
                          f"range_size < 2048 and a treatment among {', '.join(TREATMENTS)}")
    present = np.asarray(present, dtype=bool)
    breaching = np.asarray(breaching, dtype=bool)
    out = np.empty(len(present), np.int8)
    initial = STATES.index(initial_state)
    for a in range(0, len(out), _BLOCK):       # blocks stay in cache and reuse memory
        b = min(a + _BLOCK, len(out))
        _block(breaching, present, a, b, out, n, m, treat, size)
        if treat == "ignore":
            _keep_state(out[a:b], out[a - 1] if a else initial)
    return out


def _block(breaching, present, a: int, b: int, out, n: int, m: int, treat: str,
           size: int) -> None:
    """The states of the ranges ending at periods ``a`` to ``b - 1``, into ``out``."""
    lo = max(a - size, 0)
    pad = size - (a - lo)                          # periods before the series: missing
    # counts after `size` leading periods: real points in the low 11 bits, breaching ones
    # above; the counts of the span ending at t are cum[t - a + size + 1] minus the entry
    # `span` places earlier
    cum = np.empty(pad + b - lo + 1, np.int32)
    cum[:pad + 1] = 0
    body = cum[pad + 1:]
    np.logical_and(breaching[lo:b], present[lo:b], out=body, casting="unsafe")
    body <<= _BITS
    body += present[lo:b]
    np.cumsum(body, out=body)
    top = cum[size + 1:]

    def low(span: int) -> np.ndarray:
        return cum[size + 1 - span:len(cum) - span]

    newest = top - low(n)                                 # the newest N periods
    block = out[a:b]
    block[:] = newest >= (m << _BITS)                     # right where they are all real
    gaps = (newest & _LOW) != n
    count = int(np.count_nonzero(gaps))
    if count > len(block) // 4:        # mostly gaps: streaming passes beat gathers
        np.copyto(block, _decide(top, low, n, m, treat, size), where=gaps)
    elif count:
        rest = np.flatnonzero(gaps)
        ends = rest + (size + 1)
        block[rest] = _decide(cum[ends], lambda span: cum[ends - span], n, m, treat, size)


def _decide(top: np.ndarray, low, n: int, m: int, treat: str, size: int) -> np.ndarray:
    """States of ranges whose newest N periods are not all real.

    Every count is a difference of two cumulative sums: ``top`` at the range's end and
    ``low(span)`` just before its last ``span`` periods (the range, the shorter spans that
    may hold the newest N real points, and the guard's M - 1).
    """
    def counts(span: int):
        both = top - low(span)
        return both & _LOW, both >> _BITS

    real, hits = counts(size)
    newest_hits = hits                       # the newest N real points lie in the
    for span in range(size - 1, n, -1):      # shortest span that holds N real points
        r, h = counts(span)
        newest_hits = np.where(r >= n, h, newest_hits)
    enough = (newest_hits >= m).view(np.int8)
    if treat == "breaching":
        few = (hits + (n - real) >= m).view(np.int8)
    elif treat == "notBreaching":
        few = (hits >= m).view(np.int8)
    else:
        # codes by arithmetic on int8 (no nested where): lone + OK/ALARM offsets
        lone = INSUFFICIENT_CODE if treat == "missing" else KEEP
        alarm = hits >= m
        ok = ~alarm & (hits < real)
        few = np.full(len(real), lone, np.int8)
        few -= (lone - OK_CODE) * ok.view(np.int8)
        few += (ALARM_CODE - lone) * alarm.view(np.int8)
        if treat == "missing" and m > 1:
            # premature-alarm guard: every real point breaches, the oldest >= M periods old
            cand = np.flatnonzero((few == lone) & (real > 0))
            if cand.size:
                recent = (top[cand] - low(m - 1)[cand]) & _LOW
                few[cand[recent < real[cand]]] = ALARM_CODE
    return np.where(real >= n, enough, few)


def _keep_state(out: np.ndarray, initial: int) -> None:
    """Give each "keep" (-1) the state decided just before it (``ignore``), in place."""
    keep = out == KEEP
    count = int(np.count_nonzero(keep))
    if not count:
        return
    if count > len(out) // 64:                  # many: carry the last decided position
        last = np.arange(1, len(out) + 1, dtype=np.int32)
        last[keep] = 0
        np.maximum.accumulate(last, out=last)
        decided = np.empty(len(out) + 1, np.int8)
        decided[0], decided[1:] = initial, out
        out[:] = decided[last]
        return
    at = np.flatnonzero(keep)                   # few: fill run by run
    starts = np.ones(len(at), bool)
    starts[1:] = np.diff(at) != 1
    before = at[starts] - 1
    value = np.where(before >= 0, out[np.maximum(before, 0)], initial).astype(np.int8)
    out[at] = value[np.cumsum(starts) - 1]


def series_states(values, operator: str, threshold: float, evaluation_periods: int,
                  datapoints_to_alarm: int, treat_missing_data: str,
                  range_size: int | None = None,
                  initial_state: str = "INSUFFICIENT_DATA") -> np.ndarray:
    """:func:`states_over_time` for a series of statistic values (NaN = no datapoint)."""
    values = np.asarray(values, dtype=float)
    if operator not in OPERATORS:
        raise AwslabError(f"unknown comparison operator {operator!r}")
    with np.errstate(invalid="ignore"):
        breaching = OPERATORS[operator](values, threshold)
    return states_over_time(breaching, ~np.isnan(values), evaluation_periods,
                            datapoints_to_alarm, treat_missing_data, range_size,
                            initial_state)


def baseline_states(breaching, present, evaluation_periods: int,
                    datapoints_to_alarm: int, treat_missing_data: str) -> np.ndarray:
    """The textbook vectorised M-of-N: fill missing points, count the last N, compare.

    Only the bench uses it, as the plain numpy computation the engine is timed against;
    it is *not* what CloudWatch does (no evaluation range, no guard, no ``ignore``).
    """
    present = np.asarray(present, dtype=bool)
    hit = np.asarray(breaching, dtype=bool)
    filled = hit | ~present if treat_missing_data == "breaching" else hit & present
    cum = np.empty(len(filled) + 1, np.int32)
    cum[0] = 0
    np.cumsum(filled, dtype=np.int32, out=cum[1:])
    n = evaluation_periods
    count = cum[1:].copy()
    if len(filled) >= n:
        count[n:] -= cum[1:len(cum) - n]
    return (count >= datapoints_to_alarm).view(np.int8)
