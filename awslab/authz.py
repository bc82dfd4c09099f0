"""What IAM is asked about one call: its action, resources and condition keys, and how a
service words a denial.

The IAM engine (:mod:`awslab.services.iam.enforce`) authorises every call through the
bridge. This module turns a :class:`~awslab.bridge.call.Call` into what the engine reads,
the same way for every service:

* the **action** is ``<prefix>:<Operation>``, the prefix being the service's IAM prefix
  (the botocore model's ``signingName``/``endpointPrefix`` where it is the IAM prefix, else
  :data:`PREFIXES`: CloudWatch signs as ``monitoring`` but its actions are ``cloudwatch:*``);
* the **resources** come from the service package's ``RESOURCES`` table (operation ->
  ``fn(call)`` returning ARNs, or :class:`Resource` items), else from the fallback tables
  here (EC2 instances, CloudWatch dashboards), else ``"*"`` (actions without
  resource-level permissions);
* the **condition keys** are the global ones of :func:`global_context` plus the service's
  ``CONDITION_KEYS`` table (``cloudwatch:namespace``, ``sts:ExternalId``...);
* the service's ``ACTIONS`` table renames actions that are not the operation's name;
* some calls need **more than one action** (``EXTRA_ACTIONS``: AssumeRole with session
  tags also needs ``sts:TagSession``; giving an instance a role needs ``iam:PassRole``).

A service that arrives later (S3, SNS, SQS, EventBridge, Logs) plugs in by defining
``RESOURCES``, ``CONDITION_KEYS`` and ``resource_policy(lab, action, arn)`` in its package.
Denials use the service's own code (``AccessDenied`` 403 for Query and REST-XML services,
``AccessDeniedException`` for JSON ones, ``UnauthorizedOperation`` for EC2) and AWS's
message (:func:`denial`).
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import timezone
from functools import lru_cache
from typing import Optional

from awslab.errors import AwsError

#: IAM prefixes that differ from the botocore model's ``endpointPrefix``.
PREFIXES = {"cloudwatch": "cloudwatch", "stepfunctions": "states", "sso-admin": "sso",
            "elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing",
            "resourcegroupstaggingapi": "tag", "logs": "logs", "events": "events"}


@dataclass(frozen=True)
class Resource:
    """One resource of a request: its ARN, how the denial message shows it (IAM writes
    ``role NAME``) and the account that owns it (``None``: the one in the ARN)."""

    arn: str
    shown: Optional[str] = None
    owner: Optional[str] = None


ANY = (Resource("*"),)


@lru_cache(maxsize=None)
def action_prefix(service: str) -> str:
    """The IAM prefix of a botocore service name (``cloudwatch`` -> ``cloudwatch``)."""
    if service in PREFIXES:
        return PREFIXES[service]
    from awslab.bridge.client import _session
    meta = _session()._session.get_service_model(service).metadata
    return meta.get("signingName") or meta.get("endpointPrefix") or service


def action_name(service: str, operation: str, lab=None) -> str:
    """``cloudwatch:PutMetricData`` for CloudWatch's PutMetricData; the service package's
    ``ACTIONS`` table names the IAM action where it is not the operation's name
    (S3's ListObjectsV2 is ``s3:ListBucket``, Lambda's Invoke ``lambda:InvokeFunction``)."""
    if lab is not None:
        own = getattr(lab.service(service), "ACTIONS", None)
        if own and operation in own:
            return own[operation]
    return f"{action_prefix(service)}:{operation}"


def _lookup(lab, service: str, table: str, operation: str):
    """The entry for ``operation`` in the service package's ``table``, else in the
    fallback table of this module, else None."""
    pkg = lab.service(service)
    own = getattr(pkg, table, None) if pkg is not None else None
    found = own.get(operation) if own is not None else None
    return found if found is not None else \
        FALLBACKS.get(table, {}).get(service, {}).get(operation)


def resources(call) -> tuple:
    """The resources of ``call`` as :class:`Resource` items (``"*"`` when it has none)."""
    fn = _lookup(call.lab, call.service, "RESOURCES", call.operation)
    if fn is None:
        return ANY
    return tuple(_as_resource(i) for i in fn(call) or ["*"])


def extra_actions(call) -> list:
    """Further ``(action, [Resource], context)`` checks the call needs (may be empty)."""
    fn = _lookup(call.lab, call.service, "EXTRA_ACTIONS", call.operation)
    if fn is None:
        return []
    return [(action, tuple(_as_resource(i) for i in items), ctx)
            for action, items, ctx in fn(call) or []]


def _as_resource(item) -> Resource:
    return item if isinstance(item, Resource) else Resource(item)


def global_context(call) -> dict:
    """The global condition keys every request carries (aws-facts 9.4; those that follow
    from the caller itself are filled in by the engine's Request)."""
    now = call.time.astimezone(timezone.utc).replace(microsecond=0)
    ctx = {"aws:SourceIp": call.source_ip, "aws:CurrentTime": now,
           "aws:EpochTime": str(int(now.timestamp())), "aws:RequestedRegion": call.region,
           "aws:SecureTransport": True, "aws:ViaAWSService": False,
           "aws:UserAgent": call.user_agent}
    tags = call.params.get("Tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], dict) and "Key" in tags[0]:
        for tag in tags:
            ctx[f"aws:RequestTag/{tag['Key']}"] = tag.get("Value", "")
        ctx["aws:TagKeys"] = [t["Key"] for t in tags]
    return ctx


def context(call) -> dict:
    """Global keys plus the service's own (``CONDITION_KEYS``)."""
    ctx = global_context(call)
    fn = _lookup(call.lab, call.service, "CONDITION_KEYS", call.operation)
    if fn is not None:
        ctx.update(fn(call) or {})
    return ctx


# -- denials ----------------------------------------------------------------------
_IMPLICIT = {"identity": "identity-based policy", "boundary": "permissions boundary",
             "session": "session policy", "scp": "service control policy",
             "rcp": "resource control policy", "resource": "resource-based policy"}


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def denial_message(principal_arn: str, action: str, shown: str, decision) -> str:
    """AWS's sentence for a denied request.

    ``User: <arn> is not authorized to perform: <action>[ on resource: <resource>]`` and
    ``because no <policy type> allows the <action> action`` (implicit deny) or ``with an
    explicit deny in <a policy type>[: <policy ARN>]``. A role trust policy that does not
    allow the caller gets no reason, as STS answers it.
    """
    head = f"User: {principal_arn} is not authorized to perform: {action}"
    if shown and shown != "*":
        head += f" on resource: {shown}"
    layer = decision.layer
    if decision.eval_decision == "explicitDeny":
        noun = decision.layer_name
        policy = decision.policy or ""
        tail = f": {policy}" if policy.startswith("arn:") else ""
        return f"{head} with an explicit deny in {_article(noun)}{tail}"
    if layer == "resource" and action.startswith("sts:AssumeRole"):
        return head
    if layer in _IMPLICIT:
        return f"{head} because no {_IMPLICIT[layer]} allows the {action} action"
    return head


@lru_cache(maxsize=None)
def _protocol(service: str) -> tuple:
    from awslab.bridge.client import _session
    model = _session()._session.get_service_model(service)
    shapes = set(model.shape_names)
    return model.metadata.get("protocol"), "AccessDeniedException" in shapes


def denial(call, message: str, encoded: Optional[str] = None) -> AwsError:
    """The error ``call``'s service answers for a denied request."""
    if call.service == "ec2":
        text = f"You are not authorized to perform this operation. {message}"
        if encoded:
            text += f". Encoded authorization failure message: {encoded}"
        return AwsError(text, code="UnauthorizedOperation", status=403)
    if call.service == "sns":
        return AwsError(message, code="AuthorizationError", status=403)
    protocol, has_exception = _protocol(call.service)
    if protocol in ("json", "rest-json") or has_exception:
        return AwsError(message, code="AccessDeniedException",
                        status=400 if protocol == "json" else 403)
    return AwsError(message, code="AccessDenied", status=403)


def encode_failure(payload: dict) -> str:
    """An EC2-style encoded authorization failure message (sts:DecodeAuthorizationMessage
    decodes it). Not encrypted: the lab has nothing to hide from its learner."""
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# -- fallback tables for services whose packages do not define them yet ------------
def _instances(call) -> list:
    return [f"arn:aws:ec2:{call.region}:{call.account_id}:instance/{i}"
            for i in call.params.get("InstanceIds") or []]


def _run_instances(call) -> list:
    out = [f"arn:aws:ec2:{call.region}:{call.account_id}:instance/*"]
    if call.params.get("ImageId"):
        out.append(f"arn:aws:ec2:{call.region}::image/{call.params['ImageId']}")
    return out


def _one_instance(call) -> list:
    iid = call.params.get("InstanceId")
    return [f"arn:aws:ec2:{call.region}:{call.account_id}:instance/{iid}"] if iid else []


def _pass_role(call) -> list:
    """Giving an instance an instance profile needs ``iam:PassRole`` on its role."""
    spec = call.params.get("IamInstanceProfile") or {}
    if not spec:
        return []
    found = call.lab.send("iam", "instance_profile", call.account_id, call.region,
                          {"Arn": spec.get("Arn")} if spec.get("Arn") else
                          {"Name": spec.get("Name", "")})
    roles = (found or {}).get("Roles") or []
    return [("iam:PassRole", [Resource(r["Arn"])],
             {"iam:PassedToService": "ec2.amazonaws.com"}) for r in roles]


def _dashboards(call) -> list:
    names = call.params.get("DashboardNames") or [call.params.get("DashboardName")]
    return [f"arn:aws:cloudwatch::{call.account_id}:dashboard/{n}" for n in names if n]


def _namespace(call) -> dict:
    return {"cloudwatch:namespace": call.params.get("Namespace")}


FALLBACKS = {
    "RESOURCES": {
        "ec2": {"StartInstances": _instances, "StopInstances": _instances,
                "TerminateInstances": _instances, "RebootInstances": _instances,
                "MonitorInstances": _instances, "UnmonitorInstances": _instances,
                "RunInstances": _run_instances, "AssociateIamInstanceProfile": _one_instance},
        "cloudwatch": {"PutDashboard": _dashboards, "GetDashboard": _dashboards,
                       "DeleteDashboards": _dashboards},
    },
    "CONDITION_KEYS": {"cloudwatch": {"PutMetricData": _namespace}},
    "EXTRA_ACTIONS": {"ec2": {"RunInstances": _pass_role,
                              "AssociateIamInstanceProfile": _pass_role,
                              "ReplaceIamInstanceProfileAssociation": _pass_role}},
}
