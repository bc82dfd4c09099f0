"""OrganizationAccountAccessRole: the role CreateAccount puts in a new member account.

It trusts the management account and has administrator rights; IAM creates it through
its own CreateRole code, as if the Organizations service called IAM in the new account.
"""
from __future__ import annotations

import json

from awslab.bridge.call import Call
from awslab.services.iam.directory import root_principal

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def create_access_role(lab, account_id: str, management: str, role_name: str) -> str:
    """Create ``role_name`` in ``account_id`` trusting ``management``; returns its ARN."""
    from awslab.services.iam.operations.roles import create_role
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{management}:root"},
        "Action": "sts:AssumeRole"}]})
    params = {"RoleName": role_name, "AssumeRolePolicyDocument": trust}
    call = Call(lab, "iam", "CreateRole", "us-east-1", root_principal(account_id), params,
                request_id="organizations", time=lab.now)
    arn = create_role(call, params)["Role"]["Arn"]
    state = lab.state("iam", account_id)
    state.role(role_name).attached.append(ADMIN)
    state.changed()
    return arn
