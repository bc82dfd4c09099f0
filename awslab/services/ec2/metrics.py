"""The ``AWS/EC2`` metrics a running instance publishes, on the lab's clock.

Reproduces aws-facts section 1.6: **basic monitoring** sends one statistic set
(SampleCount, Sum, Minimum, Maximum over the one-minute samples) per metric every five
minutes; **detailed monitoring** sends one value per minute, and CloudWatch also gets
aggregates by ``ImageId``, ``InstanceType`` and across all instances (no dimensions).
Status-check metrics come every minute in both modes (``StatusCheckFailed`` is 1 when any
check fails; ``StatusCheckFailed_AttachedEBS`` exists on Nitro types only, which have the
attached-EBS check); ``NetworkPacketsIn/Out`` and the T-family credit metrics only every
five minutes. ``Disk*`` metrics count instance-store
volumes only (0 on EBS-only types); ``EBS*`` metrics exist on Nitro types only.

An instance of an Auto Scaling group (tag ``aws:autoscaling:groupName``) sends each datum
twice, by ``InstanceId`` and by ``AutoScalingGroupName``, so CloudWatch aggregates the
group across its instances; its CPU is its share of the group's load
(``awslab.workloads.shared_cpu``).

Each instance has one clock job, at every minute boundary, that makes one ``lab.send`` to
CloudWatch with all its datums for that tick; one more job per region (one second after
the minute) sends the detailed-monitoring aggregates. A datum's timestamp is the start of
the minute (or five minutes) it summarises, as CloudWatch stamps periods.

Known gaps: no ``MetadataNoToken``, ``EBSIOBalance%``/``EBSByteBalance%`` or
``CPUSurplusCredit*``; no publishing delay; a failed status check does not change CPU.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from functools import lru_cache

from awslab import workloads
from awslab.services.ec2.catalog import instance_type_info
from awslab.workloads import ROW, minute_index, minute_time

NAMESPACE = "AWS/EC2"
MINUTE = timedelta(minutes=1)
# (metric, unit, signal): sent every minute with detailed monitoring
CORE = (("CPUUtilization", "Percent", "cpu"), ("NetworkIn", "Bytes", "network_in"),
        ("NetworkOut", "Bytes", "network_out"))
DISK = (("DiskReadOps", "Count", "disk_read_ops"), ("DiskWriteOps", "Count", "disk_write_ops"),
        ("DiskReadBytes", "Bytes", "disk_read_bytes"),
        ("DiskWriteBytes", "Bytes", "disk_write_bytes"))
EBS = (("EBSReadOps", "Count", "ebs_read_ops"), ("EBSWriteOps", "Count", "ebs_write_ops"),
       ("EBSReadBytes", "Bytes", "ebs_read_bytes"),
       ("EBSWriteBytes", "Bytes", "ebs_write_bytes"))
PACKETS = (("NetworkPacketsIn", "Count", "packets_in"),
           ("NetworkPacketsOut", "Count", "packets_out"))
STATUS = ("StatusCheckFailed", "StatusCheckFailed_Instance", "StatusCheckFailed_System",
          "StatusCheckFailed_AttachedEBS")
GROUP_TAG = "aws:autoscaling:groupName"
CREDITS = ("CPUCreditUsage", "CPUCreditBalance")


@lru_cache(maxsize=None)
def metric_plan(instance_type: str) -> tuple[tuple[str, str, int | None], ...]:
    """The per-minute metrics of a type as ``(name, unit, signal row or None for 0)``."""
    info = instance_type_info(instance_type)
    plan = [(n, u, ROW[s]) for n, u, s in CORE]
    plan += [(n, u, ROW[s] if info.instance_store else None) for n, u, s in DISK]
    if info.nitro:
        plan += [(n, u, ROW[s]) for n, u, s in EBS]
    return tuple(plan)


def metric_names(instance_type: str) -> list[str]:
    """Every ``AWS/EC2`` metric name an instance of this type publishes by default."""
    names = [n for n, _, _ in metric_plan(instance_type)] + [n for n, _, _ in PACKETS]
    if instance_type_info(instance_type).burstable:
        names += list(CREDITS)
    return names + list(status_names(instance_type))


def status_names(instance_type: str) -> tuple[str, ...]:
    """The status-check metrics of a type (the attached-EBS check exists on Nitro only)."""
    return STATUS if instance_type_info(instance_type).nitro else STATUS[:3]


def sharers(inst, m: int) -> int | None:
    """How many instances share the group load in minute ``m`` (0: idle, out of service);
    None when the instance is not in an Auto Scaling group."""
    if inst.load is None or not inst.load_shares:
        return None
    i = bisect_right(inst.load_shares, (m, float("inf"))) - 1
    return inst.load_shares[i][1] if i >= 0 else 0


def minute_values(lab, inst, m: int) -> list[float]:
    """The instance's true signals in epoch minute ``m`` (injected spikes included)."""
    row = workloads.day_rows(lab.seed, inst.workload_key, m // 1440)[m % 1440]
    n = sharers(inst, m)
    if n is not None:
        row = list(row)
        row[0] = workloads.shared_cpu_at(lab.seed, inst.load, inst.workload_key, m, n)
    if inst.spikes:
        extra = sum(s.height for s in inst.spikes
                    if 0 <= m - minute_index(s.start) < s.minutes)
        if extra:
            row = list(row)
            row[0] = min(100.0, row[0] + extra)
    return row


def status_values(inst, m: int) -> tuple[int, int, int]:
    """(instance, system, attached-EBS check failed) as 0/1 during minute ``m``."""
    if not inst.impaired:
        return 0, 0, 0
    t = minute_time(m + 1)
    return tuple(int(check in inst.impaired and inst.impaired[check] < t)
                 for check in ("instance", "system", "ebs"))


def _stats(values: list[float]) -> dict:
    return {"SampleCount": float(len(values)), "Sum": float(sum(values)),
            "Minimum": float(min(values)), "Maximum": float(max(values))}


class Publisher:
    """Publishes one instance's ``AWS/EC2`` metrics while it runs."""

    def __init__(self, lab, state, inst):
        self.lab, self.state, self.inst = lab, state, inst
        self.plan = metric_plan(inst.instance_type)
        self.info = instance_type_info(inst.instance_type)
        self.dims = [{"Name": "InstanceId", "Value": inst.instance_id}]
        group = inst.tags.get(GROUP_TAG)
        self.group_dims = [{"Name": "AutoScalingGroupName", "Value": group}] if group else None
        self.status = status_names(inst.instance_type)
        self.window: list[tuple[int, list[float], bool]] = []   # (minute, row, detailed)
        self.job = None

    # -- clock -----------------------------------------------------------------
    def start(self, now: datetime) -> None:
        first = minute_time(minute_index(now) + 1)
        self.job = self.lab.clock.every(MINUTE, self.tick, first=first,
                                        name=f"ec2 metrics {self.inst.instance_id}")

    def stop(self, now: datetime) -> None:
        """Stop publishing; send what the current five-minute window holds."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
        if self.window:
            self._send(self._window_datums())

    def tick(self, t: datetime) -> None:
        m = minute_index(t) - 1
        inst = self.inst
        if m <= inst.published_through:
            return
        inst.published_through = m
        row = minute_values(self.lab, inst, m)
        detailed = inst.monitoring == "enabled"
        ts = minute_time(m)
        datums = self._status_datums(m, ts)
        if detailed:
            dims = self.dims
            datums += [{"MetricName": name, "Dimensions": dims, "Timestamp": ts,
                        "Value": row[i] if i is not None else 0.0, "Unit": unit}
                       for name, unit, i in self.plan]
            self.state.aggregate_buffer.setdefault(m, []).append(
                (inst.image_id, inst.instance_type, self.plan, row))
            ensure_aggregator(self.lab, self.state)
        self.window.append((m, row, detailed))
        if (m + 1) % 5 == 0:
            datums += self._window_datums()
        self._send(datums)

    # -- datums ----------------------------------------------------------------
    def _send(self, datums: list[dict]) -> None:
        if self.group_dims is not None:
            datums = datums + [{**d, "Dimensions": self.group_dims} for d in datums
                               if d["MetricName"] not in CREDITS]
        self.lab.send("cloudwatch", "metrics", self.inst.owner_id, self.inst.region,
                      {"Namespace": NAMESPACE, "MetricData": datums})

    def _status_datums(self, m: int, ts: datetime) -> list[dict]:
        failed_inst, failed_sys, failed_ebs = status_values(self.inst, m)
        if len(self.status) == 3:
            failed_ebs = 0
        values = (float(failed_inst or failed_sys or failed_ebs), float(failed_inst),
                  float(failed_sys), float(failed_ebs))
        return [{"MetricName": name, "Dimensions": self.dims, "Timestamp": ts,
                 "Value": v, "Unit": "Count"} for name, v in zip(self.status, values)]

    def _window_datums(self) -> list[dict]:
        """Five-minute datums for the window so far (then empties it)."""
        window, self.window = self.window, []
        first = window[0][0]
        ts = minute_time(first - first % 5)
        dims = self.dims
        out = []
        basic = [row for _, row, detailed in window if not detailed]
        if basic:
            for name, unit, i in self.plan:
                values = [r[i] for r in basic] if i is not None else [0.0] * len(basic)
                out.append({"MetricName": name, "Dimensions": dims, "Timestamp": ts,
                            "StatisticValues": _stats(values), "Unit": unit})
        rows = [row for _, row, _ in window]
        for name, unit, signal in PACKETS:
            out.append({"MetricName": name, "Dimensions": dims, "Timestamp": ts,
                        "StatisticValues": _stats([r[ROW[signal]] for r in rows]),
                        "Unit": unit})
        if self.info.burstable:
            out += self._credit_datums(rows, ts)
        return out

    def _credit_datums(self, rows: list[list[float]], ts: datetime) -> list[dict]:
        info, inst = self.info, self.inst
        used = sum(r[0] for r in rows) / 100.0 * info.vcpus
        earned = info.credits_per_hour / 60.0 * len(rows)
        inst.credit_balance = min(max(inst.credit_balance + earned - used, 0.0),
                                  info.max_credit_balance)
        return [{"MetricName": "CPUCreditUsage", "Dimensions": self.dims, "Timestamp": ts,
                 "Value": round(used, 6), "Unit": "Count"},
                {"MetricName": "CPUCreditBalance", "Dimensions": self.dims,
                 "Timestamp": ts, "Value": round(inst.credit_balance, 6), "Unit": "Count"}]


# -- detailed-monitoring aggregates (one job per account and region) ------------------
def ensure_aggregator(lab, state) -> None:
    """Start the region's aggregate job if it is not running."""
    if state.aggregator is None:
        first = minute_time(minute_index(lab.now)) + timedelta(seconds=1)
        if first <= lab.now:
            first += MINUTE
        state.aggregator = lab.clock.every(
            MINUTE, lambda t: _aggregate(lab, state, t), first=first,
            name=f"ec2 aggregates {state.account_id}/{state.region}")


def _aggregate(lab, state, t: datetime) -> None:
    due = minute_index(t) - 1
    minutes = sorted(m for m in state.aggregate_buffer if m <= due)
    if not minutes:
        state.aggregator.cancel()
        state.aggregator = None
        return
    datums = []
    for m in minutes:
        datums += aggregate_datums(state.aggregate_buffer.pop(m), minute_time(m))
    lab.send("cloudwatch", "metrics", state.account_id, state.region,
             {"Namespace": NAMESPACE, "MetricData": datums})


def aggregate_datums(entries: list, ts: datetime) -> list[dict]:
    """Statistic sets across instances by ImageId, by InstanceType, and across all."""
    groups: dict[tuple, dict[tuple, list]] = {}
    for image_id, instance_type, plan, row in entries:
        for key in (("ImageId", image_id), ("InstanceType", instance_type), ()):
            groups.setdefault(key, {}).setdefault(plan, []).append(row)
    out = []
    for key, by_plan in groups.items():
        dims = [{"Name": key[0], "Value": key[1]}] if key else []
        values: dict[tuple, list] = {}
        for plan, rows in by_plan.items():
            columns = list(zip(*rows))
            zeros = (0.0,) * len(rows)
            for name, unit, i in plan:
                values.setdefault((name, unit), []).extend(
                    columns[i] if i is not None else zeros)
        for (name, unit), vals in values.items():
            out.append({"MetricName": name, "Dimensions": dims, "Timestamp": ts,
                        "StatisticValues": _stats(vals), "Unit": unit})
    return out
