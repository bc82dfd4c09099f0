"""Each Auto Scaling group's control loop on the lab's clock.

Every :data:`TICK` the group looks at its instances through EC2 (``lab.send("ec2",
"describe", ...)``) and:

1. moves a ``Pending`` instance to ``InService`` once EC2 runs it (its launch activity
   succeeds), and removes a ``Terminating`` one once EC2 has terminated it;
2. EC2 health checks: an in-service instance that is no longer running (stopped,
   terminated by someone, being recovered) or whose system or instance status check is
   impaired after the grace period is ``Unhealthy`` and is terminated, then replaced;
3. launches or terminates instances until the group has its desired capacity, through
   EC2's own launch path (``lab.send("ec2", "launch", ...)``, with the
   ``aws:autoscaling:groupName`` tag), one scaling activity per instance with AWS's
   ``Description`` and ``Cause`` texts. Scale-in keeps the Availability Zones balanced and
   then terminates the oldest instance (``NewestInstance``/``OldestInstance`` policies are
   honoured; the lab's stand-in for the Default policy's later criteria);
4. tells EC2 which instances serve the group's load (``load-share``): the load is shared
   by the instances in service, so a new instance lowers the others' CPU;
5. starts a simple-scaling cooldown once the activities a simple policy caused complete.

A launch that EC2 refuses (vCPU limit, bad AMI, missing template) is a ``Failed`` activity
whose ``StatusMessage`` is EC2's error; the group tries again after :data:`RETRY`.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from awslab.errors import AwsError
from awslab.services.autoscaling.state import Activity, Member

TICK = timedelta(seconds=10)
RETRY = timedelta(minutes=1)
GROUP_TAG = "aws:autoscaling:groupName"


def stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def start(lab, state, group) -> None:
    """Start the group's control loop (first look one tick after creation)."""
    group.job = lab.clock.every(TICK, lambda t: tick(lab, state, group, t),
                                name=f"autoscaling {group.name}")


def set_desired(group, capacity: int, cause: str, warmup: int | None = None) -> None:
    """Change the desired capacity; the next tick launches or terminates with ``cause``."""
    group.desired = capacity
    group.cause = cause
    group.launch_warmup = warmup


def in_progress(group) -> list[Activity]:
    return [m.activity for m in group.members.values() if m.activity is not None]


def tick(lab, state, group, t: datetime) -> None:
    """One look at the group (the clock calls this every :data:`TICK`)."""
    ec2 = lab.send("ec2", "describe", state.account_id, state.region,
                   {"InstanceIds": list(group.members)})["Instances"]
    _health(lab, state, group, ec2, t)
    if group.status is None:
        _reconcile(lab, state, group, t)
    _share(lab, state, group)
    if group.cooldown_after is not None and not in_progress(group):
        group.cooldown_until = t + timedelta(seconds=group.cooldown_after)
        group.cooldown_after = None
    if group.status is not None and not group.members:
        group.job.cancel()
        state.groups.pop(group.name, None)
        state.deleted.add(group.arn)


# -- instance health and lifecycle -------------------------------------------------------
def _health(lab, state, group, ec2: dict, t: datetime) -> None:
    for member in list(group.members.values()):
        seen = ec2.get(member.instance_id)
        ec2_state = seen["State"] if seen else "terminated"
        if member.lifecycle == "Terminating":
            if ec2_state == "terminated":
                del group.members[member.instance_id]
                if member.activity is not None:
                    member.activity.finish(t)
            continue
        if member.lifecycle == "Pending" and ec2_state == "running":
            member.lifecycle, member.in_service_at = "InService", t
            member.activity.finish(t)
            member.activity = None
        elif ec2_state not in ("pending", "running") or (
                member.lifecycle == "InService" and ec2_state != "running"):
            _unhealthy(lab, state, group, member, t, "an EC2 health check indicating it has "
                       "been terminated or stopped")
        elif member.lifecycle == "InService" and seen["Impaired"] and (
                t - member.in_service_at).total_seconds() >= group.grace_period:
            _unhealthy(lab, state, group, member, t, "an EC2 instance status checks failure")


def _unhealthy(lab, state, group, member: Member, t: datetime, reason: str) -> None:
    member.health = "Unhealthy"
    cause = f"At {stamp(t)} an instance was taken out of service in response to {reason}."
    _terminate(lab, state, group, member, t, cause)


def _terminate(lab, state, group, member: Member, t: datetime, cause: str) -> None:
    if member.activity is not None and member.activity.status == "InProgress":
        member.activity.finish(t, "Cancelled")
    member.lifecycle = "Terminating"
    member.activity = _activity(lab, state, group, t,
                                f"Terminating EC2 instance: {member.instance_id}", cause,
                                member)
    lab.send("ec2", "terminate", state.account_id, state.region,
             {"InstanceIds": [member.instance_id]})


def _activity(lab, state, group, t, description, cause, member=None) -> Activity:
    details = {"Subnet ID": member.subnet_id, "Availability Zone": member.availability_zone}
    activity = Activity(lab.ids.uuid(), group.name, group.arn, description, cause[:1023], t,
                        json.dumps(details), member.instance_id if member else None)
    state.activities.append(activity)
    return activity


# -- desired vs actual capacity ----------------------------------------------------------
def _with_cause(group, sentence: str) -> str:
    head, group.cause = group.cause, None
    return f"{head}  {sentence}" if head else sentence


def _reconcile(lab, state, group, t: datetime) -> None:
    if group.retry_at is not None and t < group.retry_at:
        return
    live = group.live
    if len(live) < group.desired:
        cause = _with_cause(group, (
            f"At {stamp(t)} an instance was started in response to a difference between "
            f"desired and actual capacity, increasing the capacity from {len(live)} to "
            f"{group.desired}."))
        for _ in range(group.desired - len(live)):
            if not _launch(lab, state, group, t, cause):
                break
    elif len(live) > group.desired:
        victims = _victims(group, len(live) - group.desired)
        sentence = (f"At {stamp(t)} an instance was taken out of service in response to a "
                    "difference between desired and actual capacity, shrinking the capacity "
                    f"from {len(live)} to {group.desired}.")
        head = _with_cause(group, sentence)
        for member in victims:
            _terminate(lab, state, group, member, t, f"{head}  At {stamp(t)} instance "
                       f"{member.instance_id} was selected for termination.")


def _victims(group, count: int) -> list[Member]:
    """Instances to terminate on scale-in: balance zones, then oldest (or newest) first."""
    chosen: list[Member] = []
    pool = [m for m in group.live if not m.protected]
    newest = group.termination_policies[:1] == ["NewestInstance"]
    for _ in range(min(count, len(pool))):
        per_zone: dict[str, list[Member]] = {}
        for m in pool:
            per_zone.setdefault(m.availability_zone, []).append(m)
        zone = max(per_zone, key=lambda z: (len(per_zone[z]), z))
        ordered = sorted(per_zone[zone], key=lambda m: (m.launched, m.instance_id),
                         reverse=newest)
        chosen.append(ordered[0])
        pool.remove(ordered[0])
    return chosen


def _subnet(group) -> tuple[str, str]:
    """The subnet of the Availability Zone with the fewest instances."""
    counts = {s: 0 for s, _ in group.subnets}
    for m in group.live:
        if m.subnet_id in counts:
            counts[m.subnet_id] += 1
    subnet_id = min(counts, key=lambda s: counts[s])
    return subnet_id, dict(group.subnets)[subnet_id]


def _launch(lab, state, group, t: datetime, cause: str) -> bool:
    """Launch one instance; record the activity. False when EC2 refused."""
    subnet_id, zone = _subnet(group)
    try:
        payload = launch_payload(lab, state, group)
        payload["SubnetId"] = subnet_id
        answer = lab.send("ec2", "launch", state.account_id, state.region, payload)
    except AwsError as err:
        failed = Activity(lab.ids.uuid(), group.name, group.arn,
                          f"Launching a new EC2 instance.  Status Reason: {err.message}",
                          cause[:1023], t, json.dumps({"Subnet ID": subnet_id,
                                                       "Availability Zone": zone}))
        failed.finish(t, "Failed", err.message[:255])
        state.activities.append(failed)
        group.retry_at = t + RETRY
        return False
    group.retry_at = None
    iid = answer["InstanceIds"][0]
    member = Member(iid, zone, subnet_id, payload["InstanceType"], t,
                    warmup=group.launch_warmup if group.launch_warmup is not None
                    else group.default_warmup,
                    protected=group.protect_new)
    member.activity = _activity(lab, state, group, t, f"Launching a new EC2 instance: {iid}",
                                cause, member)
    group.members[iid] = member
    return True


def launch_payload(lab, state, group) -> dict:
    """What EC2 launches for the group: its launch configuration or launch template."""
    tags = {t["Key"]: t.get("Value", "") for t in group.tags if t.get("PropagateAtLaunch")}
    spec = group.launch
    if "LaunchConfigurationName" in spec:
        lc = state.launch_configurations[spec["LaunchConfigurationName"]]
        payload = {"ImageId": lc.image_id, "InstanceType": lc.instance_type,
                   "KeyName": lc.key_name, "Monitoring": lc.monitoring}
        if lc.iam_instance_profile:
            key = "Arn" if lc.iam_instance_profile.startswith("arn:") else "Name"
            payload["IamInstanceProfile"] = {key: lc.iam_instance_profile}
    else:
        template = lab.send("ec2", "launch-template", state.account_id, state.region,
                            spec["LaunchTemplate"])["Data"]
        payload = {"ImageId": template.get("ImageId"),
                   "InstanceType": template.get("InstanceType") or "m1.small",
                   "KeyName": template.get("KeyName"),
                   "Monitoring": bool((template.get("Monitoring") or {}).get("Enabled")),
                   "IamInstanceProfile": template.get("IamInstanceProfile"),
                   "PlacementGroup": (template.get("Placement") or {}).get("GroupName")}
        for spec_tags in template.get("TagSpecifications") or []:
            if spec_tags.get("ResourceType") == "instance":
                tags.update({x["Key"]: x.get("Value", "") for x in spec_tags.get("Tags", [])})
    if group.placement_group:
        payload["PlacementGroup"] = group.placement_group
    tags[GROUP_TAG] = group.name
    payload.update({"Tags": tags, "Load": group.load, "Count": 1})
    return payload


def _share(lab, state, group) -> None:
    """Tell EC2 which instances share the group's load from now on."""
    serving = tuple(sorted(m.instance_id for m in group.members.values()
                           if m.lifecycle == "InService"))
    if serving == group.serving:
        return
    idle = sorted({*group.serving, *group.members} - set(serving))
    lab.send("ec2", "load-share", state.account_id, state.region,
             {"Load": group.load, "Serving": list(serving), "Idle": idle})
    group.serving = serving
