"""How scaling policies compute a group's new desired capacity (pure functions).

Reproduces the EC2 Auto Scaling user guide, "Step and simple scaling policies" and
"Scaling adjustment types":

* ``ChangeInCapacity`` adds the adjustment to the current capacity, ``ExactCapacity``
  sets it, ``PercentChangeInCapacity`` adds that percentage of the current capacity,
  rounded as Auto Scaling rounds it: above 1 down (12.7 -> 12), between 0 and 1 up to 1,
  between -1 and 0 down to -1, below -1 up (-6.67 -> -6); ``MinAdjustmentMagnitude``
  raises a smaller percentage change to that many instances. The result is kept within
  the group's minimum and maximum size.
* Step adjustments: bounds are relative to the alarm's threshold (metric - threshold);
  above the threshold the lower bound is inclusive and the upper exclusive, below it the
  lower bound is exclusive and the upper inclusive; ``None`` is infinity. The ranges
  may not overlap or leave gaps, and only one step may be open at each end.

Known gap: no instance weights (one instance is one capacity unit).
"""
from __future__ import annotations

import math

from awslab.services.autoscaling.errors import ValidationError

ADJUSTMENT_TYPES = ("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity")


def percent_change(current: int, percent: float, min_magnitude: int | None = None) -> int:
    """The instances a ``PercentChangeInCapacity`` adjustment adds (negative: removes)."""
    raw = current * percent / 100.0
    if raw == 0:
        return 0
    if raw > 1:
        change = math.floor(raw)
    elif raw > 0:
        change = 1
    elif raw >= -1:
        change = -1
    else:
        change = math.ceil(raw)
    if min_magnitude and abs(change) < min_magnitude:
        change = int(math.copysign(min_magnitude, change))
    return change


def adjusted(current: int, adjustment_type: str, adjustment: int,
             min_magnitude: int | None = None) -> int:
    """The capacity an adjustment asks for, before the min/max bounds."""
    if adjustment_type == "ExactCapacity":
        return adjustment
    if adjustment_type == "PercentChangeInCapacity":
        return current + percent_change(current, adjustment, min_magnitude)
    return current + adjustment


def bounded(capacity: int, min_size: int, max_size: int) -> int:
    return max(min_size, min(max_size, capacity))


def _lo(step: dict) -> float:
    v = step.get("MetricIntervalLowerBound")
    return -math.inf if v is None else v


def _hi(step: dict) -> float:
    v = step.get("MetricIntervalUpperBound")
    return math.inf if v is None else v


def choose_step(steps: list[dict], metric: float, threshold: float) -> dict | None:
    """The step adjustment for a metric value and the alarm's threshold (None: no step)."""
    delta = metric - threshold
    if delta >= 0:                       # at the threshold itself, the "above" rule first
        for step in steps:
            if _lo(step) <= delta < _hi(step):
                return step
    if delta <= 0:
        for step in steps:
            if _lo(step) < delta <= _hi(step):
                return step
    return None


def check_steps(steps: list[dict]) -> None:
    """Reject step adjustments that overlap, leave gaps or are open twice at one end."""
    if not steps:
        raise ValidationError("StepAdjustments are required for StepScaling policies.")
    for step in steps:
        if _lo(step) >= _hi(step):
            raise ValidationError("The upper bound of a step adjustment must be greater "
                                  "than its lower bound.")
    if sum(s.get("MetricIntervalLowerBound") is None for s in steps) > 1:
        raise ValidationError("There can be at most one step adjustment with a null lower "
                              "bound.")
    if sum(s.get("MetricIntervalUpperBound") is None for s in steps) > 1:
        raise ValidationError("There can be at most one step adjustment with a null upper "
                              "bound.")
    ordered = sorted(steps, key=_lo)
    for prev, cur in zip(ordered, ordered[1:]):
        if _hi(prev) > _lo(cur):
            raise ValidationError("Step adjustments must not overlap.")
        if _hi(prev) < _lo(cur):
            raise ValidationError("Step adjustments must not have gaps between them.")
