"""AWS managed policies the lab knows (``arn:aws:iam::aws:policy/...``).

Documents are kept as data so the IAM policy engine (a later issue) can evaluate them.
``ReadOnlyAccess`` is a representative subset (the real one lists hundreds of services);
the others carry the actions of the real policies that matter to the course.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

VERSION = "2012-10-17"


@dataclass(frozen=True)
class ManagedPolicy:
    """An AWS managed policy."""

    name: str
    path: str
    document: dict

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::aws:policy{self.path}{self.name}"

    @property
    def policy_id(self) -> str:
        digest = hashlib.sha256(self.name.encode()).hexdigest().upper()
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        return "ANPA" + "".join(alphabet[int(c, 16) * 2 % 32] for c in digest[:17])


def _allow(actions: list[str], resource="*", sid: str | None = None) -> dict:
    stmt = {"Effect": "Allow", "Action": actions, "Resource": resource}
    return {"Sid": sid, **stmt} if sid else stmt


_AGENT_ACTIONS = [
    "cloudwatch:PutMetricData", "ec2:DescribeVolumes", "ec2:DescribeTags",
    "logs:PutLogEvents", "logs:PutRetentionPolicy", "logs:DescribeLogStreams",
    "logs:DescribeLogGroups", "logs:CreateLogStream", "logs:CreateLogGroup",
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
    "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"]
_AGENT_PARAMETER = "arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"

_POLICIES = [
    ManagedPolicy("AdministratorAccess", "/", {"Version": VERSION, "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    ManagedPolicy("ReadOnlyAccess", "/", {"Version": VERSION, "Statement": [_allow([
        "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
        "logs:Describe*", "logs:Get*", "logs:List*", "logs:FilterLogEvents",
        "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter",
        "ec2:Describe*", "ec2:Get*", "events:Describe*", "events:List*", "events:Test*",
        "cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*",
        "cloudtrail:LookupEvents", "config:Describe*", "config:Get*", "config:List*",
        "config:Select*", "config:BatchGet*", "iam:Get*", "iam:List*", "iam:Generate*",
        "iam:Simulate*", "organizations:Describe*", "organizations:List*",
        "ram:Get*", "ram:List*", "sts:GetCallerIdentity"])]}),
    ManagedPolicy("CloudWatchAgentServerPolicy", "/", {"Version": VERSION, "Statement": [
        _allow(_AGENT_ACTIONS, sid="CWACloudWatchServerPermissions"),
        _allow(["ssm:GetParameter"], _AGENT_PARAMETER, sid="CWASSMServerPermissions")]}),
    ManagedPolicy("CloudWatchAgentAdminPolicy", "/", {"Version": VERSION, "Statement": [
        _allow(_AGENT_ACTIONS, sid="CWACloudWatchPermissions"),
        _allow(["ssm:GetParameter", "ssm:PutParameter"], _AGENT_PARAMETER,
               sid="CWASSMPermissions")]}),
    ManagedPolicy("AmazonSSMManagedInstanceCore", "/", {"Version": VERSION, "Statement": [
        _allow(["ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance",
                "ssm:GetDocument", "ssm:DescribeDocument", "ssm:GetManifest",
                "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations",
                "ssm:ListInstanceAssociations", "ssm:PutInventory",
                "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
                "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus",
                "ssm:UpdateInstanceInformation"]),
        _allow(["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]),
        _allow(["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
                "ec2messages:FailMessage", "ec2messages:GetEndpoint",
                "ec2messages:GetMessages", "ec2messages:SendReply"])]}),
    ManagedPolicy("CloudWatchReadOnlyAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
                "logs:Get*", "logs:List*", "logs:StartQuery", "logs:StopQuery",
                "logs:Describe*", "logs:TestMetricFilter", "logs:FilterLogEvents",
                "sns:Get*", "sns:List*"])]}),
    ManagedPolicy("CloudWatchFullAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["autoscaling:Describe*", "cloudwatch:*", "logs:*", "sns:*",
                "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole"])]}),
]

MANAGED_POLICIES: dict[str, ManagedPolicy] = {p.arn: p for p in _POLICIES}
