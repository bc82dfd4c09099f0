"""Organization policies: AWS-managed FullAWSAccess/RCPFullAWSAccess, attachment rules and
the SCP/RCP levels the IAM engine evaluates (aws-facts 10.2, 10.3, 10.5).
"""
from __future__ import annotations

import json

from awslab.services.organizations import errors
from awslab.services.organizations.model import Target, path_nodes, target_type
from awslab.services.organizations.state import RCP, SCP, Member, Organization, OrgPolicy

MAX_SIZE = 5120                       # characters, SCPs and RCPs
MAX_ATTACHED = 5                      # per root, OU or account and type
MAX_POLICIES = {SCP: 10000}           # other types: 1,000
KINDS = {SCP: "scp", RCP: "rcp"}
TYPE_OF_KIND = {"scp": SCP, "rcp": RCP}


def _managed(pid: str, name: str, ptype: str, statement: dict) -> OrgPolicy:
    content = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=4)
    return OrgPolicy(id=pid, arn=f"arn:aws:organizations::aws:policy/{ptype.lower()}/{pid}",
                     name=name, type=ptype, content=content,
                     description="Allows access to every operation", aws_managed=True)


FULL_ACCESS = _managed("p-FullAWSAccess", "FullAWSAccess", SCP,
                       {"Effect": "Allow", "Action": "*", "Resource": "*"})
RCP_FULL_ACCESS = _managed("p-RCPFullAWSAccess", "RCPFullAWSAccess", RCP,
                           {"Effect": "Allow", "Principal": "*", "Action": "*",
                            "Resource": "*"})
DEFAULTS = {SCP: FULL_ACCESS, RCP: RCP_FULL_ACCESS}
AWS_MANAGED = {p.id: p for p in DEFAULTS.values()}


def find_policy(org: Organization, policy_id: str) -> OrgPolicy:
    found = AWS_MANAGED.get(policy_id) or org.policies.get(policy_id)
    if found is None:
        raise errors.PolicyNotFoundException()
    return found


def all_policies(org: Organization, ptype: str) -> list[OrgPolicy]:
    own = [p for p in org.policies.values() if p.type == ptype]
    return ([DEFAULTS[ptype]] if ptype in DEFAULTS else []) + own


def compile_policy(policy: OrgPolicy):
    """The engine's compiled policy (kept on the policy until its content changes)."""
    if policy.compiled is None:
        from awslab.services.iam.policy import parse_policy
        policy.compiled = parse_policy(policy.content, KINDS[policy.type])
    return policy.compiled


def check_content(content: str, ptype: str):
    """Size and grammar as Organizations checks them; returns the compiled policy."""
    if len(content) > MAX_SIZE:
        raise errors.constraint("POLICY_CONTENT_LIMIT_EXCEEDED")
    if ptype not in KINDS:
        return None
    from awslab.services.iam.errors import MalformedPolicyDocument
    from awslab.services.iam.policy import parse_policy
    try:
        return parse_policy(content, KINDS[ptype])
    except MalformedPolicyDocument as exc:
        raise errors.MalformedPolicyDocumentException(
            errors.MalformedPolicyDocumentException.message + f" ({exc.message})")


def attached(org: Organization, target_id: str, ptype: str | None = None) -> list[OrgPolicy]:
    out = [find_policy(org, pid) for pid in org.attachments.get(target_id, [])]
    return [p for p in out if ptype is None or p.type == ptype]


def attach(org: Organization, policy: OrgPolicy, target_id: str) -> None:
    if policy.type not in org.enabled:
        raise errors.PolicyTypeNotEnabledException()
    ids = org.attachments.setdefault(target_id, [])
    if policy.id in ids:
        raise errors.DuplicatePolicyAttachmentException()
    if len(attached(org, target_id, policy.type)) >= MAX_ATTACHED:
        raise errors.constraint("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
    ids.append(policy.id)


def detach(org: Organization, policy: OrgPolicy, target_id: str) -> None:
    ids = org.attachments.get(target_id, [])
    if policy.id not in ids:
        raise errors.PolicyNotAttachedException()
    if policy.type == RCP and policy.aws_managed:
        from awslab.services.organizations.errors import InvalidInputException
        raise InvalidInputException("NON_DETACHABLE_POLICY",
                                    "You can't detach this AWS-managed policy.")
    if policy.type == SCP and len(attached(org, target_id, SCP)) <= 1:
        raise errors.constraint("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
    ids.remove(policy.id)


def targets_of(org: Organization, policy_id: str) -> list[str]:
    return [t for t, ids in org.attachments.items() if policy_id in ids]


def every_target(org: Organization) -> list[str]:
    return [org.root.id, *org.units, *org.accounts]


def enable_type(org: Organization, ptype: str) -> None:
    """Enable a policy type: the AWS-managed default is attached everywhere."""
    org.enabled.append(ptype)
    if ptype in DEFAULTS:
        for target in every_target(org):
            org.attachments.setdefault(target, []).append(DEFAULTS[ptype].id)


def disable_type(org: Organization, ptype: str) -> None:
    """Disable a policy type: every policy of that type is detached."""
    org.enabled.remove(ptype)
    for target, ids in org.attachments.items():
        org.attachments[target] = [i for i in ids if find_policy(org, i).type != ptype]


def new_target(org: Organization, target_id: str) -> None:
    """A new OU or account gets the default policies of each enabled type."""
    org.attachments[target_id] = [DEFAULTS[t].id for t in org.enabled if t in DEFAULTS]


def level_label(org: Organization, target: Target) -> str:
    kind = target_type(target)
    if kind == "ROOT":
        return "root"
    return f"OU {target.name}" if kind == "ORGANIZATIONAL_UNIT" else f"account {target.id}"


def levels(org: Organization, member: Member, ptype: str) -> list[tuple[str, list]]:
    """``(label, [compiled policies])`` from the root through each OU to the account."""
    out = []
    for target in path_nodes(org, member.parent_id) + [member]:
        label = level_label(org, target)
        out.append((label, [compile_policy(p).named(p.name, f"{ptype_word(ptype)} "
                                                            f"{p.name} on the {label}")
                            for p in attached(org, target.id, ptype)]))
    return out


def ptype_word(ptype: str) -> str:
    return "SCP" if ptype == SCP else "RCP" if ptype == RCP else ptype
