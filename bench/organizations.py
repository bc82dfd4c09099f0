"""Organizations and RAM calls per second, beside moto answering the same boto3 calls.

An organization with three OUs and five member accounts; each round trip is one
``ListAccounts``, one ``ListPoliciesForTarget`` and one ``DescribeOrganization`` as the
management account. A second row times a member account's ``DescribeInstances`` made
through ``OrganizationAccountAccessRole`` with SCPs at three levels (root, OU, account):
every such call is authorised by the IAM engine with the SCP levels (moto answers the
same call without any authorisation). Not a test: ``python bench/organizations.py``.
"""
from __future__ import annotations

import json
import os

from run import per_call           # bench/run.py: median seconds per call

LAYOUT = {"Security": ["log-archive"], "Dev": ["dev-1", "dev-2"], "Prod": ["prod-1",
                                                                          "prod-2"]}
DENY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "elasticmapreduce:*", "Resource": "*"}]})


def _round_trip(org, target):
    def call():
        org.list_accounts()
        org.list_policies_for_target(TargetId=target, Filter="SERVICE_CONTROL_POLICY")
        org.describe_organization()
    return call


def awslab_calls():
    from awslab import Lab
    from awslab.services.organizations import build_organization, client_as
    lab = Lab(seed=1)
    tree = build_organization(lab, LAYOUT)
    org = lab.client("organizations")
    pid = org.create_policy(Name="NoEMR", Description="", Type="SERVICE_CONTROL_POLICY",
                            Content=DENY)["Policy"]["PolicySummary"]["Id"]
    dev = tree.account("dev-1")
    for target in (tree.root, tree.units["Dev"], dev):
        org.attach_policy(PolicyId=pid, TargetId=target)
    member = client_as(lab, dev, "ec2")
    return (per_call(_round_trip(org, tree.units["Dev"])),
            per_call(lambda: member.describe_instances()))


def moto_calls():
    import boto3
    from moto import mock_aws
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(key, "testing")
    with mock_aws():
        org = boto3.client("organizations", region_name="us-east-1")
        org.create_organization(FeatureSet="ALL")
        root = org.list_roots()["Roots"][0]["Id"]
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        units = {name: org.create_organizational_unit(ParentId=root, Name=name)[
            "OrganizationalUnit"]["Id"] for name in LAYOUT}
        for name, accounts in LAYOUT.items():
            for account in accounts:
                made = org.create_account(Email=f"{account}@example.com",
                                          AccountName=account)["CreateAccountStatus"]
                org.move_account(AccountId=made["AccountId"], SourceParentId=root,
                                 DestinationParentId=units[name])
        ec2 = boto3.client("ec2", region_name="us-east-1")
        return (per_call(_round_trip(org, units["Dev"])),
                per_call(lambda: ec2.describe_instances()))


def rows() -> list:
    """Rows for ``bench/run.py``: ``(name, awslab, baseline, unit)`` in microseconds."""
    ours_org, ours_member = awslab_calls()
    theirs_org, theirs_member = moto_calls()
    return [
        (f"Organizations ListAccounts+ListPoliciesForTarget+DescribeOrganization, 6 "
         f"accounts: {theirs_org / ours_org:.1f}x moto", ours_org * 1e6, theirs_org * 1e6,
         "us"),
        (f"member DescribeInstances via OrganizationAccountAccessRole, SCPs on 3 levels "
         f"(moto: no authorisation): {theirs_member / ours_member:.1f}x moto",
         ours_member * 1e6, theirs_member * 1e6, "us")]


if __name__ == "__main__":
    for name, ours, theirs, unit in rows():
        print(f"{name}\n  awslab {ours:9.1f} {unit}   moto {theirs:9.1f} {unit}")
