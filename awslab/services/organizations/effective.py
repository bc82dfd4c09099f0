"""What an organization looks like and what its SCPs leave to each account: the tree with
the SCPs at every node, and effective permissions level by level (root -> OUs -> account).

Both read the organization directly (they are views for charts, not API calls); the
decisions come from the IAM policy engine with an administrator's identity policy, so
only the SCPs can take anything away. Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from __future__ import annotations

from awslab.errors import AwslabError
from awslab.services.organizations import policies
from awslab.services.organizations.model import children, organization_for
from awslab.services.organizations.state import SCP

ADMIN_POLICY = '{"Version": "2012-10-17", "Statement": [' \
               '{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


def _org(lab, account_id: str):
    org = organization_for(lab, account_id)
    if org is None:
        raise AwslabError(f"account {account_id} is not in an organization")
    return org


def describe_tree(lab, account_id: str = "123456789012") -> dict:
    """The organization of ``account_id`` as nested dicts: ``{"id", "name", "kind",
    "scps": [policy names], "children": [...], "accounts": [{"id", "name", "scps",
    "management"}]}`` starting at the root, in creation order."""
    org = _org(lab, account_id)

    def scps(target_id: str) -> list[str]:
        if SCP not in org.enabled:
            return []
        return [p.name for p in policies.attached(org, target_id, SCP)]

    def node(n) -> dict:
        return {"id": n.id, "name": n.name, "kind": n.kind, "scps": scps(n.id),
                "children": [node(c) for c in children(org, n.id, "ORGANIZATIONAL_UNIT")],
                "accounts": [{"id": m.id, "name": m.name, "scps": scps(m.id),
                              "management": m.id == org.management}
                             for m in children(org, n.id, "ACCOUNT")]}
    return {**node(org.root), "organization": org.id, "scps_enabled": SCP in org.enabled}


def effective_permissions(lab, account_id: str, actions: list[str],
                          resource: str = "*") -> dict:
    """For each action, whether the SCPs at each level allow it and the result for the
    account: ``{"levels": [labels], "actions": actions, "cells": [[decision per level]
    per action], "effective": [decision per action], "exempt": bool}``; decisions are
    ``allowed``, ``explicitDeny`` or ``implicitDeny`` (the engine's words). The
    management account is exempt: everything its identity policies allow stays."""
    from awslab.services.iam.policy import PolicySet, Request, evaluate, parse_policy
    org = _org(lab, account_id)
    member = org.accounts[account_id]
    admin = parse_policy(ADMIN_POLICY, "identity", name="AdministratorAccess")
    exempt = account_id == org.management
    levels = policies.levels(org, member, SCP) if SCP in org.enabled else []
    principal = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"

    def decide(scps) -> str:
        out = []
        for action in actions:
            request = Request(principal, action, resource, principal_account=account_id)
            out.append(evaluate(request, PolicySet(identity=[admin], scps=scps,
                                                   management_account=exempt),
                                trace=False).eval_decision)
        return out
    per_level = [decide([level]) for level in levels]
    effective = decide(levels if levels else None)
    return {"levels": [label for label, _ in levels], "actions": list(actions),
            "cells": [[per_level[j][i] for j in range(len(levels))]
                      for i in range(len(actions))],
            "effective": effective, "exempt": exempt}
