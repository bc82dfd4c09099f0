"""The AWS access portal: a workforce user signs in (to Identity Center's directory, AD or
the external IdP -- the lab's :func:`sign_in`) and gets an access token, with which the
``sso`` client lists their accounts and roles and gets role credentials.

Behind the portal, Identity Center federates the user into the account with SAML: the
credentials are a session of the ``AWSReservedSSO_...`` role named after the user, issued
through the account's ``AWSSSO_..._DO_NOT_DELETE`` SAML provider and lasting the
permission set's session duration. The portal session itself lasts 8 hours (the default).
"""
from __future__ import annotations

from datetime import timedelta

from awslab.errors import AwslabError
from awslab.services.sso_admin import provisioning
from awslab.services.sso_admin.durations import parse as seconds
from awslab.services.sso_admin.instances import find_instance

PORTAL_HOURS = 8


def sign_in(lab, instance_arn: str, user_name: str) -> str:
    """An access token of the portal for ``user_name`` (as after a successful sign-in)."""
    instance = find_instance(lab, instance_arn)
    store = lab.state("identitystore", instance.owner, instance.region).stores[
        instance.store_id]
    user = store.user_named(user_name)
    if user is None:
        raise AwslabError(f"no user {user_name!r} in identity store {instance.store_id} "
                          f"(identity source: {instance.identity_source['type']})")
    token = "aoa" + lab.ids.secret(120).replace("/", "_").replace("+", "-")
    instance.tokens[token] = {"user_id": user.user_id, "user_name": user.user_name,
                              "expires": lab.now + timedelta(hours=PORTAL_HOURS)}
    return token


def session(lab, token: str):
    """``(instance, session)`` of a live access token, or ``(None, None)``."""
    for _, state in lab.states("sso-admin"):
        for instance in state.instances.values():
            found = instance.tokens.get(token)
            if found is not None and found["expires"] > lab.now:
                return instance, found
    return None, None


def entitlements(lab, instance, user_id: str) -> dict:
    """``{account: [permission set, ...]}`` the user reaches directly or via groups."""
    store = lab.state("identitystore", instance.owner, instance.region).stores[
        instance.store_id]
    principals = {user_id, *store.groups_of(user_id)}
    out: dict = {}
    for a in instance.assignments:
        if a.principal_id in principals:
            ps = instance.permission_sets.get(a.permission_set_arn)
            if ps is not None and ps not in out.setdefault(a.account_id, []):
                out[a.account_id].append(ps)
    return out


def role_credentials(lab, instance, session_info: dict, account: str, ps):
    """A role session of the permission set's role for the signed-in user."""
    from awslab.services.iam import directory
    from awslab.services.sts import sessions
    name = provisioning.role_name(instance, ps, account)
    state = directory.iam_state(lab, account)
    role = state.role(name) if state is not None else None
    if role is None:
        return None
    return sessions.role_session(lab, role, session_info["user_name"],
                                 seconds(ps.session_duration), {
                                     "type": "AssumeRoleWithSAML",
                                     "provider": provisioning.provider_arn(instance, account)})
