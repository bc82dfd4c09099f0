"""The Python API beside boto3 for EC2: launch quickly, read the ground truth, inject events.

The metrics CloudWatch stores are samples of a seeded workload (``awslab.workloads``);
these helpers give notebooks and exercise checks the *true* per-minute values behind them,
let a widget add a CPU spike, and make a status check fail (for alarms and recovery).
Everything here acts on the same state the boto3 operations use.
"""
from __future__ import annotations

from datetime import datetime

import numpy as np

from awslab import workloads
from awslab.clock import to_utc
from awslab.errors import AwslabError
from awslab.services.ec2.catalog import IMAGE_ALIASES, image_by_alias
from awslab.workloads import Spike, minute_index


def find_instance(lab, instance_id: str, region: str | None = None):
    """``(state, instance)`` for an instance ID in any account/region of the lab."""
    for (account, reg), state in lab.states("ec2"):
        if region not in (None, reg):
            continue
        inst = state.any_instance(instance_id)
        if inst is not None:
            return state, inst
    where = f" in {region}" if region else ""
    raise AwslabError(f"no instance {instance_id!r}{where} in this lab; launch one with "
                      "ec2.run_instances(...) first")


def launch_instances(lab, count: int = 1, monitoring: str = "basic",
                     instance_type: str = "t3.micro", image: str = "al2023",
                     region: str = "us-east-1", tags: dict | None = None) -> list[str]:
    """Launch ``count`` instances through boto3 and return their IDs.

    Parameters
    ----------
    lab : Lab
    count : int
        How many instances.
    monitoring : {"basic", "detailed"}
        Basic (5-minute) or detailed (1-minute) CloudWatch monitoring.
    instance_type : str
        E.g. ``"t3.micro"``.
    image : str
        An AMI alias (``"al2023"``, ``"al2023-arm64"``, ``"al2"``, ``"ubuntu2404"``,
        ``"windows2022"``, ``"windows2019"``) or an AMI ID.
    region : str
    tags : dict, optional
        Instance tags, e.g. ``{"Name": "web-1"}``.

    Returns
    -------
    list of str
        The new instance IDs (state ``pending``; ``running`` 30 seconds later).

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    if monitoring not in ("basic", "detailed"):
        raise AwslabError("monitoring is 'basic' or 'detailed'")
    found = image_by_alias(region, image)
    if found is None and not image.startswith("ami-"):
        raise AwslabError(f"unknown image {image!r}; use one of {', '.join(IMAGE_ALIASES)} "
                          "or an AMI ID")
    kwargs = {"ImageId": found.image_id if found else image, "InstanceType": instance_type,
              "MinCount": count, "MaxCount": count,
              "Monitoring": {"Enabled": monitoring == "detailed"}}
    if tags:
        kwargs["TagSpecifications"] = [{"ResourceType": "instance", "Tags": [
            {"Key": k, "Value": v} for k, v in tags.items()]}]
    resp = lab.client("ec2", region_name=region).run_instances(**kwargs)
    return [i["InstanceId"] for i in resp["Instances"]]


def image_id(alias: str = "al2023", region: str = "us-east-1") -> str:
    """The AMI ID of a public image alias (``"al2023"``, ``"windows2022"``, ...) in a region.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    found = image_by_alias(region, alias)
    if found is None:
        raise AwslabError(f"unknown image {alias!r}; use one of {', '.join(IMAGE_ALIASES)}")
    return found.image_id


def _running_mask(inst, first: int, n: int, now: datetime) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for a, b in inst.runs:
        b = minute_index(now) if b is None else b
        lo, hi = max(a - first, 0), min(b - first, n)
        if hi > lo:
            mask[lo:hi] = True
    return mask


def _shared_cpu(lab, inst, first: int, n: int) -> np.ndarray:
    """CPU of an Auto Scaling instance: its share of the group's load, spikes added."""
    from bisect import bisect_right
    minutes = first + np.arange(n)
    starts = [m for m, _ in inst.load_shares]
    counts = np.array([0] + [k for _, k in inst.load_shares])
    sharers = counts[[bisect_right(starts, m) for m in minutes]]
    cpu = workloads.shared_cpu(lab.seed, inst.load, inst.workload_key,
                               workloads.minute_time(first), sharers)
    if inst.spikes:
        cpu = np.clip(cpu + workloads._spike_offsets(inst.spikes, first, n), 0, 100)
    return cpu


def true_series(lab, instance_id: str, start, end, signal: str = "cpu",
                region: str | None = None):
    """The true per-minute ``signal`` of an instance in ``[start, end)`` as a pandas Series.

    Minutes in which the instance was not running (or that have not happened yet) are NaN.

    Parameters
    ----------
    lab : Lab
    instance_id : str
    start, end : str or datetime
        The window (aware datetimes or ISO-8601 strings); floored to the minute.
    signal : str
        A name in ``awslab.workloads.SIGNALS`` (``"cpu"``, ``"network_in"``,
        ``"mem_used_percent"``, ...).
    region : str, optional
        Where the instance is; searched in every region when omitted.

    Returns
    -------
    pandas.Series
        Indexed by minute (UTC), named after ``signal``.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    _, inst = find_instance(lab, instance_id, region)
    start, end = to_utc(start), to_utc(end)
    series = workloads.true_series(lab.seed, inst.workload_key, start, end, signal,
                                   inst.spikes)
    if signal == "cpu" and inst.load is not None:
        series[:] = _shared_cpu(lab, inst, minute_index(start), len(series))
    mask = _running_mask(inst, minute_index(start), len(series), lab.now)
    series[~mask] = np.nan
    return series


def true_cpu(lab, instance_id: str, start, end, region: str | None = None):
    """The true per-minute CPUUtilization (%) of an instance in ``[start, end)``.

    What the stored 1-minute and 5-minute series are samples of; exercise E1 ("maximum
    CPU of your instance in a window") is checked against it.

    Returns
    -------
    pandas.Series
        Named ``"CPUUtilization"``; NaN where the instance was not running.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    return true_series(lab, instance_id, start, end, "cpu", region).rename("CPUUtilization")


def inject_cpu_spike(lab, instance_id: str, start, minutes: int, height: float = 50.0,
                     region: str | None = None) -> Spike:
    """Add a CPU spike of ``minutes`` minutes from ``start`` to an instance's workload.

    The spike adds ``height`` percentage points (capped at 100 %) to the true CPU and to
    every metric published from now on; use a ``start`` in the future to see it reach
    CloudWatch. Used by the NB01 widget (spike length 1-10 min, start offset).

    Returns
    -------
    Spike

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    if not 1 <= int(minutes) <= 24 * 60:
        raise AwslabError("a spike lasts between 1 minute and 1 day")
    _, inst = find_instance(lab, instance_id, region)
    spike = Spike(to_utc(start), int(minutes), float(height))
    inst.spikes.append(spike)
    return spike


def seeded_spikes(lab, instance_id: str, start, end, region: str | None = None) -> list:
    """The seeded (natural) CPU spikes of an instance's workload starting in the window.

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    _, inst = find_instance(lab, instance_id, region)
    start, end = to_utc(start), to_utc(end)
    n = minute_index(end) - minute_index(start)
    return workloads.seeded_spikes(lab.seed, inst.workload_key, start, n)


def fail_status_check(lab, instance_id: str, check: str = "system",
                      region: str | None = None) -> None:
    """Make an instance's ``system``, ``instance`` or ``ebs`` status check fail from now on.

    ``StatusCheckFailed_System`` / ``_Instance`` / ``_AttachedEBS`` (and
    ``StatusCheckFailed``) report 1 and DescribeInstanceStatus shows ``impaired`` until
    :func:`clear_status_check`, the check's remedy, a stop or a termination.
    :func:`awslab.services.ec2.inject_failure` names the failures (host, kernel, EBS).

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    from awslab.services.ec2.faults import fail_check
    if check not in ("system", "instance", "ebs"):
        raise AwslabError("check is 'system', 'instance' or 'ebs'")
    _, inst = find_instance(lab, instance_id, region)
    fail_check(lab, inst, check)


def clear_status_check(lab, instance_id: str, check: str = "system",
                       region: str | None = None) -> None:
    """Let a failed status check pass again.

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    from awslab.services.ec2.lifecycle import clear_fault
    _, inst = find_instance(lab, instance_id, region)
    clear_fault(inst, check)
