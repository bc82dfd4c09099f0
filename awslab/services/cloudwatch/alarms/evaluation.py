"""How CloudWatch decides an alarm's state from one evaluation range (aws-facts 2.3).

The evaluation range is the run of periods CloudWatch fetches for one evaluation, oldest
to newest: more than ``EvaluationPeriods`` (N) of them (five when N = 3 in AWS's tables).
Each point is ``True`` (breaching), ``False`` (not breaching) or ``None`` (missing):

1. at least N real points in the range: the newest N real points decide, and the
   ``TreatMissingData`` setting is not used;
2. no real point at all: ``missing`` gives INSUFFICIENT_DATA, ``ignore`` keeps the current
   state, ``breaching`` gives ALARM and ``notBreaching`` OK;
3. some, but fewer than N, real points: ``breaching``/``notBreaching`` fill the N - k
   missing slots and all real points are kept; ``missing``/``ignore`` decide on the real
   points alone: M or more breaching is ALARM, any real non-breaching point with fewer
   than M breaching is OK, and when every real point breaches (fewer than M) the
   premature-alarm guard applies: ``missing`` goes to ALARM only once the oldest breaching
   point is at least M periods old (so ``- - X - -`` alarms, ``- - - - X`` does not yet)
   and otherwise to INSUFFICIENT_DATA; ``ignore`` keeps the current state.

The rule for the guard follows AWS's own tables: the 2 out of 3 row ``0 - X - -`` is OK
under ``missing`` (a real non-breaching point blocks the guard), as measured and reported
in github.com/awsdocs/amazon-cloudwatch-user-guide/issues/129.

Known gap: AWS does not publish how many periods the range holds for each period length;
:func:`evaluation_range` uses N + 2, which gives AWS's 5 for N = 3.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from awslab.errors import AwslabError

OK, ALARM, INSUFFICIENT_DATA = "OK", "ALARM", "INSUFFICIENT_DATA"
STATES = (OK, ALARM, INSUFFICIENT_DATA)
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")
OPERATORS = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one evaluation and how it was reached.

    ``used`` holds the positions (in the range) of the real points that were evaluated,
    oldest first; ``filled`` how many missing points the treatment supplied and
    ``fill_breaching`` as what; ``breaching`` how many evaluated points breach (fills
    included); ``rule`` names the case: ``newest-real``, ``filled``, ``real-only``,
    ``premature-guard``, ``too-recent``, ``all-missing`` or ``kept``.
    """

    state: str
    used: tuple[int, ...]
    filled: int
    fill_breaching: bool | None
    breaching: int
    rule: str

    @property
    def kept(self) -> bool:
        """True when the state was left as it was (``ignore``)."""
        return self.rule == "kept"


def evaluation_range(evaluation_periods: int) -> int:
    """How many periods one evaluation looks at (5 for N = 3, as in AWS's tables)."""
    return evaluation_periods + 2


def breaches(value: float, operator: str, threshold: float) -> bool:
    """Whether ``value`` is on the alarm side of ``threshold`` (value is the left operand)."""
    return OPERATORS[operator](value, threshold)


def _check(points, n: int, m: int, treat: str, current: str) -> None:
    if not isinstance(n, int) or n < 1:
        raise AwslabError(f"evaluation_periods must be a positive integer, got {n!r}")
    if not isinstance(m, int) or not 1 <= m <= n:
        raise AwslabError(f"datapoints_to_alarm must be between 1 and evaluation_periods "
                          f"({n}), got {m!r}")
    if treat not in TREATMENTS:
        raise AwslabError(f"treat_missing_data must be one of {', '.join(TREATMENTS)}, "
                          f"got {treat!r}")
    if current not in STATES:
        raise AwslabError(f"current_state must be one of {', '.join(STATES)}, got {current!r}")
    for p in points:
        if p is not None and not isinstance(p, bool):
            raise AwslabError(f"each point is True, False or None, got {p!r}")


def evaluate(points: Sequence[bool | None], evaluation_periods: int,
             datapoints_to_alarm: int, treat_missing_data: str,
             current_state: str = OK) -> Evaluation:
    """Decide the state for one evaluation range, keeping the reasoning.

    Parameters
    ----------
    points : sequence of bool or None
        The evaluation range, oldest to newest: True breaching, False not, None missing.
    evaluation_periods, datapoints_to_alarm : int
        N and M of "M out of N".
    treat_missing_data : str
        ``missing``, ``ignore``, ``breaching`` or ``notBreaching``.
    current_state : str
        The alarm's state before this evaluation (what ``ignore`` keeps).

    Returns
    -------
    Evaluation
    """
    n, m, treat = evaluation_periods, datapoints_to_alarm, treat_missing_data
    points = list(points)
    _check(points, n, m, treat, current_state)
    real = tuple(i for i, p in enumerate(points) if p is not None)
    if len(real) >= n:
        used = real[-n:]
        hits = sum(points[i] for i in used)
        return Evaluation(ALARM if hits >= m else OK, used, 0, None, hits, "newest-real")
    if not real:
        if treat == "breaching":
            return Evaluation(ALARM, (), n, True, n, "filled")
        if treat == "notBreaching":
            return Evaluation(OK, (), n, False, 0, "filled")
        if treat == "ignore":
            return Evaluation(current_state, (), 0, None, 0, "kept")
        return Evaluation(INSUFFICIENT_DATA, (), 0, None, 0, "all-missing")
    hits = sum(points[i] for i in real)
    if treat in ("breaching", "notBreaching"):
        fill = n - len(real)
        as_breach = treat == "breaching"
        total = hits + (fill if as_breach else 0)
        return Evaluation(ALARM if total >= m else OK, real, fill, as_breach, total, "filled")
    if hits >= m:
        return Evaluation(ALARM, real, 0, None, hits, "real-only")
    if hits < len(real):
        return Evaluation(OK, real, 0, None, hits, "real-only")
    if treat == "ignore":
        return Evaluation(current_state, real, 0, None, hits, "kept")
    age = len(points) - real[0]            # the newest point is 1 period old
    if age >= m:
        return Evaluation(ALARM, real, 0, None, hits, "premature-guard")
    return Evaluation(INSUFFICIENT_DATA, real, 0, None, hits, "too-recent")


def alarm_state(points: Sequence[bool | None], evaluation_periods: int,
                datapoints_to_alarm: int, treat_missing_data: str,
                current_state: str = OK) -> str:
    """The state CloudWatch sets for one evaluation range: OK, ALARM or INSUFFICIENT_DATA.

    ``points`` runs oldest to newest, each True (breaching), False (not breaching) or None
    (missing); see :func:`evaluate` for the rules and the reasoning behind a result.
    Introduced in ``06_alarms_and_recovery.ipynb``.

    Examples
    --------
    >>> alarm_state([None, None, True, None, None], 3, 3, "missing")
    'ALARM'
    >>> alarm_state([None, None, None, None, True], 3, 3, "missing")
    'INSUFFICIENT_DATA'
    """
    return evaluate(points, evaluation_periods, datapoints_to_alarm, treat_missing_data,
                    current_state).state
