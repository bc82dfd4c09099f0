"""What the agent reads on the instance: values per plugin, resources and dimensions.

Every value derives from the instance's seeded workload row for the minute (CPU, memory,
network, EBS I/O, TCP, processes) and its type and image (memory size, root volume);
per-interval counters (``diskio_*``, ``net_*``) scale the per-minute totals to the
collection interval. Sub-minute samples get a small deterministic jitter. After a reboot
or a recovery memory contents are lost: ``mem_used_percent`` starts low and climbs back to
the workload's level over half an hour, and uptime counts from the new boot.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cached_property

from awslab import workloads
from awslab.services.ec2.catalog import instance_type_info, public_images
from awslab.workloads import ROW, minute_time

GIB = 2 ** 30
FRESH_BOOT_MEM = 9.0          # percent used right after a boot (caches and data are gone)
MEMORY_REFILL = 1800.0        # seconds for memory use to climb back to the workload's level
_CPU_SHARES = {"user": .68, "system": .20, "iowait": .05, "steal": .01, "softirq": .03,
               "irq": .01, "nice": .02, "guest": 0.0, "guest_nice": 0.0}


@dataclass
class Context:
    """One sample: the instance, its workload row for the minute, when, how often."""

    lab: object
    inst: object
    row: list
    minute: int
    second: int
    interval: int

    @cached_property
    def info(self):
        return instance_type_info(self.inst.instance_type)

    @cached_property
    def root_gib(self) -> int:
        image = public_images(self.inst.region).get(self.inst.image_id)
        return image.root_size_gib if image else 8

    def jitter(self, salt: int = 0) -> float:
        """A deterministic factor near 1 for sub-minute samples (exactly 1 otherwise)."""
        if self.interval >= 60:
            return 1.0
        key = zlib.crc32(self.inst.workload_key.encode())
        h = (self.second * 2654435761 + salt * 40503 + key) % 10007
        return 1.0 + 0.04 * (h / 10007 - 0.5)

    def per_interval(self, signal: str) -> float:
        return self.row[ROW[signal]] * self.interval / 60.0

    @cached_property
    def cpu(self) -> float:
        return min(100.0, self.row[ROW["cpu"]] * self.jitter(1))

    @cached_property
    def mem_percent(self) -> float:
        used = min(99.0, self.row[ROW["mem_used_percent"]] * self.jitter(2))
        reset = self.inst.memory_reset_at
        if reset is not None:              # after a reboot or recovery memory refills
            refill = (self.second - reset.timestamp()) / MEMORY_REFILL
            if 0 <= refill < 1:
                used = FRESH_BOOT_MEM + (used - FRESH_BOOT_MEM) * refill
        return used

    @cached_property
    def disk_percent(self) -> float:
        wl = self.inst
        return float(workloads.disk_used_percent(
            self.lab.seed, wl.workload_key, minute_time(self.minute), 1, wl.launch_time)[0])

    @property
    def uptime(self) -> float:
        since = self.inst.booted_at or self.inst.running_since or self.inst.launch_time
        return max(self.second - int(since.timestamp()), 0)


def _cpu(ctx: Context, scale: float = 1.0, vcpus: int = 1) -> dict:
    active = min(100.0, ctx.cpu * scale)
    usage = {s: active * share for s, share in _CPU_SHARES.items()}
    usage["active"], usage["idle"] = active, 100.0 - active
    out = {f"cpu_usage_{s}": v for s, v in usage.items()}
    out.update({f"cpu_time_{s}": v / 100 * vcpus * ctx.uptime for s, v in usage.items()})
    return out


def _mem(ctx: Context) -> dict:
    total = ctx.info.memory_gib * GIB
    used = total * ctx.mem_percent / 100
    avail = total - used
    return {"mem_total": total, "mem_used": used, "mem_available": avail,
            "mem_used_percent": ctx.mem_percent,
            "mem_available_percent": 100 - ctx.mem_percent, "mem_free": avail * 0.35,
            "mem_cached": avail * 0.55, "mem_buffered": avail * 0.04,
            "mem_active": used * 0.75 + avail * 0.15, "mem_inactive": avail * 0.33}


def _disk(ctx: Context) -> dict:
    total = ctx.root_gib * GIB
    used = total * ctx.disk_percent / 100
    inodes = ctx.root_gib * 524288
    inodes_used = int(30000 + 900 * ctx.disk_percent)
    return {"disk_total": total, "disk_used": used, "disk_free": total - used,
            "disk_used_percent": ctx.disk_percent, "disk_inodes_total": inodes,
            "disk_inodes_used": inodes_used, "disk_inodes_free": inodes - inodes_used}


def _diskio(ctx: Context) -> dict:
    reads, writes = ctx.per_interval("ebs_read_ops"), ctx.per_interval("ebs_write_ops")
    return {"diskio_reads": round(reads), "diskio_writes": round(writes),
            "diskio_read_bytes": round(ctx.per_interval("ebs_read_bytes")),
            "diskio_write_bytes": round(ctx.per_interval("ebs_write_bytes")),
            "diskio_read_time": round(reads * 0.6), "diskio_write_time": round(writes * 1.1),
            "diskio_io_time": min(round((reads + writes) * 0.45), ctx.interval * 1000),
            "diskio_iops_in_progress": 0}


def _net(ctx: Context) -> dict:
    return {"net_bytes_recv": round(ctx.per_interval("network_in")),
            "net_bytes_sent": round(ctx.per_interval("network_out")),
            "net_packets_recv": round(ctx.per_interval("packets_in")),
            "net_packets_sent": round(ctx.per_interval("packets_out")),
            "net_drop_in": 0, "net_drop_out": 0, "net_err_in": 0, "net_err_out": 0}


def _netstat(ctx: Context) -> dict:
    out = {f"netstat_tcp_{s}": 0 for s in (
        "close", "closing", "fin_wait1", "fin_wait2", "last_ack", "none", "syn_sent",
        "syn_recv")}
    out.update({"netstat_tcp_established": ctx.row[ROW["tcp_established"]],
                "netstat_tcp_time_wait": ctx.row[ROW["tcp_time_wait"]],
                "netstat_tcp_listen": 9, "netstat_tcp_close_wait": 1,
                "netstat_udp_socket": 7})
    return out


def _processes(ctx: Context) -> dict:
    total, running = ctx.row[ROW["processes_total"]], ctx.row[ROW["processes_running"]]
    idle = round(total * 0.3)
    return {"processes_total": total, "processes_running": running,
            "processes_idle": idle, "processes_sleeping": total - running - idle,
            "processes_total_threads": round(total * 1.9), "processes_blocked": 0,
            "processes_zombies": 0, "processes_stopped": 0, "processes_dead": 0,
            "processes_paging": 0, "processes_wait": 0}


def _swap(ctx: Context) -> dict:
    return {"swap_free": 0, "swap_used": 0, "swap_used_percent": 0.0}


def _windows(ctx: Context, obj: str) -> dict:
    mem = _mem(ctx)
    disk_free = 100 - ctx.disk_percent
    ops = ctx.row[ROW["ebs_read_ops"]] + ctx.row[ROW["ebs_write_ops"]]
    table = {
        "Memory": {"% Committed Bytes In Use": min(99.0, ctx.mem_percent * 0.9 + 8),
                   "Available MBytes": mem["mem_available"] / 2 ** 20,
                   "Committed Bytes": mem["mem_used"] * 1.1},
        "LogicalDisk": {"% Free Space": disk_free,
                        "Free Megabytes": ctx.root_gib * 1024 * disk_free / 100},
        "Processor": {"% Processor Time": ctx.cpu, "% User Time": ctx.cpu * .75,
                      "% Privileged Time": ctx.cpu * .23, "% Interrupt Time": ctx.cpu * .02,
                      "% Idle Time": 100 - ctx.cpu},
        "Paging File": {"% Usage": 2.0 + ctx.mem_percent / 20},
        "PhysicalDisk": {"% Disk Time": min(100.0, ops * 0.05),
                         "Disk Read Bytes/sec": ctx.row[ROW["ebs_read_bytes"]] / 60,
                         "Disk Write Bytes/sec": ctx.row[ROW["ebs_write_bytes"]] / 60,
                         "Disk Reads/sec": ctx.row[ROW["ebs_read_ops"]] / 60,
                         "Disk Writes/sec": ctx.row[ROW["ebs_write_ops"]] / 60},
        "TCPv4": {"Connections Established": ctx.row[ROW["tcp_established"]]},
    }
    return table[obj]


_WINDOWS_INSTANCES = {"LogicalDisk": "C:", "Processor": "_Total", "PhysicalDisk": "0 C:",
                      "Paging File": "\\??\\C:\\pagefile.sys"}
_LINUX = {"mem": _mem, "disk": _disk, "diskio": _diskio, "net": _net,
          "netstat": _netstat, "processes": _processes, "swap": _swap}


def _wanted(section, name: str) -> bool:
    return "*" in section.resources or name in section.resources


def resources(section, ctx: Context) -> list[tuple[dict, dict]]:
    """``(resource dimensions, values)`` for each resource the section reports on."""
    name, nitro = section.name, ctx.info.nitro
    if name in _WINDOWS_INSTANCES or name in ("Memory", "TCPv4"):
        dims = {"objectname": name}
        if name in _WINDOWS_INSTANCES:
            dims["instance"] = _WINDOWS_INSTANCES[name]
        return [(dims, _windows(ctx, name))]
    if name == "cpu":
        out = [({"cpu": "cpu-total"}, _cpu(ctx, vcpus=ctx.info.vcpus))] \
            if section.totalcpu else []
        if "*" in section.resources:
            out += [({"cpu": f"cpu{i}"}, _cpu(ctx, ctx.jitter(10 + i) * (0.9 + 0.2 * (i % 2))))
                    for i in range(ctx.info.vcpus)]
        return out
    if name == "disk":
        if not _wanted(section, "/"):
            return []
        dims = {"path": "/", "fstype": "ext4" if "ubuntu" in _image_name(ctx) else "xfs"}
        if not section.drop_device:
            dims["device"] = "nvme0n1p1" if nitro else "xvda1"
        return [(dims, _disk(ctx))]
    if name == "diskio":
        device = "nvme0n1" if nitro else "xvda"
        return [({"name": device}, _diskio(ctx))] if _wanted(section, device) else []
    if name == "net":
        iface = "ens5" if nitro else "eth0"
        return [({"interface": iface}, _net(ctx))] if _wanted(section, iface) else []
    return [({}, _LINUX[name](ctx))]


def _image_name(ctx: Context) -> str:
    image = public_images(ctx.inst.region).get(ctx.inst.image_id)
    return image.name if image else ""


def appended(plan, section, inst) -> dict:
    """The dimensions ``append_dimensions`` add (global and per plugin), substituted."""
    values = {"${aws:InstanceId}": inst.instance_id, "${aws:ImageId}": inst.image_id,
              "${aws:InstanceType}": inst.instance_type,
              "${aws:AutoScalingGroupName}": inst.tags.get("aws:autoscaling:groupName")}
    out = {}
    for key, raw in {**plan.append_dimensions, **section.append_dimensions}.items():
        value = values.get(raw, raw)
        if value:                        # not in an Auto Scaling group: no such dimension
            out[key] = value
    if not plan.append_dimensions and not plan.omit_hostname:
        out["host"] = inst.private_dns
    return out


def dimension_sets(plan, dims: dict) -> list[list[dict]]:
    """The full dimension set, plus one per ``aggregation_dimensions`` entry it covers."""
    sets = [[{"Name": k, "Value": v} for k, v in dims.items()]]
    for names in plan.aggregation_dimensions:
        if all(n in dims for n in names):
            sets.append([{"Name": n, "Value": dims[n]} for n in names])
    return sets
