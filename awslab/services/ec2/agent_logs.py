"""Shipping log files to CloudWatch Logs: the unified agent's ``logs`` section, the
legacy CloudWatch Logs agent (``awslogs``), and on-premises servers (aws-facts 4).

A :class:`LogShipper` tails the files a host writes (their lines come from
:mod:`awslab.log_lines`) and, at each flush, sends the new lines with
``lab.send("logs", "put", ...)`` -- but only after asking IAM, as the real agents' calls
would be asked, for ``logs:CreateLogGroup`` (group missing), ``logs:CreateLogStream``
(stream missing), ``logs:PutLogEvents`` and, with ``retention_in_days``,
``logs:PutRetentionPolicy``. Without a permission nothing arrives, the agent's log says
which call was denied and why, and the lines wait: once the permission is there, the next
flush ships everything written since the agent started (the agent keeps its file
position).

* Unified agent on EC2: a ``"logs"`` section in :func:`install_cloudwatch_agent`'s
  configuration; credentials from the instance profile.
* Legacy agent (``awslogs``, deprecated): :func:`install_legacy_logs_agent` with its INI
  configuration; logs only. It reads instance metadata with IMDSv1 only, so on an instance
  that requires IMDSv2 (every lab instance, as Amazon Linux 2023 launches) it gets no
  credentials and ships nothing.
* On-premises: :func:`on_premises_server` is a host with access keys (the agent's
  ``AmazonCloudWatchAgent`` credentials profile); :func:`install_on_premises_agent` runs
  the unified agent's ``logs`` section there.

The lab ships once a minute (the real agents every ``force_flush_interval``, 5 s by
default); timestamps are those of the lines.
"""
from __future__ import annotations

import configparser
import json
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from awslab import log_lines
from awslab.errors import AwslabError

FLUSH = timedelta(minutes=1)
RETENTIONS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
              2192, 2557, 2922, 3288, 3653)
FILE_KEYS = {"file_path", "log_group_name", "log_stream_name", "retention_in_days",
             "timestamp_format", "timezone", "multi_line_start_pattern", "encoding",
             "filters", "log_group_class", "auto_removal", "backpressure_mode",
             "trim_timestamp"}
LOGS_KEYS = {"logs_collected", "log_stream_name", "force_flush_interval", "credentials",
             "endpoint_override", "concurrency", "metrics_collected"}


class LogsAgentConfigError(AwslabError):
    """A ``logs`` section (or an ``awslogs`` configuration) the agent refuses."""


@dataclass
class LogFile:
    """One ``collect_list`` entry after validation."""

    path: str
    group: str
    stream: str
    retention: int | None = None
    include: list[re.Pattern] = field(default_factory=list)
    exclude: list[re.Pattern] = field(default_factory=list)

    def keeps(self, line: str) -> bool:
        return all(p.search(line) for p in self.include) and \
            not any(p.search(line) for p in self.exclude)


def _default_group(path: str) -> str:
    """The agent's default group name: the file path up to its final period."""
    head, dot, _ = path.rpartition(".")
    return head if dot and "/" not in path[len(head):] else path


def parse_logs_section(section, default_stream: str = "{instance_id}") -> list[LogFile]:
    """Validate a unified agent ``logs`` section; raises LogsAgentConfigError."""
    errors: list[str] = []
    if not isinstance(section, dict):
        raise LogsAgentConfigError("Under path : logs | Error : Invalid type. Expected: "
                                   "object")
    for key in section:
        if key not in LOGS_KEYS:
            errors.append(f"Under path : logs | Error : Additional property {key} is not "
                          "allowed")
    stream = section.get("log_stream_name", default_stream)
    collected = section.get("logs_collected")
    files = collected.get("files") if isinstance(collected, dict) else None
    items = files.get("collect_list") if isinstance(files, dict) else None
    if not isinstance(collected, dict):
        errors.append("Under path : logs | Error : logs_collected is required")
    if files is not None and (not isinstance(items, list) or not items):
        errors.append("Under path : logs.logs_collected.files | Error : collect_list is "
                      "required (a non-empty array)")
    if not isinstance(items, list):
        items = []                          # windows_events alone: not simulated
    out = []
    for i, item in enumerate(items):
        where = f"logs.logs_collected.files.collect_list.{i}"
        if not isinstance(item, dict) or not isinstance(item.get("file_path"), str):
            errors.append(f"Under path : {where} | Error : file_path is required")
            continue
        errors += [f"Under path : {where} | Error : Additional property {k} is not allowed"
                   for k in item if k not in FILE_KEYS]
        retention = item.get("retention_in_days", -1)
        if retention not in (-1, 0, *RETENTIONS):
            errors.append(f"Under path : {where}.retention_in_days | Error : must be one "
                          f"of -1, {', '.join(map(str, RETENTIONS))}")
        out.append(LogFile(item["file_path"],
                           item.get("log_group_name") or _default_group(item["file_path"]),
                           item.get("log_stream_name", stream),
                           retention if retention not in (-1, 0) else None,
                           *_filters(item.get("filters", []), where, errors)))
    if errors:
        raise LogsAgentConfigError("E! Invalid Json input schema.\n" + "\n".join(errors))
    return out


def _filters(raw, where: str, errors: list[str]) -> tuple[list, list]:
    include, exclude = [], []
    for f in raw if isinstance(raw, list) else [None]:
        try:
            target = {"include": include, "exclude": exclude}[f["type"]]
            target.append(re.compile(f["expression"]))
        except (TypeError, KeyError, re.error):
            errors.append(f"Under path : {where}.filters | Error : each filter is "
                          '{"type": "include"|"exclude", "expression": "<regex>"}')
    return include, exclude


def parse_awslogs_config(text: str) -> list[LogFile]:
    """Validate a legacy ``awslogs.conf`` (INI: ``[general]`` then one section per file)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise LogsAgentConfigError(f"awslogs: cannot parse the configuration: {exc}") from None
    out = []
    for name in parser.sections():
        if name == "general":
            continue
        sec = parser[name]
        missing = [k for k in ("file", "log_group_name") if k not in sec]
        if missing:
            raise LogsAgentConfigError(f"awslogs: section [{name}] lacks "
                                       f"{', '.join(missing)}")
        out.append(LogFile(sec["file"], sec["log_group_name"],
                           sec.get("log_stream_name", "{instance_id}")))
    if not out:
        raise LogsAgentConfigError("awslogs: no log file sections (e.g. [/var/log/messages] "
                                   "with file, log_group_name, log_stream_name)")
    return out


class LogShipper:
    """Tails a host's files and ships new lines at each flush (see the module docstring).

    ``permit(action, resource_arn) -> str | None`` answers for the host's credentials:
    None when allowed, else the error the agent logs.
    """

    def __init__(self, lab, host_key: str, account: str, region: str, files: list[LogFile],
                 placeholders: dict, permit: Callable[[str, str], str | None],
                 log: deque, label: str = "cloudwatchlogs"):
        self.lab, self.host_key, self.account, self.region = lab, host_key, account, region
        self.files, self.permit, self.log, self.label = files, permit, log, label
        self.placeholders = placeholders
        self.since: datetime | None = None
        self.shipped = 0
        self.problem: str | None = None
        self.job = None

    def start(self, now: datetime) -> None:
        self.since = now.replace(second=0, microsecond=0)
        for f in self.files:
            if log_lines.file_lines(self.lab.seed, self.host_key, f.path, now, 0) is None:
                self._write(now, f"W! [inputs.logfile] No file is found with path "
                                 f"{f.path}; the lab's hosts write "
                                 f"{', '.join(log_lines.FILES)}")
        self.job = self.lab.clock.every(FLUSH, self.flush, name=f"logs agent {self.host_key}")

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def stream_name(self, f: LogFile) -> str:
        name = f.stream
        for key, value in self.placeholders.items():
            name = name.replace("{" + key + "}", value)
        return name

    def flush(self, t: datetime) -> None:
        """Ship every line written since the last successful flush."""
        if self.since is None:
            return
        minutes = int((t - self.since).total_seconds() // 60)
        if minutes <= 0:
            return
        problems = []
        for f in self.files:
            problem = self._allowed(f)
            if problem:
                problems.append(problem)
        if problems:
            if problems[0] != self.problem:
                self._write(t, f"E! [outputs.{self.label}] Aws error received when sending "
                               f"logs to {self.files[0].group}: {problems[0]}")
            self.problem = problems[0]
            return
        if self.problem is not None:
            self._write(t, f"I! [outputs.{self.label}] sending logs succeeded after "
                           "earlier failures")
        self.problem = None
        for f in self.files:
            self._ship(f, self.since, minutes)
        self.since += timedelta(minutes=minutes)

    def _allowed(self, f: LogFile) -> str | None:
        logs = self.lab.service("logs")
        group_arn = f"arn:aws:logs:{self.region}:{self.account}:log-group:{f.group}"
        stream_arn = f"{group_arn}:log-stream:{self.stream_name(f)}"
        group = logs.find_group(self.lab, self.account, self.region, f.group)
        needed = [("logs:PutLogEvents", stream_arn)]
        if group is None or self.stream_name(f) not in group.streams:
            needed.insert(0, ("logs:CreateLogStream", stream_arn))
        if group is None:
            needed.insert(0, ("logs:CreateLogGroup", group_arn))
        if f.retention is not None and (group is None or
                                        group.retention_days != f.retention):
            needed.append(("logs:PutRetentionPolicy", group_arn))
        for action, arn in needed:
            problem = self.permit(action, arn)
            if problem:
                return problem
        return None

    def _ship(self, f: LogFile, start: datetime, minutes: int) -> None:
        lines = log_lines.file_lines(self.lab.seed, self.host_key, f.path, start, minutes)
        if lines is None:
            return
        lines = [(t, m) for t, m in lines if f.keeps(m)]
        from awslab.services.logs.sources import batches
        for batch in batches(lines):
            self.lab.send("logs", "put", self.account, self.region, {
                "logGroupName": f.group, "logStreamName": self.stream_name(f),
                "events": batch})
        if f.retention is not None:
            self.lab.send("logs", "retention", self.account, self.region, {
                "logGroupName": f.group, "retentionInDays": f.retention})
        self.shipped += len(lines)

    def _write(self, t: datetime, line: str) -> None:
        self.log.append(f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} {line}")


def instance_permit(lab, inst) -> Callable[[str, str], str | None]:
    """Permission answers for an instance's profile credentials (IAM's decision)."""
    def permit(action: str, arn: str) -> str | None:
        if inst.association is None:
            return ("NoCredentialProviders: no valid providers in chain (the instance has "
                    "no IAM instance profile)")
        answer = lab.send("iam", "instance_profile_permits", inst.owner_id, inst.region,
                          {"InstanceProfileArn": inst.association.profile_arn,
                           "Action": action, "Resource": arn,
                           "SessionName": inst.instance_id})
        if answer["Allowed"]:
            return None
        if answer["RoleArn"] is None:
            return f"NoCredentialProviders: no valid providers in chain ({answer['Reason']})"
        return f"AccessDeniedException: {answer['Message']}"
    return permit


# -- on-premises servers ----------------------------------------------------------------
@dataclass
class OnPremisesServer:
    """A server outside AWS: a hostname, an IP, and the access keys the agent uses."""

    hostname: str
    ip_address: str
    access_key_id: str
    secret_access_key: str
    region: str
    log: deque = field(default_factory=lambda: deque(maxlen=200))
    shipper: LogShipper | None = None

    def __repr__(self) -> str:
        state = "no agent" if self.shipper is None else (
            f"FAILING: {self.shipper.problem.splitlines()[0]}" if self.shipper.problem
            else f"{self.shipper.shipped} lines shipped")
        return f"<OnPremisesServer {self.hostname} ({self.ip_address}): {state}>"


def on_premises_server(lab, hostname: str, access_key_id: str, secret_access_key: str,
                       region: str = "us-east-1", ip_address: str = "192.168.10.21"
                       ) -> OnPremisesServer:
    """A server in your data centre, with the IAM user keys its agent will use
    (``aws configure --profile AmazonCloudWatchAgent``).

    Introduced in ``03_cloudwatch_logs.ipynb``.
    """
    return OnPremisesServer(hostname, ip_address, access_key_id, secret_access_key, region)


def key_permit(lab, access_key_id: str, secret: str) -> Callable[[str, str], str | None]:
    """Permission answers for access keys (an IAM user's, as on-premises agents use)."""
    from awslab import authz
    from awslab.services.iam.enforce import decide

    def permit(action: str, arn: str) -> str | None:
        creds = lab.credentials.get(access_key_id)
        if creds is None or creds.secret_access_key != secret:
            return ("UnrecognizedClientException: The security token included in the "
                    "request is invalid.")
        decision = decide(lab, creds.principal, action, authz.Resource(arn), {})
        if decision.allowed:
            return None
        return "AccessDeniedException: " + authz.denial_message(
            creds.principal.arn, action, arn, decision)
    return permit


def install_on_premises_agent(lab, server: OnPremisesServer, config) -> LogShipper:
    """Run the unified agent's ``logs`` section on an on-premises server (``config``: the
    agent configuration dict or JSON; ``{hostname}`` is the default stream name).

    Introduced in ``03_cloudwatch_logs.ipynb``.
    """
    config = json.loads(config) if isinstance(config, str) else config
    if not isinstance(config, dict) or "logs" not in config:
        raise LogsAgentConfigError("the configuration needs a logs section (on-premises "
                                   "metrics are not simulated)")
    files = parse_logs_section(config["logs"], default_stream="{hostname}")
    account = _key_account(lab, server.access_key_id)
    return _start(lab, server, files, account, "cloudwatchlogs")


def _key_account(lab, access_key_id: str) -> str:
    creds = lab.credentials.get(access_key_id)
    return creds.principal.account_id if creds else "000000000000"


def _start(lab, server: OnPremisesServer, files, account: str, label: str) -> LogShipper:
    if server.shipper is not None:
        server.shipper.stop()
    shipper = LogShipper(lab, f"onprem/{server.hostname}", account, server.region, files,
                         {"hostname": server.hostname, "local_hostname": server.hostname,
                          "ip_address": server.ip_address, "instance_id": server.hostname},
                         key_permit(lab, server.access_key_id, server.secret_access_key),
                         server.log, label)
    server.shipper = shipper
    shipper._write(lab.now, f"I! Detected the instance is OnPremise ({server.hostname})")
    shipper.start(lab.now)
    return shipper


# -- the legacy agent ---------------------------------------------------------------------
class LegacyLogsAgent:
    """The deprecated CloudWatch Logs agent (``awslogs``) on an instance or a server."""

    def __init__(self, host, shipper: LogShipper | None, log: deque, problem: str | None):
        self.host, self.shipper, self.log, self._problem = host, shipper, log, problem

    @property
    def problem(self) -> str | None:
        return self._problem or (self.shipper.problem if self.shipper else None)

    @property
    def healthy(self) -> bool:
        return self.problem is None

    def __repr__(self) -> str:
        state = ("FAILING: " + self.problem.splitlines()[0]) if self.problem else "running"
        return f"<LegacyLogsAgent: {state}>"


def install_legacy_logs_agent(lab, host, config: str) -> LegacyLogsAgent:
    """Install the legacy ``awslogs`` agent with its INI configuration.

    ``host``: an instance ID (the agent needs IMDSv1, which lab instances refuse: it
    fails, as on Amazon Linux 2023) or an :class:`OnPremisesServer` (keys: it works, logs
    only).

    Introduced in ``03_cloudwatch_logs.ipynb``.
    """
    files = parse_awslogs_config(config)
    if isinstance(host, OnPremisesServer):
        account = _key_account(lab, host.access_key_id)
        shipper = _start(lab, host, files, account, "awslogs")
        return LegacyLogsAgent(host, shipper, host.log, None)
    from awslab.services.ec2.truth import find_instance
    try:
        _, inst = find_instance(lab, host)
    except AwslabError as exc:
        raise LogsAgentConfigError(str(exc)) from None
    log: deque = deque(maxlen=200)
    stamp = lab.now.strftime("%Y-%m-%d %H:%M:%S")
    problem = ("NoCredentialsError: Unable to locate credentials (instance metadata "
               "answered 401 Unauthorized: the instance requires IMDSv2 tokens, which the "
               "legacy awslogs agent does not support; use the unified CloudWatch agent)")
    log.append(f"{stamp},000 - cwlogs.push - WARNING - Failed to fetch the instance ID "
               "from the instance metadata service (HTTP 401)")
    log.append(f"{stamp},000 - cwlogs.push - ERROR - {problem}")
    return LegacyLogsAgent(inst.instance_id, None, log, problem)
