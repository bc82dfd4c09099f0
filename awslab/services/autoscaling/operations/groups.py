"""Auto Scaling groups: Create/Describe/Update/DeleteAutoScalingGroup, SetDesiredCapacity,
DescribeAutoScalingInstances.

The group's instances are launched and terminated by its control loop
(``controller.py``) on the lab's clock, not inside these calls: right after
CreateAutoScalingGroup the group has no instances yet, as on AWS. Each group serves a
seeded load (``awslab.workloads.GroupLoad``, sized for its initial desired capacity) that
its instances in service share. Not simulated (refused with a message): load balancers and
target groups, lifecycle hooks, mixed instances policies, warm pools.
"""
from __future__ import annotations

from awslab import workloads
from awslab.errors import AwsError
from awslab.services.autoscaling import controller
from awslab.services.autoscaling.controller import stamp
from awslab.services.autoscaling.errors import (
    AlreadyExists, ResourceInUse, ScalingActivityInProgress, ValidationError,
    launch_configuration_not_found, unsupported)
from awslab.services.autoscaling.operations import OPERATIONS
from awslab.services.autoscaling.operations.common import find_group, page
from awslab.services.autoscaling.state import Group

UNSIMULATED = {"MixedInstancesPolicy": "mixed instances policies",
               "InstanceId": "creating a group from an instance",
               "LoadBalancerNames": "load balancers", "TargetGroupARNs": "target groups",
               "TrafficSources": "traffic sources",
               "LifecycleHookSpecificationList": "lifecycle hooks"}
SERVICE_ROLE = "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
GROUP_FILTERS = ("tag-key", "tag-value")


def check_sizes(min_size: int, max_size: int, desired: int | None) -> None:
    if min_size < 0 or max_size < 0:
        raise ValidationError("Min size and max size must be non-negative.")
    if min_size > max_size:
        raise ValidationError(f"Max bound, {max_size}, must be greater than or equal to min "
                              f"bound, {min_size}")
    if desired is not None and not min_size <= desired <= max_size:
        raise ValidationError(f"Desired capacity:{desired} must be between the specified min "
                              f"size:{min_size} and max size:{max_size}")


def _launch_source(call, state, p: dict) -> dict:
    if p.get("LaunchConfigurationName"):
        name = p["LaunchConfigurationName"]
        if name not in state.launch_configurations:
            raise launch_configuration_not_found(name)
        return {"LaunchConfigurationName": name}
    if p.get("LaunchTemplate"):
        spec = dict(p["LaunchTemplate"])
        try:
            found = call.lab.send("ec2", "launch-template", call.account_id, call.region, spec)
        except AwsError as err:
            raise ValidationError(f"You must use a valid fully-formed launch template. "
                                  f"{err.message}") from None
        return {"LaunchTemplate": {"LaunchTemplateId": found["LaunchTemplateId"],
                                   "LaunchTemplateName": found["LaunchTemplateName"],
                                   "Version": spec.get("Version", "$Default")}}
    raise ValidationError("Valid requests must contain either LaunchTemplate, "
                          "LaunchConfigurationName, InstanceId or MixedInstancesPolicy "
                          "parameter.")


def _subnets(call, p: dict) -> list[tuple[str, str]]:
    """The group's subnets: from VPCZoneIdentifier, or the default subnet of each zone."""
    known = call.lab.send("ec2", "subnets", call.account_id, call.region, {})["Subnets"]
    by_id = {s["SubnetId"]: s["AvailabilityZone"] for s in known}
    by_zone = {s["AvailabilityZone"]: s["SubnetId"] for s in known}
    if p.get("VPCZoneIdentifier"):
        out = []
        for subnet_id in (s.strip() for s in p["VPCZoneIdentifier"].split(",")):
            if subnet_id not in by_id:
                raise ValidationError(f"The subnet ID '{subnet_id}' does not exist")
            out.append((subnet_id, by_id[subnet_id]))
        return out
    if p.get("AvailabilityZones"):
        for zone in p["AvailabilityZones"]:
            if zone not in by_zone:
                raise ValidationError(f"Invalid Availability Zone: [{zone}]")
        return [(by_zone[z], z) for z in p["AvailabilityZones"]]
    raise ValidationError("At least one Availability Zone or VPC Subnet is required.")


def _tags(name: str, tags: list[dict]) -> list[dict]:
    out = []
    for tag in tags or []:
        if tag["Key"].lower().startswith("aws:"):
            raise ValidationError("Tag keys starting with 'aws:' are reserved for internal "
                                  "use")
        out.append({"ResourceId": name, "ResourceType": "auto-scaling-group",
                    "Key": tag["Key"], "Value": tag.get("Value", ""),
                    "PropagateAtLaunch": bool(tag.get("PropagateAtLaunch", False))})
    return out


def _check_health(p: dict) -> None:
    kind = p.get("HealthCheckType", "EC2")
    if kind != "EC2":
        raise unsupported(f"{kind} health checks (only EC2 health checks)")


@OPERATIONS("CreateAutoScalingGroup")
def create_auto_scaling_group(call, p):
    state, lab = call.state(), call.lab
    name = p["AutoScalingGroupName"]
    for key, what in UNSIMULATED.items():
        if p.get(key):
            raise unsupported(what)
    if name in state.groups:
        raise AlreadyExists(f"AutoScalingGroup by this name already exists - A group with "
                            f"the name {name} already exists")
    launch = _launch_source(call, state, p)
    desired = p.get("DesiredCapacity", p["MinSize"])
    check_sizes(p["MinSize"], p["MaxSize"], desired)
    _check_health(p)
    subnets = _subnets(call, p)
    arn = state.arn("autoScalingGroup", lab.ids.uuid(), f"autoScalingGroupName/{name}")
    load = workloads.GroupLoad(f"{call.account_id}/{call.region}/asg/{name}", max(desired, 1))
    group = Group(name, arn, launch, p["MinSize"], p["MaxSize"], desired,
                  p.get("DefaultCooldown", 300), subnets,
                  ",".join(s for s, _ in subnets) if p.get("VPCZoneIdentifier") else "",
                  call.now.replace(microsecond=0), load,
                  grace_period=p.get("HealthCheckGracePeriod", 0),
                  default_warmup=p.get("DefaultInstanceWarmup"),
                  placement_group=p.get("PlacementGroup"),
                  protect_new=bool(p.get("NewInstancesProtectedFromScaleIn")),
                  tags=_tags(name, p.get("Tags")),
                  termination_policies=list(p.get("TerminationPolicies") or ["Default"]))
    state.groups[name] = group
    if desired:
        group.cause = (f"At {stamp(call.now)} a user request created an AutoScalingGroup "
                       f"changing the desired capacity from 0 to {desired}.")
    controller.start(lab, state, group)
    return {}


def _member_dict(member, group, with_group: bool = False) -> dict:
    out = {"InstanceId": member.instance_id, "InstanceType": member.instance_type,
           "AvailabilityZone": member.availability_zone,
           "LifecycleState": member.lifecycle, "HealthStatus": member.health,
           "ProtectedFromScaleIn": member.protected, **group.launch}
    if with_group:
        out["AutoScalingGroupName"] = group.name
    return out


def group_dict(group) -> dict:
    out = {"AutoScalingGroupName": group.name, "AutoScalingGroupARN": group.arn,
           **group.launch, "MinSize": group.min_size, "MaxSize": group.max_size,
           "DesiredCapacity": group.desired, "DefaultCooldown": group.default_cooldown,
           "AvailabilityZones": sorted({z for _, z in group.subnets}),
           "LoadBalancerNames": [], "TargetGroupARNs": [], "HealthCheckType": "EC2",
           "HealthCheckGracePeriod": group.grace_period,
           "Instances": [_member_dict(m, group) for m in group.members.values()],
           "CreatedTime": group.created, "SuspendedProcesses": [],
           "VPCZoneIdentifier": group.vpc_zone_identifier or None, "EnabledMetrics": [],
           "Tags": [dict(t) for t in group.tags],
           "TerminationPolicies": list(group.termination_policies),
           "NewInstancesProtectedFromScaleIn": group.protect_new,
           "ServiceLinkedRoleARN": f"arn:aws:iam::{group.arn.split(':')[4]}:{SERVICE_ROLE}",
           "CapacityRebalance": False, "TrafficSources": []}
    if group.placement_group:
        out["PlacementGroup"] = group.placement_group
    if group.default_warmup is not None:
        out["DefaultInstanceWarmup"] = group.default_warmup
    if group.status:
        out["Status"] = group.status
    return {k: v for k, v in out.items() if v is not None}


def _matches(group, filters: list[dict]) -> bool:
    for f in filters or []:
        name, values = f.get("Name", ""), f.get("Values") or []
        tags = {t["Key"]: t["Value"] for t in group.tags}
        if name.startswith("tag:"):
            ok = tags.get(name[4:]) in values
        elif name == "tag-key":
            ok = any(k in values for k in tags)
        elif name == "tag-value":
            ok = any(v in values for v in tags.values())
        else:
            raise ValidationError(f"Filter name {name} is not supported")
        if not ok:
            return False
    return True


@OPERATIONS("DescribeAutoScalingGroups")
def describe_auto_scaling_groups(call, p):
    names = p.get("AutoScalingGroupNames")
    groups = [g for g in call.state().groups.values()
              if (not names or g.name in names) and _matches(g, p.get("Filters"))]
    items, token = page(groups, p, 50, f"groups {names} {p.get('Filters')}")
    return {"AutoScalingGroups": [group_dict(g) for g in items], "NextToken": token}


@OPERATIONS("DescribeAutoScalingInstances")
def describe_auto_scaling_instances(call, p):
    wanted = p.get("InstanceIds")
    found = [_member_dict(m, g, with_group=True) for g in call.state().groups.values()
             for m in g.members.values() if not wanted or m.instance_id in wanted]
    items, token = page(found, p, 50, f"instances {wanted}")
    return {"AutoScalingInstances": items, "NextToken": token}


@OPERATIONS("UpdateAutoScalingGroup")
def update_auto_scaling_group(call, p):
    state = call.state()
    group = find_group(state, p["AutoScalingGroupName"])
    for key in ("MixedInstancesPolicy",):
        if p.get(key):
            raise unsupported(UNSIMULATED[key])
    _check_health(p)
    min_size, max_size = p.get("MinSize", group.min_size), p.get("MaxSize", group.max_size)
    desired = p.get("DesiredCapacity")
    if desired is None:                  # new bounds pull the desired capacity inside them
        desired = max(min_size, min(max_size, group.desired)) if min_size <= max_size else (
            group.desired)
    check_sizes(min_size, max_size, desired)
    if p.get("LaunchConfigurationName") or p.get("LaunchTemplate"):
        group.launch = _launch_source(call, state, p)
    if p.get("VPCZoneIdentifier") or p.get("AvailabilityZones"):
        group.subnets = _subnets(call, p)
        group.vpc_zone_identifier = ",".join(s for s, _ in group.subnets) if p.get(
            "VPCZoneIdentifier") else ""
    for key, attr in (("DefaultCooldown", "default_cooldown"),
                      ("HealthCheckGracePeriod", "grace_period"),
                      ("DefaultInstanceWarmup", "default_warmup"),
                      ("PlacementGroup", "placement_group"),
                      ("NewInstancesProtectedFromScaleIn", "protect_new")):
        if key in p:
            setattr(group, attr, p[key])
    if p.get("TerminationPolicies"):
        group.termination_policies = list(p["TerminationPolicies"])
    group.min_size, group.max_size = min_size, max_size
    if desired != group.desired:
        controller.set_desired(group, desired, (
            f"At {stamp(call.now)} a user request update of AutoScalingGroup constraints to "
            f"min: {min_size}, max: {max_size}, desired: {desired} changing the desired "
            f"capacity from {group.desired} to {desired}."))
    return {}


def blocking_activity(state, group, now) -> str | None:
    """The ID of the activity that keeps a cooldown-honouring request from running."""
    running = controller.in_progress(group)
    if running:
        return running[0].activity_id
    if group.cooldown_after is not None or (
            group.cooldown_until is not None and now < group.cooldown_until):
        mine = [a for a in state.activities if a.group_arn == group.arn]
        return mine[-1].activity_id if mine else "cooldown"
    return None


@OPERATIONS("SetDesiredCapacity")
def set_desired_capacity(call, p):
    state = call.state()
    group = find_group(state, p["AutoScalingGroupName"])
    desired = p["DesiredCapacity"]
    if desired > group.max_size:
        raise ValidationError(f"New SetDesiredCapacity value {desired} is above max value "
                              f"{group.max_size} for the AutoScalingGroup.")
    if desired < group.min_size:
        raise ValidationError(f"New SetDesiredCapacity value {desired} is below min value "
                              f"{group.min_size} for the AutoScalingGroup.")
    if p.get("HonorCooldown"):
        blocking = blocking_activity(state, group, call.now)
        if blocking:
            raise ScalingActivityInProgress(
                f"Scaling activity {blocking} is in progress and blocks this action")
    if desired != group.desired:
        controller.set_desired(group, desired, (
            f"At {stamp(call.now)} a user request explicitly set group desired capacity "
            f"changing the desired capacity from {group.desired} to {desired}."))
    return {}


@OPERATIONS("DeleteAutoScalingGroup")
def delete_auto_scaling_group(call, p):
    state = call.state()
    group = find_group(state, p["AutoScalingGroupName"], deleting_ok=True)
    if group.status is not None:
        return {}
    if not p.get("ForceDelete"):
        if group.members:
            if controller.in_progress(group):
                raise ScalingActivityInProgress(
                    "You cannot delete an AutoScalingGroup while there are scaling "
                    "activities in progress for that group.")
            raise ResourceInUse("You cannot delete an AutoScalingGroup while there are "
                                "instances or pending Spot instance request(s) still in the "
                                "group.")
    group.status = "Delete in progress"
    group.policies.clear()
    if not group.members:
        group.job.cancel()
        del state.groups[group.name]
        state.deleted.add(group.arn)
        return {}
    live = len(group.live)
    for member in list(group.live):
        controller._terminate(call.lab, state, group, member, call.now, (
            f"At {stamp(call.now)} a user request deleted the AutoScalingGroup changing the "
            f"desired capacity from {live} to 0.  At {stamp(call.now)} instance "
            f"{member.instance_id} was selected for termination."))
    group.desired = group.min_size = group.max_size = 0
    return {}
