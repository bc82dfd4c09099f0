"""Seeded API activity of "everyone else" in an account: the busy background that event
history, trails and Insights see beside the learner's own calls.

Like :mod:`awslab.workloads`, everything is a pure function of ``(seed, account,
region)``: :func:`generate` makes a columnar table (numpy arrays, oldest first) of calls by
a few seeded actors (a monitoring role reading, a CI role deploying, a backup job writing
every two minutes, AWS services assuming roles, an engineer in the console), with a daily
rhythm and rare errors, plus seeded anomalies for CloudTrail Insights (aws-facts 6.4):

* ``burst`` -- a burst of one IAM write API by a contractor's IAM user;
* ``gap`` -- the periodic maintenance job stops for most of an hour;
* ``errors`` -- a deploy role hits the IAM roles quota: ``CreateRole`` fails with
  ``LimitExceeded`` a dozen times a minute.

Rows become :class:`awslab.audit.ApiCall` objects only when something reads them
(:meth:`Activity.call`), so a 1,000,000-call account costs a few arrays.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np

from awslab.audit import ApiCall
from awslab.identity import Principal
from awslab.services.cloudtrail import records

UTC = timezone.utc
BURST_APIS = ("CreateAccessKey", "AttachUserPolicy", "CreateUser", "PutUserPolicy")


@dataclass(frozen=True)
class Actor:
    """Someone (or something) else calling AWS in the account."""

    kind: str              # IAMUser, AssumedRole, AWSService
    name: str              # user name, role/session, or service principal
    ip: str
    agent: str


@dataclass(frozen=True)
class Op:
    """One kind of background call: who makes it, on what, how often."""

    service: str
    operation: str
    actor: int             # index into ACTORS
    member: str | None     # the request member naming the resource
    names: tuple = ()      # resource names it picks from
    per_minute: float = 0.0
    every: int = 0         # periodic: one call every ``every`` minutes instead
    error: tuple = ()      # (errorCode, errorMessage, share of calls failing)
    listed: bool = False   # the member is a list (InstanceIds)


ACTORS = (
    Actor("AssumedRole", "monitoring/collector", "10.0.12.40", "aws-sdk-go-v2/1.30.3"),
    Actor("AssumedRole", "ci-deploy/pipeline", "10.0.40.7", "aws-cli/2.17.20"),
    Actor("AssumedRole", "backup-maintenance/nightly", "10.0.12.41", "Boto3/1.35.0"),
    Actor("AWSService", "ec2.amazonaws.com", "ec2.amazonaws.com", "ec2.amazonaws.com"),
    Actor("IAMUser", "ana.ops", "203.0.113.24", "console.amazonaws.com"),
    Actor("IAMUser", "temp-contractor", "192.0.2.77", "aws-cli/2.15.1"),
    Actor("AWSService", "lambda.amazonaws.com", "lambda.amazonaws.com",
          "lambda.amazonaws.com"),
)
_INSTANCES = tuple(f"i-0{n:016x}" for n in (0x3f2a11c0de, 0x51b7e90a13, 0x7c04d2e611))
_VOLUMES = tuple(f"vol-0{n:016x}" for n in (0x2e91aa0f01, 0x6d13c0b702))
OPS = (
    Op("ec2", "DescribeInstances", 0, "InstanceIds", _INSTANCES, 2.0, listed=True),
    Op("elbv2", "DescribeTargetHealth", 0, None, (), 1.0),
    Op("cloudwatch", "DescribeAlarms", 0, None, (), 1.0),
    Op("iam", "GetRole", 1, "RoleName", ("petshop-web", "petshop-worker"), 0.3,
       error=("NoSuchEntity", "The role with name petshop-old cannot be found.", 0.03)),
    Op("s3", "ListBuckets", 4, None, (), 0.2),
    Op("ec2", "CreateTags", 1, "Resources", _INSTANCES, 0.6, listed=True),
    Op("cloudwatch", "PutMetricAlarm", 1, "AlarmName", ("petshop-cpu", "petshop-5xx"), 0.2),
    Op("logs", "CreateLogStream", 6, "logGroupName", ("/aws/lambda/petshop-orders",), 0.8),
    Op("sts", "AssumeRole", 3, "RoleArn", ("petshop-web",), 0.5),
    Op("ec2", "CreateSnapshot", 2, "VolumeId", _VOLUMES, every=2),
    # anomaly-only operations (no normal rate)
    *(Op("iam", api, 5, "UserName", ("tmp-build-01", "tmp-build-02", "svc-export"))
      for api in BURST_APIS),
    Op("iam", "CreateRole", 1, "RoleName", ("petshop-preview",),
       error=("LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1000.", 1.0)),
)
_OP_INDEX = {(o.service, o.operation): i for i, o in enumerate(OPS)}


def _rng(seed: int, *key) -> np.random.Generator:
    digest = hashlib.sha256("/".join(map(str, (seed, *key))).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _daily(minutes: np.ndarray) -> np.ndarray:
    """Activity through the (UTC) day: busier in working hours, mean about 1."""
    hour = (minutes % 1440) / 60.0
    return 0.55 + 0.9 * np.exp(-((hour - 14.0) ** 2) / 18.0)


@dataclass
class Anomaly:
    """One seeded anomaly: what, when, how long."""

    kind: str              # burst, gap, errors
    start: datetime
    minutes: int
    operation: str
    per_minute: float

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def seeded_anomalies(seed: int, account_id: str, region: str, anchor: datetime) -> list:
    """This lab's three anomalies, a few hours after ``anchor`` (seeded times and API)."""
    rng = _rng(seed, account_id, region, "anomalies")
    base = anchor.replace(second=0, microsecond=0)
    at = lambda h: base + timedelta(hours=h, minutes=int(rng.integers(0, 50)))  # noqa: E731
    burst = BURST_APIS[int(rng.integers(0, len(BURST_APIS)))]
    return [Anomaly("burst", at(2), int(rng.integers(14, 22)), burst,
                    float(rng.integers(18, 30))),
            Anomaly("gap", at(7), int(rng.integers(40, 60)), "CreateSnapshot", 0.0),
            Anomaly("errors", at(12), int(rng.integers(12, 18)), "CreateRole",
                    float(rng.integers(10, 15)))]


@dataclass
class Activity:
    """Background calls of one account and region, as columns sorted by time."""

    seed: int
    account_id: str
    region: str
    t: np.ndarray              # epoch milliseconds (int64)
    op: np.ndarray             # index into OPS (int16)
    res: np.ndarray            # index into the op's names, -1 none (int16)
    err: np.ndarray            # 1 when the call failed (int8)
    anomalies: list = field(default_factory=list)
    keys: tuple = ()           # access key of each actor

    def __len__(self) -> int:
        return len(self.t)

    def window(self, start_ms: int, end_ms: int) -> slice:
        """Rows with ``start_ms <= t <= end_ms``."""
        return slice(int(np.searchsorted(self.t, start_ms, "left")),
                     int(np.searchsorted(self.t, end_ms, "right")))

    def principal(self, actor: int, when: datetime | None = None) -> Principal:
        """The actor as a caller (role sessions issued at the top of the hour)."""
        a, acct = ACTORS[actor], self.account_id
        if a.kind == "AWSService":
            return Principal("AWSService", acct, a.name, a.name, a.name)
        if a.kind == "IAMUser":
            return Principal("IAMUser", acct, f"arn:aws:iam::{acct}:user/{a.name}",
                             "AIDA" + _upper(self.seed, acct, a.name, 17), a.name)
        role, session = a.name.split("/")
        role_id = "AROA" + _upper(self.seed, acct, role, 17)
        return Principal("AssumedRole", acct,
                         f"arn:aws:sts::{acct}:assumed-role/{role}/{session}",
                         f"{role_id}:{session}", session,
                         {"role_arn": f"arn:aws:iam::{acct}:role/{role}", "temporary": True,
                          "issued": when.replace(minute=0, second=0, microsecond=0)
                          if when else None})

    def call(self, i: int) -> ApiCall:
        """Row ``i`` as the ApiCall CloudTrail records."""
        op = OPS[int(self.op[i])]
        actor = ACTORS[op.actor]
        when = datetime.fromtimestamp(int(self.t[i]) / 1000, UTC)
        request: dict = {}
        r = int(self.res[i])
        if op.member and r >= 0:
            name = op.names[r]
            if op.member == "RoleArn":
                name = f"arn:aws:iam::{self.account_id}:role/{name}"
                request["RoleSessionName"] = f"i-0{int(self.t[i]) % 0xffffff:06x}"
            request[op.member] = [name] if op.listed else name
        failed = bool(self.err[i])
        request_id = _uuid(self.seed, self.account_id, self.region, int(self.t[i]), i)
        return ApiCall(when, op.service, op.operation, self.region,
                       self.principal(op.actor, when),
                       None if actor.kind == "AWSService" else self.keys[op.actor],
                       request, None if failed else {}, op.error[0] if failed else None,
                       op.error[1] if failed else None, request_id, actor.ip, actor.agent)

    def lookup_keys(self, i: int) -> tuple:
        return lookup_keys_of(self, int(self.op[i]), int(self.res[i]))


def lookup_keys_of(activity: Activity, op_index: int, res: int) -> tuple:
    op = OPS[op_index]
    principal = activity.principal(op.actor)
    kind = records.RESOURCE_MEMBERS.get(op.member or "")
    resources = ((kind, op.names[res]),) if kind and res >= 0 else ()
    return (op.operation, records.username(principal), records.event_source(op.service),
            "true" if records.is_read_only(op.service, op.operation) else "false",
            None if ACTORS[op.actor].kind == "AWSService" else activity.keys[op.actor],
            resources)


def _upper(seed: int, *key) -> str:
    digest = hashlib.sha256("/".join(map(str, (seed, *key))).encode()).digest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(alphabet[b % 32] for b in digest)[:17]


def _uuid(*key) -> str:
    """A request ID whose first 12 hex digits are the call's time in milliseconds."""
    t = f"{key[3]:012x}"
    return records.guid("/".join(map(str, key)), f"{t[:8]}-{t[8:12]}")


def time_of_event_id(event_id: str) -> int | None:
    """The time (epoch ms) a seeded call's event ID starts with, or None."""
    try:
        return int(event_id[:8] + event_id[9:13], 16)
    except ValueError:
        return None


def generate(seed: int, account_id: str, region: str, start: datetime, end: datetime, *,
             rate: float = 1.0, anomalies: list | None = None) -> Activity:
    """The background calls from ``start`` to ``end`` (whole minutes), ``rate`` times the
    normal volume (about 7 calls a minute), with ``anomalies`` laid on top."""
    first = int(start.timestamp()) // 60
    minutes = max(0, (int(end.timestamp()) // 60) - first)
    m = np.arange(minutes, dtype=np.int64)
    curve = _daily(m + first)
    rng = _rng(seed, account_id, region, first, minutes, "activity")
    anomalies = list(anomalies or [])
    cols_t, cols_op, cols_res, cols_err = [], [], [], []

    def add(op_index: int, counts: np.ndarray) -> None:
        op = OPS[op_index]
        n = int(counts.sum())
        if n == 0:
            return
        when = (np.repeat(m + first, counts) * 60_000 + rng.integers(0, 60_000, n))
        cols_t.append(when)
        cols_op.append(np.full(n, op_index, np.int16))
        cols_res.append(rng.integers(0, len(op.names), n).astype(np.int16) if op.names
                        else np.full(n, -1, np.int16))
        share = op.error[2] if op.error else 0.0
        cols_err.append((rng.random(n) < share).astype(np.int8))

    for k, op in enumerate(OPS):
        if op.every:
            counts = ((m + first) % op.every == 0).astype(np.int64)
        elif op.per_minute:
            counts = rng.poisson(op.per_minute * rate * curve)
        else:
            counts = np.zeros(minutes, np.int64)
        for a in anomalies:
            if a.operation != op.operation:
                continue
            lo = int(a.start.timestamp()) // 60 - first
            hi = min(minutes, lo + a.minutes)
            if hi <= max(lo, 0):
                continue
            lo = max(lo, 0)
            counts[lo:hi] = 0 if a.kind == "gap" else rng.poisson(a.per_minute, hi - lo)
        add(k, counts)
    if cols_t:
        t = np.concatenate(cols_t)
        order = np.argsort(t, kind="stable")
        t, op_col = t[order], np.concatenate(cols_op)[order]
        res, err = np.concatenate(cols_res)[order], np.concatenate(cols_err)[order]
    else:
        t, op_col = np.zeros(0, np.int64), np.zeros(0, np.int16)
        res, err = np.zeros(0, np.int16), np.zeros(0, np.int8)
    keys = tuple("AKIA" + _upper(seed, account_id, a.name, "key")[:16] if a.kind == "IAMUser"
                 else "ASIA" + _upper(seed, account_id, a.name, "key")[:16] for a in ACTORS)
    return Activity(seed, account_id, region, t, op_col, res, err, anomalies, keys)


def op_index(service: str, operation: str) -> int | None:
    return _OP_INDEX.get((service, operation))
