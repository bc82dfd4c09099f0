"""A simulated unified CloudWatch agent running on an instance (aws-facts section 4).

:func:`install_cloudwatch_agent` stands for installing the agent and starting it with a
JSON configuration (``agent_config.py`` validates it). From then on, while the instance
runs, the agent samples the instance's seeded workload every
``metrics_collection_interval`` and, every ``force_flush_interval``, sends the samples to
CloudWatch with ``lab.send`` -- *if* the instance's credentials allow
``cloudwatch:PutMetricData``. Credentials come from the instance profile; whether its role
may publish is IAM's answer (``lab.send("iam", "instance_profile_permits", ...)``, where
the IAM policy engine will plug in). Without them the agent keeps running and logs what
the real one logs (``NoCredentialProviders`` / ``AccessDenied ... not authorized to
perform: cloudwatch:PutMetricData``), and recovers at the next flush once fixed.

The ``logs`` section ships files to CloudWatch Logs (``agent_logs.py``). Known gaps: no
traces section, no ``procstat``/``statsd``/``collectd``; one root
filesystem, one disk and one network interface per instance; swap is 0 (no swap file).
"""
from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from awslab.errors import AwslabError
from awslab.services.ec2 import agent_values
from awslab.services.ec2.agent_config import (
    AGENT_PRESETS, AgentConfigError, AgentPlan, agent_preset, parse_agent_config)
from awslab.services.ec2.metrics import minute_values
from awslab.services.ec2.truth import find_instance
from awslab.workloads import EPOCH

ACTION = "cloudwatch:PutMetricData"
MAX_DATUMS = 1000           # per PutMetricData call

__all__ = ["AGENT_PRESETS", "AgentConfigError", "CloudWatchAgent", "CloudWatchAgentError",
           "agent_preset", "install_cloudwatch_agent"]


class CloudWatchAgentError(AwslabError):
    """The agent cannot be installed (no such instance, or the instance is not running)."""


def _seconds(t: datetime) -> int:
    return int((t - EPOCH).total_seconds())


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class CloudWatchAgent:
    """The agent on one instance: its plan, its log, and the clock job that flushes.

    Attributes
    ----------
    instance_id : str
    plan : AgentPlan
        The validated configuration.
    log : collections.deque of str
        The last 200 lines of ``amazon-cloudwatch-agent.log``.
    """

    def __init__(self, lab, state, inst, plan: AgentPlan, config: dict):
        self.lab, self.state, self.inst = lab, state, inst
        self.instance_id = inst.instance_id
        self.plan, self.config = plan, config
        self.region = plan.region or inst.region
        self.log: deque[str] = deque(maxlen=200)
        self.problem: str | None = None
        self.datums_sent = 0
        self.job = None
        self.shipper = None                       # agent_logs.LogShipper (logs section)
        self.stopped = False
        self._since: datetime | None = None       # samples after this time are unsent

    # -- lifecycle --------------------------------------------------------------
    def resume(self, now: datetime) -> None:
        """Start (or restart with the instance) collecting and flushing."""
        if self.stopped or self.job is not None:
            return
        self._since = now
        self._write(now, "I! Detected the instance is EC2")
        self._write(now, f"I! Config OK; namespace {self.plan.namespace}, "
                         f"{len(self.plan.sections)} plugin(s), flush every "
                         f"{self.plan.flush_interval}s")
        for name in self.plan.ignored:
            self._write(now, f"W! [inputs.{name}] not simulated by awslab; ignored")
        every = timedelta(seconds=self.plan.flush_interval)
        first = EPOCH + timedelta(seconds=(_seconds(now) // self.plan.flush_interval + 1)
                                  * self.plan.flush_interval)
        self.job = self.lab.clock.every(every, self.flush, first=first,
                                        name=f"cloudwatch agent {self.instance_id}")
        if self.plan.sections:
            self._check(now)
        if self.plan.logs:
            self._ship_logs(now)

    def pause(self, now: datetime) -> None:
        """The instance is stopping: flush what was collected, then wait for a restart."""
        if self.job is None:
            return
        self.flush(now)
        self.job.cancel()
        self.job = None
        if self.shipper is not None:
            self.shipper.flush(now)
            self.shipper.stop()
        self._write(now, "I! Received signal terminated, shutting down the agent")

    def restarted(self, now: datetime) -> None:
        """The instance rebooted: the agent service starts again with the guest."""
        if self.job is None:
            return
        self._write(now, "I! Received signal terminated, shutting down the agent")
        self._write(now, "I! Detected the instance is EC2")

    def stop(self) -> None:
        """Stop the agent (``amazon-cloudwatch-agent-ctl -a stop``)."""
        self.pause(self.lab.now)
        self.stopped = True

    @property
    def status(self) -> str:
        """``"running"``, ``"stopped"``, or ``"waiting"`` (the instance is not running)."""
        if self.stopped:
            return "stopped"
        return "running" if self.job is not None else "waiting"

    @property
    def healthy(self) -> bool:
        """True when the last flush (or the install check) reached CloudWatch (metrics
        and, with a ``logs`` section, CloudWatch Logs)."""
        return self.problem is None and self.logs_problem is None

    @property
    def logs_problem(self) -> str | None:
        """Why the ``logs`` section's last flush shipped nothing (None: it shipped)."""
        return self.shipper.problem if self.shipper is not None else None

    def _ship_logs(self, now: datetime) -> None:
        from awslab.services.ec2.agent_logs import LogShipper, instance_permit
        ip = self.inst.private_ip
        self.shipper = LogShipper(
            self.lab, self.instance_id, self.inst.owner_id, self.region, self.plan.logs,
            {"instance_id": self.instance_id, "hostname": f"ip-{ip.replace('.', '-')}",
             "local_hostname": f"ip-{ip.replace('.', '-')}.ec2.internal",
             "ip_address": ip}, instance_permit(self.lab, self.inst), self.log)
        self.shipper.start(now)

    # -- publishing ---------------------------------------------------------------
    def flush(self, t: datetime) -> None:
        """Send every sample taken since the last flush (the clock calls this)."""
        start, self._since = self._since, t
        if not self.plan.sections:
            return
        datums = self._datums(start, t)
        if not self._check(t) or not datums:
            return
        for i in range(0, len(datums), MAX_DATUMS):
            self.lab.send("cloudwatch", "metrics", self.inst.owner_id, self.region,
                          {"Namespace": self.plan.namespace,
                           "MetricData": datums[i:i + MAX_DATUMS]})
        self.datums_sent += len(datums)

    def _check(self, t: datetime) -> bool:
        problem = self._credentials_problem()
        if problem is None and self.problem is not None:
            self._write(t, "I! cloudwatch: PutMetricData succeeded after earlier failures")
        elif problem is not None:
            self._write(t, f"E! cloudwatch: WriteToCloudWatch failure, err: {problem}")
        self.problem = problem
        return problem is None

    def _credentials_problem(self) -> str | None:
        assoc = self.inst.association
        if assoc is None:
            return ("NoCredentialProviders: no valid providers in chain (the instance has no "
                    "IAM instance profile)")
        answer = self.lab.send("iam", "instance_profile_permits", self.inst.owner_id,
                               self.inst.region, {"InstanceProfileArn": assoc.profile_arn,
                                                  "Action": ACTION})
        if answer["Allowed"]:
            return None
        if answer["RoleArn"] is None:
            return f"NoCredentialProviders: no valid providers in chain ({answer['Reason']})"
        return (f"AccessDenied: User: arn:aws:sts::{self.inst.owner_id}:assumed-role/"
                f"{answer['RoleName']}/{self.instance_id} is not authorized to perform: "
                f"{ACTION} because no identity-based policy allows the {ACTION} action"
                f"\n\tstatus code: 403 ({answer['Reason']})")

    def _datums(self, start: datetime, end: datetime) -> list[dict]:
        out = []
        lo, hi = _seconds(start), _seconds(end)
        for section in self.plan.sections:
            step = section.interval
            for sec in range(lo // step * step + step, hi + 1, step):
                out += self._sample(section, sec)
        return out

    def _sample(self, section, sec: int) -> list[dict]:
        ts = EPOCH + timedelta(seconds=sec)
        m = (sec - 1) // 60
        row = minute_values(self.lab, self.inst, m)
        ctx = agent_values.Context(self.lab, self.inst, row, m, sec, section.interval)
        resources = agent_values.resources(section, ctx)
        base = agent_values.appended(self.plan, section, self.inst)
        extra = {"StorageResolution": 1} if section.interval < 60 else {}
        out = []
        for resource_dims, values in resources:
            dims = {**resource_dims, **base}
            for meas in section.measurements:
                datum = {"MetricName": meas.name, "Timestamp": ts,
                         "Value": float(values[meas.source]), **extra}
                if meas.unit is not None:
                    datum["Unit"] = meas.unit
                for dim_set in agent_values.dimension_sets(self.plan, dims):
                    out.append({**datum, "Dimensions": dim_set})
        return out

    def _write(self, t: datetime, line: str) -> None:
        self.log.append(f"{_stamp(t)} {line}")

    def __repr__(self) -> str:
        head = (f"<CloudWatchAgent on {self.instance_id}: {self.status}, namespace "
                f"{self.plan.namespace!r}, {self.datums_sent} datapoints sent")
        problem = self.problem or self.logs_problem
        if problem:
            return head + f"; FAILING: {problem.splitlines()[0]}>"
        return head + ">"


def install_cloudwatch_agent(lab, instance_id: str, config="basic",
                             region: str | None = None) -> CloudWatchAgent:
    """Install and start the unified CloudWatch agent on a running instance.

    Parameters
    ----------
    lab : Lab
    instance_id : str
    config : str or dict
        A wizard preset name (``"basic"``, ``"standard"``, ``"advanced"``,
        ``"windows-basic"``), a configuration dict, or its JSON text.
    region : str, optional
        The instance's region (searched when omitted).

    Returns
    -------
    CloudWatchAgent
        Running. If the instance's role may not call ``cloudwatch:PutMetricData`` the
        agent runs but ``agent.healthy`` is False, ``agent.problem`` says why and
        ``agent.log`` shows the real agent's error lines; it recovers once fixed.

    Raises
    ------
    AgentConfigError
        The configuration is invalid (the message names each bad key).
    CloudWatchAgentError
        The instance does not exist or is not running.

    Introduced in ``03_cloudwatch_logs_and_agents.ipynb``.
    """
    try:
        state, inst = find_instance(lab, instance_id, region)
    except AwslabError as exc:
        raise CloudWatchAgentError(str(exc)) from None
    if inst.state != "running":
        raise CloudWatchAgentError(
            f"{instance_id} is {inst.state}: the agent can only be installed on a running "
            "instance" + (" (wait for it to boot: lab.advance(minutes=1))"
                          if inst.state == "pending" else ""))
    if isinstance(config, str) and config in AGENT_PRESETS:
        config = agent_preset(config)
    elif isinstance(config, str) and not config.lstrip().startswith("{"):
        raise AgentConfigError(f"unknown preset {config!r}: use one of "
                               f"{', '.join(AGENT_PRESETS)}, a configuration dict or its JSON")
    plan = parse_agent_config(config, windows=inst.platform == "windows")
    if inst.agent is not None:
        inst.agent.stop()
    agent = CloudWatchAgent(lab, state, inst, plan, config)
    inst.agent = agent
    agent.resume(lab.now)
    return agent
