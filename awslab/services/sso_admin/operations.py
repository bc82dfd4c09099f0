"""IAM Identity Center administration: instances, permission sets with their policies,
account assignments and provisioning.

Assignments and provisioning are asynchronous as in AWS: the call answers
``IN_PROGRESS`` with a request ID, and the roles appear in the member accounts
``PROVISION_SECONDS`` later on the lab's clock (``Describe*Status`` tells). Quotas
(aws-facts 12.3): 2,000 permission sets per instance, 20 managed policies per set, one
inline policy of at most 10,240 characters, session duration 1 to 12 hours.
"""
from __future__ import annotations

from datetime import timedelta

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.policy import MalformedPolicyDocument, parse_policy
from awslab.services.sso_admin import durations, provisioning
from awslab.services.sso_admin.errors import (ConflictException, ResourceNotFoundException,
                                              ServiceQuotaExceededException,
                                              ValidationException)
from awslab.services.sso_admin.state import Assignment, Instance, PermissionSet

OPERATIONS = Operations("sso-admin", validation_code="ValidationException")
PROVISION_SECONDS = 5
MAX_PERMISSION_SETS = 2000
MAX_MANAGED = 20
MAX_INLINE = 10240
PAGE = 100


# -- lookups ---------------------------------------------------------------------------
def instance_of(call, arn: str) -> Instance:
    instance = call.state().instances.get(arn)
    if instance is None:
        raise ResourceNotFoundException(f"Instance {arn} does not exist.")
    return instance


def permission_set_of(instance: Instance, arn: str) -> PermissionSet:
    ps = instance.permission_sets.get(arn)
    if ps is None:
        raise ResourceNotFoundException(f"Could not find PermissionSet with id "
                                        f"{arn.rsplit('/', 1)[-1]}")
    return ps


def _both(call, p) -> tuple[Instance, PermissionSet]:
    instance = instance_of(call, p["InstanceArn"])
    return instance, permission_set_of(instance, p["PermissionSetArn"])


def _page(items: list, p: dict, salt: str, key: str) -> dict:
    chunk, token = paginate(items, p.get("NextToken"), p.get("MaxResults") or PAGE, salt,
                            ValidationException)
    return {key: chunk, **({"NextToken": token} if token else {})}


def instance_dict(instance: Instance) -> dict:
    out = {"InstanceArn": instance.arn, "IdentityStoreId": instance.store_id,
           "OwnerAccountId": instance.owner, "CreatedDate": instance.created,
           "Status": "ACTIVE"}
    if instance.name:
        out["Name"] = instance.name
    return out


def ps_dict(ps: PermissionSet) -> dict:
    out = {"Name": ps.name, "PermissionSetArn": ps.arn, "CreatedDate": ps.created,
           "SessionDuration": ps.session_duration}
    if ps.description:
        out["Description"] = ps.description
    if ps.relay_state:
        out["RelayState"] = ps.relay_state
    return out


# -- instances ---------------------------------------------------------------------------
@OPERATIONS("CreateInstance")
def create_instance(call, p):
    from awslab.services.sso_admin.instances import create
    instance = create(call.lab, call.account_id, call.region, "ACCOUNT", p.get("Name"))
    return {"InstanceArn": instance.arn}


@OPERATIONS("ListInstances")
def list_instances(call, p):
    items = [instance_dict(i) for i in call.state().instances.values()]
    return _page(items, p, "ListInstances", "Instances")


@OPERATIONS("DescribeInstance")
def describe_instance(call, p):
    return instance_dict(instance_of(call, p["InstanceArn"]))


# -- permission sets ---------------------------------------------------------------------
def _check_duration(text: str | None) -> None:
    if text is not None and not durations.valid(text):
        raise ValidationException("The session duration must be between 1 and 12 hours "
                                  f"(PT1H to PT12H), got {text}.")


@OPERATIONS("CreatePermissionSet")
def create_permission_set(call, p):
    instance = instance_of(call, p["InstanceArn"])
    if any(ps.name == p["Name"] for ps in instance.permission_sets.values()):
        raise ConflictException(f"PermissionSet with name {p['Name']} already exists.")
    if len(instance.permission_sets) >= MAX_PERMISSION_SETS:
        raise ServiceQuotaExceededException("The number of permission sets has reached "
                                            f"the quota of {MAX_PERMISSION_SETS}.")
    _check_duration(p.get("SessionDuration"))
    ps = PermissionSet(f"arn:aws:sso:::permissionSet/{instance.instance_id}/ps-"
                       f"{call.lab.ids.hex(16)}", p["Name"], call.now.replace(microsecond=0),
                       p.get("Description"), p.get("SessionDuration") or "PT1H",
                       p.get("RelayState"), tags={t["Key"]: t["Value"]
                                                  for t in p.get("Tags") or []})
    instance.permission_sets[ps.arn] = ps
    return {"PermissionSet": ps_dict(ps)}


@OPERATIONS("DescribePermissionSet")
def describe_permission_set(call, p):
    return {"PermissionSet": ps_dict(_both(call, p)[1])}


@OPERATIONS("UpdatePermissionSet")
def update_permission_set(call, p):
    _, ps = _both(call, p)
    _check_duration(p.get("SessionDuration"))
    for key, attr in (("Description", "description"), ("SessionDuration", "session_duration"),
                      ("RelayState", "relay_state")):
        if p.get(key) is not None:
            setattr(ps, attr, p[key])
    ps.version += 1
    return {}


@OPERATIONS("ListPermissionSets")
def list_permission_sets(call, p):
    instance = instance_of(call, p["InstanceArn"])
    return _page(list(instance.permission_sets), p, "ListPermissionSets" + instance.arn,
                 "PermissionSets")


@OPERATIONS("DeletePermissionSet")
def delete_permission_set(call, p):
    instance, ps = _both(call, p)
    if any(a.permission_set_arn == ps.arn for a in instance.assignments):
        raise ConflictException(f"PermissionSet {ps.name} is assigned to accounts; delete "
                                "its account assignments first.")
    del instance.permission_sets[ps.arn]
    return {}


@OPERATIONS("AttachManagedPolicyToPermissionSet")
def attach_managed_policy(call, p):
    _, ps = _both(call, p)
    arn = p["ManagedPolicyArn"]
    if arn not in MANAGED_POLICIES:
        raise ResourceNotFoundException(f"Policy {arn} does not exist.")
    if arn in ps.managed:
        raise ConflictException(f"Managed policy {arn} is already attached to the "
                                "permission set.")
    if len(ps.managed) >= MAX_MANAGED:
        raise ServiceQuotaExceededException(f"A permission set can have at most "
                                            f"{MAX_MANAGED} managed policies.")
    ps.managed.append(arn)
    ps.version += 1
    return {}


@OPERATIONS("DetachManagedPolicyFromPermissionSet")
def detach_managed_policy(call, p):
    _, ps = _both(call, p)
    if p["ManagedPolicyArn"] not in ps.managed:
        raise ResourceNotFoundException(f"Policy {p['ManagedPolicyArn']} is not attached "
                                        "to the permission set.")
    ps.managed.remove(p["ManagedPolicyArn"])
    ps.version += 1
    return {}


@OPERATIONS("ListManagedPoliciesInPermissionSet")
def list_managed_policies(call, p):
    _, ps = _both(call, p)
    items = [{"Name": a.rsplit("/", 1)[-1], "Arn": a} for a in ps.managed]
    return _page(items, p, "ListManagedPolicies" + ps.arn, "AttachedManagedPolicies")


@OPERATIONS("PutInlinePolicyToPermissionSet")
def put_inline_policy(call, p):
    _, ps = _both(call, p)
    text = p["InlinePolicy"]
    if len(text) > MAX_INLINE:
        raise ValidationException(f"The inline policy exceeds the maximum size of "
                                  f"{MAX_INLINE} characters.")
    try:
        parse_policy(text, "identity")
    except MalformedPolicyDocument as err:
        raise ValidationException(f"The inline policy is not valid: {err.message}") from None
    ps.inline = text
    ps.version += 1
    return {}


@OPERATIONS("GetInlinePolicyForPermissionSet")
def get_inline_policy(call, p):
    _, ps = _both(call, p)
    return {"InlinePolicy": ps.inline} if ps.inline else {}


@OPERATIONS("DeleteInlinePolicyFromPermissionSet")
def delete_inline_policy(call, p):
    _, ps = _both(call, p)
    ps.inline = None
    ps.version += 1
    return {}


# -- assignments and provisioning ------------------------------------------------------
def _status(call, instance, kind: str, fields: dict, work) -> dict:
    """Record an IN_PROGRESS request; ``work()`` runs on the clock and returns a failure
    reason or None."""
    request_id = call.lab.ids.uuid()
    status = {"Status": "IN_PROGRESS", "RequestId": request_id,
              "CreatedDate": call.now.replace(microsecond=0), **fields}
    instance.requests[request_id] = {"kind": kind, **status}

    def finish(_when):
        reason = work()
        done = instance.requests[request_id]
        done["Status"] = "FAILED" if reason else "SUCCEEDED"
        if reason:
            done["FailureReason"] = reason
    call.lab.clock.at(call.now + timedelta(seconds=PROVISION_SECONDS), finish,
                      name=f"sso-admin {kind} {request_id}")
    return dict(status)


def _request(call, p, key: str, kind: str) -> dict:
    instance = instance_of(call, p["InstanceArn"])
    found = instance.requests.get(p[key])
    if found is None or found["kind"] != kind:
        raise ResourceNotFoundException(f"Request {p[key]} does not exist.")
    return {k: v for k, v in found.items() if k != "kind"}


def _member_accounts(lab, instance) -> list[str] | None:
    """The accounts the instance may assign (its organization's), or None if unknown."""
    from awslab.services import PACKAGES
    if "organizations" not in PACKAGES:
        return None
    seam = getattr(lab.service("organizations"), "organization_of", None)
    org = seam(lab, instance.owner) if seam is not None else None
    return list(org["accounts"]) if org else None


def _check_principal(call, instance, p) -> None:
    store = call.lab.state("identitystore", instance.owner, instance.region).stores[
        instance.store_id]
    table = store.users if p["PrincipalType"] == "USER" else store.groups
    if p["PrincipalId"] not in table:
        raise ValidationException(f"{p['PrincipalType'].title()} {p['PrincipalId']} does "
                                  f"not exist in identity store {instance.store_id}.")


def _assignment_fields(p: dict, ps) -> dict:
    return {"TargetId": p["TargetId"], "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": ps.arn, "PrincipalType": p["PrincipalType"],
            "PrincipalId": p["PrincipalId"]}


@OPERATIONS("CreateAccountAssignment")
def create_account_assignment(call, p):
    instance, ps = _both(call, p)
    if instance.kind != "ORGANIZATION":
        raise ValidationException("Account instances of IAM Identity Center cannot assign "
                                  "access to AWS accounts; use the organization instance.")
    _check_principal(call, instance, p)
    account = p["TargetId"]
    assignment = Assignment(account, ps.arn, p["PrincipalType"], p["PrincipalId"])
    lab = call.lab

    def work():
        members = _member_accounts(lab, instance)
        if account not in lab.accounts or (members is not None and account not in members):
            return f"The account {account} is not a member of the organization."
        if assignment not in instance.assignments:
            instance.assignments.append(assignment)
        provisioning.put_role(lab, instance, ps, account)
        return None
    return {"AccountAssignmentCreationStatus": _status(call, instance, "create",
                                                       _assignment_fields(p, ps), work)}


@OPERATIONS("DescribeAccountAssignmentCreationStatus")
def describe_creation_status(call, p):
    return {"AccountAssignmentCreationStatus": _request(
        call, p, "AccountAssignmentCreationRequestId", "create")}


@OPERATIONS("DeleteAccountAssignment")
def delete_account_assignment(call, p):
    instance, ps = _both(call, p)
    assignment = Assignment(p["TargetId"], ps.arn, p["PrincipalType"], p["PrincipalId"])
    if assignment not in instance.assignments:
        raise ResourceNotFoundException("The account assignment does not exist.")
    lab = call.lab

    def work():
        instance.assignments.remove(assignment)
        if not any(a.account_id == assignment.account_id and a.permission_set_arn == ps.arn
                   for a in instance.assignments):
            provisioning.remove_role(lab, instance, ps, assignment.account_id)
        return None
    return {"AccountAssignmentDeletionStatus": _status(call, instance, "delete",
                                                       _assignment_fields(p, ps), work)}


@OPERATIONS("DescribeAccountAssignmentDeletionStatus")
def describe_deletion_status(call, p):
    return {"AccountAssignmentDeletionStatus": _request(
        call, p, "AccountAssignmentDeletionRequestId", "delete")}


@OPERATIONS("ListAccountAssignments")
def list_account_assignments(call, p):
    instance, ps = _both(call, p)
    items = [{"AccountId": a.account_id, "PermissionSetArn": a.permission_set_arn,
              "PrincipalType": a.principal_type, "PrincipalId": a.principal_id}
             for a in instance.assignments
             if a.account_id == p["AccountId"] and a.permission_set_arn == ps.arn]
    return _page(items, p, f"ListAccountAssignments{ps.arn}{p['AccountId']}",
                 "AccountAssignments")


@OPERATIONS("ProvisionPermissionSet")
def provision_permission_set(call, p):
    instance, ps = _both(call, p)
    if p["TargetType"] == "AWS_ACCOUNT" and not p.get("TargetId"):
        raise ValidationException("TargetId is required when TargetType is AWS_ACCOUNT.")
    targets = [p["TargetId"]] if p["TargetType"] == "AWS_ACCOUNT" else sorted(ps.provisioned)
    lab = call.lab

    def work():
        missing = [t for t in targets if not any(
            a.account_id == t and a.permission_set_arn == ps.arn for a in instance.assignments)]
        if missing:
            return (f"The permission set is not assigned in account {missing[0]}; create an "
                    "account assignment first.")
        for account in targets:
            provisioning.put_role(lab, instance, ps, account)
        return None
    fields = {"PermissionSetArn": ps.arn}
    if p.get("TargetId"):
        fields["AccountId"] = p["TargetId"]
    return {"PermissionSetProvisioningStatus": _status(call, instance, "provision", fields,
                                                       work)}


@OPERATIONS("DescribePermissionSetProvisioningStatus")
def describe_provisioning_status(call, p):
    return {"PermissionSetProvisioningStatus": _request(
        call, p, "ProvisionPermissionSetRequestId", "provision")}


def _provision_filter(ps, account: str, wanted: str | None) -> bool:
    if account not in ps.provisioned:
        return False
    latest = ps.provisioned[account] == ps.version
    return wanted is None or latest == (wanted == "LATEST_PERMISSION_SET_PROVISIONED")


@OPERATIONS("ListAccountsForProvisionedPermissionSet")
def list_accounts_for_provisioned(call, p):
    _, ps = _both(call, p)
    items = [a for a in sorted(ps.provisioned)
             if _provision_filter(ps, a, p.get("ProvisioningStatus"))]
    return _page(items, p, "ListAccountsForProvisioned" + ps.arn, "AccountIds")


@OPERATIONS("ListPermissionSetsProvisionedToAccount")
def list_permission_sets_provisioned(call, p):
    instance = instance_of(call, p["InstanceArn"])
    items = [ps.arn for ps in instance.permission_sets.values()
             if _provision_filter(ps, p["AccountId"], p.get("ProvisioningStatus"))]
    return _page(items, p, "ListProvisionedToAccount" + p["AccountId"], "PermissionSets")
