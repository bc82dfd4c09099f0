"""Stand up an organization through the real API in one call (notebooks, tests, other
services' labs): CreateOrganization, EnablePolicyType, CreateOrganizationalUnit,
CreateAccount (waiting on the lab's clock) and MoveAccount."""
from __future__ import annotations

from dataclasses import dataclass, field

from awslab.errors import AwslabError

WAIT_STEP_MINUTES = 1


@dataclass
class OrgTree:
    """What :func:`build_organization` made: IDs by name."""

    id: str
    root: str
    management: str
    units: dict[str, str] = field(default_factory=dict)       # OU name -> OU ID
    accounts: dict[str, str] = field(default_factory=dict)    # account name -> account ID

    def account(self, name: str) -> str:
        return self.accounts[name]


def management_client(lab, account_id: str, service: str = "organizations"):
    """A boto3 client acting as the admin user of ``account_id``."""
    if account_id == "123456789012":
        return lab.client(service)
    return lab.client(service, **lab.admin_credentials(account_id).as_client_kwargs())


def create_accounts(lab, org, names: list[str]) -> dict[str, str]:
    """CreateAccount for each name, then advance the clock until all have finished.
    Returns name -> account ID; raises if one failed."""
    requests = {n: org.create_account(Email=f"{n}@example.com", AccountName=n)
                ["CreateAccountStatus"]["Id"] for n in names}
    done: dict[str, str] = {}
    while len(done) < len(requests):
        lab.advance(minutes=WAIT_STEP_MINUTES)
        for name, rid in requests.items():
            status = org.describe_create_account_status(CreateAccountRequestId=rid)[
                "CreateAccountStatus"]
            if status["State"] == "FAILED":
                raise AwslabError(f"CreateAccount {name} failed: {status['FailureReason']}")
            if status["State"] == "SUCCEEDED":
                done[name] = status["AccountId"]
    return done


def build_organization(lab, layout: dict, management: str = "123456789012",
                       scps: bool = True) -> OrgTree:
    """An organization with OUs and created accounts, e.g.
    ``build_organization(lab, {"Dev": ["dev-1"], "Prod": ["prod-1"], "Root": ["shared"]})``
    (OU names, each a list of account names, or a nested dict of OUs; ``"Root"`` puts
    accounts under the root). The SCP policy type is enabled unless ``scps=False``.
    Advances the lab's clock while the accounts are created (2 minutes)."""
    org = management_client(lab, management)
    found = org.create_organization(FeatureSet="ALL")["Organization"]
    root = org.list_roots()["Roots"][0]["Id"]
    if scps:
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    tree = OrgTree(found["Id"], root, management)
    placements: dict[str, str] = {}

    def walk(parent: str, spec: dict) -> None:
        for name, inner in spec.items():
            where = parent
            if name != "Root":
                where = org.create_organizational_unit(ParentId=parent, Name=name)[
                    "OrganizationalUnit"]["Id"]
                tree.units[name] = where
            if isinstance(inner, dict):
                walk(where, inner)
            else:
                placements.update({a: where for a in inner})
    walk(root, layout)
    tree.accounts = create_accounts(lab, org, list(placements))
    for name, account_id in tree.accounts.items():
        if placements[name] != root:
            org.move_account(AccountId=account_id, SourceParentId=root,
                             DestinationParentId=placements[name])
    return tree


def client_as(lab, account_id: str, service: str, region: str = "us-east-1",
              role: str = "OrganizationAccountAccessRole", via: str = "123456789012"):
    """A boto3 client in a member account through ``role`` (assumed from the admin of the
    management account ``via``), as an administrator of the organization works."""
    sts = management_client(lab, via, "sts")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{role}",
                            RoleSessionName="org-admin")["Credentials"]
    return lab.client(service, region_name=region, aws_access_key_id=creds["AccessKeyId"],
                      aws_secret_access_key=creds["SecretAccessKey"],
                      aws_session_token=creds["SessionToken"])
