"""The instance state machine on the simulated clock (aws-facts section 1.6, EC2 user guide).

``pending`` becomes ``running`` after :data:`BOOT`; ``stopping`` becomes ``stopped`` and
``shutting-down`` becomes ``terminated`` after :data:`SHUTDOWN`; a terminated instance stays
visible to Describe* for :data:`TERMINATED_VISIBLE`. Detailed monitoring goes ``pending``
-> ``enabled`` and ``disabling`` -> ``disabled`` after :data:`MONITORING_SWITCH`. Status
checks report ``initializing`` for :data:`STATUS_INIT` after each start.

A **reboot** keeps the instance ``running``; after :data:`REBOOT` the guest has restarted:
uptime and memory start again and an instance-check failure (kernel panic) is gone, but a
system-check failure (the host) or an attached-EBS failure is not. A **recovery**
(aws-facts 2.5) moves the instance to new hardware as part of a reboot: it is ``pending``
for :data:`RECOVERY` and then ``running`` on another host, with the same ID, private and
public addresses, Elastic IP, metadata and placement group, and empty memory; only an
attached-EBS failure survives it. A stop/start also moves the instance to new hardware.
Simplification: the real recovery time varies (minutes); AWS does not document a figure.

Every transition bumps ``Instance.generation``; a timer scheduled for an older generation
does nothing, so a terminate during ``pending`` is never undone by the boot timer.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from awslab.services.ec2.metrics import Publisher
from awslab.workloads import minute_index

BOOT = timedelta(seconds=30)
SHUTDOWN = timedelta(seconds=30)
TERMINATED_VISIBLE = timedelta(hours=1)
MONITORING_SWITCH = timedelta(seconds=60)
STATUS_INIT = timedelta(minutes=3)
REBOOT = timedelta(seconds=60)
RECOVERY = timedelta(minutes=2)
USER_SHUTDOWN = ("Client.UserInitiatedShutdown",
                 "Client.UserInitiatedShutdown: User initiated shutdown")


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S GMT")


def _set(lab, inst, state: str, reason=None, transition: str | None = None) -> int:
    inst.state = state
    inst.state_reason = reason
    if transition is not None:
        inst.transition_reason = transition
    inst.generation += 1
    _emit_state_change(lab, inst)
    return inst.generation


def _emit_state_change(lab, inst) -> None:
    """EventBridge's "EC2 Instance State-change Notification" on the default bus."""
    arn = f"arn:aws:ec2:{inst.region}:{inst.owner_id}:instance/{inst.instance_id}"
    lab.send("events", "event", inst.owner_id, inst.region, {
        "source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification",
        "resources": [arn], "detail": {"instance-id": inst.instance_id, "state": inst.state}})


def _later(lab, delay: timedelta, inst, gen: int, action, name: str) -> None:
    def run(t: datetime) -> None:
        if inst.generation == gen:
            action(t)
    lab.clock.at(lab.now + delay, run, name=f"{name} {inst.instance_id}")


def launch(lab, state, inst) -> None:
    """Put a new instance (already in ``state.instances``) through ``pending``."""
    gen = _set(lab, inst, "pending", ("pending", "pending"))
    _later(lab, BOOT, inst, gen, lambda t: _running(lab, state, inst, t), "boot")


def start(lab, state, inst) -> None:
    """``stopped`` -> ``pending`` -> ``running`` (on new hardware)."""
    inst.host_moves += 1
    gen = _set(lab, inst, "pending", ("pending", "pending"), "")
    _later(lab, BOOT, inst, gen, lambda t: _running(lab, state, inst, t), "boot")


def stop(lab, state, inst) -> None:
    """``running`` -> ``stopping`` -> ``stopped``."""
    _halt(lab, inst)
    gen = _set(lab, inst, "stopping", USER_SHUTDOWN, f"User initiated ({_stamp(lab.now)})")

    def stopped(t: datetime) -> None:
        _set(lab, inst, "stopped", USER_SHUTDOWN)
        inst.public_ip = None
    _later(lab, SHUTDOWN, inst, gen, stopped, "stop")


def terminate(lab, state, inst) -> None:
    """Any state -> ``shutting-down`` -> ``terminated``; hidden an hour later."""
    _halt(lab, inst)
    gen = _set(lab, inst, "shutting-down", USER_SHUTDOWN,
               f"User initiated ({_stamp(lab.now)})")

    def terminated(t: datetime) -> None:
        g = _set(lab, inst, "terminated", USER_SHUTDOWN)
        inst.terminated_at = t
        inst.public_ip = None
        if inst.address is not None:            # the Elastic IP stays allocated
            release_address(inst)
        if inst.association is not None:
            state.associations.pop(inst.association.association_id, None)
            inst.association = None
        _later(lab, TERMINATED_VISIBLE, inst, g, lambda _: _retire(state, inst), "retire")
    _later(lab, SHUTDOWN, inst, gen, terminated, "terminate")


def reboot(lab, state, inst) -> None:
    """Restart the guest: still ``running``; after :data:`REBOOT` uptime and memory reset and
    an instance-check failure clears (a system or attached-EBS failure does not)."""
    if inst.rebooting:
        return
    inst.rebooting = True

    def rebooted(t: datetime) -> None:
        inst.rebooting = False
        inst.booted_at = inst.memory_reset_at = t
        clear_fault(inst, "instance")
        if inst.agent is not None:
            inst.agent.restarted(t)
    _later(lab, REBOOT, inst, inst.generation, rebooted, "reboot")


def recover(lab, state, inst) -> None:
    """Move a running instance to new hardware (the ``recover`` alarm action).

    ``running`` -> ``pending`` -> ``running`` after :data:`RECOVERY`; everything but the
    host, the uptime and the memory contents is kept (an attached-EBS failure too).
    """
    ebs, ebs_job = inst.impaired.get("ebs"), inst.fault_jobs.pop("ebs", None)
    inst.recoveries.append(lab.now)
    _halt(lab, inst)
    gen = _set(lab, inst, "pending", ("pending", "pending"))
    if ebs is not None:                      # the volumes' fault is not the host's
        inst.impaired["ebs"] = ebs
    if ebs_job is not None:
        inst.fault_jobs["ebs"] = ebs_job

    def recovered(t: datetime) -> None:
        inst.host_moves += 1
        inst.memory_reset_at = t
        _running(lab, state, inst, t)
    _later(lab, RECOVERY, inst, gen, recovered, "recover")


def clear_fault(inst, check: str) -> None:
    """Let one status check (``system``, ``instance`` or ``ebs``) pass again."""
    inst.impaired.pop(check, None)
    job = inst.fault_jobs.pop(check, None)
    if job is not None:
        job.cancel()


def release_address(inst) -> None:
    """Disassociate the instance's Elastic IP (termination)."""
    address = inst.address
    address.association_id = address.instance_id = address.private_ip = None
    inst.address = None


def set_monitoring(lab, inst, enable: bool) -> None:
    """Switch detailed monitoring (``MonitorInstances`` / ``UnmonitorInstances``)."""
    if enable and inst.monitoring in ("enabled", "pending"):
        return
    if not enable and inst.monitoring in ("disabled", "disabling"):
        return
    inst.monitoring = "pending" if enable else "disabling"
    final = "enabled" if enable else "disabled"
    marker = inst.monitoring

    def settle(t: datetime) -> None:
        if inst.monitoring == marker:
            inst.monitoring = final
    lab.clock.at(lab.now + MONITORING_SWITCH, settle, name=f"monitoring {inst.instance_id}")


def status_initializing(inst, now: datetime) -> bool:
    """True while the status checks of a freshly started instance are initializing."""
    return inst.running_since is not None and now - inst.running_since < STATUS_INIT


# -- internals -----------------------------------------------------------------
def _running(lab, state, inst, t: datetime) -> None:
    _set(lab, inst, "running", None, "")
    inst.running_since = inst.booted_at = t
    if inst.public_ip is None and inst.address is None:
        inst.public_ip = _public_ip(lab)
    inst.runs.append([minute_index(t), None])
    inst.publisher = Publisher(lab, state, inst)
    inst.publisher.start(t)
    if inst.agent is not None:
        inst.agent.resume(t)


def _halt(lab, inst) -> None:
    """Stop the instance's publishers (metrics, agent) as it leaves ``running``."""
    if inst.state != "running":
        return
    now = lab.now
    if inst.runs and inst.runs[-1][1] is None:
        inst.runs[-1][1] = minute_index(now)
    if inst.publisher is not None:
        inst.publisher.stop(now)
        inst.publisher = None
    if inst.agent is not None:
        inst.agent.pause(now)
    inst.running_since = None
    inst.rebooting = False
    for check in list(inst.impaired):
        clear_fault(inst, check)


def _retire(state, inst) -> None:
    state.instances.pop(inst.instance_id, None)
    state.retired[inst.instance_id] = inst


def _public_ip(lab) -> str:
    h = lab.ids.hex(6)
    return f"3.{80 + int(h[:2], 16) % 160}.{int(h[2:4], 16)}.{int(h[4:6], 16) % 254 + 1}"
