"""AWS Directory Service (botocore ``ds``): AWS Managed Microsoft AD with trusts to an
on-premises domain, AD Connector (a proxy that caches nothing in the cloud) and Simple AD
(Samba-based, no trusts and no MFA), on the lab's clock; the capability matrix of
:mod:`.capabilities`. Introduced in ``12_federation_and_directories.ipynb``.
"""
from __future__ import annotations

from awslab.services.ds import capabilities
from awslab.services.ds.operations import OPERATIONS
from awslab.services.ds.state import Directory, State
from awslab.services.idp import onprem

GLOBAL = False
TRUSTING = ("One-Way: Outgoing", "Two-Way")    # the AWS directory trusts the remote one


def find_directory(lab, account_id: str, region: str, directory_id: str) -> Directory | None:
    return lab.state("ds", account_id, region).directories.get(directory_id)


def vpc_settings(lab, account_id: str = "123456789012", region: str = "us-east-1") -> dict:
    """``{"VpcId", "SubnetIds"}``: two subnets in different Availability Zones of the
    account's default VPC, as a directory needs them."""
    ec2 = lab.state("ec2", account_id, region)
    subnets = sorted(ec2.subnets.values(), key=lambda s: s.availability_zone)[:2]
    return {"VpcId": ec2.vpc_id, "SubnetIds": [s.subnet_id for s in subnets]}


def domain_identities(lab, directory: Directory) -> tuple[dict, dict, str]:
    """``(users, groups, issuer)`` a directory makes available to IAM Identity Center:
    an AD Connector's on-premises domain (looked up live, nothing cached), or a Managed
    AD's own Admin user plus the users of the domains it trusts (verified trusts)."""
    domains = []
    if directory.type == "ADConnector":
        found = onprem.reachable(lab, directory.name, directory.customer_dns_ips)
        domains = [found] if found else []
    users: dict = {}
    if directory.type == "MicrosoftAD":
        users["Admin"] = {"display": "Admin", "given": "Admin", "family": directory.short_name}
        domains = [onprem.reachable(lab, t.remote_domain) for t in directory.trusts.values()
                   if t.state == "Verified" and t.direction in TRUSTING]
    groups: dict = {}
    for domain in filter(None, domains):
        for entry in domain.users.values():
            users[entry["name"]] = entry
        for group, members in domain.groups().items():
            groups.setdefault(group, []).extend(members)
    return users, groups, f"{directory.type}:{directory.directory_id}"


def _directory_arn(call) -> list:
    d = call.params.get("DirectoryId")
    return [f"arn:aws:ds:{call.region}:{call.account_id}:directory/{d}" if d else "*"]


RESOURCES = {op: _directory_arn for op in ("CreateTrust", "DeleteDirectory",
                                           "DescribeTrusts")}

__all__ = ["GLOBAL", "OPERATIONS", "RESOURCES", "State", "capabilities",
           "domain_identities", "find_directory", "vpc_settings"]
