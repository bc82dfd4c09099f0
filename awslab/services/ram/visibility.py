"""Who sees what in a shared VPC: the subnets and the instances running in them, account
by account (aws-facts 11.2). The matrix is read from the same state DescribeSubnets and
DescribeInstances answer from, so it agrees with what each account's API calls show.
Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from __future__ import annotations

from typing import Sequence


def _name(lab, account: str) -> str:
    return lab.accounts.get(account, {}).get("Name", account)


def visibility_matrix(lab, owner: str, subnet_ids: Sequence[str], accounts: Sequence[str],
                      region: str = "us-east-1") -> tuple[list, list, list]:
    """``(rows, columns, cells)`` for :func:`awslab.viz.organizations.visibility_figure`:
    one row per subnet of ``owner`` and per live instance in those subnets (whoever
    launched it), one column per account, each cell ``manage`` (its own: may modify and
    delete), ``view`` (shared with it: may see and use, not modify) or ``none``."""
    rows, cells = [], []
    owner_state = lab.state("ec2", owner, region)
    for subnet_id in subnet_ids:
        rows.append(f"{subnet_id} ({owner_state.vpc_subnets[subnet_id].cidr})")
        cells.append(["manage" if a == owner else
                      "view" if subnet_id in lab.state("ec2", a, region).shared_subnets
                      else "none" for a in accounts])
    for (account, where), state in lab.states("ec2"):
        if where != region:
            continue
        for inst in state.instances.values():
            if inst.subnet.subnet_id in subnet_ids and inst.state != "terminated":
                rows.append(f"{inst.instance_id} ({_name(lab, account)})")
                cells.append(["manage" if a == account else "none" for a in accounts])
    columns = [f"{_name(lab, a)}{' (owner)' if a == owner else ''}" for a in accounts]
    return rows, columns, cells
