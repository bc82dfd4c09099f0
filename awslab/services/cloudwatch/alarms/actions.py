"""Alarm actions: which ARNs an alarm accepts, and handing them to the lab when they fire
(aws-facts 2.4).

Accepted: SNS topics (published with ``MessageStructure="json"``: the JSON body for
every protocol, readable text for email; see :func:`.messages.sns_message`), EC2 actions
(``arn:aws:automate:REGION:ec2:stop|terminate|reboot|recover`` and the legacy
``arn:aws:swf:...:action/actions/AWS_EC2.InstanceId.Stop/1.0`` form), Auto Scaling
policies, Lambda functions, Systems Manager OpsItems and Incident
Manager response plans, and Amazon Q investigation groups. The lab delivers SNS, EC2 and
Auto Scaling actions through ``lab.send``; the others are kept and listed, and firing
them is recorded in the alarm's history as not simulated. CloudWatch does not check
that a target exists, and neither does the lab. An action in another region is refused
with AWS's ``Invalid region eu-central-1 specified. Only us-east-1 is supported.`` [ISSUE];
an EC2 action on an alarm that does not watch one instance with ``Invalid use of EC2
action. An EC2 action can only be used if the alarm is monitoring an EC2 instance.``
[ISSUE].
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from awslab.errors import AwsError, AwslabError
from awslab.services.cloudwatch.alarms.errors import ValidationError
from awslab.services.cloudwatch.alarms.messages import sns_message

_P = r"arn:aws[a-z-]*"
_PATTERNS = [
    ("sns", re.compile(rf"{_P}:sns:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):[\w.-]{{1,256}}")),
    ("ec2", re.compile(rf"{_P}:automate:(?P<region>[a-z0-9-]+):ec2:"
                       r"(?P<action>stop|terminate|reboot|recover)")),
    ("ec2", re.compile(rf"{_P}:swf:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):action/"
                       r"actions/AWS_EC2\.InstanceId\.(?P<action>Stop|Terminate|Reboot|"
                       r"Recover)/1\.0")),
    ("autoscaling", re.compile(rf"{_P}:autoscaling:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):"
                               r"scalingPolicy:[\w-]+:autoScalingGroupName/[^:]+:"
                               r"policyName/.+")),
    ("lambda", re.compile(rf"{_P}:lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):"
                          r"function:[\w-]{1,64}(:[\w$-]+)?")),
    ("ssm", re.compile(rf"{_P}:ssm:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):opsitem:"
                       r"[1-4](#CATEGORY=\w+)?")),
    ("ssm-incidents", re.compile(rf"{_P}:ssm-incidents::(?P<account>\d{{12}}):"
                                 r"response-?plan/[\w.-]+")),
    ("aiops", re.compile(rf"{_P}:aiops:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):"
                         r"investigation-group:[\w-]+")),
]
SIMULATED = ("sns", "ec2", "autoscaling")
ACTION_LISTS = ("OKActions", "AlarmActions", "InsufficientDataActions")


@dataclass(frozen=True)
class Action:
    """One parsed action ARN."""

    arn: str
    kind: str                  # sns, ec2, autoscaling, lambda, ssm, ssm-incidents, aiops
    region: str | None
    account: str | None
    ec2_action: str | None     # stop, terminate, reboot, recover


def parse_action(arn: str) -> Action:
    """Parse an action ARN, or raise ``ValidationError``."""
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(arn)
        if m:
            parts = m.groupdict()
            ec2 = parts.get("action")
            return Action(arn, kind, parts.get("region"), parts.get("account"),
                          ec2.lower() if ec2 else None)
    raise ValidationError(f"Invalid arn syntax: {arn}")


def check_actions(params: dict, region: str, *, composite: bool = False,
                  math: bool = False, metric_name: str | None = None,
                  dimensions: tuple = ()) -> None:
    """Validate the three action lists of PutMetricAlarm or PutCompositeAlarm."""
    for key in ACTION_LISTS:
        for arn in params.get(key) or ():
            action = parse_action(arn)
            if action.region is not None and action.region != region:
                raise ValidationError(f"Invalid region {action.region} specified. "
                                      f"Only {region} is supported.")
            if composite and action.kind in ("ec2", "autoscaling"):
                raise ValidationError(
                    f"The action {arn} is not supported for composite alarms: they can "
                    "notify SNS topics, invoke Lambda functions and create Systems Manager "
                    "OpsItems or incidents, but cannot take EC2 or Auto Scaling actions.")
            if action.kind != "ec2":
                continue
            if math or "InstanceId" not in dict(dimensions):
                raise ValidationError("Invalid use of EC2 action. An EC2 action can only "
                                      "be used if the alarm is monitoring an EC2 instance.")
            if action.ec2_action == "recover" and metric_name == "StatusCheckFailed_Instance":
                raise ValidationError(
                    "The recover action is not supported for the metric "
                    "StatusCheckFailed_Instance; use it with StatusCheckFailed_System "
                    "(reboot is the remedy for a failed instance status check).")


def _payload(lab, state, alarm, action: Action, message: str | None, subject: str | None,
             metric_value: float | None):
    """(service, account, region, kind, payload) of one delivery."""
    if action.kind == "sns":
        payload = {"TopicArn": action.arn, "Subject": subject, "Message": message}
        if message is not None:           # email gets readable text, the rest the JSON
            payload.update(Message=sns_message(message), MessageStructure="json")
        return ("sns", action.account, action.region, "publish", payload)
    if action.kind == "ec2":
        dims = dict(getattr(alarm, "dimensions", ()))
        return ("ec2", state.account_id, state.region, "alarm-action",
                {"action": action.ec2_action, "instance_id": dims.get("InstanceId"),
                 "alarm_name": alarm.name})
    return ("autoscaling", action.account, action.region, "execute-policy",
            {"PolicyARN": action.arn, "alarm_name": alarm.name, "metric_value": metric_value,
             "threshold": alarm.threshold})


def deliver(lab, state, alarm, arn: str, *, message: str | None = None,
            subject: str | None = None, metric_value: float | None = None):
    """Hand one action to the lab; return ``(error, published)`` for the history item.

    ``error`` is None on success, ``"not simulated in this lab"`` when the target is not
    simulated (or its service is not in this lab yet), else the target's AWS error.
    """
    action = parse_action(arn)
    if action.kind not in SIMULATED:
        return "not simulated in this lab", None
    service, account, region, kind, payload = _payload(lab, state, alarm, action, message,
                                                       subject, metric_value)
    try:
        lab.send(service, kind, account, region, payload)
    except AwsError as err:
        return f"{err.code}: {err.message}", None
    except (AttributeError, AwslabError, ValueError, NotImplementedError) as exc:
        pkg = lab.service(service)
        if pkg is None or not hasattr(pkg, "receive") or not isinstance(exc, AttributeError):
            return "not simulated in this lab", None   # no receiver (yet), or not this kind
        raise
    return None, message
