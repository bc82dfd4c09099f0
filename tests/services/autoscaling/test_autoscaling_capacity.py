"""How policies compute capacity (pure functions, no boto3)."""
import pytest

from awslab.services.autoscaling.capacity import (
    adjusted, bounded, check_steps, choose_step, percent_change)
from awslab.services.autoscaling.errors import ValidationError


@pytest.mark.parametrize("current,percent,minimum,change", [
    (10, 27, None, 2),        # 2.7 -> 2 (above 1: rounded down)
    (100, 12.7, None, 12),
    (3, 25, None, 1),         # 0.75 -> 1
    (3, -25, None, -1),       # -0.75 -> -1
    (15, -44.5, None, -6),    # -6.675 -> -6 (below -1: rounded up)
    (0, 50, None, 0),
    (4, 25, 2, 2),            # the guide's MinAdjustmentMagnitude example
    (4, -25, 2, -2),
    (40, 25, 2, 10),
])
def test_percent_change_rounding(current, percent, minimum, change):
    assert percent_change(current, percent, minimum) == change


@pytest.mark.parametrize("kind,adjustment,result", [
    ("ChangeInCapacity", 2, 6), ("ChangeInCapacity", -3, 1), ("ExactCapacity", 7, 7),
    ("PercentChangeInCapacity", 50, 6), ("PercentChangeInCapacity", -50, 2),
])
def test_adjusted(kind, adjustment, result):
    assert adjusted(4, kind, adjustment) == result


def test_bounded():
    assert [bounded(c, 1, 5) for c in (0, 1, 3, 5, 9)] == [1, 1, 3, 5, 5]


STEPS = [{"MetricIntervalUpperBound": -10.0, "ScalingAdjustment": -2},
         {"MetricIntervalLowerBound": -10.0, "MetricIntervalUpperBound": 0.0,
          "ScalingAdjustment": -1},
         {"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 15.0,
          "ScalingAdjustment": 1},
         {"MetricIntervalLowerBound": 15.0, "ScalingAdjustment": 3}]


@pytest.mark.parametrize("metric,adjustment", [
    (60.0, 1), (74.9, 1), (75.0, 3), (99.0, 3),      # above 60: lower inclusive
    (55.0, -1), (50.1, -1), (50.0, -2), (10.0, -2),  # below: upper inclusive
])
def test_choose_step_relative_to_the_threshold(metric, adjustment):
    assert choose_step(STEPS, metric, 60.0)["ScalingAdjustment"] == adjustment


def test_no_step_matches():
    assert choose_step(STEPS[2:], 50.0, 60.0) is None


@pytest.mark.parametrize("steps,message", [
    ([], "required"),
    ([{"MetricIntervalLowerBound": 5.0, "MetricIntervalUpperBound": 5.0,
       "ScalingAdjustment": 1}], "greater than its lower bound"),
    ([{"MetricIntervalUpperBound": 5.0, "ScalingAdjustment": 1},
      {"MetricIntervalUpperBound": 9.0, "ScalingAdjustment": 1}], "null lower bound"),
    ([{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1},
      {"MetricIntervalLowerBound": 5.0, "ScalingAdjustment": 1}], "null upper bound"),
    ([{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 10.0,
       "ScalingAdjustment": 1},
      {"MetricIntervalLowerBound": 5.0, "ScalingAdjustment": 2}], "overlap"),
    ([{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 10.0,
       "ScalingAdjustment": 1},
      {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 2}], "gaps"),
])
def test_bad_steps(steps, message):
    with pytest.raises(ValidationError, match=message):
        check_steps(steps)


def test_good_steps():
    check_steps(STEPS)
