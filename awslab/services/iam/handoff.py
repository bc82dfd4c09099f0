"""What IAM answers other services through ``lab.send("iam", kind, ...)``.

* ``"instance_profile"`` -- ``{"Name": ...}`` or ``{"Arn": ...}``: a short description of
  the instance profile (``Arn``, ``InstanceProfileId``, ``InstanceProfileName``,
  ``Roles`` as ``[{"RoleName", "Arn", "RoleId"}]``), or ``None`` if there is none.
* ``"instance_profile_permits"`` -- ``{"InstanceProfileArn", "Action"}`` (optional
  ``"Resource"``, ``"SessionName"``, ``"Context"``): whether the role session of that
  profile may perform ``Action``, decided by the policy engine exactly as enforcement
  decides a call, as ``{"Allowed", "RoleName", "RoleArn", "Reason", "Message"}``
  (``Message``: AWS's AccessDenied sentence).
"""
from __future__ import annotations

from awslab import authz
from awslab.errors import AwslabError
from awslab.identity import Principal


def receive(lab, state, kind: str, payload: dict):
    """Answer a request handed over by another service (see the module docstring)."""
    if kind == "instance_profile":
        return _describe_profile(state, payload)
    if kind == "instance_profile_permits":
        return _profile_permits(lab, state, payload)
    raise AwslabError(f"IAM does not handle {kind!r} requests")


def _describe_profile(state, payload: dict) -> dict | None:
    if payload.get("Arn"):
        profile = state.instance_profile_by_arn(payload["Arn"])
    else:
        profile = state.instance_profile(payload.get("Name", ""))
    if profile is None:
        return None
    roles = [state.role(n) for n in profile.roles]
    return {"Arn": profile.arn, "InstanceProfileId": profile.profile_id,
            "InstanceProfileName": profile.name,
            "Roles": [{"RoleName": r.name, "Arn": r.arn, "RoleId": r.role_id}
                      for r in roles if r is not None]}


def _profile_permits(lab, state, payload: dict) -> dict:
    from awslab.services.iam.enforce import decide
    profile_arn, action = payload["InstanceProfileArn"], payload["Action"]
    profile = state.instance_profile_by_arn(profile_arn)
    if profile is None:
        return {"Allowed": False, "RoleName": None, "RoleArn": None,
                "Reason": f"the instance profile {profile_arn} no longer exists"}
    role = state.role(profile.roles[0]) if profile.roles else None
    if role is None:
        return {"Allowed": False, "RoleName": None, "RoleArn": None,
                "Reason": f"the instance profile {profile.name} has no role"}
    session = payload.get("SessionName", "instance")
    account = state.account_id
    principal = Principal("AssumedRole", account,
                          f"arn:aws:sts::{account}:assumed-role/{role.name}/{session}",
                          f"{role.role_id}:{session}", session,
                          {"type": "AssumeRole", "role_arn": role.arn, "temporary": True,
                           "key": f"instance-profile:{profile.arn}"})
    resource = authz.Resource(payload.get("Resource", "*"))
    decision = decide(lab, principal, action, resource, payload.get("Context") or {})
    if decision.allowed:
        return {"Allowed": True, "RoleName": role.name, "RoleArn": role.arn, "Reason": "",
                "Message": ""}
    attached = ", ".join(a.rsplit("/", 1)[-1] for a in role.attached) or "none"
    return {"Allowed": False, "RoleName": role.name, "RoleArn": role.arn,
            "Reason": f"{decision.reason} (attached policies: {attached})",
            "Message": authz.denial_message(principal.arn, action, resource.arn, decision)}
