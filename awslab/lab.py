"""The Lab: one simulated AWS world with its own clock, accounts, seed and services.

Introduced in ``00_welcome.ipynb``.
"""
from __future__ import annotations

import hashlib
import importlib
import random
from datetime import datetime, timedelta
from typing import Any

from awslab.audit import AuditLog
from awslab.clock import Clock, to_utc
from awslab.errors import AwslabError
from awslab.identity import CredentialStore, Credentials, Principal
from awslab.ids import IdFactory

DEFAULT_START = "2026-01-05T00:00:00Z"
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


def seed_for(student_id: str) -> int:
    """A stable seed for a student ID (the same on every machine and Python)."""
    return int.from_bytes(hashlib.sha256(student_id.encode()).digest()[:8], "big")


class Lab:
    """A simulated AWS world answering real boto3 clients.

    Parameters
    ----------
    seed : int, optional
        Seed of every random choice in the lab. Defaults to one derived from
        ``student_id``, or 0 when neither is given.
    student_id : str, optional
        The learner; two students get different (but each reproducible) data.
    start : str or datetime
        The simulated time the lab starts at (ISO-8601 or an aware datetime).

    Examples
    --------
    >>> lab = Lab(student_id="demo")
    >>> cw = lab.client("cloudwatch")
    >>> lab.advance(minutes=10)
    """

    def __init__(self, seed: int | None = None, student_id: str | None = None,
                 start: str | datetime = DEFAULT_START):
        if seed is None:
            seed = seed_for(student_id) if student_id is not None else 0
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise AwslabError(f"seed must be an integer, got {seed!r}")
        self.seed = seed
        self.student_id = student_id
        self.clock = Clock(to_utc(start))
        self.start = self.clock.now
        self.rng = random.Random(seed)
        self.ids = IdFactory(random.Random(seed ^ 0x1D5))
        # request IDs have their own stream, so extra calls never shift resource IDs
        self.request_ids = IdFactory(random.Random(seed ^ 0x5EC))
        self._id_streams: dict[str, IdFactory] = {}
        self.credentials = CredentialStore()
        self.audit_log = AuditLog()          # every call through the bridge (CloudTrail reads it)
        self.accounts: dict[str, dict] = {}
        self._states: dict[str, dict[tuple, Any]] = {}     # service -> key -> state
        self._state_of: dict[tuple, Any] = {}    # (service, account, region) -> state
        self._services: dict[str, Any] = {}
        self._admins: dict[str, Credentials] = {}
        self._roots: dict[str, Credentials] = {}
        self.add_account(DEFAULT_ACCOUNT, "workloads")
        self.default_credentials = self.admin_credentials(DEFAULT_ACCOUNT)

    # -- time ---------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """The simulated time (timezone-aware UTC)."""
        return self.clock.now

    def advance(self, seconds: float = 0, minutes: float = 0, hours: float = 0,
                days: float = 0) -> datetime:
        """Move simulated time forward, running all work that falls due, in order."""
        step = timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days)
        if step < timedelta(0):
            raise AwslabError("lab.advance() moves forward only")
        self.clock.advance_to(self.now + step)
        return self.now

    def id_stream(self, name: str) -> IdFactory:
        """A seeded ID stream of its own for ``name`` (``"sqs/<queue arn>"``...), so IDs
        drawn by one service or resource never shift another's."""
        if name not in self._id_streams:
            self._id_streams[name] = IdFactory(random.Random(f"{self.seed}/{name}"))
        return self._id_streams[name]

    # -- accounts and callers ------------------------------------------------
    def add_account(self, account_id: str, name: str) -> dict:
        """Register an AWS account in this lab (Organizations builds on this)."""
        if not (len(account_id) == 12 and account_id.isdigit()):
            raise AwslabError(f"an account ID is 12 digits, got {account_id!r}")
        return self.accounts.setdefault(account_id, {"Id": account_id, "Name": name})

    def admin_credentials(self, account_id: str = DEFAULT_ACCOUNT) -> Credentials:
        """Keys of the IAM user ``admin`` (AdministratorAccess) of ``account_id``, created
        on first use: ``lab.client("sts", **lab.admin_credentials(acct).as_client_kwargs())``.
        """
        if account_id not in self._admins:
            self._known(account_id)
            user_id, key, secret = (self.ids.unique_id("AIDA"), self.ids.access_key(),
                                    self.ids.secret())
            self._admins[account_id] = self.service("iam").bootstrap_user(
                self, account_id, "admin", user_id, key, secret,
                ("arn:aws:iam::aws:policy/AdministratorAccess",))
        return self._admins[account_id]

    def root_credentials(self, account_id: str = DEFAULT_ACCOUNT) -> Credentials:
        """Keys of the root user of ``account_id`` (allowed everything SCPs do not deny;
        AWS advises against root access keys, the lab has them for the lessons)."""
        if account_id not in self._roots:
            self._known(account_id)
            principal = Principal(kind="Root", account_id=account_id,
                                  arn=f"arn:aws:iam::{account_id}:root",
                                  principal_id=account_id, name="root")
            self._roots[account_id] = self.credentials.add(Credentials(
                self.ids.access_key(), self.ids.secret(), principal))
        return self._roots[account_id]

    def _known(self, account_id: str) -> None:
        if account_id not in self.accounts:
            raise AwslabError(f"account {account_id} is not in this lab; "
                              f"add it with lab.add_account({account_id!r}, name)")

    # -- clients ---------------------------------------------------------------
    def client(self, service_name: str, region_name: str = DEFAULT_REGION,
               aws_access_key_id: str | None = None,
               aws_secret_access_key: str | None = None,
               aws_session_token: str | None = None):
        """A real boto3 client for ``service_name`` whose calls this lab answers.

        Without keys the client acts as the lab's default caller, the IAM user ``admin``
        of account 123456789012.
        """
        from awslab.bridge.client import make_client
        if aws_access_key_id is None:
            creds = self.default_credentials
            aws_access_key_id = creds.access_key_id
            aws_secret_access_key = creds.secret_access_key
            aws_session_token = creds.session_token
        return make_client(self, service_name, region_name, aws_access_key_id,
                           aws_secret_access_key, aws_session_token)

    # -- services and their state --------------------------------------------
    def service(self, name: str):
        """The service package answering ``name`` (imported on first use)."""
        found = self._services.get(name)
        if found is None:
            from awslab.services import PACKAGES
            if name not in PACKAGES:
                return None
            found = self._services[name] = importlib.import_module(PACKAGES[name])
        return found

    def state(self, service: str, account_id: str = DEFAULT_ACCOUNT,
              region: str = DEFAULT_REGION):
        """The state of ``service`` for one account (and region, for regional services)."""
        found = self._state_of.get((service, account_id, region))
        if found is not None:
            return found
        pkg = self.service(service)
        if pkg is None:
            raise AwslabError(f"awslab does not simulate the service {service!r}")
        key = (account_id,) if getattr(pkg, "GLOBAL", False) else (account_id, region)
        states = self._states.setdefault(service, {})
        if key not in states:
            states[key] = pkg.State(account_id, region)
        found = self._state_of[(service, account_id, region)] = states[key]
        return found

    def states(self, service: str):
        """Every ``((account, region), state)`` that exists for ``service`` (global
        services: ``((account,), state)``)."""
        return list(self._states.get(service, {}).items())

    def authorize(self, call) -> None:
        """Decide whether ``call`` may run; raise the service's AWS error if not.

        Every call through the bridge passes here after validation; the IAM engine
        (``awslab.services.iam.enforce.authorize``) decides, and a denial raises the
        service's access-denied error with AWS's message.
        """
        iam = self.service("iam")
        if iam is not None and hasattr(iam, "authorize"):
            iam.authorize(self, call)

    def send(self, service: str, kind: str, account_id: str, region: str,
             payload: Any) -> Any:
        """Hand work from one service to another (e.g. EC2 metrics to CloudWatch)."""
        pkg = self.service(service)
        return pkg.receive(self, self.state(service, account_id, region), kind, payload)

    def __repr__(self) -> str:
        who = f"student_id={self.student_id!r}" if self.student_id else f"seed={self.seed}"
        return f"Lab({who}, now={self.now.isoformat().replace('+00:00', 'Z')})"
