"""What the recorder sees: one :class:`Snapshot` per resource of each recorded type.

Each scanner reads one service's state for an account and region (read-only) and
describes its resources as AWS Config's configuration items do: ``configuration`` is the
service's Describe answer in camelCase, with the relationships Config draws (instance ->
security group, volume -> instance, load balancer -> security group, listener -> load
balancer and certificate, IAM user -> group and managed policy). Services the lab does not
have yet are simply not scanned.
"""
from __future__ import annotations

import json
from datetime import datetime
from operator import attrgetter
from typing import Callable

from awslab.bridge.shapes import lower_first
from awslab.services.config.state import Snapshot

#: resource type -> (service whose calls change it, scanner(lab, account, region))
SCANNERS: dict[str, tuple[str, Callable]] = {}
GLOBAL_TYPES = ("AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::Policy")


def scanner(resource_type: str, service: str):
    def register(fn):
        SCANNERS[resource_type] = (service, fn)
        return fn
    return register


def camel(value):
    """A Describe answer in the lowerCamelCase Config uses (``GroupId`` -> ``groupId``)."""
    if isinstance(value, dict):
        return {lower_first(k): camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel(v) for v in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value


def _tags(tags: dict | None) -> tuple:
    return tuple(sorted((tags or {}).items()))


def _rel(rtype: str, rid: str, name: str) -> tuple:
    return (rtype, rid, None, name)


def snapshot(rtype, rid, *, name=None, arn=None, region, az=None, created=None,
             configuration, relationships=(), tags=None, supplementary=None) -> Snapshot:
    supp = tuple(sorted((k, v) for k, v in (supplementary or {}).items() if v is not None))
    return Snapshot(rtype, rid, name, arn, region, az, created, configuration,
                    tuple(sorted(relationships)), _tags(tags), supp)


def scan(lab, account_id: str, region: str, types, ids=None
         ) -> dict[tuple[str, str], Snapshot]:
    """Snapshots of the resources of ``types`` in one account and region (only those
    whose ID is in ``ids``, when given)."""
    out = {}
    for rtype in types:
        service, fn = SCANNERS[rtype]
        if lab.service(service) is None:
            continue
        for snap in fn(lab, account_id, region, ids):
            out[(snap.resource_type, snap.resource_id)] = snap
    return out


def _chosen(resources: dict, ids) -> list:
    """The resources (by ID) a scan looks at: those in ``ids``, or all of them."""
    if ids is None:
        return list(resources.values())
    return [resources[i] for i in ids if i in resources]


# -- EC2 -------------------------------------------------------------------------------
def _ec2(lab, account_id, region):
    return lab.state("ec2", account_id, region)


@scanner("AWS::EC2::Instance", "ec2")
def _instances(lab, account_id, region, ids=None):
    from awslab.services.ec2.operations.common import describe_instance
    from awslab.services.ec2.operations.volumes import volumes
    state = _ec2(lab, account_id, region)
    attached = {}
    for vol in volumes(state).values():
        if vol.instance_id:
            attached.setdefault(vol.instance_id, []).append(vol.volume_id)
    for inst in _chosen(state.instances, ids):
        if inst.state == "terminated":
            continue
        rels = [_rel("AWS::EC2::SecurityGroup", state.security_group_id,
                     "Is associated with SecurityGroup"),
                _rel("AWS::EC2::Subnet", inst.subnet.subnet_id, "Is contained in Subnet"),
                _rel("AWS::EC2::VPC", inst.subnet.vpc_id, "Is contained in Vpc")]
        rels += [_rel("AWS::EC2::Volume", v, "Is attached to Volume")
                 for v in attached.get(inst.instance_id, [])]
        yield snapshot("AWS::EC2::Instance", inst.instance_id, region=region,
                       arn=f"arn:aws:ec2:{region}:{account_id}:instance/{inst.instance_id}",
                       az=inst.availability_zone, created=inst.launch_time,
                       configuration=camel(describe_instance(inst, state)),
                       relationships=rels, tags=inst.tags)


def _permissions(rules) -> list[dict]:
    """A group's rules as Config's ``ipPermissions`` (``ipv4Ranges`` and, as Config
    keeps it for compatibility, ``ipRanges`` as plain CIDR strings)."""
    grouped: dict = {}
    for r in rules:
        perm = grouped.get((r.protocol, r.from_port, r.to_port))
        if perm is None:
            perm = grouped[(r.protocol, r.from_port, r.to_port)] = {
                "ipProtocol": r.protocol, "ipv4Ranges": [], "ipRanges": [],
                "ipv6Ranges": [], "userIdGroupPairs": [], "prefixListIds": []}
            if r.from_port is not None:
                perm["fromPort"], perm["toPort"] = r.from_port, r.to_port
        extra = {"description": r.description} if r.description else {}
        if r.kind == "cidr":
            perm["ipv4Ranges"].append({"cidrIp": r.source, **extra})
            perm["ipRanges"].append(r.source)
        elif r.kind == "cidr6":
            perm["ipv6Ranges"].append({"cidrIpv6": r.source, **extra})
        else:
            perm["userIdGroupPairs"].append({"groupId": r.source, **extra})
    return list(grouped.values())


@scanner("AWS::EC2::SecurityGroup", "ec2")
def _security_groups(lab, account_id, region, ids=None):
    from awslab.services.ec2.operations.security_groups import groups
    state = _ec2(lab, account_id, region)
    for group in _chosen(groups(state), ids):
        config = {"groupId": group.group_id, "groupName": group.name,
                  "description": group.description, "ownerId": group.owner_id,
                  "vpcId": group.vpc_id, "securityGroupArn": group.arn,
                  "ipPermissions": _permissions(group.ingress),
                  "ipPermissionsEgress": _permissions(group.egress)}
        rels = [_rel("AWS::EC2::VPC", group.vpc_id, "Is contained in Vpc")]
        if group.group_id == state.security_group_id:   # instances use the default group
            rels += [_rel("AWS::EC2::Instance", i.instance_id, "Is associated with Instance")
                     for i in state.instances.values() if i.state != "terminated"]
        yield snapshot("AWS::EC2::SecurityGroup", group.group_id, name=group.name,
                       arn=group.arn, region=region, configuration=config,
                       relationships=rels, tags=group.tags)


@scanner("AWS::EC2::Volume", "ec2")
def _volumes(lab, account_id, region, ids=None):
    from awslab.services.ec2.operations.volumes import volume_dict, volumes
    for vol in _chosen(volumes(_ec2(lab, account_id, region)), ids):
        config = camel(volume_dict(vol))
        config.pop("tags", None)
        rels = [_rel("AWS::EC2::Instance", vol.instance_id, "Is attached to Instance")] \
            if vol.instance_id else []
        yield snapshot("AWS::EC2::Volume", vol.volume_id, arn=vol.arn, region=region,
                       az=vol.availability_zone, created=vol.created, configuration=config,
                       relationships=rels, tags=vol.tags)


# -- S3 --------------------------------------------------------------------------------
#: supplementary configuration of a bucket: name -> (the field it shows, how)
_BUCKET_SUPPLEMENTS = {
    "AccessControlList": ("acl", lambda b: json.dumps(          # AWS gives it as JSON text
        {"grantList": b.acl, "owner": {"id": b.account_id}})),
    "BucketPolicy": ("policy", lambda b: {"policyText": b.policy}),
    "PublicAccessBlockConfiguration": ("public_access_block",
                                       lambda b: camel(b.public_access_block)),
    "ServerSideEncryptionConfiguration": ("encryption", lambda b: camel(b.encryption)),
    "BucketVersioningConfiguration": ("versioning",
                                      lambda b: {"status": b.versioning or "Off"}),
    "BucketTaggingConfiguration": ("tags", lambda b: {"tagSets": [{"tags": dict(b.tags)}]}
                                   if b.tags else None),
}

_BUCKET_FIELDS = tuple(f for f, _ in _BUCKET_SUPPLEMENTS.values())
_bucket_fields = attrgetter(*_BUCKET_FIELDS)


@scanner("AWS::S3::Bucket", "s3")
def _buckets(lab, account_id, region, ids=None):
    """Buckets; each field is described again only when its text changed since the
    last look (a write call that changes nothing costs a few ``repr`` calls)."""
    scanned = lab.state("config", account_id, region).scanned
    for bucket in _chosen(lab.state("s3", account_id).buckets, ids):
        if bucket.region != region:
            continue
        key = ("AWS::S3::Bucket", bucket.name)
        texts = tuple(map(repr, _bucket_fields(bucket)))
        before, last = scanned.get(key, ((), None))
        if last is not None and last.created != bucket.created:   # deleted, made again
            before, last = (), None
        if texts == before:
            yield last
            continue
        kept = dict(last.supplementary) if last is not None else {}
        supp = {name: kept.get(name) if before and before[i] == texts[i] else make(bucket)
                for i, (name, (_, make)) in enumerate(_BUCKET_SUPPLEMENTS.items())}
        config = last.configuration if last is not None else {
            "name": bucket.name, "owner": {"id": account_id},
            "creationDate": camel(bucket.created)}
        snap = snapshot("AWS::S3::Bucket", bucket.name, name=bucket.name, arn=bucket.arn,
                        region=region, az="Regional", created=bucket.created,
                        configuration=config, tags=bucket.tags, supplementary=supp)
        scanned[key] = (texts, snap)
        yield snap


# -- Elastic Load Balancing and ACM ------------------------------------------------------
@scanner("AWS::ElasticLoadBalancingV2::LoadBalancer", "elbv2")
def _load_balancers(lab, account_id, region, ids=None):
    from awslab.services.elbv2.views import load_balancer_dict
    for lb in list(lab.state("elbv2", account_id, region).load_balancers.values()):
        rels = [_rel("AWS::EC2::SecurityGroup", g, "Is associated with SecurityGroup")
                for g in lb.security_groups]
        rels.append(_rel("AWS::EC2::VPC", lb.vpc_id, "Is contained in Vpc"))
        yield snapshot("AWS::ElasticLoadBalancingV2::LoadBalancer", lb.arn, name=lb.name,
                       arn=lb.arn, region=region, created=lb.created,
                       configuration=camel(load_balancer_dict(lb)), relationships=rels,
                       tags=lb.tags)


@scanner("AWS::ElasticLoadBalancingV2::Listener", "elbv2")
def _listeners(lab, account_id, region, ids=None):
    from awslab.services.elbv2.views import listener_dict
    for listener in list(lab.state("elbv2", account_id, region).listeners.values()):
        rels = [_rel("AWS::ElasticLoadBalancingV2::LoadBalancer", listener.lb_arn,
                     "Is attached to LoadBalancer")]
        rels += [_rel("AWS::ACM::Certificate", c, "Is associated with Certificate")
                 for c in listener.certificates]
        yield snapshot("AWS::ElasticLoadBalancingV2::Listener", listener.arn,
                       arn=listener.arn, region=region,
                       configuration=camel(listener_dict(listener)), relationships=rels)


@scanner("AWS::ACM::Certificate", "acm")
def _certificates(lab, account_id, region, ids=None):
    from awslab.services.acm import certificate_dict
    for cert in list(lab.state("acm", account_id, region).certificates.values()):
        yield snapshot("AWS::ACM::Certificate", cert.arn, name=cert.domain, arn=cert.arn,
                       region=region, created=cert.created,
                       configuration=camel(certificate_dict(lab, cert)), tags=cert.tags)


# -- IAM (global: recorded with awsRegion "global") -----------------------------------------
def _iam_policies(entity) -> list:
    return [{"policyName": p.rsplit("/", 1)[-1], "policyArn": p} for p in entity.attached]


def _inline(entity) -> list:
    return [{"policyName": p.name, "policyDocument": getattr(p, "text", "")}
            for p in entity.inline.values()]


def _policy_rels(entity, account_id) -> list:
    return [_rel("AWS::IAM::Policy", p, "Is attached to CustomerManagedPolicy")
            for p in entity.attached if f":{account_id}:" in p]


@scanner("AWS::IAM::User", "iam")
def _users(lab, account_id, region, ids=None):
    state = lab.state("iam", account_id)
    for user in list(state.users.values()):
        groups = [state.group(g) for g in user.groups]
        rels = [_rel("AWS::IAM::Group", g.group_id, "Is contained in Group")
                for g in groups if g is not None] + _policy_rels(user, account_id)
        config = {"path": user.path, "userName": user.name, "userId": user.user_id,
                  "arn": user.arn, "createDate": camel(user.create_date),
                  "userPolicyList": _inline(user), "groupList": list(user.groups),
                  "attachedManagedPolicies": _iam_policies(user),
                  "permissionsBoundary": user.permissions_boundary,
                  "mfaDevices": list(user.mfa_devices)}
        yield snapshot("AWS::IAM::User", user.user_id, name=user.name, arn=user.arn,
                       region="global", created=user.create_date, configuration=config,
                       relationships=rels, tags=user.tags)


@scanner("AWS::IAM::Group", "iam")
def _groups(lab, account_id, region, ids=None):
    for group in list(lab.state("iam", account_id).groups.values()):
        config = {"path": group.path, "groupName": group.name, "groupId": group.group_id,
                  "arn": group.arn, "createDate": camel(group.create_date),
                  "groupPolicyList": _inline(group),
                  "attachedManagedPolicies": _iam_policies(group)}
        yield snapshot("AWS::IAM::Group", group.group_id, name=group.name, arn=group.arn,
                       region="global", created=group.create_date, configuration=config,
                       relationships=_policy_rels(group, account_id))


@scanner("AWS::IAM::Role", "iam")
def _roles(lab, account_id, region, ids=None):
    for role in list(lab.state("iam", account_id).roles.values()):
        config = {"path": role.path, "roleName": role.name, "roleId": role.role_id,
                  "arn": role.arn, "createDate": camel(role.create_date),
                  "assumeRolePolicyDocument": role.trust_policy_text,
                  "rolePolicyList": _inline(role),
                  "attachedManagedPolicies": _iam_policies(role),
                  "permissionsBoundary": role.permissions_boundary}
        yield snapshot("AWS::IAM::Role", role.role_id, name=role.name, arn=role.arn,
                       region="global", created=role.create_date, configuration=config,
                       relationships=_policy_rels(role, account_id), tags=role.tags)


@scanner("AWS::IAM::Policy", "iam")
def _policies(lab, account_id, region, ids=None):
    for policy in list(lab.state("iam", account_id).policies.values()):
        default = next((v for v in policy.versions if v.version_id ==
                        policy.default_version_id), None)
        config = {"policyName": policy.name, "policyId": policy.policy_id,
                  "arn": policy.arn, "path": policy.path,
                  "defaultVersionId": policy.default_version_id,
                  "createDate": camel(policy.create_date),
                  "updateDate": camel(policy.update_date),
                  "document": getattr(default, "text", None)}
        yield snapshot("AWS::IAM::Policy", policy.policy_id, name=policy.name,
                       arn=policy.arn, region="global", created=policy.create_date,
                       configuration=config, tags=policy.tags)
