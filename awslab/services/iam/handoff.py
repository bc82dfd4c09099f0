"""What IAM answers other services through ``lab.send("iam", kind, ...)``.

* ``"instance_profile"`` -- ``{"Name": ...}`` or ``{"Arn": ...}``: a short description of
  the instance profile (``Arn``, ``InstanceProfileId``, ``InstanceProfileName``,
  ``Roles`` as ``[{"RoleName", "Arn", "RoleId"}]``), or ``None`` if there is none.
* ``"instance_profile_permits"`` -- ``{"InstanceProfileArn", "Action"}``: whether the role
  of that profile may perform ``Action``, as ``{"Allowed", "RoleName", "RoleArn",
  "Reason"}``. Today this checks the role's attached managed policies with
  ``documents.statements_allow``; the IAM policy engine will answer it in full.
"""
from __future__ import annotations

from awslab.errors import AwslabError
from awslab.services.iam.documents import statements_allow
from awslab.services.iam.managed import MANAGED_POLICIES


def receive(lab, state, kind: str, payload: dict):
    """Answer a request handed over by another service (see the module docstring)."""
    if kind == "instance_profile":
        return _describe_profile(state, payload)
    if kind == "instance_profile_permits":
        return _profile_permits(state, payload["InstanceProfileArn"], payload["Action"])
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


def _profile_permits(state, profile_arn: str, action: str) -> dict:
    profile = state.instance_profile_by_arn(profile_arn)
    if profile is None:
        return {"Allowed": False, "RoleName": None, "RoleArn": None,
                "Reason": f"the instance profile {profile_arn} no longer exists"}
    role = state.role(profile.roles[0]) if profile.roles else None
    if role is None:
        return {"Allowed": False, "RoleName": None, "RoleArn": None,
                "Reason": f"the instance profile {profile.name} has no role"}
    documents = [MANAGED_POLICIES[arn].document for arn in role.attached]
    if statements_allow(documents, action):
        return {"Allowed": True, "RoleName": role.name, "RoleArn": role.arn, "Reason": ""}
    attached = ", ".join(a.rsplit("/", 1)[-1] for a in role.attached) or "none"
    return {"Allowed": False, "RoleName": role.name, "RoleArn": role.arn,
            "Reason": f"no identity-based policy of role {role.name} allows {action} "
                      f"(attached policies: {attached})"}
