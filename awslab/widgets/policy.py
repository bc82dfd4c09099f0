"""NB14 wiring: the policy playground, layer flips, decision heatmaps, the intersection.

The playground is one role session (``Developer/dev-session``) in account
123456789012 with a policy in every layer: identity (an ``Allow`` with ``NotAction``),
permissions boundary, session policy, a bucket policy, and SCPs at three levels. Its
explorer toggles the layers and redraws the evaluation flowchart::

    render, controls = playground()
    explore(render, interactive=interactive, **controls)

Decisions come from the policy engine (:mod:`awslab.services.iam.policy`) or, for the
learner's own users, from :func:`awslab.services.iam.explain` (what enforcement decides);
the charts are :mod:`awslab.viz.policy`. Introduced in ``14_policy_evaluation.ipynb``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Mapping, Sequence

from awslab.services.iam.policy import (MalformedPolicyDocument, PolicySet, Request,
                                        evaluate, parse_policy)
from awslab.viz import policy as viz
from awslab.widgets.explorer import make_controls

ACCOUNT = "123456789012"
BUCKET = "petshop-reports"
OBJECT = f"arn:aws:s3:::{BUCKET}/reports/2026-01.csv"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/Developer/dev-session"
V = "2012-10-17"


def _doc(*statements) -> dict:
    return {"Version": V, "Statement": list(statements)}


def _stmt(sid, effect, actions, resource="*", **extra) -> dict:
    key = "NotAction" if extra.pop("not_action", False) else "Action"
    return {"Sid": sid, "Effect": effect, key: actions, "Resource": resource, **extra}


FULL_AWS_ACCESS = _doc(_stmt("FullAWSAccess", "Allow", "*"))
#: The playground's policies, layer by layer (the notebook prints them).
PLAYGROUND = {
    "identity": _doc(_stmt("AllButIam", "Allow", ["iam:*", "organizations:*"],
                           not_action=True)),
    "boundary": _doc(_stmt("Ceiling", "Allow", ["s3:*", "cloudwatch:*", "sqs:*"])),
    "session": _doc(
        _stmt("ReadReports", "Allow", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/*"),
        _stmt("ListReports", "Allow", "s3:ListBucket", f"arn:aws:s3:::{BUCKET}"),
        _stmt("ReadMetrics", "Allow", ["cloudwatch:Get*", "cloudwatch:List*",
                                       "ec2:Describe*"])),
    "resource": _doc(
        _stmt("UploadsFromDevSession", "Allow", "s3:PutObject", f"arn:aws:s3:::{BUCKET}/*",
              Principal={"AWS": SESSION}),
        _stmt("NoDeletes", "Deny", "s3:DeleteObject", f"arn:aws:s3:::{BUCKET}/*",
              Principal="*")),
    "scp": _doc(_stmt("ProtectAuditTrail", "Deny", ["cloudtrail:StopLogging",
                                                    "cloudtrail:DeleteTrail"])),
}
#: Where each policy sits, as the notebook shows it.
PLACES = {"identity": "identity policy of role Developer",
          "boundary": "permissions boundary of role Developer",
          "session": "session policy passed to AssumeRole",
          "resource": f"bucket policy of {BUCKET}",
          "scp": "SCP on OU Workloads (FullAWSAccess on root, OU and account too)"}
ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
           "cloudwatch:PutMetricData", "ec2:RunInstances", "cloudtrail:StopLogging",
           "iam:CreateUser")
RESOURCES = {"object": OBJECT, "bucket": f"arn:aws:s3:::{BUCKET}"}
LAYER_WORDS = {"deny": "explicit deny", "rcp": "RCP", "scp": "SCP",
               "resource": "resource policy", "identity": "identity policy",
               "boundary": "boundary", "session": "session policy", "root": "root user"}


@lru_cache(maxsize=1)
def _parsed() -> dict:
    out = {kind: parse_policy(json.dumps(doc, indent=2), kind, name=name)
           for kind, doc, name in (
               ("identity", PLAYGROUND["identity"], "DeveloperAccess"),
               ("boundary", PLAYGROUND["boundary"], "DeveloperBoundary"),
               ("session", PLAYGROUND["session"], "ReportsSession"),
               ("resource", PLAYGROUND["resource"], f"{BUCKET} bucket policy"),
               ("scp", PLAYGROUND["scp"], "ProtectAuditTrail"))}
    out["full"] = parse_policy(FULL_AWS_ACCESS, "scp", name="FullAWSAccess")
    return out


def resource_for(action: str, resource: str = "object") -> str:
    """The ARN a playground request acts on: the object or the bucket for ``s3:``
    actions, ``*`` for the others."""
    return RESOURCES.get(resource, resource) if action.startswith("s3:") else "*"


def playground_decision(action: str, resource: str = "object", *, scp: bool = True,
                        resource_policy: bool = True, boundary: bool = True,
                        session: bool = True, identity=None):
    """The playground's decision (with its trace) with some layers switched off.

    Parameters
    ----------
    action : str
    resource : str
        ``"object"``, ``"bucket"`` or an ARN (used for ``s3:`` actions only).
    scp, resource_policy, boundary, session : bool
        Whether that layer's policies take part.
    identity : str or dict, optional
        Another identity policy for the role (raises ``MalformedPolicyDocument``).

    Returns
    -------
    Decision
    """
    parsed = _parsed()
    own = parsed["identity"] if identity is None else parse_policy(
        identity, "identity", name="DeveloperAccess (edited)")
    arn = resource_for(action, resource)
    full = parsed["full"]
    policies = PolicySet(
        identity=[own], boundary=parsed["boundary"] if boundary else None,
        session=[parsed["session"]] if session else None,
        resource=parsed["resource"] if resource_policy and BUCKET in arn else None,
        scps=[("root", [full]), ("OU Workloads", [full, parsed["scp"]]),
              ("account", [full])] if scp else None, resource_account=ACCOUNT)
    return evaluate(Request(SESSION, action, arn, resource_account=ACCOUNT), policies)


def describe_playground() -> str:
    """The playground's policies, one line per statement."""
    lines = []
    for kind, doc in PLAYGROUND.items():
        lines.append(f"{PLACES[kind]}:")
        for st in doc["Statement"]:
            key = "Action" if "Action" in st else "NotAction"
            acts = st[key] if isinstance(st[key], list) else [st[key]]
            who = st.get("Principal")
            who = "" if who is None else " for everyone (*)" if who == "*" else \
                f" for {who['AWS']}"
            lines.append(f"  {st['Effect']:5} {key} {', '.join(acts)} on "
                         f"{st['Resource']}{who}  ({st['Sid']})")
    return "\n".join(lines)


def note(decision) -> str:
    """Where a decision was made, in two words: ``by identity policy``, ``at boundary``."""
    word = LAYER_WORDS.get(decision.layer, decision.layer)
    return {"allowed": "by", "explicitDeny": "in"}.get(decision.eval_decision, "at") + \
        f" {word}"


# -- the playground ------------------------------------------------------------------------

DEFAULT_IDENTITY = json.dumps(PLAYGROUND["identity"], indent=2)


def playground(action: str = "s3:PutObject", resource: str = "object"):
    """Explorer: the flowchart of the playground's decision, with layer toggles, an action
    and resource picker and an editable identity policy (a malformed one shows IAM's
    ``MalformedPolicyDocument`` reason instead).

    Returns
    -------
    (render, controls)
        For :func:`awslab.widgets.explore`.
    """
    def render(action=action, resource=resource, scp=True, resource_policy=True,
               boundary=True, session=True, identity=DEFAULT_IDENTITY):
        try:
            decision = playground_decision(
                action, resource, scp=scp, resource_policy=resource_policy,
                boundary=boundary, session=session,
                identity=None if identity == DEFAULT_IDENTITY else identity)
        except MalformedPolicyDocument as err:
            return viz.flowchart_figure(problem=f"MalformedPolicyDocument: {err.message}",
                                        title="The identity policy is not valid")
        return viz.flowchart_figure(decision)

    check = {"indent": False, "layout": {"width": "auto"}}
    controls = make_controls(
        action=("Dropdown", {"options": ACTIONS, "value": action,
                             "description": "Action"}),
        resource=("Dropdown", {"options": [(f"{k}: {v}", k) for k, v in RESOURCES.items()],
                               "value": resource, "description": "S3 resource",
                               "layout": {"width": "480px"}}),
        scp=("Checkbox", {"value": True, "description": "SCPs", **check}),
        resource_policy=("Checkbox", {"value": True, "description": "bucket policy",
                                      **check}),
        boundary=("Checkbox", {"value": True, "description": "boundary", **check}),
        session=("Checkbox", {"value": True, "description": "session policy", **check}),
        identity=("Textarea", {"value": DEFAULT_IDENTITY, "continuous_update": False,
                               "description": "Identity policy (JSON)", "rows": 9,
                               "layout": {"width": "640px"}}),
    )
    return render, controls


#: The columns of :func:`flip_figure`: all layers, then one layer switched off.
FLIPS = (("all layers", {}), ("no SCPs", {"scp": False}),
         ("no bucket policy", {"resource_policy": False}),
         ("no boundary", {"boundary": False}), ("no session policy", {"session": False}))


def flip_figure(actions: Sequence[str] = ACTIONS):
    """Heatmap: each playground action with all layers, then with one layer off."""
    where = {a: "bucket" if a == "s3:ListBucket" else "object" for a in actions}
    decisions = [[playground_decision(a, where[a], **off) for _, off in FLIPS]
                 for a in actions]
    rows = [f"{a} on {where[a]}" if a.startswith("s3:") else a for a in actions]
    return viz.decision_heatmap(
        [[d.eval_decision for d in row] for row in decisions], rows,
        [name for name, _ in FLIPS], notes=[[note(d) for d in row] for row in decisions],
        title="Switch one layer off: which decisions flip?", row_title="Request",
        column_title="Layers taking part")


# -- the learner's own users -------------------------------------------------------------

def lab_decisions(lab, principals: Mapping[str, str], actions: Sequence) -> list:
    """``[[Decision]]``, one row per action (``"svc:Action"`` or ``(action, resource)``),
    one column per principal ARN, as the lab's enforcement decides them."""
    from awslab.services.iam import explain
    pairs = [(a, "*") if isinstance(a, str) else tuple(a) for a in actions]
    return [[explain(lab, arn, action, resource) for arn in principals.values()]
            for action, resource in pairs]


def lab_heatmap(lab, principals: Mapping[str, str], actions: Sequence,
                title: str = "Who may do what in your lab"):
    """Heatmap of :func:`lab_decisions`: actions x principals (named by their keys)."""
    decisions = lab_decisions(lab, principals, actions)
    rows = [a if isinstance(a, str) else f"{a[0]} on {a[1]}" for a in actions]
    return viz.decision_heatmap(
        [[d.eval_decision for d in row] for row in decisions], rows, list(principals),
        notes=[[note(d) for d in row] for row in decisions], title=title,
        row_title="Action", column_title="IAM user")


# -- identity ∩ boundary ∩ SCPs ------------------------------------------------------

IDENTITIES = {
    "AdministratorAccess": _doc(_stmt("All", "Allow", "*")),
    "PowerUserAccess (NotAction iam:*)": _doc(_stmt(
        "AllButIam", "Allow", ["iam:*", "organizations:*", "account:*"], not_action=True)),
    "Developer: S3, SQS, EC2": _doc(_stmt("Dev", "Allow", ["s3:*", "sqs:*", "ec2:*"])),
}
BOUNDARIES = {
    "CloudWatch and S3 only": _doc(_stmt("Ceiling", "Allow", ["cloudwatch:*", "s3:*"])),
    "read-only (Get, List, Describe)": _doc(_stmt("Read", "Allow", [
        "s3:Get*", "s3:List*", "ec2:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
        "sqs:Get*", "sqs:List*", "iam:Get*", "iam:List*"])),
    "everything but IAM": _doc(_stmt("NoIam", "Allow", "iam:*", not_action=True)),
}
SCPS = {
    "FullAWSAccess only": [FULL_AWS_ACCESS],
    "deny list: no EC2 launches, no trail tampering": [FULL_AWS_ACCESS, _doc(_stmt(
        "Guardrails", "Deny", ["ec2:RunInstances", "cloudtrail:StopLogging"]))],
    "allow list: CloudWatch, S3, SQS": [_doc(_stmt("Allowed", "Allow", [
        "cloudwatch:*", "s3:*", "sqs:*"]))],
}
VENN_ACTIONS = ("cloudwatch:PutMetricData", "s3:GetObject", "s3:PutObject",
                "sqs:SendMessage", "ec2:DescribeInstances", "ec2:RunInstances",
                "iam:CreateUser", "cloudtrail:StopLogging")
USER = f"arn:aws:iam::{ACCOUNT}:user/developer"


@lru_cache(maxsize=32)
def layer_sets(identity: str, boundary: str, scp: str) -> dict:
    """For named choices of :data:`IDENTITIES`, :data:`BOUNDARIES` and :data:`SCPS`: the
    actions of :data:`VENN_ACTIONS` each layer allows on its own, and the effective ones
    (all three together)."""
    everything = parse_policy(IDENTITIES["AdministratorAccess"], "identity", name="all")
    own = parse_policy(IDENTITIES[identity], "identity", name=identity)
    fence = parse_policy(BOUNDARIES[boundary], "boundary", name=boundary)
    scps = [("root", [parse_policy(d, "scp", name=f"SCP {i}")
                      for i, d in enumerate(SCPS[scp], 1)])]
    alone = {"Identity policies": PolicySet(identity=[own]),
             "Permissions boundary": PolicySet(identity=[everything], boundary=fence),
             "SCPs": PolicySet(identity=[everything], scps=scps),
             "effective": PolicySet(identity=[own], boundary=fence, scps=scps)}
    return {name: tuple(a for a in VENN_ACTIONS
                        if evaluate(Request(USER, a, "*"), ps, trace=False).allowed)
            for name, ps in alone.items()}


def intersection_explorer(identity: str = "AdministratorAccess",
                          boundary: str = "CloudWatch and S3 only",
                          scp: str = "deny list: no EC2 launches, no trail tampering"):
    """Explorer: pick an identity policy, a boundary and SCPs; see what is left.

    Returns
    -------
    (render, controls)
        For :func:`awslab.widgets.explore`.
    """
    def render(identity=identity, boundary=boundary, scp=scp):
        sets = layer_sets(identity, boundary, scp)
        return viz.intersection_figure({k: v for k, v in sets.items() if k != "effective"},
                                       VENN_ACTIONS)

    wide = {"layout": {"width": "460px"}}
    controls = make_controls(
        identity=("Dropdown", {"options": list(IDENTITIES), "value": identity,
                               "description": "Identity policy", **wide}),
        boundary=("Dropdown", {"options": list(BOUNDARIES), "value": boundary,
                               "description": "Boundary", **wide}),
        scp=("Dropdown", {"options": list(SCPS), "value": scp, "description": "SCPs",
                          **wide}))
    return render, controls
