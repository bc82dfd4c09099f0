"""AWS managed policies the lab knows (``arn:aws:iam::aws:policy/...``).

The documents follow the AWS Managed Policy Reference
(https://docs.aws.amazon.com/aws-managed-policy/latest/reference/) as of 2026:
``AdministratorAccess``, ``PowerUserAccess`` (v12), ``IAMReadOnlyAccess`` (v4),
``IAMFullAccess``, ``AmazonS3ReadOnlyAccess`` (v3), ``AmazonS3FullAccess``,
``AmazonEC2ReadOnlyAccess``, ``CloudWatchReadOnlyAccess`` (v10, its statements in order),
``CloudWatchFullAccess`` (the deprecated v1 line), ``CloudWatchAgentServerPolicy``,
``CloudWatchAgentAdminPolicy`` and ``AmazonSSMManagedInstanceCore``. ``ReadOnlyAccess``
is a representative subset: the real policy lists read actions of every AWS service, this
one those of the services the course simulates. Each is parsed once by the policy engine
(:attr:`ManagedPolicy.compiled`), with its text laid out as IAM returns it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

VERSION = "2012-10-17"


@dataclass(frozen=True)
class ManagedPolicy:
    """An AWS managed policy (its default version is ``version``)."""

    name: str
    path: str
    document: dict
    version: str = "v1"
    description: str = ""

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::aws:policy{self.path}{self.name}"

    @property
    def policy_id(self) -> str:
        digest = hashlib.sha256(self.name.encode()).hexdigest().upper()
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        return "ANPA" + "".join(alphabet[int(c, 16) * 2 % 32] for c in digest[:17])

    @cached_property
    def text(self) -> str:
        """The document as IAM returns it (GetPolicyVersion)."""
        return json.dumps(self.document, indent=4)

    @cached_property
    def compiled(self):
        """The document parsed by the policy engine (once per process: it never changes)."""
        from awslab.services.iam.policy import parse_policy
        return parse_policy(self.text, "identity", name=self.arn)


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
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "v1",
        "Provides full access to AWS services and resources."),
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
        _allow(["application-autoscaling:DescribeScalingPolicies",
                "application-signals:BatchGet*", "application-signals:Get*",
                "application-signals:List*", "autoscaling:Describe*", "cloudwatch:BatchGet*",
                "cloudwatch:Describe*", "cloudwatch:GenerateQuery", "cloudwatch:Get*",
                "cloudwatch:List*", "logs:Get*", "logs:List*", "logs:StartQuery",
                "logs:StopQuery", "logs:Describe*", "logs:TestMetricFilter",
                "logs:FilterLogEvents", "logs:StartLiveTail", "logs:StopLiveTail",
                "oam:ListSinks", "sns:Get*", "sns:List*", "rum:BatchGet*", "rum:Get*",
                "rum:List*", "synthetics:Describe*", "synthetics:Get*", "synthetics:List*",
                "xray:BatchGet*", "xray:Get*", "xray:List*", "xray:StartTraceRetrieval",
                "xray:CancelTraceRetrieval"], sid="CloudWatchReadOnlyAccessPermissions"),
        _allow(["oam:ListAttachedLinks"], "arn:aws:oam:*:*:sink/*", sid="OAMReadPermissions"),
        _allow(["iam:GetRole"], "arn:aws:iam::*:role/aws-service-role/application-signals."
               "cloudwatch.amazonaws.com/AWSServiceRoleForCloudWatchApplicationSignals",
               sid="CloudWatchReadOnlyGetRolePermissions")]}, "v10",
        "Provides read only access to CloudWatch."),
    ManagedPolicy("CloudWatchFullAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["autoscaling:Describe*", "cloudwatch:*", "logs:*", "sns:*",
                "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "oam:ListSinks"]),
        {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole",
         "Resource": "arn:aws:iam::*:role/aws-service-role/events.amazonaws.com/"
                     "AWSServiceRoleForCloudWatchEvents*",
         "Condition": {"StringLike": {"iam:AWSServiceName": "events.amazonaws.com"}}},
        _allow(["oam:ListAttachedLinks"], "arn:aws:oam:*:*:sink/*")]}, "v4",
        "Provides full access to CloudWatch."),
    ManagedPolicy("PowerUserAccess", "/", {"Version": VERSION, "Statement": [
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"],
         "Resource": "*"},
        _allow(["account:GetAccountInformation", "account:GetGovCloudAccountInformation",
                "account:GetPrimaryEmail", "account:ListRegions",
                "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole",
                "iam:ListRoles", "organizations:DescribeEffectivePolicy",
                "organizations:DescribeOrganization"])]}, "v12",
        "Provides full access to AWS services and resources, but does not allow "
        "management of Users and groups."),
    ManagedPolicy("IAMReadOnlyAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails",
                "iam:Get*", "iam:List*", "iam:SimulateCustomPolicy",
                "iam:SimulatePrincipalPolicy"])]}, "v4",
        "Provides read only access to IAM via the AWS Management Console."),
    ManagedPolicy("IAMFullAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization",
                "organizations:DescribeOrganizationalUnit", "organizations:DescribePolicy",
                "organizations:ListChildren", "organizations:ListParents",
                "organizations:ListPoliciesForTarget", "organizations:ListRoots",
                "organizations:ListPolicies", "organizations:ListTargetsForPolicy"])]}, "v2",
        "Provides full access to IAM via the AWS Management Console."),
    ManagedPolicy("AmazonS3ReadOnlyAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*",
                "s3-object-lambda:List*"])]}, "v3",
        "Provides read only access to all buckets via the AWS Management Console."),
    ManagedPolicy("AmazonS3FullAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["s3:*", "s3-object-lambda:*"])]}, "v2",
        "Provides full access to all buckets via the AWS Management Console."),
    ManagedPolicy("AmazonEC2ReadOnlyAccess", "/", {"Version": VERSION, "Statement": [
        _allow(["ec2:Describe*"]), _allow(["elasticloadbalancing:Describe*"]),
        _allow(["cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics",
                "cloudwatch:Describe*"]), _allow(["autoscaling:Describe*"])]}, "v1",
        "Provides read only access to Amazon EC2 via the AWS Management Console."),
]

MANAGED_POLICIES: dict[str, ManagedPolicy] = {p.arn: p for p in _POLICIES}
