"""The unified CloudWatch agent's JSON configuration: validation, defaults, wizard presets.

Reproduces the ``agent`` and ``metrics`` sections of the real configuration file
(aws-facts section 4; "Manually create or edit the CloudWatch agent configuration file"):
``metrics_collection_interval`` (default 60 s; below 60 every metric is high resolution),
``namespace`` (default ``CWAgent``), ``append_dimensions`` (only ``ImageId``,
``InstanceId``, ``InstanceType``, ``AutoScalingGroupName`` with ``${aws:...}`` values),
``aggregation_dimensions``, ``force_flush_interval`` and the Linux ``metrics_collected``
sections ``cpu``, ``disk``, ``diskio``, ``mem``, ``net``, ``netstat``, ``processes`` and
``swap`` (measurements with or without their prefix, as strings or ``{"name", "rename",
"unit"}``). Windows objects use ``"<Object> <Counter>"`` names.

Bad input raises :class:`AgentConfigError` with every problem in the agent's own
"Under path : ... | Error : ..." form. The ``logs`` section is validated and shipped by
``agent_logs.py``. ``traces`` and the ``procstat``,
``statsd``, ``collectd`` and ``ethtool`` plugins are accepted but not simulated.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from awslab.errors import AwslabError

UNITS = {"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
         "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
         "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
         "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
         "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None"}
_CPU_STATES = ("active", "guest", "guest_nice", "idle", "iowait", "irq", "nice", "softirq",
               "steal", "system", "user")
LINUX = {
    "cpu": {**{f"time_{s}": None for s in _CPU_STATES},
            **{f"usage_{s}": "Percent" for s in _CPU_STATES}},
    "disk": {"free": "Bytes", "total": "Bytes", "used": "Bytes", "used_percent": "Percent",
             "inodes_free": "Count", "inodes_used": "Count", "inodes_total": "Count"},
    "diskio": {"iops_in_progress": "Count", "io_time": "Milliseconds",
               "read_time": "Milliseconds", "write_time": "Milliseconds", "reads": "Count",
               "writes": "Count", "read_bytes": "Bytes", "write_bytes": "Bytes"},
    "mem": {**{k: "Bytes" for k in ("active", "available", "buffered", "cached", "free",
                                    "inactive", "total", "used")},
            "available_percent": "Percent", "used_percent": "Percent"},
    "net": {"bytes_sent": "Bytes", "bytes_recv": "Bytes", "drop_in": "Count",
            "drop_out": "Count", "err_in": "Count", "err_out": "Count",
            "packets_sent": "Count", "packets_recv": "Count"},
    "netstat": {f"tcp_{s}": "Count" for s in (
        "close", "close_wait", "closing", "established", "fin_wait1", "fin_wait2",
        "last_ack", "listen", "none", "syn_sent", "syn_recv", "time_wait")} | {
        "udp_socket": "Count"},
    "processes": {k: "Count" for k in (
        "blocked", "dead", "idle", "paging", "running", "sleeping", "stopped", "total",
        "total_threads", "wait", "zombies")},
    "swap": {"free": "Bytes", "used": "Bytes", "used_percent": "Percent"},
}
WINDOWS = {
    "Memory": {"% Committed Bytes In Use": None, "Available MBytes": None,
               "Committed Bytes": None},
    "LogicalDisk": {"% Free Space": None, "Free Megabytes": None},
    "Processor": {"% Processor Time": None, "% User Time": None, "% Idle Time": None,
                  "% Privileged Time": None, "% Interrupt Time": None},
    "Paging File": {"% Usage": None},
    "PhysicalDisk": {"% Disk Time": None, "Disk Read Bytes/sec": None,
                     "Disk Write Bytes/sec": None, "Disk Reads/sec": None,
                     "Disk Writes/sec": None},
    "TCPv4": {"Connections Established": None},
}
NOT_SIMULATED = {"procstat", "statsd", "collectd", "ethtool", "nvidia_gpu", "jmx", "otlp"}
AGENT_KEYS = {"metrics_collection_interval", "region", "credentials", "debug", "logfile",
              "omit_hostname", "run_as_user", "usage_data", "aws_sdk_log_level",
              "user_agent", "quiet"}
METRICS_KEYS = {"namespace", "append_dimensions", "aggregation_dimensions",
                "endpoint_override", "metrics_collected", "force_flush_interval",
                "credentials", "metrics_destinations"}
SECTION_KEYS = {"measurement", "resources", "metrics_collection_interval",
                "append_dimensions", "totalcpu", "drop_device", "ignore_file_system_types",
                "drop_original_metrics"}
EC2_DIMENSIONS = ("ImageId", "InstanceId", "InstanceType", "AutoScalingGroupName")


class AgentConfigError(AwslabError):
    """The agent refused its configuration (the message names every bad key)."""


@dataclass(frozen=True)
class Measurement:
    """One metric a section collects: source name, published name, unit."""

    source: str             # canonical, e.g. "mem_used_percent" or "% Free Space"
    name: str               # published MetricName (after "rename")
    unit: str | None


@dataclass
class Section:
    """One ``metrics_collected`` entry after validation."""

    name: str
    measurements: list[Measurement]
    interval: int
    resources: list[str]
    append_dimensions: dict[str, str]
    totalcpu: bool = True
    drop_device: bool = False


@dataclass
class AgentPlan:
    """A validated configuration, with every default applied."""

    namespace: str
    flush_interval: int
    append_dimensions: dict[str, str]
    aggregation_dimensions: list[list[str]]
    omit_hostname: bool
    sections: list[Section]
    region: str | None
    ignored: list[str] = field(default_factory=list)
    windows: bool = False
    logs: list = field(default_factory=list)     # agent_logs.LogFile per collected file


def _interval(value, path: str, errors: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        errors.append(f"Under path : {path} | Error : Invalid type. Expected: integer "
                      f"greater than 0, given: {json.dumps(value)}")
        return 60
    return value


def _unknown(obj: dict, allowed: set, path: str, errors: list[str]) -> None:
    for key in obj:
        if key not in allowed:
            errors.append(f"Under path : {path} | Error : Additional property {key} is "
                          "not allowed")


def _measurements(section: str, raw, table: dict, prefix: str, path: str,
                  errors: list[str]) -> list[Measurement]:
    if not isinstance(raw, list) or not raw:
        errors.append(f"Under path : {path} | Error : measurement is required (a non-empty "
                      "array)")
        return []
    out = []
    for item in raw:
        spec = item if isinstance(item, dict) else {"name": item}
        name = spec.get("name")
        short = name[len(prefix):] if isinstance(name, str) and prefix and \
            name.startswith(prefix) else name
        if short not in table:
            errors.append(f"Under path : {path} | Error : unknown measurement "
                          f"{json.dumps(name)} for {section} (allowed: "
                          f"{', '.join(table)})")
            continue
        unit = spec.get("unit", table[short])
        if unit is not None and unit not in UNITS:
            errors.append(f"Under path : {path} | Error : unit {json.dumps(unit)} is not a "
                          "CloudWatch unit")
            continue
        source = prefix + short
        published = source if prefix else f"{section} {short}"   # Windows: "<Object> <Counter>"
        out.append(Measurement(source, spec.get("rename") or published, unit))
    return out


def _dimensions(raw, path: str, errors: list[str], ec2_only: bool) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        errors.append(f"Under path : {path} | Error : Invalid type. Expected: object of "
                      "strings")
        return {}
    for key, value in raw.items():
        if ec2_only and (key not in EC2_DIMENSIONS or value != f"${{aws:{key}}}"):
            errors.append(f"Under path : {path}.{key} | Error : only ImageId, InstanceId, "
                          "InstanceType and AutoScalingGroupName are allowed, each with "
                          f'the value "${{aws:<name>}}" (e.g. "${{aws:{key}}}")')
    return dict(raw)


def _section(name: str, raw, default_interval: int, windows: bool,
             errors: list[str]) -> Section | None:
    path = f"metrics.metrics_collected.{name}"
    if not isinstance(raw, dict):
        errors.append(f"Under path : {path} | Error : Invalid type. Expected: object")
        return None
    _unknown(raw, SECTION_KEYS, path, errors)
    table = WINDOWS[name] if windows else LINUX[name]
    prefix = "" if windows else f"{name}_"
    measurements = _measurements(name, raw.get("measurement"), table, prefix,
                                 f"{path}.measurement", errors)
    interval = _interval(raw.get("metrics_collection_interval", default_interval),
                         f"{path}.metrics_collection_interval", errors)
    resources = raw.get("resources", ["*"])
    if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
        errors.append(f"Under path : {path}.resources | Error : Expected: array of strings")
        resources = ["*"]
    return Section(name, measurements, interval, resources,
                   _dimensions(raw.get("append_dimensions"), f"{path}.append_dimensions",
                               errors, ec2_only=False),
                   totalcpu=bool(raw.get("totalcpu", True)),
                   drop_device=bool(raw.get("drop_device", False)))


def parse_agent_config(config, windows: bool = False) -> AgentPlan:
    """Validate an agent configuration (a dict or JSON text) for a Linux or Windows host.

    Raises
    ------
    AgentConfigError
        With one "Under path : ... | Error : ..." line per problem.

    Introduced in ``03_cloudwatch_logs_and_agents.ipynb``.
    """
    if isinstance(config, str):
        try:
            config = json.loads(config)
        except ValueError as exc:
            raise AgentConfigError(f"E! Invalid Json input: {exc}") from None
    errors: list[str] = []
    if not isinstance(config, dict):
        raise AgentConfigError("E! Invalid Json input schema: the configuration is a JSON "
                               "object with 'agent', 'metrics', 'logs' and 'traces' keys")
    _unknown(config, {"agent", "metrics", "logs", "traces"}, "(root)", errors)
    agent = config.get("agent", {})
    if not isinstance(agent, dict):
        agent = {}
        errors.append("Under path : agent | Error : Invalid type. Expected: object")
    _unknown(agent, AGENT_KEYS, "agent", errors)
    interval = _interval(agent.get("metrics_collection_interval", 60),
                         "agent.metrics_collection_interval", errors)
    metrics = config.get("metrics")
    if metrics is None and "logs" in config:
        metrics = {}                      # a logs-only configuration
    elif not isinstance(metrics, dict):
        errors.append("Under path : metrics | Error : metrics is required (an object with "
                      "metrics_collected)")
        metrics = {}
    _unknown(metrics, METRICS_KEYS, "metrics", errors)
    namespace = metrics.get("namespace", "CWAgent")
    if not isinstance(namespace, str) or not 1 <= len(namespace) <= 255 or \
            namespace.startswith(":"):
        errors.append("Under path : metrics.namespace | Error : a namespace is 1-255 "
                      "characters and does not start with ':'")
    collected = metrics.get("metrics_collected")
    sections, ignored = [], []
    if not isinstance(collected, dict) or not collected:
        if metrics:
            errors.append("Under path : metrics | Error : metrics_collected is required")
        collected = {}
    table = WINDOWS if windows else LINUX
    for name, raw in collected.items():
        if name in NOT_SIMULATED:
            ignored.append(name)
        elif name in table:
            section = _section(name, raw, interval, windows, errors)
            if section is not None:
                sections.append(section)
        else:
            other = "Windows" if name in WINDOWS else "Linux" if name in LINUX else None
            hint = (f" ({name} is a {other} section; this instance runs "
                    f"{'Windows' if windows else 'Linux'})") if other else ""
            errors.append(f"Under path : metrics.metrics_collected | Error : Additional "
                          f"property {name} is not allowed{hint}")
    aggregation = metrics.get("aggregation_dimensions", [])
    if not (isinstance(aggregation, list) and all(
            isinstance(a, list) and all(isinstance(d, str) for d in a) for a in aggregation)):
        errors.append("Under path : metrics.aggregation_dimensions | Error : Expected: "
                      'array of arrays of dimension names, e.g. [["InstanceId"], []]')
        aggregation = []
    plan = AgentPlan(
        namespace=namespace if isinstance(namespace, str) else "CWAgent",
        flush_interval=_interval(metrics.get("force_flush_interval", 60),
                                 "metrics.force_flush_interval", errors),
        append_dimensions=_dimensions(metrics.get("append_dimensions"),
                                      "metrics.append_dimensions", errors, ec2_only=True),
        aggregation_dimensions=aggregation, omit_hostname=bool(agent.get("omit_hostname")),
        sections=sections, region=agent.get("region"), ignored=ignored, windows=windows)
    if "logs" in config:
        from awslab.services.ec2.agent_logs import LogsAgentConfigError, parse_logs_section
        try:
            plan.logs = parse_logs_section(config["logs"])
        except LogsAgentConfigError as exc:
            errors += str(exc).splitlines()[1:] or [str(exc)]
    if errors:
        raise AgentConfigError("E! Invalid Json input schema.\n" + "\n".join(errors) +
                               "\nConfiguration validation first phase failed. Verify the "
                               "JSON input is only using features supported by this "
                               "version.")
    return plan


# -- the configuration wizard's presets (aws-facts section 4) -------------------------
_APPEND = {k: f"${{aws:{k}}}" for k in EC2_DIMENSIONS}
_BASIC = {"mem": {"measurement": ["mem_used_percent"], "metrics_collection_interval": 60},
          "disk": {"measurement": ["used_percent"], "metrics_collection_interval": 60,
                   "resources": ["*"]}}
_STANDARD = {
    "cpu": {"measurement": ["cpu_usage_idle", "cpu_usage_iowait", "cpu_usage_user",
                            "cpu_usage_system"], "metrics_collection_interval": 60,
            "resources": ["*"], "totalcpu": False},
    "disk": {"measurement": ["used_percent", "inodes_free"],
             "metrics_collection_interval": 60, "resources": ["*"]},
    "diskio": {"measurement": ["io_time"], "metrics_collection_interval": 60,
               "resources": ["*"]},
    "mem": {"measurement": ["mem_used_percent"], "metrics_collection_interval": 60},
    "swap": {"measurement": ["swap_used_percent"], "metrics_collection_interval": 60},
}
_ADVANCED = copy.deepcopy(_STANDARD)
_ADVANCED["diskio"]["measurement"] = ["io_time", "write_bytes", "read_bytes", "writes",
                                      "reads"]
_ADVANCED["netstat"] = {"measurement": ["tcp_established", "tcp_time_wait"],
                        "metrics_collection_interval": 60}
_WINDOWS_BASIC = {
    "LogicalDisk": {"measurement": ["% Free Space"], "metrics_collection_interval": 60,
                    "resources": ["*"]},
    "Memory": {"measurement": ["% Committed Bytes In Use"],
               "metrics_collection_interval": 60}}

#: The wizard's Linux presets, plus ``windows-basic``.
AGENT_PRESETS = {
    name: {"agent": {"metrics_collection_interval": 60, "run_as_user": "cwagent"},
           "metrics": {"append_dimensions": dict(_APPEND), "metrics_collected": collected}}
    for name, collected in (("basic", _BASIC), ("standard", _STANDARD),
                            ("advanced", _ADVANCED), ("windows-basic", _WINDOWS_BASIC))}
AGENT_PRESETS["windows-basic"]["agent"].pop("run_as_user")


def agent_preset(name: str = "basic", interval: int = 60) -> dict:
    """A copy of a wizard preset (``"basic"``, ``"standard"``, ``"advanced"``,
    ``"windows-basic"``) collecting every ``interval`` seconds (< 60: high resolution).

    Introduced in ``03_cloudwatch_logs_and_agents.ipynb``.
    """
    if name not in AGENT_PRESETS:
        raise AwslabError(f"unknown preset {name!r}; choose from {', '.join(AGENT_PRESETS)}")
    config = copy.deepcopy(AGENT_PRESETS[name])
    config["agent"]["metrics_collection_interval"] = interval
    for section in config["metrics"]["metrics_collected"].values():
        section["metrics_collection_interval"] = interval
    return config
