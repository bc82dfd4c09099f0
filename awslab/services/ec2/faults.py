"""Status-check failures and what an instance looks like before and after a remedy (NB06).

:func:`inject_failure` breaks one of the three status checks (aws-facts 1.6, 2.5):

========  =====================  ==========================  ==================================
kind      what happens           check that fails            remedy
========  =====================  ==========================  ==================================
host      hardware/power/network system (``_System``)        recover (new hardware) or
          fault on AWS's host                                stop/start; a reboot does not help
kernel    guest kernel panic     instance (``_Instance``)    reboot (or stop/start)
ebs       EBS volumes            attached EBS                wait for the volume (``minutes``)
          unreachable            (``_AttachedEBS``)          or stop/start; reboot and recovery
                                                             do not fix the volume
========  =====================  ==========================  ==================================

:func:`instance_attributes` snapshots what recovery keeps (ID, private and public IPv4,
Elastic IP, placement group, instance metadata) and what it loses (host, uptime, memory
contents), for the before/after chart; :func:`attribute_changes` lines two snapshots up.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from awslab.errors import AwslabError
from awslab.services.ec2 import lifecycle
from awslab.services.ec2.catalog import instance_type_info
from awslab.services.ec2.truth import find_instance

KINDS = {"host": "system", "kernel": "instance", "ebs": "ebs"}
REMEDIES = {
    "host": "recover the instance (alarm action arn:aws:automate:REGION:ec2:recover) or "
            "stop and start it: both move it to new hardware; a reboot does not help",
    "kernel": "reboot the instance (alarm action arn:aws:automate:REGION:ec2:reboot)",
    "ebs": "wait until the volumes are reachable again, or stop and start the instance; "
           "a reboot or a recovery does not fix the volumes",
}
CACHE_MIB_PER_MINUTE = 12.0      # in-memory data an instance accumulates after a boot


@dataclass(frozen=True)
class Failure:
    """One injected failure: which check fails from when, until when, and the remedy."""

    instance_id: str
    kind: str
    check: str
    since: datetime
    until: datetime | None
    remedy: str


def inject_failure(lab, instance_id: str, kind: str = "host", minutes: float | None = None,
                   region: str | None = None) -> Failure:
    """Make one of an instance's status checks fail from now on.

    Parameters
    ----------
    lab : Lab
    instance_id : str
        A running instance.
    kind : {"host", "kernel", "ebs"}
        ``"host"``: a hardware fault on the host (the system check fails);
        ``"kernel"``: a kernel panic in the guest (the instance check fails);
        ``"ebs"``: the attached EBS volumes are unreachable (the attached-EBS check fails).
    minutes : float, optional
        AWS fixes the fault by itself after this many minutes; by default it lasts until
        its remedy (see the module docstring).
    region : str, optional

    Returns
    -------
    Failure

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    if kind not in KINDS:
        raise AwslabError(f"kind is one of {', '.join(KINDS)}, not {kind!r}")
    _, inst = find_instance(lab, instance_id, region)
    check = KINDS[kind]
    if check == "ebs" and not instance_type_info(inst.instance_type).nitro:
        raise AwslabError(f"{inst.instance_type} is not a Nitro type: it has no attached-EBS "
                          "status check")
    since = fail_check(lab, inst, check)
    until = None
    if minutes is not None:
        if minutes <= 0:
            raise AwslabError("minutes must be positive")
        until = lab.now + timedelta(minutes=minutes)
        old = inst.fault_jobs.pop(check, None)
        if old is not None:
            old.cancel()
        inst.fault_jobs[check] = lab.clock.at(
            until, lambda t: lifecycle.clear_fault(inst, check),
            name=f"fault clears {instance_id}")
    return Failure(instance_id, kind, check, since, until, REMEDIES[kind])


def fail_check(lab, inst, check: str) -> datetime:
    """Fail ``check`` (``system``, ``instance`` or ``ebs``) of a running instance."""
    if inst.state != "running":
        raise AwslabError(f"{inst.instance_id} is {inst.state}; only a running instance "
                          "fails status checks")
    return inst.impaired.setdefault(check, lab.now)


def instance_attributes(lab, instance_id: str, region: str | None = None) -> dict:
    """A snapshot of an instance: what a recovery keeps and what it loses.

    Returns
    -------
    dict
        ``InstanceId``, ``State``, ``InstanceType``, ``AvailabilityZone``,
        ``PlacementGroup``, ``PrivateIpAddress``, ``PublicIpAddress``, ``ElasticIp``,
        ``Host`` (the physical host), ``BootTime``, ``UptimeSeconds``,
        ``InMemoryDataMiB`` (data held only in RAM), ``Metadata`` (instance metadata
        paths and values) and ``StatusChecks`` (system, instance, attached EBS).

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    _, inst = find_instance(lab, instance_id, region)
    running = inst.state == "running"
    booted = inst.booted_at if running else None
    uptime = int((lab.now - booted).total_seconds()) if booted else 0
    memory_mib = instance_type_info(inst.instance_type).memory_gib * 1024
    in_memory = min(0.6 * memory_mib, CACHE_MIB_PER_MINUTE * uptime / 60) if running else 0
    return {
        "InstanceId": inst.instance_id, "State": inst.state,
        "InstanceType": inst.instance_type, "AvailabilityZone": inst.availability_zone,
        "PlacementGroup": inst.placement_group, "PrivateIpAddress": inst.private_ip,
        "PublicIpAddress": inst.public_address,
        "ElasticIp": inst.address.public_ip if inst.address is not None else None,
        "Host": inst.host, "BootTime": booted,
        "UptimeSeconds": uptime, "InMemoryDataMiB": round(in_memory, 1),
        "Metadata": _metadata(inst),
        "StatusChecks": {"System": _check(inst, "system", lab.now),
                         "Instance": _check(inst, "instance", lab.now),
                         "AttachedEbs": _check(inst, "ebs", lab.now)},
    }


def _metadata(inst) -> dict:
    """A few instance metadata (IMDS) paths: the same before and after a recovery."""
    mac = ":".join(inst.instance_id[-12:][i:i + 2] for i in range(0, 12, 2))
    return {"ami-id": inst.image_id, "instance-id": inst.instance_id,
            "instance-type": inst.instance_type, "local-ipv4": inst.private_ip,
            "local-hostname": inst.private_dns, "mac": f"0e:{mac[3:]}",
            "public-ipv4": inst.public_address,
            "placement/availability-zone": inst.availability_zone,
            "placement/group-name": inst.placement_group}


def _check(inst, check: str, now: datetime) -> str:
    if inst.state != "running":
        return "not-applicable"
    since = inst.impaired.get(check)
    return "impaired" if since is not None and since <= now else "ok"


def attribute_changes(before: dict, after: dict) -> list[dict]:
    """Two :func:`instance_attributes` snapshots side by side, one row per attribute
    (metadata and status checks flattened), with ``Kept`` True where nothing changed."""
    def flat(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if isinstance(v, dict):
                out.update({f"{k}.{sub}": x for sub, x in v.items()})
            else:
                out[k] = v
        return out
    b, a = flat(before), flat(after)
    return [{"Attribute": k, "Before": b.get(k), "After": a.get(k),
             "Kept": b.get(k) == a.get(k)} for k in dict.fromkeys([*b, *a])]
