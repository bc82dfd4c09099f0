"""AWS managed Config rules: what each one checks, on which resources, when (aws-facts 7.2).

Each rule is a pure function ``check(lab, snapshot, params) -> (compliance, annotation)``
over the resource as recorded; those that AWS evaluates from more than the item (S3
public access, load-balancer listeners) read the lab's current state at evaluation time,
as AWS's periodic checks do.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from awslab.services.config import errors

COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE = "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"


@dataclass(frozen=True)
class ManagedRule:
    """One AWS managed rule: identifier, resource types, triggers, parameters, check."""

    identifier: str
    name: str                        # the console's rule name
    resource_types: tuple[str, ...]
    change: bool                     # triggered by configuration changes
    periodic: bool                   # triggered on a schedule
    required: tuple[str, ...]
    optional: tuple[str, ...]
    check: Callable
    description: str


MANAGED: dict[str, ManagedRule] = {}


def managed(identifier, name, types, *, change=True, periodic=False, required=(),
            optional=(), description=""):
    def register(fn):
        MANAGED[identifier] = ManagedRule(identifier, name, tuple(types), change, periodic,
                                          tuple(required), tuple(optional), fn, description)
        return fn
    return register


def check_parameters(rule: ManagedRule, params: dict) -> None:
    """AWS's answer to missing or unknown parameters of a managed rule."""
    for name in rule.required:
        if not str(params.get(name, "")).strip():
            raise errors.InvalidParameterValueException(
                f"The required parameter [{name}] is not present in the inputParameters")
    for name in params:
        if name not in rule.required + rule.optional:
            raise errors.InvalidParameterValueException(
                f"Unknown parameters provided in the inputParameters: {{{name}}}")


def _csv(value) -> list[str]:
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def _flag(value, default=False) -> bool:
    return default if value in (None, "") else str(value).lower() == "true"


# -- EC2 -------------------------------------------------------------------------------
@managed("INCOMING_SSH_DISABLED", "restricted-ssh", ["AWS::EC2::SecurityGroup"],
         description="Security groups must not allow SSH (TCP 22) from 0.0.0.0/0.")
def _restricted_ssh(lab, snap, params):
    for perm in snap.configuration.get("ipPermissions", []):
        proto, lo, hi = perm.get("ipProtocol"), perm.get("fromPort"), perm.get("toPort")
        covers = proto == "-1" or (proto in ("tcp", "6") and lo <= 22 <= hi)
        if covers and any(r.get("cidrIp") == "0.0.0.0/0" for r in perm.get("ipv4Ranges", [])):
            return NON_COMPLIANT, "SSH (port 22) is open to 0.0.0.0/0."
    return COMPLIANT, None


@managed("DESIRED_INSTANCE_TYPE", "desired-instance-type", ["AWS::EC2::Instance"],
         required=("instanceType",),
         description="Instances must be of one of the listed types.")
def _desired_type(lab, snap, params):
    wanted = _csv(params.get("instanceType"))
    actual = snap.configuration.get("instanceType")
    if actual in wanted:
        return COMPLIANT, None
    return NON_COMPLIANT, f"Instance type {actual} is not one of {', '.join(wanted)}."


@managed("EC2_INSTANCE_NO_PUBLIC_IP", "ec2-instance-no-public-ip", ["AWS::EC2::Instance"],
         description="Instances must not have a public IPv4 address.")
def _no_public_ip(lab, snap, params):
    if snap.configuration.get("publicIpAddress"):
        return NON_COMPLIANT, "The instance has a public IP address."
    return COMPLIANT, None


@managed("EC2_VOLUME_INUSE_CHECK", "ec2-volume-inuse-check", ["AWS::EC2::Volume"],
         optional=("deleteOnTermination",),
         description="EBS volumes must be attached to an instance.")
def _volume_in_use(lab, snap, params):
    attachments = snap.configuration.get("attachments") or []
    if not attachments:
        return NON_COMPLIANT, "The volume is not attached to an instance."
    if _flag(params.get("deleteOnTermination")) and not all(
            a.get("deleteOnTermination") for a in attachments):
        return NON_COMPLIANT, "The volume is not deleted on instance termination."
    return COMPLIANT, None


@managed("ENCRYPTED_VOLUMES", "encrypted-volumes", ["AWS::EC2::Volume"], optional=("kmsId",),
         description="Attached EBS volumes must be encrypted.")
def _encrypted_volumes(lab, snap, params):
    if not snap.configuration.get("attachments"):
        return NOT_APPLICABLE, None
    if not snap.configuration.get("encrypted"):
        return NON_COMPLIANT, "The attached volume is not encrypted."
    kms = params.get("kmsId")
    if kms and kms not in (snap.configuration.get("kmsKeyId") or ""):
        return NON_COMPLIANT, f"The volume is not encrypted with {kms}."
    return COMPLIANT, None


# -- S3 --------------------------------------------------------------------------------
def _public(lab, snap, which: str):
    found = lab.service("s3").public_access(lab, snap.resource_id)
    if found.get(which):
        why = "; ".join(found.get("why") or [])
        return NON_COMPLIANT, f"The bucket allows public {which} access. {why}".strip()[:256]
    return COMPLIANT, None


@managed("S3_BUCKET_PUBLIC_READ_PROHIBITED", "s3-bucket-public-read-prohibited",
         ["AWS::S3::Bucket"], periodic=True,
         description="Buckets must not allow public read access (Block Public Access "
                     "settings, bucket policy and ACL).")
def _s3_public_read(lab, snap, params):
    return _public(lab, snap, "read")


@managed("S3_BUCKET_PUBLIC_WRITE_PROHIBITED", "s3-bucket-public-write-prohibited",
         ["AWS::S3::Bucket"], periodic=True,
         description="Buckets must not allow public write access.")
def _s3_public_write(lab, snap, params):
    return _public(lab, snap, "write")


@managed("S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "s3-bucket-server-side-encryption-enabled",
         ["AWS::S3::Bucket"], description="Buckets must have default encryption.")
def _s3_encryption(lab, snap, params):
    if dict(snap.supplementary).get("ServerSideEncryptionConfiguration"):
        return COMPLIANT, None
    return NON_COMPLIANT, "The bucket has no default server-side encryption."


# -- Load balancers ------------------------------------------------------------------------
@managed("ELBV2_ACM_CERTIFICATE_REQUIRED", "elbv2-acm-certificate-required",
         ["AWS::ElasticLoadBalancingV2::LoadBalancer"], change=False, periodic=True,
         optional=("AcmCertificatesAllowed",),
         description="Every listener of an ALB/NLB must use a certificate from ACM.")
def _elbv2_acm(lab, snap, params):
    allowed = _csv(params.get("AcmCertificatesAllowed"))
    state = lab.state("elbv2", snap.arn.split(":")[4], snap.region)
    listeners = [li for li in state.listeners.values() if li.lb_arn == snap.resource_id]
    for li in listeners:
        certs = li.certificates
        if not certs:
            return NON_COMPLIANT, f"Listener on port {li.port} ({li.protocol}) has no " \
                                  "certificate."
        bad = [c for c in certs if ":acm:" not in c or (allowed and c not in allowed)]
        if bad:
            return NON_COMPLIANT, f"Listener on port {li.port} uses {bad[0]}."
    return COMPLIANT, None


# -- Tags and IAM ----------------------------------------------------------------------------
TAGGABLE = ("AWS::EC2::Instance", "AWS::EC2::SecurityGroup", "AWS::EC2::Volume",
            "AWS::S3::Bucket", "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ACM::Certificate")


@managed("REQUIRED_TAGS", "required-tags", TAGGABLE, required=("tag1Key",),
         optional=tuple(f"tag{i}{k}" for i in range(1, 7) for k in ("Key", "Value")
                        if (i, k) != (1, "Key")),
         description="Resources must carry the listed tags (and values, if given).")
def _required_tags(lab, snap, params):
    tags = dict(snap.tags)
    for i in range(1, 7):
        key = params.get(f"tag{i}Key")
        if not key:
            continue
        if key not in tags:
            return NON_COMPLIANT, f"Missing tag {key}."
        values = _csv(params.get(f"tag{i}Value"))
        if values and tags[key] not in values:
            return NON_COMPLIANT, f"Tag {key} is {tags[key]!r}, expected one of {values}."
    return COMPLIANT, None


@managed("IAM_USER_MFA_ENABLED", "iam-user-mfa-enabled", ["AWS::IAM::User"], change=False,
         periodic=True, description="IAM users must have an MFA device.")
def _iam_mfa(lab, snap, params):
    if snap.configuration.get("mfaDevices"):
        return COMPLIANT, None
    return NON_COMPLIANT, "The user has no MFA device."
