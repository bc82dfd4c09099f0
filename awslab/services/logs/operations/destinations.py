"""Cross-account destinations: PutDestination, PutDestinationPolicy, DescribeDestinations,
DeleteDestination (aws-facts 3.6).

A destination, owned by the receiving (central logging) account, fronts a Kinesis data
stream or Firehose stream of that account (in any Region: log groups subscribe to a
destination of their own Region, which may forward elsewhere) through a role that trusts
``logs.amazonaws.com``. Its access policy names the accounts (or organization) whose log
groups may subscribe to it; the IAM engine evaluates it for a cross-account
PutSubscriptionFilter through :func:`resource_policy`.
"""
from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from awslab.bridge.pagination import paginate
from awslab.services.logs.errors import (
    InvalidParameterException, ResourceNotFoundException)
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import now_ms


@dataclass
class Destination:
    name: str
    arn: str
    target_arn: str
    role_arn: str
    created: int
    access_policy: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    def wire(self) -> dict:
        out = {"destinationName": self.name, "targetArn": self.target_arn,
               "roleArn": self.role_arn, "arn": self.arn, "creationTime": self.created}
        if self.access_policy:
            out["accessPolicy"] = self.access_policy
        return out


_DESTINATIONS: "weakref.WeakKeyDictionary[Any, dict[str, Destination]]" = \
    weakref.WeakKeyDictionary()


def destinations_of(state) -> dict[str, Destination]:
    """The destinations of one account and Region."""
    return _DESTINATIONS.setdefault(state, {})


def find_destination(lab, arn: str) -> Destination | None:
    """The destination with this ARN (``arn:aws:logs:<region>:<account>:destination:<n>``)."""
    parts = arn.split(":", 6)
    if len(parts) != 7 or parts[2] != "logs" or parts[5] != "destination":
        return None
    return destinations_of(lab.state("logs", parts[4], parts[3])).get(parts[6])


def _check_target(call, target: str) -> None:
    parts = target.split(":")
    kind = parts[2] if len(parts) >= 6 else ""
    if kind not in ("kinesis", "firehose"):
        raise InvalidParameterException(
            "A destination's target must be a Kinesis data stream or a Firehose stream "
            f"ARN, not {target}")
    if parts[4] != call.account_id:
        raise InvalidParameterException("The destination's target must be in the same "
                                        "account as the destination.")


@OPERATIONS("PutDestination")
def put_destination(call, p):
    from awslab.services.logs.subscriptions import check_role
    from awslab.errors import AwsError
    name, target, role = p["destinationName"], p["targetArn"], p["roleArn"]
    _check_target(call, target)
    action = "kinesis:PutRecord" if ":kinesis:" in target else "firehose:PutRecord"
    try:
        check_role(call.lab, role, action, target)
    except AwsError:
        raise InvalidParameterException(
            "Could not deliver test message to specified destination. Check if the "
            "destination is valid and the role can be assumed by CloudWatch Logs.") \
            from None
    found = destinations_of(call.state())
    dest = found.get(name)
    if dest is None:
        dest = Destination(name, f"arn:aws:logs:{call.region}:{call.account_id}:"
                           f"destination:{name}", target, role, now_ms(call),
                           tags=dict(p.get("tags") or {}))
        found[name] = dest
    else:
        dest.target_arn, dest.role_arn = target, role
    return {"destination": dest.wire()}


def _destination(call, name: str) -> Destination:
    dest = destinations_of(call.state()).get(name)
    if dest is None:
        raise ResourceNotFoundException("The specified destination does not exist.")
    return dest


@OPERATIONS("PutDestinationPolicy")
def put_destination_policy(call, p):
    from awslab.errors import AwsError
    dest = _destination(call, p["destinationName"])
    try:
        doc = json.loads(p["accessPolicy"])
        _parsed(p["accessPolicy"])
    except (ValueError, AwsError) as err:
        raise InvalidParameterException(f"Invalid access policy: {err}") from None
    if not isinstance(doc, dict):
        raise InvalidParameterException("Invalid access policy: not a JSON object")
    dest.access_policy = p["accessPolicy"]
    return {}


@OPERATIONS("DescribeDestinations")
def describe_destinations(call, p):
    prefix = p.get("DestinationNamePrefix") or ""
    found = [d.wire() for n, d in sorted(destinations_of(call.state()).items())
             if n.startswith(prefix)]
    page, token = paginate(found, p.get("nextToken"), p.get("limit") or 50,
                           f"destinations/{prefix}", InvalidParameterException)
    return {"destinations": page, "nextToken": token}


@OPERATIONS("DeleteDestination")
def delete_destination(call, p):
    _destination(call, p["destinationName"])
    del destinations_of(call.state())[p["destinationName"]]
    return {}


def resource_policy(lab, action: str, arn: str):
    """The access policy of the destination ``arn`` (evaluated by the IAM engine for a
    cross-account PutSubscriptionFilter); None for other Logs resources."""
    dest = find_destination(lab, arn)
    if dest is None or not dest.access_policy:
        return None
    return _parsed(dest.access_policy).named(f"access policy of destination {dest.name}",
                                            "Logs destination policy")


@lru_cache(maxsize=128)
def _parsed(text: str):
    from awslab.services.iam.policy import parse_policy
    return parse_policy(text, "resource")


ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


def policy_admits(policy_text: str, account_id: str, arn: str) -> tuple[bool, str]:
    """Whether an access policy lets the administrator of ``account_id`` subscribe to the
    destination ``arn`` (cross-account: the caller's own policies allow it; the
    destination's policy must too), and the engine's reason.

    Introduced in ``05_logs_export_and_subscriptions.ipynb``.
    """
    from awslab.services.iam.policy import PolicySet, Request, evaluate, parse_policy
    owner = arn.split(":")[4]
    request = Request(f"arn:aws:iam::{account_id}:user/admin",
                      "logs:PutSubscriptionFilter", arn, resource_account=owner)
    decision = evaluate(request, PolicySet(
        identity=[parse_policy(ALLOW_ALL, "identity")],
        resource=_parsed(policy_text) if policy_text else None, resource_account=owner))
    return decision.allowed, decision.reason


def _destination_arn(call) -> list:
    name = call.params.get("destinationName")
    return [f"arn:aws:logs:{call.region}:{call.account_id}:destination:{name}"] if name \
        else ["*"]


#: IAM resources: destination operations act on the destination.
RESOURCES = {op: _destination_arn for op in (
    "PutDestination", "PutDestinationPolicy", "DeleteDestination")}
