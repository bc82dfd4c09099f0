"""Managed policies: customer managed policies with up to five versions, and the AWS
managed policies of :mod:`awslab.services.iam.managed` (read-only)."""
from __future__ import annotations

from datetime import datetime, timezone

from awslab.services.iam import errors
from awslab.services.iam.entities import CustomerPolicy, PolicyVersion
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    encoded, page, parse_document, tag_list, tags_of)

MAX_VERSIONS = 5
AWS_POLICY_DATE = datetime(2015, 2, 6, 18, 39, 46, tzinfo=timezone.utc)


def policy_dict(state, policy, full: bool = False) -> dict:
    """A ``Policy`` structure for an AWS or a customer managed policy."""
    users, groups, roles = state.entities_with_policy(policy.arn)
    aws = policy.arn in MANAGED_POLICIES
    out = {"PolicyName": policy.name, "PolicyId": policy.policy_id, "Arn": policy.arn,
           "Path": policy.path,
           "DefaultVersionId": policy.version if aws else policy.default_version_id,
           "AttachmentCount": len(users) + len(groups) + len(roles),
           "PermissionsBoundaryUsageCount": state.boundary_users(policy.arn),
           "IsAttachable": True,
           "CreateDate": AWS_POLICY_DATE if aws else policy.create_date,
           "UpdateDate": AWS_POLICY_DATE if aws else policy.update_date}
    if full:
        description = policy.description
        if description:
            out["Description"] = description
        if not aws and policy.tags:
            out["Tags"] = tag_list(policy.tags)
    return out


def _customer(state, arn: str) -> CustomerPolicy:
    policy = state.customer_policy(arn)
    if policy is None:
        raise errors.policy_not_found(arn)
    return policy


def _version(policy, version_id: str):
    version = policy.version(version_id)
    if version is None:
        raise errors.NoSuchEntity(f"Policy {policy.arn} version {version_id} does not "
                                  "exist or is not attachable.")
    return version


def _version_dict(version, default: bool, document: bool = True) -> dict:
    out = {"VersionId": version.version_id, "IsDefaultVersion": default,
           "CreateDate": version.create_date}
    if document:
        out["Document"] = encoded(version.text)
    return out


@OPERATIONS("CreatePolicy")
def create_policy(call, p):
    state = call.state()
    name, path = p["PolicyName"], p.get("Path", "/")
    if name.lower() in state.policies:
        raise errors.EntityAlreadyExists(f"A policy called {name} already exists. "
                                         "Duplicate names are not allowed.")
    arn = f"arn:aws:iam::{call.account_id}:policy{path}{name}"
    compiled = parse_document(p["PolicyDocument"], size="managed", name=arn)
    now = call.now.replace(microsecond=0)
    policy = CustomerPolicy(name=name, policy_id=call.lab.ids.unique_id("ANPA"), arn=arn,
                            path=path, create_date=now, update_date=now,
                            description=p.get("Description"), tags=tags_of(p),
                            versions=[PolicyVersion("v1", p["PolicyDocument"], compiled, now)])
    state.policies[name.lower()] = policy
    return {"Policy": policy_dict(state, policy, full=True)}


@OPERATIONS("GetPolicy")
def get_policy(call, p):
    state = call.state()
    arn = p["PolicyArn"]
    policy = MANAGED_POLICIES.get(arn) or _customer(state, arn)
    return {"Policy": policy_dict(state, policy, full=True)}


@OPERATIONS("ListPolicies")
def list_policies(call, p):
    state = call.state()
    scope = p.get("Scope", "All")
    policies = ([*MANAGED_POLICIES.values()] if scope in ("All", "AWS") else []) + (
        [*state.policies.values()] if scope in ("All", "Local") else [])
    policies = [x for x in policies if x.path.startswith(p.get("PathPrefix") or "/")]
    if p.get("OnlyAttached"):
        policies = [x for x in policies if any(state.entities_with_policy(x.arn))
                    or state.boundary_users(x.arn)]
    chunk, more = page(policies, p, ["ListPolicies", scope, p.get("OnlyAttached"),
                                     p.get("PathPrefix")])
    return {"Policies": [policy_dict(state, x) for x in chunk], **more}


@OPERATIONS("DeletePolicy")
def delete_policy(call, p):
    state = call.state()
    policy = _customer(state, p["PolicyArn"])
    if any(state.entities_with_policy(policy.arn)) or state.boundary_users(policy.arn):
        raise errors.DeleteConflict("Cannot delete a policy attached to entities.")
    if len(policy.versions) > 1:
        raise errors.DeleteConflict(
            "This policy has more than one version. Before you delete a policy, you must "
            "delete the policy's versions. The default version is deleted with the policy.")
    del state.policies[policy.name.lower()]
    return {}


@OPERATIONS("CreatePolicyVersion")
def create_policy_version(call, p):
    state = call.state()
    policy = _customer(state, p["PolicyArn"])
    if len(policy.versions) >= MAX_VERSIONS:
        raise errors.LimitExceeded(
            f"A managed policy can have up to {MAX_VERSIONS} versions. Before you create a "
            "new version, you must delete an existing version.")
    compiled = parse_document(p["PolicyDocument"], size="managed", name=policy.arn)
    now = call.now.replace(microsecond=0)
    version = PolicyVersion(f"v{policy.next_version}", p["PolicyDocument"], compiled, now)
    policy.next_version += 1
    policy.versions.append(version)
    if p.get("SetAsDefault"):
        policy.default_version_id, policy.update_date = version.version_id, now
    return {"PolicyVersion": _version_dict(version, policy.default_version_id ==
                                           version.version_id, document=False)}


@OPERATIONS("GetPolicyVersion")
def get_policy_version(call, p):
    state = call.state()
    arn, version_id = p["PolicyArn"], p["VersionId"]
    aws = MANAGED_POLICIES.get(arn)
    if aws is not None:
        if version_id != aws.version:
            raise errors.NoSuchEntity(f"Policy {arn} version {version_id} does not exist "
                                      "or is not attachable.")
        return {"PolicyVersion": {"Document": encoded(aws.text), "VersionId": aws.version,
                                  "IsDefaultVersion": True, "CreateDate": AWS_POLICY_DATE}}
    policy = _customer(state, arn)
    version = _version(policy, version_id)
    return {"PolicyVersion": _version_dict(version, version_id == policy.default_version_id)}


@OPERATIONS("ListPolicyVersions")
def list_policy_versions(call, p):
    state = call.state()
    arn = p["PolicyArn"]
    aws = MANAGED_POLICIES.get(arn)
    if aws is not None:
        rows = [{"VersionId": aws.version, "IsDefaultVersion": True,
                 "CreateDate": AWS_POLICY_DATE}]
        return {"Versions": rows, "IsTruncated": False}
    policy = _customer(state, arn)
    versions = sorted(policy.versions, key=lambda v: int(v.version_id[1:]), reverse=True)
    chunk, more = page(versions, p, ["ListPolicyVersions", arn])
    return {"Versions": [_version_dict(v, v.version_id == policy.default_version_id,
                                       document=False) for v in chunk], **more}


@OPERATIONS("SetDefaultPolicyVersion")
def set_default_policy_version(call, p):
    policy = _customer(call.state(), p["PolicyArn"])
    policy.default_version_id = _version(policy, p["VersionId"]).version_id
    policy.update_date = call.now.replace(microsecond=0)
    return {}


@OPERATIONS("DeletePolicyVersion")
def delete_policy_version(call, p):
    policy = _customer(call.state(), p["PolicyArn"])
    version = _version(policy, p["VersionId"])
    if version.version_id == policy.default_version_id:
        raise errors.DeleteConflict("Cannot delete the default version of a policy.")
    policy.versions.remove(version)
    return {}
