"""What other services ask Organizations: the IAM engine's SCP/RCP levels, the
management-account exemption, ``aws:PrincipalOrgID``, and the organization of an account
(RAM, Config aggregators, EventBridge bus policies)."""
from __future__ import annotations

from typing import Optional

from awslab.services.organizations import policies
from awslab.services.organizations.model import organization_for


def policy_levels(lab, account_id: str, kind: str = "scp") -> Optional[list]:
    """``[(label, [policies]), ...]`` from the root through each OU to ``account_id`` for
    ``kind`` ``"scp"`` or ``"rcp"``; ``None`` when the account is in no organization or
    the policy type is not enabled (the IAM engine then skips the layer)."""
    org = organization_for(lab, account_id)
    ptype = policies.TYPE_OF_KIND.get(kind)
    if org is None or ptype not in org.enabled or account_id not in org.accounts:
        return None
    # every change to the organization starts a new IAM generation of the accounts below
    generation = lab.state("iam", account_id).generation
    cached = org.levels_cache.get((account_id, ptype))
    if cached is None or cached[0] != generation:
        cached = org.levels_cache[(account_id, ptype)] = (
            generation, policies.levels(org, org.accounts[account_id], ptype))
    return cached[1]


def is_management_account(lab, account_id: str) -> bool:
    """Whether ``account_id`` is the management account of its organization."""
    org = organization_for(lab, account_id)
    return org is not None and org.management == account_id


def organization_id(lab, account_id: str) -> Optional[str]:
    """The ``o-...`` ID of the account's organization (``aws:PrincipalOrgID``), or None."""
    org = organization_for(lab, account_id)
    return org.id if org is not None else None


def organization_of(lab, account_id: str) -> Optional[dict]:
    """``{"Id", "Arn", "MasterAccountId", "accounts": [ids], "root": root ID, "ous":
    {ou ID: name}, "parents": {account: parent ID}}`` of the account's organization, or
    None."""
    org = organization_for(lab, account_id)
    if org is None:
        return None
    return {"Id": org.id, "Arn": org.arn, "MasterAccountId": org.management,
            "accounts": list(org.accounts), "root": org.root.id,
            "ous": {u.id: u.name for u in org.units.values()},
            "parents": {m.id: m.parent_id for m in org.accounts.values()},
            "service_access": sorted(org.service_access)}


def accounts_below(lab, account_id: str, node_id: str) -> Optional[list[str]]:
    """Accounts of the organization of ``account_id`` in the root or OU ``node_id`` and
    every OU below it (RAM shares with an OU); None if no such node."""
    from awslab.services.organizations.model import members_below
    org = organization_for(lab, account_id)
    if org is None or org.node(node_id) is None:
        return None
    return members_below(org, node_id)
