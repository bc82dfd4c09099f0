"""CloudWatch alarms: the evaluation engine, the composite rule language, and alarms on
the simulated clock (aws-facts section 2).

Modules: :mod:`.evaluation` (the pure decision for one evaluation range,
:func:`alarm_state`), :mod:`.series` (the same decision at every point of a long series,
vectorised), :mod:`.composite` (AlarmRule parser and evaluator), :mod:`.model` (typed
alarms and history items), :mod:`.validate` (PutMetricAlarm/PutCompositeAlarm rules),
:mod:`.reasons` (StateReason texts), :mod:`.messages` (SNS notification, EventBridge event),
:mod:`.actions` (action ARNs and their delivery), :mod:`.history`, :mod:`.transitions` and
:mod:`.evaluator` (the timed job). Nothing here imports pandas, matplotlib or widgets at
import time.
"""
from awslab.services.cloudwatch.alarms.composite import Rule, parse_rule
from awslab.services.cloudwatch.alarms.evaluation import (
    Evaluation, alarm_state, breaches, evaluate, evaluation_range)
from awslab.services.cloudwatch.alarms.series import series_states, states_over_time

__all__ = ["Evaluation", "Rule", "alarm_state", "breaches", "evaluate", "evaluation_range",
           "parse_rule", "series_states", "states_over_time"]
