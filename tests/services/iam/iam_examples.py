"""One representative successful call per IAM operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py`` (``EXAMPLES["iam"]``).
"""
from iam_helpers import POLICY, TRUST


def _role(lab, name="ExRole", policy=None):
    iam = lab.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    if policy:
        iam.attach_role_policy(RoleName=name, PolicyArn=POLICY + policy)
    return iam


def _profile(lab, with_role=False):
    iam = _role(lab)
    iam.create_instance_profile(InstanceProfileName="ExProfile")
    if with_role:
        iam.add_role_to_instance_profile(InstanceProfileName="ExProfile", RoleName="ExRole")
    return iam


EXAMPLES = {"iam": {
    "CreateRole": lambda lab: lab.client("iam").create_role(
        RoleName="ExRole", AssumeRolePolicyDocument=TRUST, Description="example",
        Tags=[{"Key": "k", "Value": "v"}]),
    "GetRole": lambda lab: _role(lab).get_role(RoleName="ExRole"),
    "ListRoles": lambda lab: _role(lab).list_roles(),
    "DeleteRole": lambda lab: _role(lab).delete_role(RoleName="ExRole"),
    "AttachRolePolicy": lambda lab: _role(lab).attach_role_policy(
        RoleName="ExRole", PolicyArn=POLICY + "CloudWatchAgentServerPolicy"),
    "DetachRolePolicy": lambda lab: _role(lab, policy="ReadOnlyAccess").detach_role_policy(
        RoleName="ExRole", PolicyArn=POLICY + "ReadOnlyAccess"),
    "ListAttachedRolePolicies": lambda lab: _role(
        lab, policy="ReadOnlyAccess").list_attached_role_policies(RoleName="ExRole"),
    "CreateInstanceProfile": lambda lab: lab.client("iam").create_instance_profile(
        InstanceProfileName="ExProfile", Tags=[{"Key": "k", "Value": "v"}]),
    "GetInstanceProfile": lambda lab: _profile(lab, True).get_instance_profile(
        InstanceProfileName="ExProfile"),
    "AddRoleToInstanceProfile": lambda lab: _profile(lab).add_role_to_instance_profile(
        InstanceProfileName="ExProfile", RoleName="ExRole"),
    "RemoveRoleFromInstanceProfile": lambda lab: _profile(
        lab, True).remove_role_from_instance_profile(
        InstanceProfileName="ExProfile", RoleName="ExRole"),
    "DeleteInstanceProfile": lambda lab: _profile(lab).delete_instance_profile(
        InstanceProfileName="ExProfile"),
    "ListInstanceProfiles": lambda lab: _profile(lab, True).list_instance_profiles(),
    "ListInstanceProfilesForRole": lambda lab: _profile(
        lab, True).list_instance_profiles_for_role(RoleName="ExRole"),
}}

# users, groups, policies, providers, MFA and the simulator (issue 7)
from iam_examples_identity import EXAMPLES as _IDENTITY  # noqa: E402

EXAMPLES["iam"].update(_IDENTITY)
