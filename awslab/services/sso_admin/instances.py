"""Enabling IAM Identity Center and choosing its identity source (console settings,
which the AWS API does not offer; the lab offers them as functions).

* :func:`enable` -- "Enable IAM Identity Center" in the management account of an
  organization: an ORGANIZATION instance that can assign access to member accounts.
* :func:`set_identity_source` -- the identity source: the Identity Center directory
  (default), Active Directory (AWS Managed Microsoft AD, or a self-managed AD through an
  AD Connector; **Simple AD is not supported**), or an external IdP (SAML 2.0, with SCIM
  provisioning of users and groups).
"""
from __future__ import annotations

from awslab.errors import AwslabError
from awslab.services import identitystore
from awslab.services.sso_admin import provisioning
from awslab.services.sso_admin.state import Instance

SOURCES = ("IDENTITY_CENTER_DIRECTORY", "ACTIVE_DIRECTORY", "EXTERNAL_IDP")
AD_TYPES = ("MicrosoftAD", "ADConnector")


def create(lab, account_id: str, region: str, kind: str, name: str | None = None) -> Instance:
    state = lab.state("sso-admin", account_id, region)
    if kind == "ORGANIZATION" and any(i.kind == "ORGANIZATION"
                                      for _, s in lab.states("sso-admin")
                                      for i in s.instances.values() if i.owner == account_id):
        raise AwslabError(f"IAM Identity Center is already enabled for account {account_id}"
                          " (one organization instance, in one Region)")
    store = identitystore.create_store(lab, account_id, region)
    instance = Instance(f"arn:aws:sso:::instance/ssoins-{lab.ids.hex(16)}", kind,
                        account_id, region, store.store_id, lab.now.replace(microsecond=0),
                        name)
    state.instances[instance.arn] = instance
    return instance


def _organization(lab, account_id: str):
    from awslab.services import PACKAGES
    if "organizations" not in PACKAGES:
        return None
    seam = getattr(lab.service("organizations"), "organization_of", None)
    return seam(lab, account_id) if seam is not None else None


def enable(lab, account_id: str = "123456789012", region: str = "us-east-1") -> str:
    """Enable IAM Identity Center for the organization of ``account_id`` (its management
    account); returns the instance ARN. Without an organization the lab still allows it,
    and any account of the lab can be assigned."""
    org = _organization(lab, account_id)
    if org is not None and org["MasterAccountId"] != account_id:
        raise AwslabError(f"account {account_id} is a member account: enable IAM Identity "
                          f"Center in the management account {org['MasterAccountId']}")
    return create(lab, account_id, region, "ORGANIZATION").arn


def find_instance(lab, instance_arn: str) -> Instance:
    for _, state in lab.states("sso-admin"):
        if instance_arn in state.instances:
            return state.instances[instance_arn]
    raise AwslabError(f"no IAM Identity Center instance {instance_arn} in this lab")


def _directory(lab, instance: Instance, directory_id: str):
    from awslab.services.ds import capabilities, find_directory
    directory = find_directory(lab, instance.owner, instance.region, directory_id)
    if directory is None:
        raise AwslabError(f"no directory {directory_id} in account {instance.owner}, "
                          f"{instance.region} (the directory must be in the same account "
                          "and Region as Identity Center)")
    if directory.type not in AD_TYPES:
        raise AwslabError(f"{capabilities.LABELS[directory.type]} cannot be an identity "
                          "source of IAM Identity Center; use AWS Managed Microsoft AD or "
                          "an AD Connector")
    if directory.stage != "Active":
        raise AwslabError(f"directory {directory_id} is {directory.stage}, not Active yet: "
                          "advance the lab's clock")
    return directory


def set_identity_source(lab, instance_arn: str, source: str,
                        directory_id: str | None = None) -> dict:
    """Change the identity source of an instance and synchronise its identity store.

    Changing the source removes the users and groups of the old one, and with them their
    account assignments and, where nothing else uses them, the provisioned roles.
    Returns the new setting, e.g. ``{"type": "ACTIVE_DIRECTORY", "directory_id": ...}``.
    """
    instance = find_instance(lab, instance_arn)
    if source not in SOURCES:
        raise AwslabError(f"identity source is one of {', '.join(SOURCES)}")
    store = identitystore.find_store(lab, instance.owner, instance.region, instance.store_id)
    setting = {"type": source}
    if source == "ACTIVE_DIRECTORY":
        if not directory_id:
            raise AwslabError("an Active Directory identity source needs directory_id")
        from awslab.services.ds import domain_identities
        directory = _directory(lab, instance, directory_id)
        users, groups, issuer = domain_identities(lab, directory)
        identitystore.sync(lab, store, source, issuer, users, groups)
        setting.update(directory_id=directory_id, domain=directory.name)
    else:
        identitystore.sync(lab, store, source, source, {}, {})
    kept = set(store.users) | set(store.groups)
    for gone in [a for a in instance.assignments if a.principal_id not in kept]:
        instance.assignments.remove(gone)
        ps = instance.permission_sets.get(gone.permission_set_arn)
        if ps is not None and not any(a.account_id == gone.account_id and
                                      a.permission_set_arn == ps.arn
                                      for a in instance.assignments):
            provisioning.remove_role(lab, instance, ps, gone.account_id)
    instance.identity_source = setting
    return dict(setting)
