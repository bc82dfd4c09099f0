"""Work other services hand to EC2 through the lab (``lab.send("ec2", kind, ...)``).

* ``alarm-action`` (CloudWatch alarm actions ``arn:aws:automate:REGION:ec2:ACTION``):
  ``{"action": "stop"|"terminate"|"reboot"|"recover", "instance_id", "alarm_name"}``.
  Answers ``{"InstanceId", "Action", "PreviousState", "CurrentState"}`` for the alarm
  history, or raises the EC2 error (a refused recovery: ``UnsupportedOperation``, the
  wrong state: ``IncorrectInstanceState``) that the history records as a failed action.
* Auto Scaling: ``launch`` (same launch path as RunInstances), ``terminate``,
  ``describe`` (state and health of its instances), ``load-share`` (who serves the
  group's load from now on), ``subnets`` and ``launch-template``.

Recovery rules (aws-facts 2.5): only a running instance, not one with instance-store
volumes, only supported types, and at most :data:`RECOVERIES_PER_DAY` recoveries in any
24 hours (the EC2 user guide's "maximum daily allowance of three recovery attempts"). The
refusal wording is the lab's own: AWS reports these failures through the alarm history
and AWS Health without a documented error text.
"""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from awslab.errors import AwslabError
from awslab.services.ec2 import errors, lifecycle
from awslab.services.ec2.catalog import recovery_refusal
from awslab.services.ec2.operations.common import check_instance_ids, state_dict
from awslab.services.ec2.operations.instances import (
    DEFAULT_INSTANCE_TYPE, LaunchSpec, _subnet, create_instances, image_and_type,
    launch_count, placement_group_for)
from awslab.services.ec2.operations.profiles import resolve_profile
from awslab.services.ec2.operations.templates import find_template
from awslab.workloads import minute_index

RECOVERIES_PER_DAY = 3
ACTIONS = ("stop", "terminate", "reboot", "recover")


def receive(lab, state, kind: str, payload: dict):
    """Answer a request handed over by another service (see the module docstring)."""
    handler = _KINDS.get(kind)
    if handler is None:
        raise AwslabError(f"EC2 does not handle {kind!r} requests")
    return handler(lab, state, payload)


# -- alarm actions -----------------------------------------------------------------------
def _alarm_action(lab, state, payload: dict) -> dict:
    action, iid = payload["action"], payload.get("instance_id")
    if action not in ACTIONS:
        raise AwslabError(f"EC2 alarm actions are {', '.join(ACTIONS)}, not {action!r}")
    check_instance_ids([str(iid)])
    inst = state.find(iid)
    if inst is None:
        raise errors.instances_not_found([iid])
    before = state_dict(inst)
    _ACTIONS[action](lab, state, inst)
    return {"InstanceId": iid, "Action": action, "PreviousState": before,
            "CurrentState": state_dict(inst)}


def _stop(lab, state, inst) -> None:
    if inst.state == "running":
        lifecycle.stop(lab, state, inst)
    elif inst.state not in ("stopping", "stopped"):
        raise errors.incorrect_state(inst.instance_id, "stopped")


def _terminate(lab, state, inst) -> None:
    if inst.state not in ("shutting-down", "terminated"):
        lifecycle.terminate(lab, state, inst)


def _reboot(lab, state, inst) -> None:
    if inst.state != "running":
        raise errors.incorrect_state(inst.instance_id, "rebooted")
    lifecycle.reboot(lab, state, inst)


def _recover(lab, state, inst) -> None:
    iid = inst.instance_id
    if inst.state != "running":
        raise errors.incorrect_state(iid, "recovered")
    refusal = recovery_refusal(inst.instance_type)
    if refusal == "instance-store":
        raise errors.UnsupportedOperation(
            f"Recovery is not supported for instance '{iid}': it has instance store "
            f"volumes ({inst.instance_type}).")
    if refusal == "type":
        raise errors.UnsupportedOperation(
            f"Recovery is not supported for the instance type '{inst.instance_type}'.")
    recent = [t for t in inst.recoveries if lab.now - t < timedelta(days=1)]
    if len(recent) >= RECOVERIES_PER_DAY:
        raise errors.UnsupportedOperation(
            f"The instance '{iid}' has reached the maximum daily allowance of "
            f"{RECOVERIES_PER_DAY} recovery attempts.")
    lifecycle.recover(lab, state, inst)


_ACTIONS = {"stop": _stop, "terminate": _terminate, "reboot": _reboot, "recover": _recover}


# -- Auto Scaling ----------------------------------------------------------------------
def _launch(lab, state, p: dict) -> dict:
    """Launch ``Count`` instances for Auto Scaling; EC2's errors propagate."""
    ctx = SimpleNamespace(lab=lab, account_id=state.account_id, region=state.region)
    image, itype, info = image_and_type(state.region, p.get("ImageId"),
                                        p.get("InstanceType") or DEFAULT_INSTANCE_TYPE)
    count = launch_count(state, p.get("Count", 1), p.get("Count", 1), info.vcpus)
    profile = resolve_profile(ctx, p["IamInstanceProfile"]) if p.get(
        "IamInstanceProfile") else None
    spec = LaunchSpec(image, itype, _subnet(state, p.get("SubnetId")), dict(p.get("Tags") or {}),
                      p.get("KeyName"), "", bool(p.get("Monitoring")),
                      placement_group_for(state, p.get("PlacementGroup")), profile,
                      p.get("Load"))
    reservation, launched = create_instances(ctx, state, spec, count)
    return {"ReservationId": reservation, "InstanceIds": [i.instance_id for i in launched]}


def _terminate_many(lab, state, p: dict) -> dict:
    for iid in p.get("InstanceIds") or []:
        inst = state.find(iid)
        if inst is not None and inst.state not in ("shutting-down", "terminated"):
            lifecycle.terminate(lab, state, inst)
    return {}


def _describe(lab, state, p: dict) -> dict:
    """State and EC2 health of instances (terminated ones stay known)."""
    out = {}
    for iid in p.get("InstanceIds") or []:
        inst = state.any_instance(iid)
        if inst is None:
            continue
        impaired = any(c in inst.impaired and inst.impaired[c] <= lab.now
                       for c in ("system", "instance"))
        out[iid] = {"State": inst.state, "Impaired": impaired,
                    "AvailabilityZone": inst.availability_zone,
                    "SubnetId": inst.subnet.subnet_id, "InstanceType": inst.instance_type,
                    "ImageId": inst.image_id, "LaunchTime": inst.launch_time}
    return {"Instances": out}


def _load_share(lab, state, p: dict) -> dict:
    """From this minute on, ``Serving`` instances share the group load, ``Idle`` idle."""
    m = minute_index(lab.now)
    serving = [state.any_instance(i) for i in p.get("Serving") or []]
    idle = [state.any_instance(i) for i in p.get("Idle") or []]
    for inst, n in [(i, len(serving)) for i in serving] + [(i, 0) for i in idle]:
        if inst is None:
            continue
        inst.load = p.get("Load") or inst.load
        if inst.load_shares and inst.load_shares[-1][0] == m:
            inst.load_shares[-1] = (m, n)
        elif not inst.load_shares or inst.load_shares[-1][1] != n:
            inst.load_shares.append((m, n))
    return {}


def _subnets(lab, state, p: dict) -> dict:
    return {"Subnets": [{"SubnetId": s.subnet_id, "AvailabilityZone": s.availability_zone,
                         "VpcId": s.vpc_id} for s in state.subnets.values()]}


def _launch_template(lab, state, p: dict) -> dict:
    template = find_template(state, p.get("LaunchTemplateId"), p.get("LaunchTemplateName"))
    version = p.get("Version") or "$Default"
    if version not in ("$Default", "$Latest", "1"):
        raise errors.InvalidParameterValue(
            f"Could not find launch template version {version}")
    return {"LaunchTemplateId": template.template_id,
            "LaunchTemplateName": template.name, "Data": dict(template.data)}


_KINDS = {"alarm-action": _alarm_action, "launch": _launch, "terminate": _terminate_many,
          "describe": _describe, "load-share": _load_share, "subnets": _subnets,
          "launch-template": _launch_template}
