"""Organization policies: create, update, delete, describe, list, attach and detach."""
from __future__ import annotations

from awslab.services.organizations import errors, policies, views
from awslab.services.organizations.model import (
    invalidate, managed_org, members_below, target_or, target_type)
from awslab.services.organizations.operations import OPERATIONS
from awslab.services.organizations.operations.common import page, tags_of
from awslab.services.organizations.state import Member, OrgPolicy


def _type(ptype: str) -> str:
    if ptype not in policies.KINDS:
        raise errors.InvalidInputException(
            "INVALID_ENUM_POLICY_TYPE",
            f"awslab simulates the policy types {', '.join(policies.KINDS)} only.")
    return ptype


def _immutable() -> errors.InvalidInputException:
    return errors.InvalidInputException(
        "IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be "
                            "modified.")


@OPERATIONS("CreatePolicy")
def create_policy(call, p):
    org = managed_org(call)
    ptype = _type(p["Type"])
    if any(x.name == p["Name"] and x.type == ptype for x in org.policies.values()):
        raise errors.DuplicatePolicyException()
    if len(policies.all_policies(org, ptype)) >= policies.MAX_POLICIES.get(ptype, 1000):
        raise errors.constraint("POLICY_NUMBER_LIMIT_EXCEEDED")
    compiled = policies.check_content(p["Content"], ptype)
    pid = f"p-{call.lab.ids.hex(8)}"
    policy = OrgPolicy(id=pid, arn=f"arn:aws:organizations::{org.management}:policy/"
                                   f"{org.id}/{ptype.lower()}/{pid}",
                       name=p["Name"], type=ptype, content=p["Content"],
                       description=p.get("Description", ""), tags=tags_of(p),
                       compiled=compiled)
    org.policies[pid] = policy
    return {"Policy": views.policy(policy)}


def _affected(org, policy_id: str) -> list[str]:
    out = []
    for target_id in policies.targets_of(org, policy_id):
        target = target_or(org, target_id)
        out += [target.id] if isinstance(target, Member) else members_below(org, target.id)
    return out


@OPERATIONS("UpdatePolicy")
def update_policy(call, p):
    org = managed_org(call)
    policy = policies.find_policy(org, p["PolicyId"])
    if policy.aws_managed:
        raise _immutable()
    if "Content" in p:
        policy.compiled = policies.check_content(p["Content"], policy.type)
        policy.content = p["Content"]
    if "Name" in p:
        if any(x.name == p["Name"] and x.type == policy.type and x is not policy
               for x in org.policies.values()):
            raise errors.DuplicatePolicyException()
        policy.name = p["Name"]
    if "Description" in p:
        policy.description = p["Description"]
    invalidate(call.lab, _affected(org, policy.id))
    return {"Policy": views.policy(policy)}


@OPERATIONS("DeletePolicy")
def delete_policy(call, p):
    org = managed_org(call)
    policy = policies.find_policy(org, p["PolicyId"])
    if policy.aws_managed:
        raise _immutable()
    if policies.targets_of(org, policy.id):
        raise errors.PolicyInUseException()
    del org.policies[policy.id]
    return {}


@OPERATIONS("DescribePolicy")
def describe_policy(call, p):
    org = managed_org(call)
    return {"Policy": views.policy(policies.find_policy(org, p["PolicyId"]))}


@OPERATIONS("ListPolicies")
def list_policies(call, p):
    org = managed_org(call)
    ptype = _type(p["Filter"])
    items = [views.policy_summary(x) for x in policies.all_policies(org, ptype)]
    return page(items, p, "Policies", f"policies/{ptype}")


@OPERATIONS("ListPoliciesForTarget")
def list_policies_for_target(call, p):
    org = managed_org(call)
    target = target_or(org, p["TargetId"])
    ptype = _type(p["Filter"])
    items = [views.policy_summary(x) for x in policies.attached(org, target.id, ptype)]
    return page(items, p, "Policies", f"for-target/{target.id}/{ptype}")


@OPERATIONS("ListTargetsForPolicy")
def list_targets_for_policy(call, p):
    org = managed_org(call)
    policy = policies.find_policy(org, p["PolicyId"])
    items = []
    for target_id in policies.targets_of(org, policy.id):
        target = target_or(org, target_id)
        items.append({"TargetId": target.id, "Arn": target.arn, "Name": target.name,
                      "Type": target_type(target)})
    return page(items, p, "Targets", f"targets/{policy.id}")


def _attachment(call):
    org = managed_org(call)
    policy = policies.find_policy(org, call.params["PolicyId"])
    target = target_or(org, call.params["TargetId"])
    return org, policy, target


@OPERATIONS("AttachPolicy")
def attach_policy(call, p):
    org, policy, target = _attachment(call)
    policies.attach(org, policy, target.id)
    invalidate(call.lab, _affected(org, policy.id))
    return {}


@OPERATIONS("DetachPolicy")
def detach_policy(call, p):
    org, policy, target = _attachment(call)
    affected = _affected(org, policy.id)
    policies.detach(org, policy, target.id)
    invalidate(call.lab, affected)
    return {}
