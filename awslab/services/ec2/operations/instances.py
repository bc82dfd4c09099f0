"""RunInstances, DescribeInstances, Start/Stop/Reboot/TerminateInstances.

:func:`create_instances` is the one launch path: RunInstances and Auto Scaling's launch
requests (``handoff.py``) both use it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from awslab.bridge.pagination import paginate
from awslab.services.ec2 import errors, lifecycle
from awslab.services.ec2.catalog import instance_type_info
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS, vpcs
from awslab.services.ec2.operations.common import (
    INSTANCE_FILTERS, describe_instance, dry_run, image_for, lookup, state_dict)
from awslab.services.ec2.operations.profiles import new_association, resolve_profile
from awslab.services.ec2.state import Instance
from awslab.workloads import minute_index

DEFAULT_INSTANCE_TYPE = "m1.small"        # what EC2 launches when InstanceType is omitted
VCPU_LIMIT = 64                           # on-demand standard instances (A,C,D,H,I,M,R,T,Z)
ACTIVE = ("pending", "running", "stopping", "shutting-down")


@dataclass
class LaunchSpec:
    """What to launch: checked RunInstances parameters (also used by Auto Scaling)."""

    image: Any
    instance_type: str
    subnet: Any
    tags: dict = field(default_factory=dict)
    key_name: str | None = None
    client_token: str = ""
    monitoring: bool = False
    placement_group: str | None = None
    profile: dict | None = None           # IAM's description of the instance profile
    load: Any = None                       # workloads.GroupLoad (Auto Scaling groups)


@OPERATIONS("RunInstances")
def run_instances(call, p):
    dry_run(p)
    lab, state = call.lab, call.state()
    image, itype, info = image_and_type(call.region, p.get("ImageId"),
                                        p.get("InstanceType", DEFAULT_INSTANCE_TYPE))
    count = launch_count(state, p["MinCount"], p["MaxCount"], info.vcpus)
    subnet = _subnet(state, p.get("SubnetId"))
    group = placement_group_for(state, (p.get("Placement") or {}).get("GroupName"))
    profile = resolve_profile(call, p["IamInstanceProfile"]) if p.get(
        "IamInstanceProfile") else None
    spec = LaunchSpec(image, itype, subnet, _instance_tags(p.get("TagSpecifications") or []),
                      p.get("KeyName"), p.get("ClientToken", ""),
                      bool((p.get("Monitoring") or {}).get("Enabled")), group, profile)
    reservation_id, launched = create_instances(call, state, spec, count)
    return {"ReservationId": reservation_id, "OwnerId": call.account_id, "Groups": [],
            "Instances": [describe_instance(i, state) for i in launched]}


def create_instances(ctx, state, spec: LaunchSpec, count: int) -> tuple[str, list]:
    """Launch ``count`` instances of ``spec``; ``ctx`` has ``lab`` and ``account_id``
    (an API call, or Auto Scaling's launch request). Returns the reservation and them."""
    lab = ctx.lab
    reservation_id = lab.ids.resource("r")
    launched = []
    for index in range(count):
        inst = Instance(
            instance_id=lab.ids.resource("i"), reservation_id=reservation_id,
            owner_id=ctx.account_id, region=state.region, image_id=spec.image.image_id,
            instance_type=spec.instance_type, launch_index=index,
            workload_key=state.next_workload_key(), subnet=spec.subnet,
            private_ip=spec.subnet.address(int(lab.ids.hex(3), 16)),
            launch_time=lab.now.replace(microsecond=0), platform=spec.image.platform,
            key_name=spec.key_name, client_token=spec.client_token, tags=dict(spec.tags),
            credit_balance=instance_type_info(spec.instance_type).launch_credits,
            placement_group=spec.placement_group)
        if spec.load is not None:                  # idle until Auto Scaling puts it in service
            inst.load, inst.load_shares = spec.load, [(minute_index(lab.now), 0)]
        state.instances[inst.instance_id] = inst
        lifecycle.launch(lab, state, inst)
        if spec.monitoring:
            lifecycle.set_monitoring(lab, inst, True)
        if spec.profile is not None:
            new_association(ctx, state, inst, spec.profile, "associated")
        launched.append(inst)
    return reservation_id, launched


def image_and_type(region: str, image_id: str | None, itype: str):
    """The AMI and instance type to launch, checked against each other."""
    if not image_id:
        raise errors.MissingParameter("The request must contain the parameter ImageId")
    image = image_for(region, image_id)
    info = instance_type_info(itype)
    if info.architecture != image.architecture:
        raise errors.InvalidParameterValue(
            f"The architecture '{info.architecture}' of the specified instance type does "
            f"not match the architecture '{image.architecture}' of the specified AMI. "
            "Specify an instance type and an AMI that have matching architectures, and "
            "try again. You can use 'describe-instance-types' or 'describe-images' to "
            "discover the architecture of the instance type or AMI.")
    return image, itype, info


def placement_group_for(state, name: str | None) -> str | None:
    """The placement group named in ``Placement.GroupName`` (checked), or None."""
    if not name:
        return None
    if name not in state.placement_groups:
        raise errors.InvalidPlacementGroupUnknown(f"The Placement Group '{name}' is unknown.")
    return name


@OPERATIONS("DescribeInstances")
def describe_instances(call, p):
    dry_run(p)
    state = call.state()
    ids = p.get("InstanceIds") or []
    _check_max_results(p, ids)
    found = lookup(state, ids) if ids else list(state.instances.values())
    keep = compile_filters(p.get("Filters"), INSTANCE_FILTERS, tags=lambda i: i.tags)
    found = [i for i in found if keep(i)]
    salt = json.dumps([ids, p.get("Filters")], sort_keys=True, default=str)
    page, token = paginate(found, p.get("NextToken"), p.get("MaxResults") or 1000,
                           salt, errors.InvalidNextToken)
    reservations: dict[str, dict] = {}
    for inst in page:
        r = reservations.setdefault(inst.reservation_id, {
            "ReservationId": inst.reservation_id, "OwnerId": inst.owner_id,
            "Groups": [], "Instances": []})
        r["Instances"].append(describe_instance(inst, state))
    return {"Reservations": list(reservations.values()), "NextToken": token}


@OPERATIONS("StartInstances")
def start_instances(call, p):
    dry_run(p)
    return {"StartingInstances": _change(call, p["InstanceIds"], "started", {
        "stopped": lifecycle.start, "pending": None, "running": None})}


@OPERATIONS("StopInstances")
def stop_instances(call, p):
    dry_run(p)
    return {"StoppingInstances": _change(call, p["InstanceIds"], "stopped", {
        "running": lifecycle.stop, "stopping": None, "stopped": None})}


@OPERATIONS("TerminateInstances")
def terminate_instances(call, p):
    dry_run(p)
    allowed = {s: lifecycle.terminate for s in ("pending", "running", "stopping", "stopped")}
    allowed.update({"shutting-down": None, "terminated": None})
    return {"TerminatingInstances": _change(call, p["InstanceIds"], "terminated", allowed)}


@OPERATIONS("RebootInstances")
def reboot_instances(call, p):
    dry_run(p)
    instances = lookup(call.state(), p["InstanceIds"])
    for inst in instances:
        if inst.state != "running":
            raise errors.incorrect_state(inst.instance_id, "rebooted")
    for inst in instances:
        lifecycle.reboot(call.lab, call.state(), inst)
    return {}


# -- helpers ---------------------------------------------------------------------
def _change(call, ids: list[str], verb: str, allowed: dict) -> list[dict]:
    """Apply a transition to every instance, or to none if any is in the wrong state."""
    state = call.state()
    instances = lookup(state, ids)
    for inst in instances:
        if inst.state not in allowed:
            raise errors.incorrect_state(inst.instance_id, verb)
    out = []
    for inst in instances:
        before = state_dict(inst)
        action = allowed[inst.state]
        if action is not None:
            action(call.lab, state, inst)
        out.append({"InstanceId": inst.instance_id, "PreviousState": before,
                    "CurrentState": state_dict(inst)})
    return out


def _check_max_results(p: dict, ids: list) -> None:
    n = p.get("MaxResults")
    if n is None:
        return
    if ids:
        raise errors.InvalidParameterCombination(
            "The parameter instancesSet cannot be used with the parameter maxResults")
    if not 5 <= n <= 1000:
        raise errors.InvalidParameterValue(
            f"Value ( {n} ) for parameter maxResults is invalid. "
            "Expecting a value between 5 and 1000.")


def launch_count(state, min_count: int, max_count: int, vcpus: int) -> int:
    if min_count < 1:
        raise errors.InvalidParameterValue(
            f"Value ({min_count}) for parameter minCount is invalid. "
            "Expecting a value greater than 0.")
    if max_count < min_count:
        raise errors.InvalidParameterValue(
            f"Value ({max_count}) for parameter maxCount is invalid. "
            "Expecting a value greater than or equal to minCount.")
    used = sum(instance_type_info(i.instance_type).vcpus
               for i in state.instances.values() if i.state in ACTIVE)
    fits = (VCPU_LIMIT - used) // vcpus
    if fits < min_count:
        raise errors.VcpuLimitExceeded(
            f"You have requested more vCPU capacity than your current vCPU limit of "
            f"{VCPU_LIMIT} allows for the instance bucket that the specified instance "
            "type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request "
            "to request an adjustment to this limit.")
    return min(max_count, fits)


def _subnet(state, subnet_id: str | None):
    if subnet_id is None:
        return state.subnet_for(state.launches)
    found = state.subnets.get(subnet_id) or vpcs.launchable(state, subnet_id)
    if found is None:
        raise errors.InvalidSubnetIDNotFound(f"The subnet ID '{subnet_id}' does not exist")
    return found


def _instance_tags(specs: list[dict]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for spec in specs:
        if spec.get("ResourceType") != "instance":
            continue
        for tag in spec.get("Tags") or []:
            key = tag.get("Key", "")
            if key.lower().startswith("aws:"):
                raise errors.InvalidParameterValue(
                    "Tag keys starting with 'aws:' are reserved for internal use")
            tags[key] = tag.get("Value", "")
    return tags
