"""The AWS access portal of IAM Identity Center (botocore ``sso``): ListAccounts,
ListAccountRoles, GetRoleCredentials and Logout with the access token of a signed-in
user (:func:`awslab.services.sso_admin.sign_in`). These calls are authorised by the
token, not by IAM. Introduced in ``12_federation_and_directories.ipynb``.
"""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.errors import error_class
from awslab.services.sso_admin import portal

OPERATIONS = Operations("sso", validation_code="InvalidRequestException")
UnauthorizedException = error_class("UnauthorizedException", 401)
ResourceNotFoundException = error_class("ResourceNotFoundException", 404)
InvalidRequestException = error_class("InvalidRequestException", 400)
GLOBAL = False


class State:
    """The portal keeps no state of its own: sessions live with the instance."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id


def _session(call):
    instance, session = portal.session(call.lab, call.params["accessToken"])
    if instance is None:
        raise UnauthorizedException("Session token not found or invalid")
    return instance, session, portal.entitlements(call.lab, instance, session["user_id"])


def _page(items: list, p: dict, salt: str, key: str) -> dict:
    chunk, token = paginate(items, p.get("nextToken"), p.get("maxResults") or 100, salt,
                            InvalidRequestException)
    return {key: chunk, **({"nextToken": token} if token else {})}


@OPERATIONS("ListAccounts")
def list_accounts(call, p):
    _, _, reach = _session(call)
    items = [{"accountId": a, "accountName": call.lab.accounts[a]["Name"],
              "emailAddress": f"aws+{a}@example.com"} for a in sorted(reach)]
    return _page(items, p, "ListAccounts", "accountList")


@OPERATIONS("ListAccountRoles")
def list_account_roles(call, p):
    _, _, reach = _session(call)
    items = [{"roleName": ps.name, "accountId": p["accountId"]}
             for ps in reach.get(p["accountId"], [])]
    return _page(items, p, "ListAccountRoles" + p["accountId"], "roleList")


@OPERATIONS("GetRoleCredentials")
def get_role_credentials(call, p):
    instance, session, reach = _session(call)
    ps = next((x for x in reach.get(p["accountId"], []) if x.name == p["roleName"]), None)
    creds = portal.role_credentials(call.lab, instance, session, p["accountId"], ps) \
        if ps is not None else None
    if creds is None:
        raise ResourceNotFoundException("No access")
    return {"roleCredentials": {
        "accessKeyId": creds.access_key_id, "secretAccessKey": creds.secret_access_key,
        "sessionToken": creds.session_token,
        "expiration": int(creds.expiration.timestamp() * 1000)}}


@OPERATIONS("Logout")
def logout(call, p):
    instance, _ = portal.session(call.lab, p["accessToken"])
    if instance is None:
        raise UnauthorizedException("Session token not found or invalid")
    del instance.tokens[p["accessToken"]]
    return {}
