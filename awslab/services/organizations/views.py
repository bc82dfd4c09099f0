"""What the Organizations API returns for each entity (botocore's output shapes)."""
from __future__ import annotations

from awslab.services.organizations.model import path_nodes, path_text
from awslab.services.organizations.state import (
    CreateAccountStatus, Handshake, Member, Node, Organization, OrgPolicy)


def organization(org: Organization) -> dict:
    return {"Id": org.id, "Arn": org.arn, "FeatureSet": org.feature_set,
            "MasterAccountArn": f"arn:aws:organizations::{org.management}:account/"
                                f"{org.id}/{org.management}",
            "MasterAccountId": org.management, "MasterAccountEmail": org.management_email,
            "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}


def root(org: Organization) -> dict:
    return {"Id": org.root.id, "Arn": org.root.arn, "Name": org.root.name,
            "PolicyTypes": [{"Type": t, "Status": "ENABLED"} for t in org.enabled]}


def unit(org: Organization, node: Node) -> dict:
    return {"Id": node.id, "Arn": node.arn, "Name": node.name,
            "Path": path_text(org, path_nodes(org, node.parent_id), node.id)}


def account(org: Organization, member: Member) -> dict:
    return {"Id": member.id, "Arn": member.arn, "Email": member.email, "Name": member.name,
            "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": member.joined_method,
            "JoinedTimestamp": member.joined,
            "Paths": [path_text(org, path_nodes(org, member.parent_id), member.id)]}


def policy_summary(policy: OrgPolicy) -> dict:
    return {"Id": policy.id, "Arn": policy.arn, "Name": policy.name,
            "Description": policy.description, "Type": policy.type,
            "AwsManaged": policy.aws_managed}


def policy(p: OrgPolicy) -> dict:
    return {"PolicySummary": policy_summary(p), "Content": p.content}


def status(s: CreateAccountStatus) -> dict:
    out = {"Id": s.id, "AccountName": s.name, "State": s.state,
           "RequestedTimestamp": s.requested}
    if s.completed is not None:
        out["CompletedTimestamp"] = s.completed
    if s.account_id:
        out["AccountId"] = s.account_id
    if s.failure:
        out["FailureReason"] = s.failure
    return out


def handshake(h: Handshake) -> dict:
    organization = {"Type": "ORGANIZATION", "Value": h.organization_id, "Resources": [
        {"Type": "MASTER_EMAIL", "Value": h.master_email},
        {"Type": "MASTER_NAME", "Value": h.master_name},
        {"Type": "ORGANIZATION_FEATURE_SET", "Value": h.feature_set}]}
    resources = [organization]
    if h.action == "INVITE":
        resources.append({"Type": "ACCOUNT", "Value": h.target})
    if h.parent:
        resources.append({"Type": "PARENT_HANDSHAKE", "Value": h.parent})
    if h.notes:
        resources.append({"Type": "NOTES", "Value": h.notes})
    return {"Id": h.id, "Arn": h.arn, "State": h.state, "Action": h.action,
            "RequestedTimestamp": h.requested, "ExpirationTimestamp": h.expires,
            "Parties": [{"Id": h.organization_id, "Type": "ORGANIZATION"},
                        {"Id": h.target, "Type": "ACCOUNT"}],
            "Resources": resources}
