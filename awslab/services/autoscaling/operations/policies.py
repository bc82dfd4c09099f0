"""Scaling policies: PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy.

Simple and step scaling are simulated (``policies.py`` in the package executes them);
target tracking and predictive scaling are refused with a message that says so (they
create and manage their own CloudWatch alarms).
"""
from __future__ import annotations

from awslab.services.autoscaling import capacity
from awslab.services.autoscaling.errors import (
    ScalingActivityInProgress, ValidationError, unsupported)
from awslab.services.autoscaling.operations import OPERATIONS
from awslab.services.autoscaling.operations.common import find_group, page
from awslab.services.autoscaling.operations.groups import blocking_activity
from awslab.services.autoscaling.policies import execute
from awslab.services.autoscaling.state import Policy

POLICY_TYPES = ("SimpleScaling", "StepScaling")
AGGREGATIONS = ("Minimum", "Maximum", "Average")


def _check(p: dict, kind: str) -> None:
    """PutScalingPolicy's rules for the members each policy type takes."""
    adjustment_type = p.get("AdjustmentType")
    if adjustment_type is None:
        raise ValidationError(f"AdjustmentType is required for {kind} policies.")
    if adjustment_type not in capacity.ADJUSTMENT_TYPES:
        raise ValidationError(f"Specified AdjustmentType '{adjustment_type}' is invalid. "
                              f"Valid values: {', '.join(capacity.ADJUSTMENT_TYPES)}.")
    if p.get("MinAdjustmentStep") is not None:
        raise ValidationError("MinAdjustmentStep is deprecated; use MinAdjustmentMagnitude.")
    magnitude = p.get("MinAdjustmentMagnitude")
    if magnitude is not None:
        if adjustment_type != "PercentChangeInCapacity":
            raise ValidationError("MinAdjustmentMagnitude is only supported with "
                                  "PercentChangeInCapacity.")
        if magnitude < 1:
            raise ValidationError("MinAdjustmentMagnitude must be at least 1.")
    if kind == "SimpleScaling":
        if p.get("ScalingAdjustment") is None:
            raise ValidationError("ScalingAdjustment is required for SimpleScaling "
                                  "policies.")
        for key in ("StepAdjustments", "EstimatedInstanceWarmup", "MetricAggregationType"):
            if p.get(key) is not None:
                raise ValidationError(f"{key} is not supported for SimpleScaling policies.")
        adjustments = [p["ScalingAdjustment"]]
    else:
        for key in ("ScalingAdjustment", "Cooldown"):
            if p.get(key) is not None:
                raise ValidationError(f"{key} is not supported for StepScaling policies.")
        capacity.check_steps(p.get("StepAdjustments") or [])
        if p.get("MetricAggregationType", "Average") not in AGGREGATIONS:
            raise ValidationError(f"MetricAggregationType must be one of "
                                  f"{', '.join(AGGREGATIONS)}.")
        adjustments = [s["ScalingAdjustment"] for s in p["StepAdjustments"]]
    if adjustment_type == "ExactCapacity" and min(adjustments) < 0:
        raise ValidationError("ScalingAdjustment must be non-negative for ExactCapacity.")


@OPERATIONS("PutScalingPolicy")
def put_scaling_policy(call, p):
    state = call.state()
    group = find_group(state, p["AutoScalingGroupName"])
    kind = p.get("PolicyType", "SimpleScaling")
    if kind in ("TargetTrackingScaling", "PredictiveScaling"):
        raise unsupported(f"{kind} policies (use SimpleScaling or StepScaling with your "
                          "own CloudWatch alarm)")
    if kind not in POLICY_TYPES:
        raise ValidationError(f"Invalid policy type {kind}.")
    _check(p, kind)
    name = p["PolicyName"]
    existing = group.policies.get(name)
    arn = existing.arn if existing else state.arn(
        "scalingPolicy", call.lab.ids.uuid(),
        f"autoScalingGroupName/{group.name}:policyName/{name}")
    steps = [{k: v for k, v in s.items() if v is not None}
             for s in p.get("StepAdjustments") or []]
    group.policies[name] = Policy(
        name, arn, group.name, kind, p["AdjustmentType"], p.get("ScalingAdjustment"),
        p.get("MinAdjustmentMagnitude"), p.get("Cooldown"), steps,
        p.get("MetricAggregationType", "Average") if kind == "StepScaling" else None,
        p.get("EstimatedInstanceWarmup"), p.get("Enabled", True))
    return {"PolicyARN": arn, "Alarms": []}


def policy_dict(policy: Policy) -> dict:
    out = {"AutoScalingGroupName": policy.group_name, "PolicyName": policy.name,
           "PolicyARN": policy.arn, "PolicyType": policy.policy_type,
           "AdjustmentType": policy.adjustment_type,
           "StepAdjustments": [dict(s) for s in policy.step_adjustments], "Alarms": [],
           "Enabled": policy.enabled}
    for key, value in (("ScalingAdjustment", policy.scaling_adjustment),
                       ("MinAdjustmentMagnitude", policy.min_adjustment_magnitude),
                       ("Cooldown", policy.cooldown),
                       ("MetricAggregationType", policy.metric_aggregation_type),
                       ("EstimatedInstanceWarmup", policy.estimated_warmup)):
        if value is not None:
            out[key] = value
    return out


@OPERATIONS("DescribePolicies")
def describe_policies(call, p):
    state = call.state()
    groups = [find_group(state, p["AutoScalingGroupName"])] if p.get(
        "AutoScalingGroupName") else list(state.groups.values())
    names, types = p.get("PolicyNames"), p.get("PolicyTypes")
    found = [pol for g in groups for pol in g.policies.values()
             if (not names or pol.name in names or pol.arn in names)
             and (not types or pol.policy_type in types)]
    items, token = page(found, p, 50, f"policies {p.get('AutoScalingGroupName')} {names}")
    return {"ScalingPolicies": [policy_dict(x) for x in items], "NextToken": token}


def find_policy(state, group_name: str | None, name: str):
    """``(group, policy)`` by group and policy name, or by policy ARN."""
    if name.startswith("arn:"):
        found = state.policy_by_arn(name)
        if found is None:
            raise ValidationError(f"No scaling policy found for ARN {name}")
        return found
    if not group_name:
        raise ValidationError("AutoScalingGroupName is required when PolicyName is not an "
                              "ARN.")
    group = find_group(state, group_name)
    if name not in group.policies:
        raise ValidationError(f"No scaling policy found for service namespace: ec2, "
                              f"AutoScalingGroup: {group.name}, policy name: {name}")
    return group, group.policies[name]


@OPERATIONS("DeletePolicy")
def delete_policy(call, p):
    group, policy = find_policy(call.state(), p.get("AutoScalingGroupName"), p["PolicyName"])
    del group.policies[policy.name]
    return {}


@OPERATIONS("ExecutePolicy")
def execute_policy(call, p):
    state = call.state()
    group, policy = find_policy(state, p.get("AutoScalingGroupName"), p["PolicyName"])
    metric, threshold = p.get("MetricValue"), p.get("BreachThreshold")
    if policy.policy_type == "StepScaling" and (metric is None or threshold is None):
        raise ValidationError("MetricValue and BreachThreshold are required to execute a "
                              "StepScaling policy.")
    honor = bool(p.get("HonorCooldown"))
    if honor and policy.policy_type == "SimpleScaling":
        blocking = blocking_activity(state, group, call.now)
        if blocking:
            raise ScalingActivityInProgress(
                f"Scaling activity {blocking} is in progress and blocks this action")
    execute(call.lab, group, policy, f"a user request executed policy {policy.name}", honor,
            metric, threshold)
    return {}
