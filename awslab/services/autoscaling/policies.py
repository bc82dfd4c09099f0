"""Executing a scaling policy: by ExecutePolicy, or by a CloudWatch alarm every evaluation.

Reproduces the EC2 Auto Scaling user guide ("Step and simple scaling policies", "Scaling
cooldowns", "Instance warmup"):

* **Simple scaling** changes capacity, then waits: until the activities it started have
  completed *and* its cooldown (the policy's ``Cooldown``, else the group's
  ``DefaultCooldown``, 300 s) has passed, further alarm executions are ignored.
  ``ExecutePolicy`` ignores the cooldown unless ``HonorCooldown=True``, which then fails
  with ``ScalingActivityInProgress``.
* **Step scaling** keeps responding while activities are in progress. Instances it
  launched are *warming up* for ``EstimatedInstanceWarmup`` (else the group's
  ``DefaultInstanceWarmup``, else ``DefaultCooldown``) once in service; warming instances
  are not part of the current capacity a scale-out adds to, so a repeated alarm in the same
  step adds nothing more, while a larger step adds only the difference. Scale-in waits
  until no instance is warming up.
"""
from __future__ import annotations

from awslab.services.autoscaling import capacity, controller
from awslab.services.autoscaling.controller import stamp


def execute(lab, group, policy, trigger: str, honor_cooldown: bool,
            metric: float | None = None, threshold: float | None = None) -> dict:
    """Apply ``policy`` to ``group`` now; ``trigger`` says who asked (for the Cause).

    Returns a small record: ``Executed``, ``DesiredCapacity`` before and after, ``Reason``
    when nothing changed (the alarm history records it).
    """
    now, before = lab.now, group.desired
    result = {"PolicyARN": policy.arn, "PolicyName": policy.name,
              "AutoScalingGroupName": group.name, "PreviousDesiredCapacity": before}
    if not policy.enabled:
        return _skipped(result, before, "the policy is disabled")
    if group.status is not None:
        return _skipped(result, before, "the group is being deleted")
    if policy.policy_type == "SimpleScaling":
        blocked = _cooldown_block(group, now) if honor_cooldown else None
        if blocked:
            return _skipped(result, before, blocked, blocked_by_cooldown=True)
        wanted = capacity.adjusted(before, policy.adjustment_type, policy.scaling_adjustment,
                                   policy.min_adjustment_magnitude)
        after = capacity.bounded(wanted, group.min_size, group.max_size)
        warmup = group.default_warmup
    else:
        step = capacity.choose_step(policy.step_adjustments, metric, threshold)
        if step is None:
            return _skipped(result, before, "no step adjustment matches the metric value")
        after, reason = _step_capacity(group, policy, step["ScalingAdjustment"], now)
        if reason:
            return _skipped(result, before, reason)
        warmup = group.warmup_for(policy)
    if after == before:
        return _skipped(result, before, "the desired capacity is already "
                        f"{before} (min {group.min_size}, max {group.max_size})")
    controller.set_desired(group, after, f"At {stamp(now)} {trigger} changing the desired "
                           f"capacity from {before} to {after}.", warmup)
    if policy.policy_type == "SimpleScaling":
        group.cooldown_after = policy.cooldown if policy.cooldown is not None else (
            group.default_cooldown)
        group.cooldown_until = None
    result.update(Executed=True, DesiredCapacity=after)
    return result


def _skipped(result: dict, desired: int, reason: str, blocked_by_cooldown=False) -> dict:
    result.update(Executed=False, DesiredCapacity=desired, Reason=reason)
    if blocked_by_cooldown:
        result["BlockedByCooldown"] = True
    return result


def _cooldown_block(group, now) -> str | None:
    """Why a simple policy must wait now (None: it may run)."""
    if group.cooldown_after is not None or controller.in_progress(group):
        return "a scaling activity is in progress (simple scaling waits for it)"
    if group.cooldown_until is not None and now < group.cooldown_until:
        left = int((group.cooldown_until - now).total_seconds())
        return f"the group is in its cooldown period ({left} s left)"
    return None


def _step_capacity(group, policy, adjustment: int, now) -> tuple[int, str | None]:
    """New desired capacity of a step adjustment, with warm-up (see module docstring)."""
    kind = policy.adjustment_type
    if kind == "ExactCapacity":
        return capacity.bounded(adjustment, group.min_size, group.max_size), None
    if adjustment > 0:
        ready = sum(not m.warming(now) for m in group.live)
        wanted = capacity.adjusted(ready, kind, adjustment, policy.min_adjustment_magnitude)
        return max(group.desired, capacity.bounded(wanted, group.min_size,
                                                   group.max_size)), None
    if any(m.warming(now) for m in group.live):
        return group.desired, "instances are still warming up (scale-in waits for them)"
    wanted = capacity.adjusted(group.desired, kind, adjustment,
                               policy.min_adjustment_magnitude)
    return min(group.desired, capacity.bounded(wanted, group.min_size, group.max_size)), None
