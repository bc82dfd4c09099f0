"""NB11 wiring: credentials as client arguments, which credentials still work, session
durations, the cross-account flow, and roles vs resource-based policies.

Each ``*_explorer`` returns ``(render, controls)`` for :func:`awslab.widgets.explore`;
``render(**values)`` asks the lab's STS or IAM and draws with :mod:`awslab.viz.sts`.
Nothing here holds AWS behaviour: durations come from a real ``AssumeRole`` in a private
lab, decisions from IAM's ``SimulatePrincipalPolicy``. Introduced in
``11_sts_and_cross_account.ipynb``.
"""
from __future__ import annotations

import json
from typing import Mapping, Sequence

from botocore.exceptions import ClientError

from awslab.viz import sts as viz
from awslab.widgets.explorer import make_controls


def keys_of(credentials: Mapping) -> dict:
    """``lab.client(...)`` keyword arguments for an STS ``Credentials`` answer or an
    IAM ``AccessKey``: ``lab.client("s3", **keys_of(answer["Credentials"]))``."""
    keys = {"aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"]}
    if credentials.get("SessionToken"):
        keys["aws_session_token"] = credentials["SessionToken"]
    return keys


def attempt(call, **params) -> str:
    """``"allowed"`` if the boto3 call ``call(**params)`` succeeds, else the AWS error
    code it raised (``AccessDenied``, ``ExpiredToken``...)."""
    try:
        call(**params)
        return "allowed"
    except ClientError as err:
        return err.response["Error"]["Code"]


def try_credentials(lab, credentials: Mapping[str, dict]) -> dict:
    """``{label: "OK" or the error code}``: one GetCallerIdentity (which needs no
    permission) with each set of ``lab.client`` keyword arguments, now."""
    results = {}
    for label, keys in credentials.items():
        try:
            lab.client("sts", **keys).get_caller_identity()
            results[label] = "OK"
        except ClientError as err:
            results[label] = err.response["Error"]["Code"]
    return results


# -- widget 1: DurationSeconds, MaxSessionDuration, chaining -------------------------

def _policy(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


class _DurationSandbox:
    """A private lab (same seed and time as the learner's) with a role to assume,
    directly or by role chaining; its clock never moves, so nothing expires."""

    def __init__(self, lab):
        from awslab import Lab
        self.lab = Lab(seed=lab.seed, start=lab.now)
        account = self.lab.client("sts").get_caller_identity()["Account"]
        iam = self.iam = self.lab.client("iam")
        trust = _policy({"Effect": "Allow", "Principal": {"AWS": account},
                         "Action": "sts:AssumeRole"})
        for name in ("First", "Target"):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust,
                            MaxSessionDuration=43200)
        iam.put_role_policy(RoleName="First", PolicyName="chain", PolicyDocument=_policy(
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}))
        self.target = f"arn:aws:iam::{account}:role/Target"
        self.max_session = 43200
        self.direct = self.lab.client("sts")
        first = self.direct.assume_role(RoleArn=f"arn:aws:iam::{account}:role/First",
                                        RoleSessionName="first", DurationSeconds=43200)
        self.chained = self.lab.client("sts", **keys_of(first["Credentials"]))

    def request(self, seconds: int, max_session: int, chained: bool) -> dict:
        """STS's answer to one AssumeRole of the target role, as ``duration_figure``
        reads it."""
        if max_session != self.max_session:
            self.iam.update_role(RoleName="Target", MaxSessionDuration=max_session)
            self.max_session = max_session
        sts = self.chained if chained else self.direct
        out = {"requested": seconds, "max_session": max_session, "chained": chained,
               "issued": self.lab.now}
        try:
            answer = sts.assume_role(RoleArn=self.target, RoleSessionName="explorer",
                                     DurationSeconds=seconds)
            out["expiration"] = answer["Credentials"]["Expiration"]
        except ClientError as err:
            out.update(code=err.response["Error"]["Code"],
                       message=err.response["Error"]["Message"])
        return out


def duration_explorer(lab):
    """Explorer: ask AssumeRole for a duration against the role's MaxSessionDuration,
    directly or by role chaining, and see STS accept it (with the expiry time) or refuse.

    Each update is a real ``AssumeRole`` (and ``UpdateRole`` when the maximum changes)
    in a private lab that starts where ``lab`` is now.

    Returns
    -------
    render : callable
        ``render(duration=60, max_session=1, chained=False) -> Figure`` (minutes,
        hours, bool).
    controls : dict
        A duration slider (15 min to 12 h), a MaxSessionDuration slider (1-12 h) and a
        role-chaining checkbox.
    """
    sandbox = _DurationSandbox(lab)

    def render(duration: int = 60, max_session: int = 1, chained: bool = False):
        outcome = sandbox.request(int(duration) * 60, int(max_session) * 3600,
                                  bool(chained))
        return viz.duration_figure(outcome)

    return render, make_controls(
        duration=("IntSlider", {"value": 60, "min": 15, "max": 720, "step": 15,
                                "description": "DurationSeconds (min)"}),
        max_session=("IntSlider", {"value": 1, "min": 1, "max": 12,
                                   "description": "Role MaxSessionDuration (h)"}),
        chained=("Checkbox", {"value": False,
                              "description": "Role chaining (caller is a role session)"}))


# -- widget 2: the cross-account flow, step by step -----------------------------------

def flow_explorer(**names):
    """Explorer: a cross-account AssumeRole drawn one step at a time, and where it stops
    when something is missing (see :data:`awslab.viz.sts.FAILURES`).

    Parameters
    ----------
    **names
        Labels for the diagram: ``caller``, ``account_a``, ``account_b``, ``role``,
        ``external_id``, ``action``, ``duration``.

    Returns
    -------
    render : callable
        ``render(step=6, failure="none") -> Figure``: the whole flow by default (what a
        handout shows); slide back to step 1 to replay it.
    controls : dict
        A step slider (1-6) and a "what if" dropdown.
    """
    def render(step: int = viz.FLOW_STEPS, failure: str = "none"):
        return viz.flow_figure(step, failure, names)

    return render, make_controls(
        step=("IntSlider", {"value": viz.FLOW_STEPS, "min": 1, "max": viz.FLOW_STEPS,
                            "description": "Step"}),
        failure=("Dropdown", {"options": tuple(viz.FAILURES), "value": "none",
                              "description": "What if"}))


# -- widget 3: roles vs resource-based policies ----------------------------------------

def simulate(lab, source_arn: str, action: str, resource: str, *,
             resource_policy: str | None = None, owner: str | None = None) -> str:
    """IAM's ``EvalDecision`` for ``source_arn`` (a user or role) doing ``action`` on
    ``resource``, with an optional resource-based policy of the account ``owner``
    (``SimulatePrincipalPolicy``, called by the admin of the source's account)."""
    account = source_arn.split(":")[4]
    iam = lab.client("iam", **lab.admin_credentials(account).as_client_kwargs())
    extra = {}
    if resource_policy is not None:
        extra["ResourcePolicy"] = resource_policy
    if owner is not None:
        extra["ResourceOwner"] = f"arn:aws:iam::{owner}:root"
    answer = iam.simulate_principal_policy(PolicySourceArn=source_arn,
                                           ActionNames=[action], ResourceArns=[resource],
                                           **extra)
    return answer["EvaluationResults"][0]["EvalDecision"]


def strategy_rows(lab, user_arn: str, role_arn: str, permissions: Sequence[tuple],
                  bucket_policy: str) -> dict:
    """The decisions of each strategy, step by step, from IAM's policy simulator.

    Parameters
    ----------
    user_arn : str
        The IAM user in account A that runs the job.
    role_arn : str
        The role in account B it could assume instead.
    permissions : sequence of (label, action, resource ARN, owning account)
        What the job needs (the owner matters for S3 ARNs, which carry no account).
    bucket_policy : str
        The resource-based policy of B's bucket (JSON text).

    Returns
    -------
    dict
        ``{"assume a role in B": [(step, identity, {label: decision})...],
        "bucket policy in B": [...]}``.
    """
    session = role_arn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
    session += "/job"

    def decisions(source, policy):
        out = {}
        for label, action, resource, owner in permissions:
            is_bucket = resource.startswith("arn:aws:s3:::")
            out[label] = simulate(lab, source, action, resource, owner=owner,
                                  resource_policy=policy if is_bucket else None)
        return out

    return {
        "assume a role in B": [
            ("1. Before AssumeRole", user_arn, decisions(user_arn, None)),
            ("2. After AssumeRole", session, decisions(role_arn, None))],
        "bucket policy in B": [
            ("1. One identity throughout", user_arn, decisions(user_arn, bucket_policy))],
    }


VERDICTS = {
    "assume a role in B": "No single set of credentials can do both: while the job "
                          "acts as the role it has given up its own permissions in A.",
    "bucket policy in B": "One identity does both: the bucket policy lets the user in, "
                          "and the user keeps its own permissions in A.",
}


def strategy_explorer(rows: Mapping[str, list], columns: Sequence[str]):
    """Explorer: switch between "assume a role in B" and "bucket policy in B" and see
    which permissions are in force at each step (``rows`` from :func:`strategy_rows`).

    Returns
    -------
    render : callable
        ``render(strategy="assume a role in B") -> Figure``.
    controls : dict
        Toggle buttons for the two strategies.
    """
    def render(strategy: str = "assume a role in B"):
        return viz.strategy_figure(rows[strategy], columns, f"Strategy: {strategy}",
                                   VERDICTS.get(strategy, ""))

    return render, make_controls(
        strategy=("ToggleButtons", {"options": tuple(rows), "value": next(iter(rows)),
                                    "description": "Strategy"}))


def permission_sets(rows: Mapping[str, list]) -> tuple[list, list, list]:
    """``(own, role, granted)`` for :func:`awslab.viz.sts.venn_figure` from
    :func:`strategy_rows`: what the user may do as itself, as the role, and what the
    bucket policy adds."""
    before, after = rows["assume a role in B"]
    (_, _, with_policy), = rows["bucket policy in B"]
    own = [k for k, v in before[2].items() if v == "allowed"]
    role = [k for k, v in after[2].items() if v == "allowed"]
    granted = [k for k, v in with_policy.items() if v == "allowed" and k not in own]
    return own, role, granted
