"""Amazon EC2 Auto Scaling: groups whose instances share a seeded load, and the simple and
step scaling policies CloudWatch alarms execute.

Beside the boto3 operations (``OPERATIONS``), notebooks use ``inject_load`` (a surge of
demand on a group, so an alarm fires and the group scales out) and ``group_demand`` (the
group's total demand, the truth behind its CPU). CloudWatch alarm actions reach a policy
through the lab: ``lab.send("autoscaling", "execute-policy", account, region,
{"PolicyARN", "alarm_name", "metric_value", "threshold"})`` (``receive``), repeated at each
evaluation while the alarm stays in ALARM; cooldowns and warm-up decide whether capacity
changes.
"""
from __future__ import annotations

from datetime import datetime

from awslab.clock import to_utc
from awslab.errors import AwslabError
from awslab.services.autoscaling.errors import ValidationError
from awslab.services.autoscaling.operations import OPERATIONS
from awslab.services.autoscaling.state import State
from awslab.workloads import Spike

GLOBAL = False

__all__ = ["OPERATIONS", "State", "receive", "inject_load", "group_demand"]


def receive(lab, state, kind: str, payload: dict) -> dict:
    """Execute a scaling policy for a CloudWatch alarm in ALARM.

    ``payload``: ``PolicyARN``, ``alarm_name``, ``metric_value`` (the value that breached,
    needed by step policies) and ``threshold`` (the alarm's threshold: step bounds are
    relative to it). Alarm executions always honour a simple policy's cooldown. Returns
    ``{"Executed": bool, "DesiredCapacity", "PreviousDesiredCapacity", "Reason"?, ...}``;
    raises ``ValidationError`` for an unknown policy, or a step policy without a metric
    value and threshold.
    """
    from awslab.services.autoscaling.policies import execute
    if kind != "execute-policy":
        raise AwslabError(f"Auto Scaling does not handle {kind!r} requests")
    found = state.policy_by_arn(payload["PolicyARN"])
    if found is None:
        raise ValidationError(f"No scaling policy found for ARN {payload['PolicyARN']}")
    group, policy = found
    metric, threshold = payload.get("metric_value"), payload.get("threshold")
    if policy.policy_type == "StepScaling" and (metric is None or threshold is None):
        raise ValidationError("A step scaling policy needs the alarm's metric value and "
                              "threshold.")
    trigger = (f"a monitor alarm {payload.get('alarm_name', '')} in state ALARM triggered "
               f"policy {policy.name}")
    return execute(lab, group, policy, trigger, True, metric, threshold)


def _group(lab, name: str, region: str, account_id: str | None):
    for (account, reg), state in lab.states("autoscaling"):
        if reg == region and account_id in (None, account) and name in state.groups:
            return state.groups[name]
    raise AwslabError(f"no Auto Scaling group {name!r} in {region}; create one with "
                      "autoscaling.create_auto_scaling_group(...) first")


def inject_load(lab, group_name: str, start, minutes: int, height: float = 100.0,
                region: str = "us-east-1", account_id: str | None = None) -> Spike:
    """Add demand to an Auto Scaling group: ``height`` percent of one instance's worth of
    work for ``minutes`` minutes from ``start`` (150 = one and a half busy instances).

    The instances in service share it, so each one's CPU rises by ``height / n``; when the
    group scales out, the surge is spread over more instances and each CPU falls.

    Returns
    -------
    Spike

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    if not 1 <= int(minutes) <= 7 * 24 * 60:
        raise AwslabError("a load surge lasts between 1 minute and 1 week")
    group = _group(lab, group_name, region, account_id)
    surge = Spike(to_utc(start), int(minutes), float(height))
    group.load.surges.append(surge)
    return surge


def group_demand(lab, group_name: str, start: str | datetime, end: str | datetime,
                 region: str = "us-east-1", account_id: str | None = None):
    """A group's total demand per minute in ``[start, end)``, in percent of one instance
    (the truth its instances' CPU shares), as a pandas Series.

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    from awslab import workloads
    group = _group(lab, group_name, region, account_id)
    start, end = to_utc(start), to_utc(end)
    first, last = workloads.minute_index(start), workloads.minute_index(end)
    values = workloads.group_demand(lab.seed, group.load, start, max(last - first, 0))
    return workloads.as_series(values, start, "GroupDemand")
