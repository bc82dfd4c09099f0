"""Automation documents (runbooks): AWS-managed ones the lab carries, and custom ones.

A document is schema 0.3 JSON: ``parameters`` (type, default, description) and
``mainSteps``, each an action. The lab runs three actions: ``aws:executeAwsApi`` (a call
through the bridge, so it is authorised, audited and recorded like any other),
``aws:invokeLambdaFunction`` (a Lambda stand-in, the way a custom runbook reaches custom
code) and ``aws:sleep``. The AWS-managed runbooks below are written in the same language,
with the API calls AWS's own versions make.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from awslab.services.ssm import errors

ACTIONS = ("aws:executeAwsApi", "aws:invokeLambdaFunction", "aws:sleep")
ROLE = {"type": "String", "default": "",
        "description": "(Optional) The ARN of the role that allows Automation to perform "
                       "the actions on your behalf."}


def _api(name, service, api, **inputs):
    return {"name": name, "action": "aws:executeAwsApi",
            "inputs": {"Service": service, "Api": api, **inputs}}


def _runbook(description, parameters, steps) -> dict:
    return {"schemaVersion": "0.3", "description": description,
            "assumeRole": "{{ AutomationAssumeRole }}",
            "parameters": {**parameters, "AutomationAssumeRole": ROLE}, "mainSteps": steps}


BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}

MANAGED = {
    "AWS-DisableS3BucketPublicReadWrite": _runbook(
        "Disable S3 bucket public read and write with a private ACL and Block Public Access.",
        {"S3BucketName": {"type": "String", "description": "(Required) S3 bucket name."}},
        [_api("DisableS3BucketPublicReadWrite", "s3", "PutPublicAccessBlock",
              Bucket="{{ S3BucketName }}", PublicAccessBlockConfiguration=BLOCK_ALL)]),
    "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock": _runbook(
        "Configure the Block Public Access settings of an S3 bucket.",
        {"BucketName": {"type": "String", "description": "(Required) S3 bucket name."}},
        [_api("PutBucketPublicAccessBlock", "s3", "PutPublicAccessBlock",
              Bucket="{{ BucketName }}", PublicAccessBlockConfiguration=BLOCK_ALL)]),
    "AWS-EnableS3BucketEncryption": _runbook(
        "Enable default encryption (SSE-S3) on an S3 bucket.",
        {"BucketName": {"type": "String", "description": "(Required) S3 bucket name."}},
        [_api("PutBucketEncryption", "s3", "PutBucketEncryption", Bucket="{{ BucketName }}",
              ServerSideEncryptionConfiguration={"Rules": [{
                  "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})]),
    "AWS-PublishSNSNotification": _runbook(
        "Publish a message to an SNS topic.",
        {"TopicArn": {"type": "String", "description": "(Required) The SNS topic ARN."},
         "Message": {"type": "String", "description": "(Required) The message."}},
        [_api("PublishSNSNotification", "sns", "Publish", TopicArn="{{ TopicArn }}",
              Message="{{ Message }}")]),
    "AWS-DisablePublicAccessForSecurityGroup": _runbook(
        "Disable SSH (22) and RDP (3389) ingress from 0.0.0.0/0 in a security group.",
        {"GroupId": {"type": "String", "description": "(Required) Security group ID."}},
        [_api(f"Disable{name}FromIpV4", "ec2", "RevokeSecurityGroupIngress",
              GroupId="{{ GroupId }}", IpPermissions=[{
                  "IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                  "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
         for name, port in (("SSH", 22), ("RDP", 3389))]),
}


@dataclass
class Document:
    """An Automation document, as SSM keeps it."""

    name: str
    content: dict
    text: str
    owner: str
    created: datetime
    version: str = "1"
    tags: dict = field(default_factory=dict)

    @property
    def parameters(self) -> dict:
        return self.content.get("parameters") or {}


def parse(text: str) -> dict:
    """The content of a custom document, or SSM's error (JSON, schema 0.3, known actions)."""
    try:
        content = json.loads(text)
    except ValueError:
        raise errors.InvalidDocumentContent(
            "The content for the document is not valid JSON (awslab reads JSON "
            "documents).") from None
    if not isinstance(content, dict):
        raise errors.InvalidDocumentContent("The document content must be a JSON object.")
    if content.get("schemaVersion") != "0.3":
        raise errors.InvalidDocumentSchemaVersion(
            "Automation documents use schemaVersion 0.3.")
    steps = content.get("mainSteps")
    if not isinstance(steps, list) or not steps:
        raise errors.InvalidDocumentContent("mainSteps is required and must be a list.")
    for step in steps:
        if not isinstance(step, dict) or not step.get("name"):
            raise errors.InvalidDocumentContent("Every step needs a name.")
        if step.get("action") not in ACTIONS:
            raise errors.InvalidDocumentContent(
                f"Action {step.get('action')!r} in step {step['name']} is not supported "
                f"(awslab runs {', '.join(ACTIONS)}).")
    return content
